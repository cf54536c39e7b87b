"""Grabs every page of the window as PNG (README screenshots, visual checks) from a home it is given:
`python -m desktop.shots HOME OUT [--size 1024x640] [--theme dark]`. It makes no data: build the home first
(tools/screenshots.py builds one through the real pipeline)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from desktop.app import create_application
from desktop.bootstrap import open_larder
from desktop.main_window import MainWindow


def settle(app: QApplication, ms: int = 150) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    app.processEvents()


def grab_pages(window: MainWindow, out: Path, suffix: str = "") -> list[Path]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    out.mkdir(parents=True, exist_ok=True)
    saved = []
    for key in window.page_keys():
        window.show_page(key)
        settle(app)
        page = window.pages[key]
        for _ in range(40):  # a page still filling itself in (e.g. Settings listing cameras): up to 4 s
            if not getattr(page, "busy", lambda: False)():
                break
            settle(app, 100)
        path = out / f"{key}{suffix}.png"
        window.grab().save(str(path))
        saved.append(path)
    return saved


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("home", type=Path, help="the Larder home folder to show")
    parser.add_argument("out", type=Path, help="folder for the PNGs")
    parser.add_argument("--size", default="1280x800", help="window size, e.g. 1024x640")
    parser.add_argument("--theme", choices=("light", "dark"), default="light", help="colour theme")
    args = parser.parse_args(argv)
    width, height = (int(v) for v in args.size.lower().split("x"))
    if not (args.home / "larder.db").is_file():
        parser.error(f"{args.home}: not a Larder home (no larder.db); build one first")
    app = create_application(theme=args.theme)
    larder = open_larder(args.home)
    window = MainWindow(larder)
    window.resize(width, height)
    window.show()
    settle(app, 400)
    suffix = ("" if args.size == "1280x800" else f"-{args.size}") + ("-dark" if args.theme == "dark" else "")
    for path in grab_pages(window, args.out, suffix):
        sys.stdout.write(f"{path}\n")
    window.shutdown()
    window.close()
    larder.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
