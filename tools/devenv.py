"""Bookkeeping for dev.sh's environments: one shared dependency venv, one small venv per clone.

The heavy dependencies (~7 GB, PyTorch above all) live in `<root>/deps-<key>`, where the key hashes only
what decides their content: the project's dependencies, the dev extra, the build requirements and the
Python version. Editing tool configuration in pyproject.toml therefore reuses the same environment.

Each clone gets its own `.venv/` that sees the shared site-packages through a `.pth` file and holds an
editable install of that clone only, so `./dev.sh` in one clone never re-points `larder` in another.

A shared environment is removed only when no registered clone still uses it AND it has not been used for
`KEEP_DAYS` days (its `.last-used` is touched on every use), so pruning never pulls one from under a clone.

Run with the system python3 (standard library only):
    python3 tools/devenv.py key                  print the dependency key
    python3 tools/devenv.py requirements         print the requirements to install, one a line
    python3 tools/devenv.py register SHARED_VENV CLONE_VENV
    python3 tools/devenv.py prune ROOT KEEP_SHARED_VENV
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
import time
import tomllib
from pathlib import Path

KEEP_DAYS = 7
# Bump when the layout of the shared environment changes, so old ones are not reused.
LAYOUT = 1
SHARED_PREFIXES = ("deps-", "venv-")  # venv-<hash of pyproject.toml> is the layout before this one
CLONE_MARKER = "larder-deps"  # in a clone's .venv: the path of the shared environment it uses


def dependency_spec(pyproject: dict[str, object], python: tuple[int, int]) -> dict[str, object]:
    """What the shared environment's content depends on, and nothing else."""
    project = pyproject.get("project", {})
    build = pyproject.get("build-system", {})
    assert isinstance(project, dict) and isinstance(build, dict)
    extras = project.get("optional-dependencies", {})
    assert isinstance(extras, dict)
    return {
        "layout": LAYOUT,
        "python": f"{python[0]}.{python[1]}",
        "dependencies": sorted(project.get("dependencies", [])),
        "dev": sorted(extras.get("dev", [])),
        "build": sorted(build.get("requires", [])),
    }


def dependency_key(pyproject: dict[str, object], python: tuple[int, int]) -> str:
    text = json.dumps(dependency_spec(pyproject, python), sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def requirements(pyproject: dict[str, object]) -> list[str]:
    spec = dependency_spec(pyproject, sys.version_info[:2])
    found: list[str] = []
    for part in ("build", "dependencies", "dev"):
        value = spec[part]
        assert isinstance(value, list)
        found.extend(str(item) for item in value)
    return found


def _load(path: Path) -> dict[str, object]:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def _users_dir(venv: Path) -> Path:
    return venv.parent / f"{venv.name}.users"


def register(venv: Path, clone_venv: Path) -> None:
    """Record that clone_venv uses venv, and mark venv as used now."""
    users = _users_dir(venv)
    users.mkdir(parents=True, exist_ok=True)
    name = hashlib.sha256(str(clone_venv).encode("utf-8")).hexdigest()[:16]
    (users / name).write_text(str(clone_venv) + "\n", encoding="utf-8")
    (venv / ".last-used").touch()


def in_use_by_a_clone(venv: Path) -> bool:
    """True while a registered clone's .venv still exists and still points at venv."""
    users = _users_dir(venv)
    if not users.is_dir():
        return False
    for entry in users.iterdir():
        clone_venv = Path(entry.read_text(encoding="utf-8").strip())
        marker = clone_venv / CLONE_MARKER
        try:
            if Path(marker.read_text(encoding="utf-8").strip()) == venv:
                return True
        except OSError:
            continue  # that clone is gone or was rebuilt
    return False


def last_used(venv: Path) -> float:
    stamps = [venv / ".last-used", venv / ".complete", venv]
    return max(p.stat().st_mtime for p in stamps if p.exists())


def prunable(root: Path, keep: Path, now: float | None = None) -> list[Path]:
    """Shared environments under root that nobody uses and nobody has used for KEEP_DAYS days."""
    now = time.time() if now is None else now
    found = []
    for venv in sorted(root.iterdir()) if root.is_dir() else []:
        if venv == keep or not venv.is_dir() or not venv.name.startswith(SHARED_PREFIXES):
            continue
        if venv.name.endswith(".users"):
            continue
        if in_use_by_a_clone(venv) or now - last_used(venv) < KEEP_DAYS * 86400:
            continue
        found.append(venv)
    return found


def prune(root: Path, keep: Path) -> list[Path]:
    removed = prunable(root, keep)
    for venv in removed:
        shutil.rmtree(venv, ignore_errors=True)
        shutil.rmtree(_users_dir(venv), ignore_errors=True)
    return removed


def main(argv: list[str]) -> int:
    command, *rest = argv or [""]
    if command == "key":
        print(dependency_key(_load(Path("pyproject.toml")), sys.version_info[:2]))
    elif command == "requirements":
        print("\n".join(requirements(_load(Path("pyproject.toml")))))
    elif command == "register" and len(rest) == 2:
        register(Path(rest[0]), Path(rest[1]))
    elif command == "prune" and len(rest) == 2:
        for venv in prune(Path(rest[0]), Path(rest[1])):
            print(f"removed {venv}", file=sys.stderr)
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
