"""The database: pragmas, transactions, migrations from the first revision, and crash safety."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import select

from data.db import SCHEMA_REVISION, Database, current_revision, make_engine, migrate
from data.errors import StorageError
from data.models import InventoryItem, Order, OrderLine, Profile

REPO = Path(__file__).resolve().parents[1]


def test_pragmas_wal_and_foreign_keys(tmp_path: Path) -> None:
    db = Database(tmp_path / "larder.db")
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_schema_revision_constant_is_the_alembic_head() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(REPO / "data" / "migrations"))
    assert ScriptDirectory.from_config(cfg).get_current_head() == SCHEMA_REVISION


def test_models_and_migrations_agree(tmp_path: Path) -> None:
    """Autogenerate finds nothing to do: the tables in models.py are exactly what the revisions build."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    db = Database(tmp_path / "larder.db")
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    assert diff == []


def test_session_rolls_back_everything_on_error(tmp_path: Path) -> None:
    db = Database(tmp_path / "larder.db")
    with pytest.raises(RuntimeError), db.session() as s:
        for i in range(10):
            s.add(InventoryItem(ingredient_id="egg", quantity=i))
        s.flush()
        raise RuntimeError("boom in the middle")
    with db.session() as s:
        assert s.exec(select(InventoryItem)).all() == []


def test_foreign_key_is_enforced(tmp_path: Path) -> None:
    db = Database(tmp_path / "larder.db")
    with pytest.raises(Exception, match="FOREIGN KEY"), db.session() as s:
        s.add(OrderLine(order_id=999, product_name="ghost"))
        s.flush()


def test_a_database_that_cannot_be_opened_is_one_storage_error(tmp_path: Path) -> None:
    folder = tmp_path / "folder.db"
    folder.mkdir()
    with pytest.raises(StorageError, match=r"folder\.db: cannot open the database \(unable to open"):
        Database(folder)
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not SQLite, " * 100)
    with pytest.raises(StorageError, match="file is not a database"):
        Database(junk)


def test_a_failed_write_is_a_storage_error_without_the_sql_or_its_values(tmp_path: Path) -> None:
    db = Database(tmp_path / "larder.db")
    with pytest.raises(StorageError, match="readonly database") as raised, db.session() as s:
        s.connection().exec_driver_sql("PRAGMA query_only=1")
        s.add(InventoryItem(ingredient_id="egg", name="private-note-4711", quantity=1))
        s.flush()
    assert "INSERT" not in str(raised.value) and "private-note-4711" not in str(raised.value)
    db.close()
    with Database(tmp_path / "larder.db").session() as s:
        assert s.exec(select(InventoryItem)).all() == []


def test_upgrade_from_previous_revision_keeps_data(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    engine = make_engine(path)
    migrate(engine, "0001_initial")
    assert current_revision(engine) == "0001_initial"
    with engine.begin() as conn:
        assert "label_mappings" not in _tables(conn)
        conn.execute(
            text(
                "INSERT INTO profile (id, sex, birth_date, height_cm, weight_kg, allergies, dislikes, user_set, imported, updated_at) "
                "VALUES (1, 'male', '1990-04-01', 181.0, 84.0, '[\"peanut\"]', '[]', '[\"sex\"]', '{}', '2026-01-01 00:00:00+00:00')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO orders (id, created_at, updated_at, provider, status, currency, subtotal, total, note, external) "
                "VALUES (7, '2026-01-01 00:00:00+00:00', '2026-01-01 00:00:00+00:00', 'offline', 'draft', 'USD', 12.5, 12.5, '', '{}')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO order_lines (order_id, position, product_name, brand, provider, provider_product_id, "
                "package_size, package_unit, quantity, unit_price, line_total, aisle, reason, indicative, origin) "
                "VALUES (7, 0, 'Greek yogurt 1 kg', '', 'offline', 'g1', 1000, 'g', 2, 6.25, 12.5, 'Dairy', 'protein', 1, 'agent')"
            )
        )
    engine.dispose()

    db = Database(path)  # opening upgrades to the newest revision
    assert current_revision(db.engine) == SCHEMA_REVISION
    with db.session() as s:
        profile = s.get(Profile, 1)
        assert profile is not None
        assert (profile.sex, profile.birth_date, profile.weight_kg, profile.allergies) == (
            "male",
            date(1990, 4, 1),
            84.0,
            ["peanut"],
        )
        order = s.get(Order, 7)
        assert order is not None and order.total == 12.5
        lines = s.exec(select(OrderLine).where(OrderLine.order_id == 7)).all()
        assert [(line.product_name, line.quantity) for line in lines] == [("Greek yogurt 1 kg", 2)]
    with db.engine.connect() as conn:
        assert {"label_mappings", "settings"} <= _tables(conn)


def _tables(conn) -> set[str]:  # type: ignore[no-untyped-def]
    return {row[0] for row in conn.execute(text("SELECT name FROM sqlite_master WHERE type='table'"))}


def test_kill_9_in_the_middle_of_a_multi_row_write_leaves_the_database_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "larder.db"
    db = Database(path)
    with db.session() as s:
        s.add(InventoryItem(ingredient_id="milk_whole", quantity=1))
    db.close()

    script = textwrap.dedent(
        f"""
        import os, signal, sys
        sys.path.insert(0, {str(REPO)!r})
        from data.db import Database
        from data.models import InventoryItem
        db = Database({str(path)!r})
        with db.session() as s:
            for i in range(5000):
                s.add(InventoryItem(ingredient_id="egg", quantity=i))
                if i == 2500:
                    s.flush()  # half the rows are in the database file's WAL, uncommitted
                    print("flushed", flush=True)
                    os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    assert "flushed" in proc.stdout

    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    rows = conn.execute("SELECT ingredient_id, quantity FROM inventory_items").fetchall()
    conn.close()
    assert rows == [("milk_whole", 1.0)]
    assert os.path.exists(path)


def test_processes_opening_a_new_home_at_once_do_not_collide(tmp_path: Path) -> None:
    path = tmp_path / "larder.db"
    script = f"import sys; sys.path.insert(0, {str(REPO)!r}); from data.db import Database; Database({str(path)!r})"
    procs = [
        subprocess.Popen([sys.executable, "-c", script], stderr=subprocess.PIPE, text=True) for _ in range(4)
    ]
    errors = [p.communicate(timeout=120)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], errors
    assert current_revision(make_engine(path)) == SCHEMA_REVISION


def test_a_new_database_gets_the_same_schema_as_the_migrations_build(tmp_path: Path) -> None:
    fresh = Database(tmp_path / "fresh.db")  # created directly from the models
    migrated_engine = make_engine(tmp_path / "migrated.db")
    migrate(migrated_engine)

    def schema(engine) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT type, name, tbl_name FROM sqlite_master ORDER BY name")).all()
            columns = {
                r[2]: [tuple(c) for c in conn.execute(text(f"PRAGMA table_info('{r[2]}')"))]
                for r in rows
                if r[0] == "table"
            }
            fks = {
                r[2]: sorted(tuple(c)[2:] for c in conn.execute(text(f"PRAGMA foreign_key_list('{r[2]}')")))
                for r in rows
                if r[0] == "table"
            }
        return [(r[0], r[1]) for r in rows], columns, fks  # type: ignore[return-value]

    assert schema(fresh.engine) == schema(migrated_engine)
    assert current_revision(fresh.engine) == current_revision(migrated_engine) == SCHEMA_REVISION


def test_schema_creation_is_one_transaction(tmp_path: Path) -> None:
    """DDL is transactional: a failure half-way leaves no tables behind."""
    from sqlmodel import SQLModel

    engine = make_engine(tmp_path / "x.db")
    with pytest.raises(RuntimeError), engine.begin() as conn:
        SQLModel.metadata.create_all(conn)
        raise RuntimeError("crash after the tables were created")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM sqlite_master WHERE type='table'")).scalar() == 0


def test_a_database_from_a_newer_larder_is_refused_clearly(tmp_path: Path) -> None:
    from data.errors import StorageError

    path = tmp_path / "larder.db"
    Database(path).close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '0099_from_the_future'")
    conn.commit()
    conn.close()
    with pytest.raises(StorageError, match="newer Larder"):
        Database(path)


def test_every_revision_file_is_named_after_its_revision() -> None:
    """data.db recognises known revisions by file name, without importing Alembic."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(REPO / "data" / "migrations"))
    for script in ScriptDirectory.from_config(cfg).walk_revisions():
        assert Path(script.path).stem == script.revision
