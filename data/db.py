"""The SQLite database: opening it (WAL, foreign keys), migrating it, and transactional sessions."""

from __future__ import annotations

import logging
import sqlite3
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlmodel import Session

from data.errors import StorageError

# The newest Alembic revision in data/migrations/versions. tests/test_migrations.py checks that this
# matches the scripts, so the common case (database already current) never has to import Alembic.
SCHEMA_REVISION = "0008_own_food_piece_grams"

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN itself: Python's sqlite3 would otherwise start
    # transactions only before DML, so CREATE TABLE and friends would commit one by one.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def make_engine(path: Path | str) -> Engine:
    url = "sqlite://" if str(path) == ":memory:" else f"sqlite:///{Path(path)}"
    engine = create_engine(url, connect_args={"check_same_thread": False})
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    event.listen(engine, "commit", _on_end)
    event.listen(engine, "rollback", _on_end)
    return engine


class _WriteIntent(threading.local):
    """Per thread: how many `writing()` blocks are open, and the connection whose BEGIN IMMEDIATE
    holds SQLite's write lock for them (None: none yet)."""

    depth = 0
    holder: Connection | None = None


_intent = _WriteIntent()


@contextmanager
def writing() -> Iterator[None]:
    """Transactions begun in this thread inside the block are write transactions: the first one to begin
    takes SQLite's write lock at once (BEGIN IMMEDIATE), waiting up to busy_timeout for another process
    to finish, instead of reading under a deferred BEGIN and failing with "database is locked" the
    moment it writes after another process wrote in between. A transaction begun while one of this
    thread's is already holding the lock begins deferred: asking for the lock again would wait on itself.
    Other threads are not affected."""
    _intent.depth += 1
    try:
        yield
    finally:
        _intent.depth -= 1
        if _intent.depth == 0:
            _intent.holder = None  # also when a connection was dropped without a commit or rollback event


def _on_begin(conn: Connection) -> None:
    if _intent.depth > 0 and _intent.holder is None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")
        _intent.holder = conn
    else:
        conn.exec_driver_sql("BEGIN")


def _on_end(conn: Connection) -> None:
    if _intent.holder is conn:
        _intent.holder = None


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        has_table = conn.execute(
            text("SELECT name FROM sqlite_master WHERE type='table' AND name='alembic_version'")
        ).first()
        if not has_table:
            return None
        row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
        return row[0] if row else None


def is_empty(engine: Engine) -> bool:
    with engine.connect() as conn:
        return conn.execute(text("SELECT count(*) FROM sqlite_master WHERE type='table'")).scalar() == 0


def create_current_schema(engine: Engine) -> None:
    """A brand-new database gets the newest schema directly, stamped with its revision, in one
    transaction; Alembic (slow to import) is only needed to upgrade older databases.
    tests/test_storage.py checks that this schema equals the one the migrations build."""
    from sqlmodel import SQLModel

    import data.models  # noqa: F401  (registers the tables)

    with engine.begin() as conn:
        SQLModel.metadata.create_all(conn)
        conn.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)"))
        conn.execute(text("INSERT INTO alembic_version (version_num) VALUES (:v)"), {"v": SCHEMA_REVISION})


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to `revision` (default: newest) with Alembic, in one transaction."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def _storage_error(path: Path | str, action: str, exc: BaseException) -> StorageError:
    # The driver's own message only: SQLAlchemy's text adds the SQL statement and its parameters,
    # which carry user data and do not belong in a one-line error (or a log).
    detail = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    return StorageError(f"{path}: cannot {action} the database ({detail})")


def _known_revision(revision: str) -> bool:
    return any(p.stem == revision for p in (MIGRATIONS_DIR / "versions").glob("*.py"))


@contextmanager
def _exclusive_lock(lock_path: Path, *, enabled: bool = True) -> Iterator[None]:
    """An inter-process lock on a side file (flock on POSIX, msvcrt on Windows)."""
    if not enabled:
        yield
        return
    with open(lock_path, "a+b") as handle:
        if sys.platform == "win32":
            import msvcrt

            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_LOCK, 1)
            try:
                yield
            finally:
                handle.seek(0)
                msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


class Database:
    """One SQLite file. `session()` is a unit of work: everything in it commits together or not at all."""

    def __init__(self, path: Path | str, *, upgrade: bool = True) -> None:
        self.path = path
        try:
            if str(path) != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(f"{path}: cannot create the database folder ({exc.strerror or exc})") from exc
        self.engine = make_engine(path)
        created = False
        try:
            if upgrade and current_revision(self.engine) != SCHEMA_REVISION:
                # Two processes opening a new home at once must not both create the tables.
                with _exclusive_lock(Path(f"{path}.migrate.lock"), enabled=str(path) != ":memory:"):
                    if is_empty(self.engine):
                        create_current_schema(self.engine)
                    elif (revision := current_revision(self.engine)) != SCHEMA_REVISION:
                        if revision is not None and not _known_revision(revision):
                            raise StorageError(
                                f"{path}: this database was written by a newer Larder (schema {revision}); "
                                "update Larder to open it"
                            )
                        from data.backup import backup_before_migration

                        # Nothing lost: an upgrade that goes wrong can be undone with `larder restore`.
                        # A backup that cannot be written stops the upgrade (StorageError).
                        backup_before_migration(Path(path), revision)
                        migrate(self.engine)
                    created = True  # a fresh or just-migrated file needs no daily backup now
        except Exception as exc:
            self.engine.dispose()
            if isinstance(exc, DBAPIError | sqlite3.DatabaseError | OSError):
                raise _storage_error(path, "open", exc) from exc
            raise
        if upgrade and not created and str(path) != ":memory:":
            self._daily_backup(Path(path))

    @staticmethod
    def _daily_backup(path: Path) -> None:
        """Once a day on start. No write of ours is open yet and the copy is one read snapshot, so
        another process writing meanwhile is fine; a failure (disk full) must not stop Larder opening."""
        from data.backup import daily_backup

        try:
            daily_backup(path)
        except (StorageError, OSError) as exc:
            logging.getLogger("larder").warning("daily backup skipped: %s", exc)

    @contextmanager
    def session(self, *, write: bool = False) -> Iterator[Session]:
        """One unit of work. `write=True` when it reads and then writes: see `writing()` (a whole
        sequence of sessions can be marked at once with `with writing():`)."""
        with writing() if write else nullcontext(), Session(self.engine, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except OperationalError as exc:  # locked past busy_timeout, disk full, read-only file
                session.rollback()
                raise _storage_error(self.path, "use", exc) from exc
            except BaseException:
                session.rollback()
                raise

    def close(self) -> None:
        self.engine.dispose()


def open_database(path: Path | str) -> Database:
    return Database(path)
