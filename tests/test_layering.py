"""Nothing outside desktop/ imports Qt: the whole pipeline runs headless."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _modules(package: str) -> list[str]:
    found = [package]
    for info in pkgutil.walk_packages([str(REPO / package)], prefix=f"{package}."):
        if ".bundled" in info.name or info.name.endswith("__main__"):
            continue  # training scripts run standalone
        found.append(info.name)
    return found


def test_core_packages_never_load_qt() -> None:
    modules = [m for pkg in ("data", "vision", "agents") for m in _modules(pkg)]
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}:\n"
        "    importlib.import_module(m)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'desktop'))\n"
        "print(len(sys.modules)); sys.exit(1 if bad else 0) if not bad else print(bad) or sys.exit(1)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_help_does_not_import_torch() -> None:
    code = "import sys; from agents.cli import build_parser; build_parser(); print(sorted(m for m in ('torch', 'ultralytics') if m in sys.modules))"
    proc = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"
