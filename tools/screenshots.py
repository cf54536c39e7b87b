"""Screenshots of every page of the window, on a home built through the real pipeline.

The home is made the way a user makes one, through the front door only (tests/desktop/real_home.py):
a wearable export imported, a fridge photo scanned and saved with the bundled model, a plan, a cart.
Then `python -m desktop.shots` grabs each page at each size. Nothing here writes a row by hand.

    python tools/screenshots.py OUT                      # the committed fixtures, 1280x800 and 1024x640,
                                                         # light and dark (--theme light to skip dark)
    python tools/screenshots.py OUT --fresh-export       # an export ending yesterday, from the project's
                                                         # generator in ../shared/tools (when present)
    python tools/screenshots.py OUT --docs               # also copy the README's three into docs/

Run it under a display (xvfb-run -a ...) to see the window as a user does, or with
QT_QPA_PLATFORM=offscreen.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GENERATOR = REPO.parent / "shared" / "tools" / "make_apple_health_export.py"
SIZES = ("1280x800", "1024x640")
# README image -> page grabbed at 1280x800
DOCS = {
    "screenshot.png": "fridge.png",
    "screenshot-plan.png": "plan.png",
    "screenshot-cart.png": "orders.png",
    "screenshot-list.png": "list.png",
}
# dark images of the main pages -> page grabbed at 1280x800 in the dark theme
DOCS_DARK = {
    f"screenshot-{name}-dark.png": f"{page}-dark.png"
    for name, page in (("fridge", "fridge"), ("inventory", "inventory"), ("health", "health"), ("plan", "plan"),
                       ("list", "list"), ("cart", "orders"), ("settings", "settings"))
}  # fmt: skip
THEMES = ("light", "dark")

sys.path[:0] = [str(REPO), str(REPO / "tests" / "desktop")]  # a checkout script: the repo's own packages
from real_home import EXPORT, PHOTOS, build_real_home  # noqa: E402


def fresh_export(folder: Path, days: int = 42) -> Path:
    """A synthetic Apple Health export whose last full day is yesterday, so the charts look current."""
    if not GENERATOR.is_file():
        raise SystemExit(f"{GENERATOR} is not here; run without --fresh-export to use the committed fixture")
    start = date.today() - timedelta(days=days)
    out = folder / "export.zip"
    subprocess.run(
        [sys.executable, str(GENERATOR), "--days", str(days), "--start", start.isoformat(), "--hr-per-hour",
         "2", "--out", str(out), "--truth", str(folder / "truth.json")],
        check=True,
    )  # fmt: skip
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("out", type=Path, help="folder for the PNGs")
    parser.add_argument("--home", type=Path, help="build the home here (default: a temporary folder)")
    parser.add_argument("--fresh-export", action="store_true", help="generate an export ending yesterday")
    parser.add_argument("--photo", type=Path, action="append", help="photo(s) to scan (default: the fixture)")
    parser.add_argument("--size", action="append", help=f"window size (default: {', '.join(SIZES)})")
    parser.add_argument("--theme", action="append", choices=THEMES, help="theme (default: light and dark)")
    parser.add_argument("--docs", action="store_true", help="copy the README's screenshots into docs/")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="larder-shots-"))
    home = args.home or work / "home"
    if home.exists() and any(home.iterdir()):
        parser.error(f"{home}: not empty; the screenshots need a home built from scratch")
    export = fresh_export(work) if args.fresh_export else EXPORT
    built = build_real_home(home, export=export, photos=tuple(args.photo or PHOTOS))
    sys.stdout.write(
        f"home {built.root}: {built.import_days} days imported, scan {built.scan_id} with {built.detections} "
        f"detections, plan {built.plan_id}, draft order {built.order_id} with {built.cart_lines} lines\n"
    )
    env = dict(os.environ)
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    themes = args.theme or THEMES
    for theme in themes:
        for size in args.size or SIZES:
            subprocess.run(
                [sys.executable, "-m", "desktop.shots", str(built.root), str(args.out), "--size", size,
                 "--theme", theme],
                check=True,
                cwd=REPO,
                env=env,
            )  # fmt: skip
    if args.docs:
        chosen = {**(DOCS if "light" in themes else {}), **(DOCS_DARK if "dark" in themes else {})}
        for name, page in chosen.items():
            if (args.out / page).is_file():
                shutil.copyfile(args.out / page, REPO / "docs" / name)
                sys.stdout.write(f"docs/{name} <- {page}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
