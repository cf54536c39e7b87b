"""The general Apple Health parser: lxml iterparse over any well-formed export.xml.

The byte scanner (`apple_scan`) hands over to this parser whenever it meets anything outside the
narrow form Apple writes, so every valid document is read and every malformed one is refused with
libxml2's own message and line.
"""

from __future__ import annotations

import threading

from lxml import etree

from data.errors import ImportCancelled, ImportFormatError
from data.wearables.apple_agg import (
    AppleAggregator,
    Getter,
    add_export_date,
    add_me,
    add_record,
    add_summary,
    add_workout,
)
from data.wearables.archive import Readable

_WANTED_TAGS = ("Record", "ActivitySummary", "Me", "ExportDate", "Workout", "Correlation")


def parse_with_lxml(
    agg: AppleAggregator,
    stream: Readable,
    name: str,
    *,
    cancel: threading.Event | None = None,
    check_every: int = 20000,
    open_workout: list[dict[str, str]] | None = None,
) -> None:
    """Stream a document (its DOCTYPE already removed) into `agg`. Raises ImportFormatError.

    `open_workout`: the statistics the byte scanner already read of the Workout it handed over inside
    (lxml reads that Workout's start tag again, and only the children after the hand-over).
    """
    pending = open_workout
    # Errors are read from the thread's log below: an earlier document's must not be reported again.
    etree.clear_error_log()
    context = etree.iterparse(
        stream,
        events=("end",),
        tag=_WANTED_TAGS,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=True,
        remove_comments=True,
    )
    el: etree._Element | None = None
    try:
        for _, el in context:
            parent = el.getparent()
            top = parent is not None and parent.tag == "HealthData"
            tag = el.tag
            if tag == "Record" and top:
                add_record(agg, el.attrib.get, f"{name}: line {el.sourceline}")
                agg.records += 1
            elif tag == "Workout" and top:
                stats: list[Getter] = [s.get for s in pending or ()]
                pending = None
                stats.extend(child.attrib.get for child in el if child.tag == "WorkoutStatistics")
                add_workout(agg, el.attrib.get, stats, f"{name}: line {el.sourceline}")
                agg.records += 1
            elif tag == "ActivitySummary":
                add_summary(agg, el.attrib.get, f"{name}: line {el.sourceline}")
            elif tag == "Me":
                add_me(agg, el.attrib.get, f"{name}: line {el.sourceline}")
            elif tag == "ExportDate":
                add_export_date(agg, el.attrib.get)
            if top or parent is None:
                el.clear(keep_tail=False)
                if parent is not None:
                    while el.getprevious() is not None:
                        del parent[0]
            if agg.records % check_every == 0 and cancel is not None and cancel.is_set():
                raise ImportCancelled("import cancelled; nothing was written")
    except etree.XMLSyntaxError as exc:
        line, msg = _syntax_error_where(exc)
        raise ImportFormatError(f"{name}: line {line}: malformed XML ({msg})") from None
    except (ValueError, KeyError) as exc:
        line = el.sourceline if el is not None else "?"
        raise ImportFormatError(f"{name}: line {line}: {exc}") from None
    except ImportFormatError as exc:
        if el is not None and "line" not in str(exc):  # a unit error knows no line
            raise ImportFormatError(f"{name}: line {el.sourceline}: {exc}") from None
        raise


def _syntax_error_where(exc: etree.XMLSyntaxError) -> tuple[object, str]:
    # With a Python stream lxml sometimes reports "no element found" at line 0; the log has the real cause.
    fatal = [e for e in exc.error_log if e.level_name == "FATAL"]
    if fatal:
        return fatal[0].line, fatal[0].message.strip()
    return (exc.lineno or "?"), exc.msg
