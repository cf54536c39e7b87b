"""Nothing lost: backups (manual, daily, before a migration), restore, export-data and forget, through
the CLI where a user would use them; a backup killed half-way leaves the live database untouched."""

from __future__ import annotations

import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from agents.cli import main
from agents.secrets import SecretStore
from data import backup as backups
from data.db import SCHEMA_REVISION, Database, make_engine, migrate
from data.paths import LarderPaths

REPO = Path(__file__).resolve().parents[1]


def _run(capsys: pytest.CaptureFixture[str], home: Path, *argv: str) -> tuple[int, str, str]:
    code = main(["--home", str(home), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def _one_line_error(code: int, out: str, err: str) -> None:
    assert code == 2, err
    assert out == ""
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def _items(db_path: Path) -> dict[str, float]:
    with sqlite3.connect(db_path) as conn:
        rows = conn.execute(
            "SELECT ingredient_id, quantity FROM inventory_items WHERE quantity > 0"
        ).fetchall()
    return {str(name): float(qty) for name, qty in rows}


def _integrity(db_path: Path) -> str:
    with sqlite3.connect(db_path) as conn:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def home(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    root = tmp_path / "home"
    assert _run(capsys, root, "inventory", "add", "egg", "6")[0] == 0
    return root


def test_backup_then_restore_brings_the_old_state_back(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(capsys, home, "backup", str(tmp_path / "safe.db"), "--json")
    assert code == 0, err
    made = Path(json.loads(out)["backup"])
    assert made == tmp_path / "safe.db" and _integrity(made) == "ok"
    assert _items(made) == {"egg": 6.0}
    assert not list(tmp_path.glob("*.partial"))

    assert _run(capsys, home, "inventory", "add", "milk", "1")[0] == 0
    assert set(_items(home / "larder.db")) == {"egg", "milk_whole"}

    code, out, err = _run(capsys, home, "restore", str(made), "--yes", "--json")
    assert code == 0, err
    result = json.loads(out)
    assert result["schema_revision"] == SCHEMA_REVISION
    assert _items(home / "larder.db") == {"egg": 6.0}
    # the database it replaced was kept, milk and all
    previous = Path(result["previous_backup"])
    assert previous.parent == home / "backups" and set(_items(previous)) == {"egg", "milk_whole"}
    assert _integrity(home / "larder.db") == "ok"
    # and Larder keeps working on the restored file
    assert _run(capsys, home, "inventory", "add", "butter", "1")[0] == 0
    assert set(_items(home / "larder.db")) == {"egg", "butter_salted"}


def test_backup_without_a_path_goes_to_the_backups_folder(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(capsys, home, "backup", "--json")
    assert code == 0, err
    made = Path(json.loads(out)["backup"])
    assert made.parent == home / "backups" and made.name.endswith("-manual.db")
    assert [b.path for b in backups.list_backups(LarderPaths(home))] == [made]


def test_restore_refuses_bad_files_and_leaves_the_database_alone(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = tmp_path / "notes.db"
    text.write_text("not a database\n" * 100)
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    newer = tmp_path / "newer.db"
    assert _run(capsys, home, "backup", str(newer))[0] == 0
    with sqlite3.connect(newer) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0099_from_the_future'")
    truncated = tmp_path / "truncated.db"
    truncated.write_bytes(newer.read_bytes()[: 4096 * 3])
    before = (home / "larder.db").read_bytes()

    expected = {
        text: "not a Larder database",
        other: "not a Larder database",
        newer: "newer Larder",
        tmp_path / "missing.db": "no such file",
        tmp_path: "no such file",
        truncated: "",
    }
    for path, words in expected.items():
        code, out, err = _run(capsys, home, "restore", str(path), "--yes")
        _one_line_error(code, out, err)
        assert words in err, err
    assert (home / "larder.db").read_bytes() == before
    assert backups.list_backups(LarderPaths(home)) == ()  # nothing was even backed up for a refusal


def test_restore_asks_first(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _run(capsys, home, "backup", str(tmp_path / "b.db"))[0] == 0
    assert _run(capsys, home, "inventory", "add", "milk", "1")[0] == 0

    monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # no terminal, no --yes
    code, out, err = _run(capsys, home, "restore", str(tmp_path / "b.db"))
    _one_line_error(code, out, err)
    assert "--yes" in err and "milk_whole" in _items(home / "larder.db")

    monkeypatch.setattr(sys, "stdin", _Terminal("n\n"))
    code, out, err = _run(capsys, home, "restore", str(tmp_path / "b.db"))
    assert code == 2 and "not confirmed" in err and "milk_whole" in _items(home / "larder.db")

    monkeypatch.setattr(sys, "stdin", _Terminal("y\n"))
    code, out, err = _run(capsys, home, "restore", str(tmp_path / "b.db"))
    assert code == 0, err
    assert "[y/N]" in err and _items(home / "larder.db") == {"egg": 6.0}


def test_export_data_has_every_table_and_no_secret(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    SecretStore().set("kroger", "client_secret", "s3cr3t-value-xyz")
    with sqlite3.connect(home / "larder.db") as conn:
        conn.execute("INSERT INTO settings (key, value) VALUES ('oauth_token', '\"tok-abc-123\"')")
        conn.execute(
            "INSERT INTO photos (sha256, path, width, height, imported_at) "
            "VALUES ('ab', '/p/fridge.jpg', 4, 3, "
            "'2026-01-01 00:00:00')"
        )
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    out_file = tmp_path / "mine.json"
    code, out, err = _run(capsys, home, "export-data", "--out", str(out_file), "--json")
    assert code == 0, err
    assert Path(json.loads(out)["export"]) == out_file
    raw = out_file.read_text()
    document = json.loads(raw)
    assert set(document["tables"]) == tables
    assert document["tables"]["inventory_items"][0]["ingredient_id"] == "egg"
    assert document["photos"] == [{"path": "/p/fridge.jpg", "sha256": "ab", "file_present": False}]
    assert "s3cr3t-value-xyz" not in raw and "tok-abc-123" not in raw
    assert document["left_out"]["settings"] == ["settings.oauth_token"]

    code, out, err = _run(capsys, home, "export-data", "--out", str(tmp_path / "no" / "such" / "x.json"))
    assert code == 0, err  # missing folders are created
    code, out, err = _run(capsys, home, "export-data", "--out", "/proc/nope/x.json")
    _one_line_error(code, out, err)


def test_forget_deletes_everything_and_only_with_yes(
    home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    store = SecretStore()
    store.set("kroger", "client_id", "id-1")
    store.set("kroger", "refresh_token", "rt-1")
    store.set("instacart", "api_key", "key-1")
    assert _run(capsys, home, "backup")[0] == 0
    (home / "photos" / "a.jpg").write_bytes(b"jpeg")
    (home / "models" / "m.pt").write_bytes(b"model")
    (home / "learning" / "images").mkdir(parents=True)
    (home / "learning" / "images" / "taught.jpg").write_bytes(b"jpeg")
    assert _run(capsys, home, "export-data")[0] == 0
    (home / "my-notes.txt").write_text("not Larder's")

    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    code, out, err = _run(capsys, home, "forget")
    _one_line_error(code, out, err)
    assert (home / "larder.db").exists() and store.get("kroger", "client_id") == "id-1"

    code, out, err = _run(capsys, home, "forget", "--yes", "--json")
    assert code == 0, err
    report = json.loads(out)
    assert sorted(report["keyring"]) == ["instacart:api_key", "kroger:client_id", "kroger:refresh_token"]
    assert sorted(p.name for p in home.iterdir()) == ["my-notes.txt"]
    assert all(store.get(p, n) is None for p, n in [("kroger", "client_id"), ("instacart", "api_key")])


def test_daily_backup_once_a_day_and_seven_kept(tmp_path: Path) -> None:
    db_path = tmp_path / "larder.db"
    Database(db_path).close()  # brand new: nothing worth backing up yet
    assert backups.list_backups(db_path) == ()
    Database(db_path).close()  # the next start of the day takes one
    Database(db_path).close()  # ... and only one
    assert [b.reason for b in backups.list_backups(db_path)] == ["daily"]

    start = datetime.now(UTC) + timedelta(days=1)
    for day in range(9):
        assert backups.daily_backup(db_path, now=start + timedelta(days=day)) is not None
    kept = backups.list_backups(db_path)
    assert len(kept) == backups.KEEP
    assert kept[0].created_at.date() == (start + timedelta(days=8)).date()
    assert kept[-1].created_at.date() == (start + timedelta(days=2)).date()


def test_a_migration_is_preceded_by_a_backup_of_the_old_schema(tmp_path: Path) -> None:
    db_path = tmp_path / "larder.db"
    engine = make_engine(db_path)
    migrate(engine, "0004_agent_runs")
    engine.dispose()
    Database(db_path).close()
    made = backups.list_backups(db_path)
    assert [b.reason for b in made] == ["before-migration-from-0004-agent-runs"]
    assert backups.larder_revision(made[0].path) == "0004_agent_runs"
    assert backups.larder_revision(db_path) == SCHEMA_REVISION


def test_a_failed_pre_migration_backup_stops_the_upgrade(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from data.errors import StorageError

    db_path = tmp_path / "larder.db"
    engine = make_engine(db_path)
    migrate(engine, "0004_agent_runs")
    engine.dispose()

    def full_disk(*_a: object, **_k: object) -> Path:
        raise StorageError("disk full")

    monkeypatch.setattr(backups, "backup_database", full_disk)
    with pytest.raises(StorageError, match="disk full"):
        Database(db_path)
    assert backups.larder_revision(db_path) == "0004_agent_runs"


_SLOW_BACKUP = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from data.backup import backup
    from data.paths import LarderPaths

    def progress(remaining: int, total: int) -> None:
        print(remaining, total, flush=True)
        time.sleep(0.003)

    backup(LarderPaths(Path(sys.argv[1])), pages=4, on_progress=progress)
    print("done", flush=True)
    """
)


def test_a_backup_killed_half_way_leaves_the_live_database_untouched(tmp_path: Path) -> None:
    home = tmp_path / "home"
    db_path = home / "larder.db"
    Database(db_path).close()
    with sqlite3.connect(db_path) as conn:
        conn.execute("CREATE TABLE ballast (id INTEGER PRIMARY KEY, blob BLOB)")
        conn.executemany("INSERT INTO ballast (blob) VALUES (?)", ((os.urandom(8000),) for _ in range(3000)))
        conn.execute(
            "INSERT INTO inventory_items (ingredient_id, name, quantity, unit, source, status, "
            "not_for_eating, "
            "added_at, updated_at, note) VALUES ('egg', 'egg', 6, 'piece', 'manual', 'present', 0, "
            "'2026-01-01 00:00:00', '2026-01-01 00:00:00', '')"
        )
    with sqlite3.connect(db_path) as conn:
        fingerprint = conn.execute("SELECT count(*), sum(length(blob)), max(id) FROM ballast").fetchone()
    size = db_path.stat().st_size
    assert size > 20_000_000

    proc = subprocess.Popen(
        [sys.executable, "-c", _SLOW_BACKUP, str(home)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    try:
        for line in proc.stdout:
            if line.strip() == "done":
                pytest.fail("the backup finished before it could be killed")
            remaining, total = map(int, line.split())
            if remaining < total // 2:
                break
        partials = list((home / "backups").glob("*.partial"))
        assert partials and 0 < partials[0].stat().st_size < size  # really half-way
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    assert _integrity(db_path) == "ok"
    with sqlite3.connect(db_path) as conn:
        assert (
            conn.execute("SELECT count(*), sum(length(blob)), max(id) FROM ballast").fetchone() == fingerprint
        )
    assert _items(db_path) == {"egg": 6.0}
    # the half copy never looks like a backup: not listed, and no file under a backup's name
    assert backups.list_backups(LarderPaths(home)) == ()
    assert not list((home / "backups").glob("*.db"))
    # the next backup sweeps it away and is complete
    made = backups.backup(LarderPaths(home))
    assert not list((home / "backups").glob("*.partial"))
    assert _integrity(made) == "ok" and _items(made) == {"egg": 6.0}


def test_unusable_homes_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a_file = tmp_path / "file"
    a_file.write_text("x")
    homes = ["/dev/null", "/proc/larder-nope", str(a_file), str(a_file / "below")]
    if os.geteuid() != 0:  # root may write to a read-only folder, so it is only unusable for others
        ro = tmp_path / "ro"
        ro.mkdir()
        ro.chmod(0o500)
        homes.append(str(ro))
    for home in homes:
        code = main(["--home", home, "plan"])
        out, err = capsys.readouterr()
        _one_line_error(code, out, err)
        assert "cannot use it as Larder's home" in err, err


def test_backup_and_export_never_replace_a_device_or_a_foreign_file(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    letter = tmp_path / "letter.txt"
    letter.write_text("Dear ...")
    for argv in (
        ("backup", "/dev/null"),
        ("backup", str(letter)),
        ("backup", "/proc/larder-nope/b.db"),
        ("backup", str(home / "larder.db")),
        ("export-data", "--out", "/dev/null"),
        ("export-data", "--out", str(letter)),
    ):
        code, out, err = _run(capsys, home, *argv)
        _one_line_error(code, out, err)
    assert Path("/dev/null").is_char_device() and letter.read_text() == "Dear ..."
    assert not list(tmp_path.glob(".*.partial")) and not list(Path("/dev").glob(".null.*"))
    # an earlier backup of the same name is replaced (it is what the user asked for)
    assert _run(capsys, home, "backup", str(tmp_path / "b.db"))[0] == 0
    assert _run(capsys, home, "backup", str(tmp_path / "b.db"))[0] == 0
