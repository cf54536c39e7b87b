"""dev.sh's environments: the shared one is keyed on the dependencies only, is pruned only when no clone
uses it, and a second clone's set-up never changes what `larder` runs in the first.

The two-clone test runs the real `./dev.sh setup` in two copies of this checkout, with the running
environment as the shared dependencies (LARDER_DEPS_VENV), so it builds nothing heavy.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tools"))

import devenv  # noqa: E402

PY = (3, 11)


def _pyproject() -> dict[str, object]:
    return tomllib.loads((REPO / "pyproject.toml").read_text())


def test_key_ignores_tool_configuration_but_not_dependencies_or_python() -> None:
    base = _pyproject()
    key = devenv.dependency_key(base, PY)
    tooled = _pyproject()
    tooled.setdefault("tool", {})["ruff"] = {"line-length": 79}  # type: ignore[index]
    tooled["project"]["scripts"] = {"larder": "somewhere.else:main"}  # type: ignore[index]
    assert devenv.dependency_key(tooled, PY) == key
    more = _pyproject()
    more["project"]["dependencies"] = [*more["project"]["dependencies"], "numpy>=2"]  # type: ignore[index]
    assert devenv.dependency_key(more, PY) != key
    dev = _pyproject()
    dev["project"]["optional-dependencies"]["dev"] = ["pytest>=9"]  # type: ignore[index]
    assert devenv.dependency_key(dev, PY) != key
    assert devenv.dependency_key(base, (3, 12)) != key
    # Reordering the list is not a change of dependencies.
    shuffled = _pyproject()
    shuffled["project"]["dependencies"] = sorted(shuffled["project"]["dependencies"], reverse=True)  # type: ignore[index]
    assert devenv.dependency_key(shuffled, PY) == key


def test_requirements_are_the_build_runtime_and_dev_dependencies() -> None:
    project = _pyproject()
    wanted = devenv.requirements(project)
    assert set(project["project"]["dependencies"]) <= set(wanted)  # type: ignore[index]
    assert set(project["project"]["optional-dependencies"]["dev"]) <= set(wanted)  # type: ignore[index]
    assert not [r for r in wanted if r.startswith("larder")]  # the project itself is installed per clone


def _shared(root: Path, name: str, age_days: float) -> Path:
    venv = root / name
    venv.mkdir(parents=True)
    stamp = time.time() - age_days * 86400
    for path in (venv / ".complete", venv / ".last-used"):
        path.touch()
        os.utime(path, (stamp, stamp))
    os.utime(venv, (stamp, stamp))
    return venv


def _clone_using(tmp: Path, name: str, shared: Path) -> Path:
    clone_venv = tmp / name / ".venv"
    clone_venv.mkdir(parents=True)
    (clone_venv / devenv.CLONE_MARKER).write_text(f"{shared}\n")
    devenv.register(shared, clone_venv)
    return clone_venv


def test_prune_removes_only_old_environments_no_clone_uses(tmp_path: Path) -> None:
    root = tmp_path / "root"
    current = _shared(root, "deps-aaaaaaaaaaaa", 30)
    old_unused = _shared(root, "deps-bbbbbbbbbbbb", 8)
    old_used = _shared(root, "deps-cccccccccccc", 30)
    recent_unused = _shared(root, "deps-dddddddddddd", 2)
    legacy_old = _shared(root, "venv-eeeeeeeeeeee", 9)
    gone_clone = _shared(root, "deps-ffffffffffff", 10)
    moved_clone = _shared(root, "deps-999999999999", 10)
    unrelated = _shared(root, "something-else", 100)
    _clone_using(tmp_path, "a", old_used)
    shutil.rmtree(_clone_using(tmp_path, "b", gone_clone).parent)  # that clone was deleted
    rebuilt = _clone_using(tmp_path, "c", moved_clone)
    (rebuilt / devenv.CLONE_MARKER).write_text(f"{current}\n")  # that clone now uses another one
    # register() marks the environment as used now; age them again as if the clones ran long ago.
    for venv in (old_used, gone_clone, moved_clone):
        stamp = time.time() - 10 * 86400
        os.utime(venv / ".last-used", (stamp, stamp))
    removed = devenv.prune(root, current)
    assert sorted(p.name for p in removed) == sorted(
        p.name for p in (old_unused, legacy_old, gone_clone, moved_clone)
    )
    assert all(not p.exists() for p in removed)
    assert all(p.exists() for p in (current, old_used, recent_unused, unrelated))
    assert not (root / f"{gone_clone.name}.users").exists()


def test_register_marks_the_environment_used(tmp_path: Path) -> None:
    shared = _shared(tmp_path / "root", "deps-aaaaaaaaaaaa", 30)
    devenv.register(shared, tmp_path / "a" / ".venv")
    assert time.time() - devenv.last_used(shared) < 60
    assert devenv.prunable(tmp_path / "root", tmp_path / "root" / "none") == []


def _deps_venv() -> Path:
    """The environment holding the heavy dependencies for the running tests."""
    marker = Path(sys.prefix) / devenv.CLONE_MARKER
    return Path(marker.read_text().strip()) if marker.exists() else Path(sys.prefix)


def _copy_checkout(target: Path) -> Path:
    proc = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=REPO,
        capture_output=True,
        check=True,
    )
    for name in filter(None, proc.stdout.decode().split("\0")):
        source = REPO / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def _run(args: list[str | Path], cwd: Path, env: dict[str, str]) -> str:
    proc = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout.strip()


@pytest.mark.slow
@pytest.mark.skipif(not (_deps_venv() / ".complete").exists(), reason="needs a finished dev.sh environment")
def test_second_clone_setup_then_deletion_leaves_the_first_clones_larder_working(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update(LARDER_DEPS_VENV=str(_deps_venv()), LARDER_VENV_ROOT=str(tmp_path / "venvs"))
    a = _copy_checkout(tmp_path / "a")
    b = _copy_checkout(tmp_path / "b")
    which = "import agents, assets; print(agents.__file__, assets.__file__)"
    outside = tmp_path  # neither clone: nothing found through the working directory
    _run([a / "dev.sh", "setup"], a, env)
    assert _run([a / ".venv/bin/larder", "--version"], outside, env).startswith("larder ")
    _run([b / "dev.sh", "setup"], b, env)
    assert Path(_run([b / ".venv/bin/python", "-c", which], outside, env).split()[0]).is_relative_to(b)
    shutil.rmtree(b)
    assert _run([a / ".venv/bin/larder", "--version"], outside, env).startswith("larder ")
    files = _run([a / ".venv/bin/python", "-c", which], outside, env).split()
    assert files and all(Path(f).is_relative_to(a) for f in files), files
    # A's set-up is untouched: a second run only checks, and the environment is the same one.
    assert (a / ".venv" / devenv.CLONE_MARKER).read_text().strip() == str(_deps_venv())
