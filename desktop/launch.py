"""The `larder` console script: a bare `larder` opens the window, anything else is the command line.

The decision lives here, outside the core, so that agents/ never imports desktop. Nothing Qt is
imported until the window is really opened: `larder scan ...` never loads PySide6."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def open_window(home: str | None) -> int:
    from desktop.app import run_app

    return run_app(home=home)


def main(argv: Sequence[str] | None = None) -> int:
    from agents.cli import main as cli_main

    return cli_main(argv, open_window=open_window)


if __name__ == "__main__":
    sys.exit(main())
