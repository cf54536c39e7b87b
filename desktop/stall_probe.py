"""The event-loop stall probe behind bench/bench_ui_stall.py: opens the real window over HOME, runs a
QTimer every 5 ms on the UI thread and records the gaps between its ticks while the window scans a
photo, imports an export and builds a cart (each through the page's own button path, so the work runs
where the user's would). The longest gap is how long the window was frozen.

    python -m desktop.stall_probe HOME [--photo P]... [--export FILE] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer

from desktop.app import create_application
from desktop.bootstrap import open_larder
from desktop.main_window import MainWindow
from desktop.preload import start_detector_preload
from desktop.tasks import Task

TICK_MS = 5
GOAL_MS = 50.0


class Probe:
    """Gaps between ticks of a 5 ms timer: a gap far above 5 ms is time the loop could not run."""

    def __init__(self) -> None:
        self.clock = QElapsedTimer()
        self.timer = QTimer()
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)
        self.gaps: list[float] = []
        self.trace = False  # --trace: print each gap over the goal and what happened around it
        self.began = time.perf_counter()

    def reset(self) -> None:
        self.gaps = []
        self.began = time.perf_counter()
        self.clock.start()

    def note(self, what: str) -> None:
        if self.trace:
            sys.stdout.write(f"    {1000 * (time.perf_counter() - self.began):8.1f} ms  {what}\n")

    def tick(self) -> None:
        gap = self.clock.nsecsElapsed() / 1e6
        self.gaps.append(gap)
        self.clock.restart()
        if gap > GOAL_MS:
            self.note(f"gap {gap:.1f} ms ends")


def outcome(page: object) -> str:
    """What the page said when the work ended (its banner), so a phase that failed is not a fast one."""
    banner = getattr(page, "banner", None)
    text = banner.text.text() if banner is not None and not banner.isHidden() else ""
    return text[:120]


def run_phase(
    window: MainWindow, probe: Probe, name: str, start: Callable[[], object], settle_ms: int = 300
) -> dict[str, object]:
    """Start the work, then wait until the runner is idle and the pages have reloaded (at least settle_ms)."""
    loop = QEventLoop()
    wait = QTimer()
    wait.setInterval(20)
    began = time.perf_counter()
    probe.reset()
    started = start()

    def check() -> None:
        if isinstance(started, Task) and not started.returned.is_set():
            return  # a quiet task (the preload) is not in runner.active
        refreshing = window.refreshes is not None and not window.refreshes.idle  # pages reloading after it
        if not window.runner.active and not refreshing and time.perf_counter() - began > settle_ms / 1000:
            loop.quit()

    wait.timeout.connect(check)
    wait.start()
    loop.exec()
    wait.stop()
    gaps = sorted(probe.gaps or [0.0])
    result: dict[str, object] = {
        "phase": name,
        "seconds": round(time.perf_counter() - began, 2),
        "ticks": len(gaps),
        "max_gap_ms": round(gaps[-1], 1),
        "p99_ms": round(gaps[int(0.99 * (len(gaps) - 1))], 1),
        "over_50": sum(1 for g in gaps if g > GOAL_MS),
    }
    sys.stdout.write(
        f"{name:30s} {result['seconds']:7.1f} s  longest gap {result['max_gap_ms']:6.1f} ms  "
        f"p99 {result['p99_ms']:5.1f} ms  gaps > 50 ms: {result['over_50']}\n"
    )
    sys.stdout.flush()
    return result


def show_and_settle(window: MainWindow, key: str, settle_ms: int = 300) -> None:
    """Switch to the page the next work runs on and let it paint: the switch is measured on its own."""
    window.show_page(key)
    loop = QEventLoop()
    QTimer.singleShot(settle_ms, loop.quit)
    loop.exec()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("home", type=Path)
    parser.add_argument("--photo", type=Path, action="append", default=[])
    parser.add_argument("--export", type=Path)
    parser.add_argument("--json", type=Path, help="write the phases here")
    parser.add_argument(
        "--trace", action="store_true", help="print when long gaps end, tasks end, pages reload"
    )
    args = parser.parse_args(argv)
    app = create_application()
    larder = open_larder(args.home)
    window = MainWindow(larder)
    window.show()
    probe = Probe()
    probe.trace = args.trace
    window.runner.task_started.connect(lambda label: probe.note(f"task {label} started"))
    window.runner.task_ended.connect(lambda label, outcome: probe.note(f"task {label} {outcome}"))
    if window.refreshes is not None:
        window.refreshes.applied.connect(lambda page: probe.note(f"{type(page).__name__} reloaded"))
    probe.reset()
    probe.timer.start()
    results = [run_phase(window, probe, "idle (2 s)", lambda: None, settle_ms=2000)]
    # A page's first show lays out and polishes its widgets: measured on its own, so that the work
    # phases below measure the work and not the first paint of the page it runs on.
    for key in window.page_keys():
        if key != window.current_page_key():
            results.append(
                run_phase(window, probe, f"show page {key} (first time)", partial(window.show_page, key))
            )
    if args.photo:
        show_and_settle(window, "fridge")
        # As `larder` does 1.5 s after the pages are built (desktop/preload.py): where torch's import stalls now.
        preload = partial(start_detector_preload, larder, window.runner)
        results.append(run_phase(window, probe, "preload the detector (idle)", preload))
        for name in ("scan a photo (first, torch preloaded)", "scan it again (model loaded)"):
            results.append(run_phase(window, probe, name, lambda: window.fridge.start_scan(args.photo)))
            results[-1]["outcome"] = outcome(window.fridge)
    if args.export is not None:
        export: Path = args.export
        name = f"import a {export.stat().st_size / 1e6:.0f} MB Apple export"
        show_and_settle(window, "health")
        results.append(run_phase(window, probe, name, lambda: window.health.start_import(export)))
        results[-1]["outcome"] = outcome(window.health)
    show_and_settle(window, "orders")
    results.append(run_phase(window, probe, "build a cart (offline)", window.orders.start_cart))
    results[-1]["outcome"] = outcome(window.orders)
    for key in window.page_keys():  # switching pages (each refreshes what it shows) is UI work too
        results.append(run_phase(window, probe, f"show page {key}", partial(window.show_page, key), 200))
    probe.timer.stop()
    window.shutdown()
    window.close()
    larder.close()
    app.processEvents()
    if args.json is not None:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
