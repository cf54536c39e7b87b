"""Nothing lost: online backups of the database, restoring one, all personal data as JSON, forgetting it.

Backups use SQLite's online backup API inside a read transaction, so a backup is one consistent
snapshot even while another process writes (WAL lets the writer go on), and a write in progress is
never copied half-done. Each backup is written under a temporary name and renamed into place only when
complete, so a backup killed half-way leaves a `.partial` file that is never listed or restored (and
is swept by the next backup), and never a file that looks complete.

Backups live in <home>/backups/ as larder-<UTC time>-<reason>.db; the automatic ones (before each
migration, once a day on start) keep the newest KEEP. Keyring entries are not data-package business:
agents/forget.py deletes those and then calls forget() here.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from data.errors import StorageError
from data.paths import LarderPaths

KEEP = 7
PARTIAL_SUFFIX = ".partial"
EXPORT_FORMAT = "larder-data-export"
EXPORT_VERSION = 1
_SQLITE_HEADER = b"SQLite format 3\x00"
_NAME = re.compile(r"larder-(\d{8}T\d{6}(?:\d{6})?Z)-([a-z0-9-]+)\.db")
# Settings whose key names a secret are left out of an export even though none should exist (secrets
# live in the keyring only): an export is a file people send around.
_SECRET_KEY = re.compile(r"secret|token|password|api_?key|credential", re.IGNORECASE)

ProgressFn = Callable[[int, int], None]  # (pages remaining, total pages)


@dataclass(frozen=True)
class BackupFile:
    path: Path
    created_at: datetime
    reason: str
    size: int


@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    revision: str
    previous: Path | None  # the backup taken of the database that was replaced


@dataclass(frozen=True)
class ForgetResult:
    removed: tuple[Path, ...]


def backups_dir(paths: LarderPaths) -> Path:
    return backups_of(paths.database)


def backups_of(database: Path) -> Path:
    """Where the backups of a database file go: backups/ beside it (<home>/backups/ for the home's)."""
    return database.parent / "backups"


def _stamp(now: datetime) -> str:
    return now.astimezone(UTC).strftime("%Y%m%dT%H%M%S%fZ")


def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":  # Windows cannot open a folder; its rename is durable enough
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=10.0, isolation_level=None)
    conn.execute("PRAGMA busy_timeout=10000")
    return conn


@contextmanager
def _read_snapshot(path: Path) -> Iterator[sqlite3.Connection]:
    """A connection holding a read transaction: what it reads is one consistent state of the file."""
    with closing(_connect(path)) as conn:
        conn.execute("BEGIN")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the snapshot starts here
        try:
            yield conn
        finally:
            conn.execute("ROLLBACK")


def _copy(source: sqlite3.Connection, dest: Path, *, pages: int, on_progress: ProgressFn | None) -> None:
    """Back `source` up into a fresh file `dest` as one self-contained file (no -wal beside it)."""
    with closing(sqlite3.connect(dest, isolation_level=None)) as target:

        def progress(_status: int, remaining: int, total: int) -> None:
            if on_progress is not None:
                on_progress(remaining, total)

        source.backup(target, pages=pages, progress=progress)
        target.execute("PRAGMA journal_mode=DELETE")
        check = target.execute("PRAGMA quick_check").fetchone()
        if check is None or check[0] != "ok":
            raise StorageError(f"{dest}: the backup copy failed its integrity check ({check})")
    with open(dest, "rb+") as fh:
        os.fsync(fh.fileno())


def _refuse_to_clobber(target: Path, what: str, kind: str, header: bytes) -> None:
    """The atomic rename would replace whatever `target` is: never a device (/dev/null), a folder's
    stand-in or a file of some other kind that the user did not mean to lose."""
    if not target.exists() and not target.is_symlink():
        return
    if target.is_symlink() or not target.is_file():
        raise StorageError(f"{target}: exists and is not a plain file; {what} will not replace it")
    try:
        with open(target, "rb") as fh:
            start = fh.read(len(header))
    except OSError as exc:
        raise StorageError(
            f"{target}: cannot read the file it would replace ({exc.strerror or exc})"
        ) from exc
    if start and start != header:
        raise StorageError(f"{target}: exists and is not {kind}; {what} will not replace it")


def _sweep_partials(folder: Path) -> None:
    for stale in folder.glob(f"*{PARTIAL_SUFFIX}"):
        stale.unlink(missing_ok=True)


def backup(
    paths: LarderPaths,
    dest: Path | None = None,
    *,
    reason: str = "manual",
    pages: int = -1,
    on_progress: ProgressFn | None = None,
    now: datetime | None = None,
) -> Path:
    """Copy the live database to `dest` (a file, or a folder to put it in; default <home>/backups/).

    `pages` > 0 copies in steps of that many pages (between steps other connections may write; the
    read transaction keeps what is copied one snapshot); -1 copies everything in one step."""
    return backup_database(paths.database, dest, reason=reason, pages=pages, on_progress=on_progress, now=now)


def backup_database(
    source: Path,
    dest: Path | None = None,
    *,
    reason: str = "manual",
    pages: int = -1,
    on_progress: ProgressFn | None = None,
    now: datetime | None = None,
) -> Path:
    """backup() for any database file (data.db's hooks know only the file)."""
    if not source.is_file():
        raise StorageError(f"{source}: there is no database to back up yet")
    folder = backups_of(source)
    if dest is None:
        target = folder / f"larder-{_stamp(now or datetime.now(UTC))}-{reason}.db"
    elif dest.is_dir():
        target = dest / f"larder-{_stamp(now or datetime.now(UTC))}-{reason}.db"
    else:
        target = dest
    if target.resolve() == source.resolve():
        raise StorageError(f"{target}: a backup cannot overwrite the live database")
    _refuse_to_clobber(target, "a backup", "an SQLite database", _SQLITE_HEADER)
    partial = target.with_name(f".{target.name}.{os.getpid()}{PARTIAL_SUFFIX}")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.parent == folder:
            _sweep_partials(folder)  # left by a backup that was killed (only one runs per home at a time)
        partial.unlink(missing_ok=True)
        with _read_snapshot(source) as conn:
            _copy(conn, partial, pages=pages, on_progress=on_progress)
        os.replace(partial, target)
        _fsync_dir(target.parent)
    except (OSError, sqlite3.Error) as exc:
        partial.unlink(missing_ok=True)
        detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise StorageError(f"{target}: cannot write the backup ({detail})") from exc
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return target


def list_backups(paths: LarderPaths | Path) -> tuple[BackupFile, ...]:
    """Complete backups in <home>/backups/ (or beside a database file), newest first (a `.partial`
    never counts)."""
    folder = backups_of(paths if isinstance(paths, Path) else paths.database)
    found: list[BackupFile] = []
    if not folder.is_dir():
        return ()
    for path in folder.iterdir():
        match = _NAME.fullmatch(path.name)
        if match is None or not path.is_file():
            continue
        raw = match.group(1)
        fmt = "%Y%m%dT%H%M%S%fZ" if len(raw) > 16 else "%Y%m%dT%H%M%SZ"
        created = datetime.strptime(raw, fmt).replace(tzinfo=UTC)
        found.append(BackupFile(path, created, match.group(2), path.stat().st_size))
    return tuple(sorted(found, key=lambda b: b.created_at, reverse=True))


def prune(paths: LarderPaths | Path, keep: int = KEEP) -> tuple[Path, ...]:
    """Delete all but the newest `keep` backups in <home>/backups/."""
    removed = []
    for old in list_backups(paths)[keep:]:
        old.path.unlink(missing_ok=True)
        removed.append(old.path)
    return tuple(removed)


def backup_before_migration(database: Path, revision: str | None) -> Path | None:
    """Called by data.db before it upgrades an existing database; a failure stops the upgrade."""
    if not database.is_file() or database.stat().st_size == 0:
        return None
    slug = re.sub(r"[^a-z0-9]+", "-", (revision or "unversioned").lower()).strip("-")[:40]
    made = backup_database(database, reason=f"before-migration-from-{slug}")
    prune(database)
    return made


def daily_backup(database: Path, *, now: datetime | None = None) -> Path | None:
    """One backup per UTC day, taken on start; None when today's exists (or there is no file yet)."""
    when = now or datetime.now(UTC)
    if not database.is_file():
        return None
    if any(b.created_at.date() == when.astimezone(UTC).date() for b in list_backups(database)):
        return None
    made = backup_database(database, reason="daily", now=when)
    prune(database)
    return made


# --- restore ----------------------------------------------------------------------------------------


def larder_revision(path: Path) -> str:
    """The schema revision of a Larder database file; StorageError when it is not one this Larder knows."""
    from data.db import SCHEMA_REVISION, _known_revision

    name = str(path)
    try:
        if not path.is_file():
            raise StorageError(f"{name}: no such file")
        with open(path, "rb") as fh:
            if fh.read(len(_SQLITE_HEADER)) != _SQLITE_HEADER:
                raise StorageError(f"{name}: not a Larder database (not an SQLite file)")
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
            check = conn.execute("PRAGMA quick_check").fetchone()
            if check is None or check[0] != "ok":
                raise StorageError(f"{name}: the database is damaged ({check[0] if check else 'no answer'})")
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if "alembic_version" not in tables or not {"photos", "inventory_items"} <= tables:
                raise StorageError(f"{name}: not a Larder database (no Larder tables in it)")
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as exc:
        raise StorageError(f"{name}: not a Larder database ({exc})") from exc
    except PermissionError as exc:
        raise StorageError(f"{name}: cannot read the file (permission denied)") from exc
    except OSError as exc:
        raise StorageError(f"{name}: cannot read the file ({exc.strerror or exc})") from exc
    if row is None:
        raise StorageError(f"{name}: not a Larder database (no schema revision)")
    revision = str(row[0])
    if revision != SCHEMA_REVISION and not _known_revision(revision):
        raise StorageError(
            f"{name}: written by a newer Larder (schema {revision}, this one knows up to {SCHEMA_REVISION}); "
            "update Larder to restore it"
        )
    return revision


def restore(paths: LarderPaths, src: Path, *, pages: int = -1) -> RestoreResult:
    """Replace the live database with `src`, after checking it and backing the current one up.

    The copy goes through the backup API into the live file: SQLite writes it as one transaction, so
    other connections see the old database or the new one, never a mix, and a crash rolls it back (a
    file rename under an open WAL database would pair the new file with the old one's -wal)."""
    from data.db import Database

    revision = larder_revision(src)
    if src.resolve() == paths.database.resolve():
        raise StorageError(f"{src}: that is the live database itself")
    previous = backup(paths, reason="before-restore") if paths.database.is_file() else None
    try:
        paths.database.parent.mkdir(parents=True, exist_ok=True)
        with closing(_connect(src)) as source, closing(_connect(paths.database)) as live:
            source.execute("BEGIN")
            source.execute("SELECT count(*) FROM sqlite_master").fetchone()
            source.backup(live, pages=pages)
            source.execute("ROLLBACK")
            if live.execute("PRAGMA journal_mode").fetchone() != ("wal",):
                live.execute("PRAGMA journal_mode=WAL")
    except (OSError, sqlite3.Error) as exc:
        raise StorageError(f"{paths.database}: cannot restore {src} ({exc})") from exc
    Database(paths.database).close()  # an older backup is migrated now (with its own backup first)
    if previous is not None:
        prune(paths)
    return RestoreResult(src, revision, previous)


# --- export and forget ------------------------------------------------------------------------------


def _jsonable(value: object) -> object:
    if isinstance(value, bytes):
        return {"hex": value.hex()}
    return value


def export_data(paths: LarderPaths, out: Path | None = None) -> Path:
    """Every table of the database as JSON (photos listed by path and sha256; the image files stay
    where they are), plus the files Larder keeps (models, exports, backups). Written atomically."""
    from data.db import SCHEMA_REVISION

    if not paths.database.is_file():
        raise StorageError(f"{paths.database}: there is no database to export yet")
    target = out or paths.exports / f"larder-data-{_stamp(datetime.now(UTC))}.json"
    if target.is_dir():
        target = target / f"larder-data-{_stamp(datetime.now(UTC))}.json"
    tables: dict[str, list[dict[str, object]]] = {}
    omitted: list[str] = []
    try:
        with _read_snapshot(paths.database) as conn:
            conn.row_factory = sqlite3.Row
            names = [
                r[0]
                for r in conn.execute(
                    "SELECT name FROM sqlite_master WHERE type='table' "
                    "AND name NOT LIKE 'sqlite_%' ORDER BY name"
                )
            ]
            for name in names:
                rows = []
                for row in conn.execute(f'SELECT * FROM "{name}"'):  # noqa: S608 (names from sqlite_master)
                    record = {k: _jsonable(row[k]) for k in row.keys()}  # noqa: SIM118 (sqlite3.Row)
                    if name == "settings" and _SECRET_KEY.search(str(record.get("key", ""))):
                        omitted.append(f"settings.{record.get('key')}")
                        continue
                    rows.append(record)
                tables[name] = rows
            revision_rows = tables.get("alembic_version", [])
    except sqlite3.Error as exc:
        raise StorageError(f"{paths.database}: cannot read the database ({exc})") from exc

    def files(folder: Path) -> list[dict[str, object]]:
        if not folder.is_dir():
            return []
        return [
            {"path": str(p), "bytes": p.stat().st_size}
            for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.name.endswith(PARTIAL_SUFFIX)
        ]

    document = {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": datetime.now(UTC).isoformat(),
        "schema_revision": revision_rows[0]["version_num"] if revision_rows else SCHEMA_REVISION,
        "home": str(paths.root),
        "photos": [
            {
                "path": r.get("path"),
                "sha256": r.get("sha256"),
                "file_present": Path(str(r.get("path"))).is_file(),
            }
            for r in tables.get("photos", [])
        ],
        "tables": tables,
        "files": {
            "models": files(paths.models),
            "exports": files(paths.exports),
            "backups": files(backups_dir(paths)),
        },
        "left_out": {"secrets": "kept in the system keyring only, never exported", "settings": omitted},
    }
    _refuse_to_clobber(target, "an export", "a JSON file", b"{")
    partial = target.with_name(f".{target.name}.{os.getpid()}{PARTIAL_SUFFIX}")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(partial, "w", encoding="utf-8") as fh:
            json.dump(document, fh, indent=2, ensure_ascii=False, default=str)
            fh.write("\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(partial, target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise StorageError(f"{target}: cannot write the export ({exc.strerror or exc})") from exc
    return target


def forget(paths: LarderPaths) -> ForgetResult:
    """Delete everything Larder keeps in the home folder: the database (and its -wal/-shm), photos,
    models, exports, backups, logs, what reviews taught, and ultralytics' settings and runs. Other files in the folder are left alone;
    the folder itself goes when nothing else is in it."""
    root = paths.root
    targets = [
        paths.database,
        Path(f"{paths.database}-wal"),
        Path(f"{paths.database}-shm"),
        Path(f"{paths.database}-journal"),
        Path(f"{paths.database}.migrate.lock"),
        paths.photos,
        paths.models,
        paths.exports,
        backups_dir(paths),
        paths.logs,
        paths.ultralytics_config,
        # Written under the home by others without a LarderPaths property: what reviews teach (photos and
        # labels, agents/inventory/review_learning.py) and ultralytics' runs/datasets folders.
        root / "learning",
        root / "runs",
        root / "datasets",
    ]
    removed: list[Path] = []
    try:
        for target in targets:
            if target.is_dir() and not target.is_symlink():
                shutil.rmtree(target)
            elif target.exists() or target.is_symlink():
                target.unlink()
            else:
                continue
            removed.append(target)
        if root.is_dir() and not any(root.iterdir()):
            root.rmdir()
    except OSError as exc:
        raise StorageError(f"{root}: cannot delete Larder's data ({exc.strerror or exc})") from exc
    return ForgetResult(tuple(removed))
