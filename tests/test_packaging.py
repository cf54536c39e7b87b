"""A built wheel carries everything Larder needs, and an install of it works away from the checkout.

Slow-ish (a wheel build, a venv, a scan with the bundled model and an offscreen window: ~1 min), but part
of the suite: a file left out of package data only shows up in an install, never in the editable checkout.
The fresh venv borrows the heavy dependencies (torch, PySide6) from the running environment through a
`.pth` path line, like dev.sh's per-clone venvs, so no download is needed.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


def _source_files() -> list[Path]:
    """The files a clean clone of this checkout has (tracked, plus new ones git does not ignore)."""
    proc = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=REPO,
        capture_output=True,
        check=True,
    )
    names = [name for name in proc.stdout.decode().split("\0") if name]
    return [REPO / name for name in names if (REPO / name).is_file()]


@functools.cache
def _source_names() -> set[str]:
    return {path.relative_to(REPO).as_posix() for path in _source_files()}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # Build from a copy: an in-tree build/ keeps files deleted since and would hide a packaging mistake.
    src = tmp_path_factory.mktemp("src")
    for path in _source_files():
        target = src / path.relative_to(REPO)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
    out = tmp_path_factory.mktemp("wheel")
    cmd = [
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "-q",
        "--no-deps",
        "--no-build-isolation",
        "-w",
        str(out),
        str(src),
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    (built,) = out.glob("larder-*.whl")
    return built


def _repo_files(pattern: str) -> set[str]:
    """Files of a clean clone that match pattern (ignored leftovers in the checkout do not count)."""
    found = {p.relative_to(REPO).as_posix() for p in REPO.glob(pattern)} & _source_names()
    assert found, f"nothing in the checkout matches {pattern}"
    return found


def test_wheel_carries_model_icons_stylesheets_reference_data_and_migrations(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = set().union(
        {"assets/__init__.py", "assets/models/fridge.pt", "assets/models/fridge.card.json"},
        _repo_files("assets/models/*"),  # every shipped model, card and calibration
        _repo_files("assets/icons/*.svg"),
        _repo_files("assets/icons/qss/*.svg"),
        _repo_files("assets/guard/*"),  # the validation photos `larder learn` guards with
        _repo_files("data/reference/*.csv.gz"),
        _repo_files("desktop/**/*.qss"),
        _repo_files("data/reference/*.csv"),
        _repo_files("agents/cart/*.csv"),
        _repo_files("data/migrations/*.py"),
        _repo_files("data/migrations/*.mako"),
        _repo_files("data/migrations/versions/*.py"),
    )
    assert sorted(expected - names) == []
    # Only the product: no tests, tools, benchmarks or training outputs.
    assert not [n for n in names if n.split("/")[0] in ("tests", "tools", "bench", "runs", "docs")]
    model = zipfile.ZipFile(wheel).getinfo("assets/models/fridge.pt")
    assert model.file_size == (REPO / "assets/models/fridge.pt").stat().st_size


def test_wheel_entry_point_is_the_one_pyproject_declares(wheel: Path) -> None:
    scripts = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["scripts"]
    info = next(n for n in zipfile.ZipFile(wheel).namelist() if n.endswith(".dist-info/entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(info).decode()
    assert "[console_scripts]" in text
    for name, target in scripts.items():
        assert f"{name} = {target}" in text


def _heavy_site_packages() -> Path:
    """The site-packages that holds PySide6 and torch for the running tests (shared or this venv's)."""
    spec = importlib.util.find_spec("PySide6")
    assert spec is not None and spec.origin is not None
    return Path(spec.origin).resolve().parents[1]


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    venv = tmp_path_factory.mktemp("installed") / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    # Install while the venv is still empty, so pip sees no other larder (the checkout's editable one).
    cmd = [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps", "--no-index"]
    proc = subprocess.run([*cmd, str(wheel)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    # A bare path line: the heavy dependencies come after the wheel on sys.path, and their folder's own
    # .pth files (an editable install of the checkout among them) are not run.
    (Path(purelib) / "_heavy_deps.pth").write_text(f"{_heavy_site_packages()}\n", encoding="utf-8")
    return venv


def _clean_env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env.update(QT_QPA_PLATFORM="offscreen", LARDER_HOME=str(tmp / "home"), HOME=str(tmp))
    return env


def test_installed_wheel_imports_from_its_own_venv(installed: Path, tmp_path: Path) -> None:
    code = "import agents, assets, data, desktop, vision; print(*[m.__file__ for m in (agents, assets, data, desktop, vision)])"
    proc = subprocess.run(
        [str(installed / "bin" / "python"), "-c", code],
        cwd=tmp_path,
        env=_clean_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    files = proc.stdout.split()
    assert len(files) == 5 and all(Path(f).resolve().is_relative_to(installed.resolve()) for f in files), (
        files
    )


def _photo(path: Path) -> Path:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (640, 480), (235, 235, 228))
    draw = ImageDraw.Draw(image)
    draw.rectangle((60, 300, 300, 440), fill=(250, 250, 245), outline=(120, 120, 120), width=4)
    draw.ellipse((380, 220, 560, 400), fill=(220, 40, 30))
    image.save(path, "JPEG", quality=90)
    return path


def test_installed_wheel_scans_a_photo_with_the_bundled_model(installed: Path, tmp_path: Path) -> None:
    photo = _photo(tmp_path / "fridge.jpg")
    proc = subprocess.run(
        [str(installed / "bin" / "larder"), "scan", str(photo), "--json"],
        cwd=tmp_path,
        env=_clean_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["model"] == "fridge.pt", result  # the bundled model, found as package data


def test_installed_wheel_opens_the_window(installed: Path, tmp_path: Path) -> None:
    env = _clean_env(tmp_path) | {"LARDER_QUIT_AFTER_SHOW": "1"}
    proc = subprocess.run(
        [str(installed / "bin" / "larder")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    logs = [p.read_text() for p in (tmp_path / "home").rglob("larder.log")]
    assert any("window shown" in text for text in logs), (logs, proc.stderr)
