"""A file, folder or zip seen as one list of members, read without extracting and refused when hostile.

Zip members are streamed straight from the archive. Archives are checked before anything is read:
paths that climb out (`..`, absolute, drive letters), symlinks, and bomb-like compression ratios or
totals are refused with ImportFormatError.
"""

from __future__ import annotations

import functools
import lzma
import os
import stat
import threading
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Protocol

from data.errors import ImportCancelled, ImportFormatError

ProgressFn = Callable[[float, str], None]


class Readable(Protocol):
    """All the parsers need of a byte stream."""

    def read(self, n: int = -1, /) -> bytes: ...


MAX_MEMBERS = 200_000
# Real Apple exports compress 10-20x; a ratio far above that on a large member is a bomb.
MAX_RATIO = 120.0
RATIO_CHECK_FROM = 32 * 1024 * 1024
MAX_TOTAL_UNCOMPRESSED = 64 * 1024**3
# Folders that never hold data the importers read (macOS resource forks, Fitbit ML blobs).
_SKIP_PARTS = {"__MACOSX", ".DS_Store", "UserActivityProbabilities", "UserSensorCompressionToken"}
# Python's zipfile, zlib and lzma report corrupt data with these; bz2 raises a bare OSError ("Invalid data
# stream"), which is therefore caught where a member's bytes are read (a damaged or flipped compression
# method field sends deflate data to bz2 or lzma).
ARCHIVE_ERRORS: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile,
    zlib.error,
    lzma.LZMAError,
    EOFError,
    NotImplementedError,
)
READ_ERRORS: tuple[type[BaseException], ...] = (*ARCHIVE_ERRORS, OSError)


@dataclass(frozen=True)
class Member:
    """One file of an export: its name inside the export and how to open it (binary)."""

    name: str
    size: int
    opener: Callable[[], IO[bytes]]

    @property
    def basename(self) -> str:
        return PurePosixPath(self.name).name

    def open(self) -> IO[bytes]:
        try:
            return self.opener()
        except ARCHIVE_ERRORS as exc:
            raise ImportFormatError(f"{self.name}: the archive is damaged ({exc})") from exc
        except OSError as exc:
            raise ImportFormatError(f"{self.name}: cannot read ({exc.strerror or exc})") from exc

    def head(self, n: int = 4096) -> bytes:
        with self.open() as f:
            try:
                return f.read(n)
            except READ_ERRORS as exc:
                raise ImportFormatError(f"{self.name}: the archive is damaged ({exc})") from exc


def _skipped(name: str) -> bool:
    parts = PurePosixPath(name).parts
    return any(p in _SKIP_PARTS or p.startswith("._") for p in parts)


def _check_zip_entry(info: zipfile.ZipInfo, archive: Path) -> None:
    name = info.filename.replace("\\", "/")
    parts = PurePosixPath(name).parts
    if name.startswith("/") or ".." in parts or (parts and len(parts[0]) == 2 and parts[0][1] == ":"):
        raise ImportFormatError(f"{archive}: refused: member {info.filename!r} points outside the archive")
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        raise ImportFormatError(f"{archive}: refused: member {info.filename!r} is a symbolic link")
    if info.file_size > RATIO_CHECK_FROM and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        ratio = info.file_size / max(info.compress_size, 1)
        raise ImportFormatError(
            f"{archive}: refused: member {info.filename!r} expands {ratio:.0f}x "
            f"({info.file_size / 1e9:.1f} GB), which looks like a zip bomb"
        )


def _zip_members(path: Path, zf: zipfile.ZipFile) -> list[Member]:
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise ImportFormatError(f"{path}: refused: {len(infos)} files in one archive")
    total = 0
    members = []
    for info in infos:
        _check_zip_entry(info, path)
        total += info.file_size
        if total > MAX_TOTAL_UNCOMPRESSED:
            raise ImportFormatError(
                f"{path}: refused: the archive expands beyond {MAX_TOTAL_UNCOMPRESSED >> 30} GB"
            )
        if info.is_dir() or _skipped(info.filename):
            continue
        members.append(Member(info.filename, info.file_size, lambda i=info: zf.open(i)))  # type: ignore[misc]
    return members


def _folder_members(root: Path) -> list[Member]:
    members = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if d not in _SKIP_PARTS)
        for fn in sorted(filenames):
            full = Path(dirpath) / fn
            rel = full.relative_to(root).as_posix()
            # A link could point anywhere on the disk; an export folder has no reason to hold one.
            if full.is_symlink() or _skipped(rel) or not full.is_file():
                continue
            members.append(Member(rel, full.stat().st_size, functools.partial(_open_file, full)))
    return members


def _open_file(path: Path) -> IO[bytes]:
    return path.open("rb")


def is_zip(path: Path) -> bool:
    with open(path, "rb") as f:
        return f.read(4) == b"PK\x03\x04"


@contextmanager
def open_export(path: Path) -> Iterator[list[Member]]:
    """The members of `path` (a file, a folder or a zip), open for the duration of the block."""
    if not path.exists():
        raise ImportFormatError(f"{path}: no such file or folder")
    if path.is_dir():
        yield _folder_members(path)
        return
    if not path.is_file():
        raise ImportFormatError(f"{path}: not a regular file")
    try:
        zipped = is_zip(path)
    except OSError as exc:
        raise ImportFormatError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    if not zipped:
        yield [Member(path.name, path.stat().st_size, functools.partial(_open_file, path))]
        return
    try:
        zf = zipfile.ZipFile(path)
    except ARCHIVE_ERRORS as exc:
        raise ImportFormatError(f"{path}: not a readable zip archive ({exc})") from exc
    with zf:
        yield _zip_members(path, zf)


class ProgressReader:
    """Wraps a binary stream: counts bytes for the progress bar and stops when the caller cancels."""

    def __init__(
        self,
        raw: IO[bytes],
        *,
        name: str,
        total: int,
        done_before: int = 0,
        grand_total: int = 0,
        on_progress: ProgressFn | None = None,
        cancel: threading.Event | None = None,
    ) -> None:
        self.raw = raw
        self.name = name
        self.total = total
        self.done_before = done_before
        self.grand_total = max(grand_total, total, 1)
        self.on_progress = on_progress
        self.cancel = cancel
        self.consumed = 0
        self._next_report = 0

    def read(self, n: int = -1) -> bytes:
        if self.cancel is not None and self.cancel.is_set():
            raise ImportCancelled("import cancelled; nothing was written")
        try:
            data = self.raw.read(n)
        except READ_ERRORS as exc:
            raise ImportFormatError(f"{self.name}: the archive is damaged ({exc})") from exc
        self.consumed += len(data)
        if self.on_progress is not None and self.consumed >= self._next_report:
            self._next_report = self.consumed + max(self.grand_total // 200, 1 << 20)
            done = self.done_before + self.consumed
            self.on_progress(min(done / self.grand_total, 0.99), f"reading {PurePosixPath(self.name).name}")
        return data

    def close(self) -> None:
        self.raw.close()

    def __enter__(self) -> ProgressReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
