"""Dependencies point one way: desktop -> agents (its front door, agents.app, only) -> vision, data;
vision reads only data.taxonomy and data.paths; nothing outside desktop/ imports Qt.

The import rules are read from the source with `ast` (every import statement, also the lazy ones inside
functions); the last test imports the core for real and checks that Qt never loads."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
QT = ("PySide6", "shiboken6")


def _sources(package: str) -> list[Path]:
    return sorted(p for p in (REPO / package).rglob("*.py") if "migrations" not in p.parts)


def _imports(path: Path) -> Iterator[tuple[int, str]]:
    """(line, module) for every import in the file; `from a.b import c` yields a.b and a.b.c."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module
            for alias in node.names:
                yield node.lineno, f"{node.module}.{alias.name}"


def _top(module: str) -> str:
    return module.split(".")[0]


def _is_under(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def _violations(package: str, allowed: object) -> list[str]:
    assert callable(allowed)
    found = []
    for path in _sources(package):
        rel = path.relative_to(REPO).as_posix()
        for line, module in _imports(path):
            reason = allowed(rel, module)
            if reason:
                found.append(f"{rel}:{line} imports {module} ({reason})")
    return sorted(set(found))


def test_the_checker_sees_lazy_imports(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from data.db import Database\n    import vision.photos\n")
    assert {m for _line, m in _imports(sample)} == {"data.db", "data.db.Database", "vision.photos"}


def test_desktop_imports_only_the_front_door() -> None:
    import agents.app

    surface = set(agents.app.__all__)

    def allowed(rel: str, module: str) -> str:
        top = _top(module)
        if rel == "desktop/launch.py" and _is_under(module, "agents.cli"):
            return ""  # the console script: a bare `larder` opens the window, anything else is the CLI
        if top in ("data", "vision"):
            return "the window reaches the core through agents.app only"
        if top == "agents" and module != "agents.app":
            # `from agents.app import Larder` also yields agents.app.Larder: a name of the surface is fine,
            # a submodule (agents.app.queries) or another agents module is not.
            name = module.removeprefix("agents.app.")
            if not (_is_under(module, "agents.app") and name in surface):
                return "only names exported by agents.app"
        if top == "importlib":
            return "no string-named entry points"
        return ""

    assert _violations("desktop", allowed) == []


def test_vision_reads_only_taxonomy_and_paths_from_data() -> None:
    def allowed(_rel: str, module: str) -> str:
        if _top(module) in ("agents", "desktop") or _top(module) in QT:
            return "vision sits below agents and the window"
        if _top(module) == "data" and not any(
            _is_under(module, ok) for ok in ("data.taxonomy", "data.paths")
        ):
            return "vision reads only data.taxonomy and data.paths"
        return ""

    assert _violations("vision", allowed) == []


def test_data_imports_no_agent_vision_or_window() -> None:
    def allowed(_rel: str, module: str) -> str:
        if _top(module) in ("agents", "vision", "desktop") or _top(module) in QT:
            return "data is the bottom layer"
        return ""

    assert _violations("data", allowed) == []


def test_agents_never_import_the_window_or_qt() -> None:
    def allowed(_rel: str, module: str) -> str:
        if _top(module) == "desktop" or _top(module) in QT:
            return "the core runs headless; the console script (desktop.launch) decides GUI or CLI"
        return ""

    assert _violations("agents", allowed) == []


def test_commands_use_the_front_door() -> None:
    """CLI commands are parsing and rendering: their work goes through ctx.larder (agents.app)."""
    allowed_prefixes = (
        "agents.app",
        "agents.commands",  # helpers the commands share (asking for confirmation)
        "agents.context",
        "agents.errors",
        "agents.secrets",  # the provider credential list, for --set-credentials choices
        "agents.shopping_list",  # its units, for --unit choices
    )
    found = []
    for path in sorted((REPO / "agents" / "commands").glob("*.py")):
        if path.name == "__init__.py":
            continue
        # The database and the home's folders are the core's business: a command that reads them writes
        # its own SQL or paths beside the front door's.
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id == "ctx"
                and node.attr in ("db", "paths")
            ):
                found.append(f"{path.name}:{node.lineno} uses ctx.{node.attr}")
        for line, module in _imports(path):
            if _top(module) in ("data", "vision", "sqlmodel", "sqlalchemy", "sqlite3") or (
                _top(module) == "agents" and not any(_is_under(module, p) for p in allowed_prefixes)
            ):
                found.append(f"{path.name}:{line} imports {module}")
    assert sorted(set(found)) == [], "\n".join(sorted(set(found)))


def _modules(package: str) -> list[str]:
    found = [package]
    for info in pkgutil.walk_packages([str(REPO / package)], prefix=f"{package}."):
        if ".bundled" in info.name or info.name.endswith("__main__"):
            continue  # training scripts run standalone
        found.append(info.name)
    return found


def test_core_packages_never_load_qt() -> None:
    modules = [m for pkg in ("data", "vision", "agents") for m in _modules(pkg)] + ["desktop.launch"]
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}:\n"
        "    importlib.import_module(m)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
        "bad += sorted(m for m in sys.modules if m.startswith('desktop') and m not in ('desktop', 'desktop.launch'))\n"
        "print(bad) if bad else None\n"
        "sys.exit(1 if bad else 0)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_help_does_not_import_torch() -> None:
    code = "import sys; from agents.cli import build_parser; build_parser(); print(sorted(m for m in ('torch', 'ultralytics') if m in sys.modules))"
    proc = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"
