"""Reading the small text files of CSV/JSON exports, with errors that name the file and the line."""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Iterator
from typing import Any

from data.errors import ImportFormatError
from data.wearables.archive import Readable

# Daily/per-minute CSV and JSON files of these exports are a few MB; anything this big is not one.
MAX_TEXT_BYTES = 512 * 1024 * 1024
_THOUSANDS = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$")


def read_text(stream: Readable, name: str) -> str:
    data = stream.read(MAX_TEXT_BYTES + 1)
    if len(data) > MAX_TEXT_BYTES:
        raise ImportFormatError(f"{name}: refused: larger than {MAX_TEXT_BYTES >> 20} MB")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ImportFormatError(f"{name}: line {line}: not UTF-8 text") from None


def load_json(stream: Readable, name: str) -> Any:
    text = read_text(stream, name)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFormatError(f"{name}: line {exc.lineno}: malformed JSON ({exc.msg})") from None
    except RecursionError:
        raise ImportFormatError(f"{name}: refused: JSON nested too deeply") from None


def csv_rows(text: str, name: str, *, skip: int = 0) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) for every non-empty row after the first `skip` lines."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        for row in reader:
            if reader.line_num <= skip or not any(c.strip() for c in row):
                continue
            yield reader.line_num, row
    except csv.Error as exc:
        raise ImportFormatError(f"{name}: line {reader.line_num}: malformed CSV ({exc})") from None


def number(raw: Any, name: str, line: int | str, what: str) -> float | None:
    """A cell or JSON value as a float; empty, NaN and '--' are missing, anything else unreadable is an error."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise ImportFormatError(f"{name}: line {line}: {what} {raw!r} is not a number")
    if isinstance(raw, int | float):
        value = float(raw)
    else:
        text = str(raw).strip()
        if _THOUSANDS.match(text):  # Garmin's web CSVs write 3,262
            text = text.replace(",", "")
        if text in ("", "--", "NaN", "nan", "null"):
            return None
        try:
            value = float(text)
        except ValueError:
            raise ImportFormatError(f"{name}: line {line}: {what} {raw!r} is not a number") from None
    return value if math.isfinite(value) else None


def json_line(text: str, needle: str) -> int:
    """Best-effort line number of `needle` in a JSON text (for messages about a value, not its syntax)."""
    idx = text.find(needle)
    return text.count("\n", 0, idx) + 1 if idx >= 0 else 1
