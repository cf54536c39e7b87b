"""`import_export(db, path)`: detect the format(s), parse everything, then write it in one transaction."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from data.errors import ImportCancelled, ImportFormatError
from data.wearables.archive import ARCHIVE_ERRORS, Member, ProgressFn, ProgressReader, open_export
from data.wearables.detect import Detected, classify
from data.wearables.model import ImportSummary, ParsedExport

if TYPE_CHECKING:  # SQLAlchemy costs ~0.4 s to import; parsing alone never needs it
    from data.db import Database

FORMAT_NAMES = {
    "apple_health": "Apple Health",
    "fitbit": "Fitbit",
    "garmin": "Garmin Connect",
    "google_fit": "Google Fit",
    "samsung_health": "Samsung Health",
    "withings": "Withings",
    "whoop": "WHOOP",
}

# format -> parser over the detected files of that format
Parser = Callable[[list[Detected], Callable[[Member], ProgressReader]], ParsedExport]


def _parsers() -> dict[str, Parser]:
    from data.wearables import fitbit, garmin, google_fit, samsung, whoop, withings
    from data.wearables.apple import parse_apple_xml

    def apple(files: list[Detected], opener: Callable[[Member], ProgressReader]) -> ParsedExport:
        # An export has one export.xml; a folder of several is several exports of the same person.
        results = []
        for d in files:
            with opener(d.member) as stream:
                results.append(parse_apple_xml(stream, d.member.name))
        return results[0] if len(results) == 1 else _combine(results)

    return {
        "apple_health": apple,
        "fitbit": fitbit.parse,
        "garmin": garmin.parse,
        "google_fit": google_fit.parse,
        "samsung_health": samsung.parse,
        "withings": withings.parse,
        "whoop": whoop.parse,
    }


def _combine(results: list[ParsedExport]) -> ParsedExport:
    by_key = {}
    for r in results:  # later files win for the same (source, day)
        for row in r.daily:
            by_key[(row.source, row.day)] = row
    profile = results[0].profile
    for r in results[1:]:
        profile = profile.merged_with(r.profile)
    return ParsedExport(
        format=results[0].format,
        sources=tuple(sorted({s for r in results for s in r.sources})),
        daily=tuple(by_key.values()),
        profile=profile,
        goals=tuple(g for r in results for g in r.goals),
        records=sum(r.records for r in results),
    )


def fingerprint(path: Path) -> str:
    """Identifies an export cheaply (size, and the first and last MiB): a 2 GB file is not hashed whole."""
    h = hashlib.sha256()
    if path.is_dir():
        for p in sorted(path.rglob("*")):
            if p.is_file() and not p.is_symlink():
                h.update(f"{p.relative_to(path)}\0{p.stat().st_size}\0".encode())
        return h.hexdigest()
    size = path.stat().st_size
    h.update(str(size).encode())
    with open(path, "rb") as f:
        h.update(f.read(1 << 20))
        if size > 2 << 20:
            f.seek(-(1 << 20), 2)
            h.update(f.read())
    return h.hexdigest()


def detect(members: list[Member]) -> list[Detected]:
    found = []
    for m in members:
        d = classify(m, m.head(4096))
        if d is not None:
            found.append(d)
    return found


def parse_export(
    path: Path,
    *,
    on_progress: ProgressFn | None = None,
    cancel: threading.Event | None = None,
) -> list[ParsedExport]:
    """Read `path` (file, folder or zip) into one ParsedExport per format found. Writes nothing."""
    with open_export(path) as members:
        detected = detect(members)
        if not detected:
            raise ImportFormatError(
                f"{path}: no Apple Health, Fitbit, Garmin, Google Fit, Samsung Health, Withings or WHOOP data found"
            )
        grand_total = sum(d.member.size for d in detected)
        done = 0

        def opener(member: Member) -> ProgressReader:
            nonlocal done
            reader = ProgressReader(
                member.open(),
                name=member.name,
                total=member.size,
                done_before=done,
                grand_total=grand_total,
                on_progress=on_progress,
                cancel=cancel,
            )
            done += member.size
            return reader

        by_format: dict[str, list[Detected]] = {}
        for d in detected:
            by_format.setdefault(d.format, []).append(d)
        parsers = _parsers()
        results = []
        try:
            for fmt, files in by_format.items():
                results.append(parsers[fmt](files, opener))
        except ARCHIVE_ERRORS as exc:
            raise ImportFormatError(f"{path}: the archive is damaged ({exc})") from exc
        except UnicodeDecodeError as exc:
            raise ImportFormatError(f"{path}: a file is not UTF-8 text ({exc.reason})") from exc
        if cancel is not None and cancel.is_set():
            raise ImportCancelled("import cancelled; nothing was written")
        return results


def import_export(
    db: Database,
    path: Path | str,
    *,
    on_progress: ProgressFn | None = None,
    cancel: threading.Event | None = None,
) -> ImportSummary:
    """Import one export into `db`. All or nothing: a bad file, a cancel or a crash writes nothing."""
    from data.wearables.store import write_import

    path = Path(path).expanduser()
    parsed = parse_export(path, on_progress=on_progress, cancel=cancel)
    if on_progress is not None:
        on_progress(0.99, "saving")
    import_id, reconciled, profile = write_import(
        db, parsed, path=str(path.resolve()), fingerprint=fingerprint(path)
    )
    if on_progress is not None:
        on_progress(1.0, "done")
    days = [r.day for r in reconciled]
    return ImportSummary(
        import_id=import_id,
        format="+".join(p.format for p in parsed),
        path=str(path),
        sources=tuple(sorted({s for p in parsed for s in p.sources})),
        first_day=min(days) if days else None,
        last_day=max(days) if days else None,
        days=len(days),
        records=sum(p.records for p in parsed),
        profile=profile,
        goals=tuple(g for p in parsed for g in p.goals),
        daily=tuple(reconciled),
    )
