"""The `larder` command's contract: subcommands, --version, --json, clean user errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from agents.cli import COMMANDS

REPO = Path(__file__).resolve().parents[1]


def larder(*args: str, home: Path | None = None) -> subprocess.CompletedProcess[str]:
    extra = ["--home", str(home)] if home else []
    return subprocess.run(
        [sys.executable, "-m", "agents.cli", *args, *extra],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
    )


def assert_clean_user_error(p: subprocess.CompletedProcess[str]) -> None:
    assert p.returncode == 2, (p.returncode, p.stderr)
    assert "Traceback" not in p.stderr + p.stdout
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("larder:"), p.stderr
    assert p.stdout == ""


def test_help_lists_every_subcommand() -> None:
    p = larder("--help")
    assert p.returncode == 0
    for name in (
        "scan",
        "import",
        "plan",
        "cart",
        "orders",
        "export",
        "ingredients",
        "train",
        "eval",
        "profile",
    ):
        assert name in COMMANDS
        assert f"    {name}" in p.stdout


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_subcommand_documents_json_and_home(name: str) -> None:
    p = larder(name, "--help")
    assert p.returncode == 0, p.stderr
    assert "--json" in p.stdout and "--home" in p.stdout


def test_version() -> None:
    p = larder("--version")
    assert p.returncode == 0 and p.stdout.startswith("larder ")


@pytest.mark.parametrize(
    "args",
    [
        ("plan", "--days", "banana"),
        ("plan", "--days", "0"),
        ("frobnicate",),
        ("scan",),
        ("export", "1", "--format", "docx"),
        ("ingredients", "--no-such-flag"),
    ],
)
def test_bad_arguments_are_one_clean_line(args: tuple[str, ...], tmp_path: Path) -> None:
    assert_clean_user_error(larder(*args, home=tmp_path))


def test_ingredients_json_lists_yogurts_with_nutrients(tmp_path: Path) -> None:
    p = larder("ingredients", "yogurt", "--json", home=tmp_path)
    assert p.returncode == 0, p.stderr
    rows = json.loads(p.stdout)["ingredients"]
    ids = {r["id"] for r in rows}
    assert "greek_yogurt_plain_nonfat" in ids
    greek = next(r for r in rows if r["id"] == "greek_yogurt_plain_nonfat")
    assert greek["nutrients_per_100g"]["protein_g"] == pytest.approx(10.19)
    assert all("yogurt" in json.dumps(r).lower() for r in rows)


def test_json_goes_before_or_after_the_subcommand(tmp_path: Path) -> None:
    a = larder("--json", "ingredients", "egg", home=tmp_path)
    b = larder("ingredients", "egg", "--json", home=tmp_path)
    assert a.returncode == b.returncode == 0
    assert json.loads(a.stdout) == json.loads(b.stdout)


def test_home_resolution_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from data.paths import resolve_home

    monkeypatch.setenv("LARDER_HOME", str(tmp_path / "env"))
    assert resolve_home(tmp_path / "flag").root == (tmp_path / "flag").resolve()
    assert resolve_home(None).root == (tmp_path / "env").resolve()
    monkeypatch.delenv("LARDER_HOME")
    assert resolve_home(None).root.name == "larder"


def test_home_flag_holds_all_state(tmp_path: Path) -> None:
    home = tmp_path / "elsewhere"
    p = larder("plan", "--nutrition-only", "--json", home=home)
    assert p.returncode == 0, p.stderr
    assert (home / "larder.db").is_file()


def test_scan_save_only_flags_need_save(tmp_path: Path) -> None:
    photo = tmp_path / "x.jpg"
    photo.write_bytes(b"")
    assert_clean_user_error(larder("scan", str(photo), "--partial", home=tmp_path))
    assert "--save" in larder("scan", str(photo), "--replace-manual", home=tmp_path).stderr


def launch(*args: str) -> subprocess.CompletedProcess[str]:
    """The console script's own entry (desktop.launch:main), as an installed `larder` runs it."""
    code = "import sys; from desktop.launch import main; sys.exit(main())"
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
    )


def test_console_script_runs_subcommands_without_loading_qt(tmp_path: Path) -> None:
    code = (
        "import sys; from desktop.launch import main; rc = main(['ingredients', 'egg', '--json', '--home', "
        f"{str(tmp_path)!r}]); print(sorted(m for m in sys.modules if m.startswith('PySide6'))[:1], file=sys.stderr); "
        "sys.exit(rc)"
    )
    p = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["ingredients"][0]["id"] == "egg"
    assert p.stderr.strip().splitlines()[-1] == "[]"
    v = launch("--version")
    assert v.returncode == 0 and v.stdout.startswith("larder ")


def test_bare_larder_opens_the_window_through_the_launchers_callback(tmp_path: Path) -> None:
    from agents.cli import main

    opened: list[str | None] = []
    assert main(["--home", str(tmp_path)], open_window=lambda home: opened.append(home) or 7) == 7
    assert opened == [str(tmp_path)]


def test_bare_core_cli_prints_help_instead_of_a_window(capsys: pytest.CaptureFixture[str]) -> None:
    from agents.cli import main

    assert main([]) == 0
    assert "COMMAND" in capsys.readouterr().out


def test_window_that_cannot_open_its_home_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from agents.app import Larder
    from agents.cli import main

    blocker = tmp_path / "a-file"
    blocker.write_text("")
    assert main(["--home", str(blocker)], open_window=lambda home: Larder.open(home) and 0) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("larder:") and str(blocker) in err[0]


@pytest.mark.parametrize("home", ["/dev/null", "/proc/larder-home"])
def test_an_unusable_home_is_one_clean_line(home: str) -> None:
    assert_clean_user_error(larder("--home", home, "inventory"))
