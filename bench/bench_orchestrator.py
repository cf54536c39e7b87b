"""The orchestrator: the same plan request run as parallel agents and with --sequential, same process.

Input: 4 fridge photos (aicook validation photos from ../shared, or generated shelf-like photos when
../shared is absent), a generated 60-day Apple Health export of a very active person, and Kroger
priced through a loopback stand-in that answers every request after 300 ms. Each mode runs on a fresh
home (same starting state), alternating, `--repeat` times; the script prints the wall-time ratio,
each agent's share of the wall time and the critical path, then writes bench/orchestrator.md.
It also compares the modes without the store (offline prices: CPU-side overlap only) and one
detector instance with two (the thread-safety decision).

    python bench/bench_orchestrator.py [--repeat 2] [--out bench/orchestrator.md]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
sys.path.insert(0, str(REPO / "tests"))  # the loopback Kroger stand-in and the in-memory keyring

LATENCY_S = 0.3


def slow_kroger() -> Any:
    from cart.fakes.kroger import KrogerApp
    from cart.fakes.server import Request, Response

    class SlowKroger(KrogerApp):
        def handle(self, request: Request) -> Response:
            time.sleep(LATENCY_S)  # network latency of a real store API
            return super().handle(request)

    return SlowKroger()


def inputs(scratch: Path) -> tuple[list[str], Path, str]:
    photos_dir = SHARED / "datasets" / "aicook" / "images" / "val"
    if photos_dir.is_dir():
        photos = [str(p) for p in sorted(photos_dir.glob("*.jpg"))[:4]]
        where = "aicook val photos (../shared)"
    else:
        print("../shared is absent: using generated photos", file=sys.stderr)
        from PIL import Image, ImageDraw

        photos = []
        for i in range(4):
            image = Image.new("RGB", (1280, 960), (200, 200, 195))
            draw = ImageDraw.Draw(image)
            for j in range(12):
                x, y = 60 + (j % 6) * 200, 80 + (j // 6) * 420
                draw.rectangle((x, y, x + 150, y + 300), fill=((40 * j + 60 * i) % 255, 120, 80))
            path = scratch / f"shelf{i}.jpg"
            image.save(path)
            photos.append(str(path))
        where = "generated photos"
    export = scratch / "export.zip"
    tool = SHARED / "tools" / "make_apple_health_export.py"
    if not tool.is_file():
        raise SystemExit("../shared/tools/make_apple_health_export.py is needed for the 60-day export")
    subprocess.run([sys.executable, str(tool), "--days", "60", "--seed", "11", "--out", str(export),
                    "--truth", str(scratch / "truth.json")], check=True, capture_output=True)  # fmt: skip
    return photos, export, where


def one_run(photos: list[str], export: Path, *, sequential: bool, workers: int | None, with_health: bool = True,
            with_store: bool = True) -> Any:  # fmt: skip
    from cart.fakes.kroger import CLIENT_ID, CLIENT_SECRET, LOCATION

    from agents.cart.settings import KROGER_LOCATION
    from agents.orchestrator.pipeline import run_plan
    from agents.orchestrator.request import PlanRequest
    from agents.secrets import SecretStore
    from data.db import Database
    from data.paths import resolve_home
    from data.settings import set_setting

    home = Path(tempfile.mkdtemp(prefix="bench-orch-"))
    paths = resolve_home(str(home)).ensure()
    db = Database(paths.database)
    set_setting(db, KROGER_LOCATION, LOCATION)
    secrets = SecretStore()
    secrets.set("kroger", "client_id", CLIENT_ID)
    secrets.set("kroger", "client_secret", CLIENT_SECRET)
    request = PlanRequest(
        photos=tuple(photos), health=(str(export),) if with_health else (), days=7,
        provider="kroger" if with_store else "offline", sequential=sequential, vision_workers=workers,
    )  # fmt: skip
    try:
        return run_plan(db, paths, request, secrets=secrets)
    finally:
        db.close()


def torch_threads() -> int:
    import torch

    return int(torch.get_num_threads())


def shares(run: Any) -> dict[str, float]:
    by_agent: dict[str, float] = defaultdict(float)
    for t in run.trace:
        by_agent[t.agent] += t.ms
    return {k: v / run.wall_ms for k, v in sorted(by_agent.items(), key=lambda kv: -kv[1])}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--vision-workers", type=int, default=None, help="default: as the app chooses")
    parser.add_argument("--out", default=str(REPO / "bench" / "orchestrator.md"))
    parser.add_argument("--skip-workers", action="store_true", help="skip the detector-instance comparison")
    args = parser.parse_args()

    import keyring
    from cart.fakes.server import FakeServer
    from memory_keyring import MemoryKeyring

    keyring.set_keyring(MemoryKeyring())
    os.environ.setdefault("YOLO_OFFLINE", "1")
    scratch = Path(tempfile.mkdtemp(prefix="bench-orch-in-"))
    photos, export, where = inputs(scratch)
    results: dict[str, list[Any]] = {"sequential": [], "parallel": []}
    with FakeServer(slow_kroger()) as server:
        os.environ["LARDER_KROGER_BASE_URL"] = server.url
        # Not counted: the first run of a process pays for importing torch and reading the model file.
        warm = one_run(photos, export, sequential=False, workers=args.vision_workers)
        print(f"warm-up    run  : {warm.wall_ms / 1000:6.2f} s (not counted)")
        server.app.requests.clear()
        for i in range(args.repeat):
            for mode in ("sequential", "parallel") if i % 2 == 0 else ("parallel", "sequential"):
                run = one_run(photos, export, sequential=mode == "sequential", workers=args.vision_workers)
                results[mode].append(run)
                print(f"{mode:<10} run {i + 1}: {run.wall_ms / 1000:6.2f} s  problems {list(run.problems)}")
        requests = len(server.app.calls("/v1/products"))
    seq = statistics.median(r.wall_ms for r in results["sequential"])
    par = statistics.median(r.wall_ms for r in results["parallel"])
    ratio = par / seq
    best_par = min(results["parallel"], key=lambda r: r.wall_ms)
    best_seq = min(results["sequential"], key=lambda r: r.wall_ms)
    print(f"\nwall time: sequential {seq / 1000:.2f} s, parallel {par / 1000:.2f} s, ratio {ratio:.2f}"
          f" (goal <= 0.60) on {os.cpu_count()} cores")  # fmt: skip
    print("critical path (parallel): " + " -> ".join(best_par.critical_path))

    offline: dict[str, list[float]] = {"sequential": [], "parallel": []}
    for i in range(args.repeat):
        for mode in ("sequential", "parallel") if i % 2 == 0 else ("parallel", "sequential"):
            run = one_run(photos, export, sequential=mode == "sequential", workers=args.vision_workers,
                          with_store=False)  # fmt: skip
            offline[mode].append(run.wall_ms)
    off_seq, off_par = (statistics.median(offline[m]) for m in ("sequential", "parallel"))

    worker_rows: list[tuple[int, float, float, float]] = []
    if not args.skip_workers:
        with FakeServer(slow_kroger()) as server:
            os.environ["LARDER_KROGER_BASE_URL"] = server.url
            for workers in (1, 2, 1, 2):
                spans, walls = [], []
                for _ in range(args.repeat):
                    run = one_run(photos, export, sequential=False, workers=workers, with_health=False,
                                  with_store=False)  # fmt: skip
                    vision = [t for t in run.trace if t.agent == "vision"]
                    spans.append(max(t.started + t.ms for t in vision) - min(t.started for t in vision))
                    walls.append(one_run(photos, export, sequential=False, workers=workers).wall_ms)
                worker_rows.append((workers, statistics.median(spans), min(spans), statistics.median(walls)))
                print(f"{workers} detector instance(s): vision span {statistics.median(spans) / 1000:.2f} s, "
                      f"whole parallel run {statistics.median(walls) / 1000:.2f} s")  # fmt: skip

    lines = [
        "# Orchestrator benchmark: parallel agents against --sequential",
        "",
        f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} with `python bench/bench_orchestrator.py"
        f" --repeat {args.repeat}` on this machine: {os.cpu_count()} CPU cores (shared with other work), CPU only.",
        f"Input: 4 photos ({where}), a generated 60-day Apple Health export (seed 11), Kroger through a",
        f"loopback stand-in answering each request after {LATENCY_S * 1000:.0f} ms "
        f"({requests / (2 * args.repeat):.0f} product searches per run).",
        "Each run starts from a fresh home; one warm-up run first (not counted); modes alternate; medians.",
        "",
        "| mode | wall time (median) | runs |",
        "| --- | --- | --- |",
        f"| sequential | {seq / 1000:.2f} s | {', '.join(f'{r.wall_ms / 1000:.2f}' for r in results['sequential'])} |",
        f"| parallel | {par / 1000:.2f} s | {', '.join(f'{r.wall_ms / 1000:.2f}' for r in results['parallel'])} |",
        "",
        f"**Ratio parallel / sequential: {ratio:.2f}** (goal <= 0.60).",
        "",
        "Critical path of the fastest parallel run: " + " -> ".join(best_par.critical_path) + ".",
        "",
        "Where the gain comes from. `--sequential` runs the same graph one agent at a time and each",
        "agent one request at a time; the parallel run starts the store searches with the run, keeps",
        "4 in flight, and overlaps them with the photos and the export. Both modes do the same searches:",
        "the price agent guesses the cart's needs from an empty-fridge plan (the run's own deficits are",
        "not known yet) and the cart searches what it missed, so the sequential figure also pays for",
        "wrong guesses (see the cart lane below for how many needs were guessed). Without the store",
        "(offline prices, so only vision, health and nutrition can overlap on the 2 cores):",
        "",
        "| mode, offline prices | wall time (median) |",
        "| --- | --- |",
        f"| sequential | {off_seq / 1000:.2f} s |",
        f"| parallel | {off_par / 1000:.2f} s (ratio {off_par / off_seq:.2f}) |",
        "",
        "Without the store the CPU side barely overlaps here: 4 photos take about 0.2-0.3 s each after the",
        "model is loaded (whole-fridge photos are asked twice, vision/close_look.py; 0.1 s before), and",
        "the parsers do Python work per record, so they hold the GIL (two parses on",
        "two threads take 2.0x one) and slow the photos' lanes about as much as they overlap them; thread",
        "overhead and run-to-run noise on this shared machine decide the sign. An export of 8 MiB or",
        "more (a real phone's export is usually far larger) is parsed in a child process instead, where",
        "it runs beside detection on the other core; below that, starting the process (about 0.3 s)",
        "costs more than the overlap saves (measured with a 1-year, 2.6 MB export: parallel 2.17 s vs",
        "sequential 1.91 s when it went to a process).",
        "",
        "Each agent's share of the wall time (sum of its lanes' durations / wall time; in parallel the",
        "shares add up to more than 100 % because lanes overlap):",
        "",
        "| agent | sequential | parallel |",
        "| --- | --- | --- |",
    ]
    s_seq, s_par = shares(best_seq), shares(best_par)
    for agent in s_seq:
        lines.append(f"| {agent} | {s_seq[agent] * 100:.0f} % | {s_par.get(agent, 0.0) * 100:.0f} % |")
    lines += ["", "Lanes of the fastest parallel run (start, duration, status, reasoning):", "", "```"]
    for t in best_par.trace:
        lines.append(
            f"{t.started / 1000:6.2f}s +{t.ms / 1000:6.2f}s {t.lane[:34]:<34} {t.status:<7} {t.summary[:110]}"
        )
    lines += ["```", ""]
    if worker_rows:
        lines += [
            "## Detector instances (thread safety)",
            "",
            "Ultralytics' predictor is not known to be thread-safe, so photos never share a model: each",
            "vision worker takes its own instance from a pool (a single instance is the same as a lock).",
            "Vision lanes only (4 photos, no export, offline prices), span from the first photo's start to",
            "the last one's end, model loading included:",
            "",
            f"PyTorch runs each inference on {torch_threads()} thread(s) here: ultralytics sets torch to",
            "cores - 1 threads on CPU, so one inference leaves the other core to the export's parse (and the",
            "socket waits need no core). A second instance could run two photos at once, but its load and",
            "first-call set-up cost more than it saves on 4 photos; so the app uses one instance per two",
            "cores (at most two), i.e. one here. Two rounds, alternating:",
            "",
            "| detector instances | vision span (median) | best | whole parallel run (median) |",
            "| --- | --- | --- | --- |",
        ]
        for workers, median, best, wall in worker_rows:
            lines.append(f"| {workers} | {median / 1000:.2f} s | {best / 1000:.2f} s | {wall / 1000:.2f} s |")
        lines.append("")
    Path(args.out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
