"""Apple Health export.xml: streamed, aggregated per local day, watch preferred over phone.

The document is read by a byte scanner for the form Apple writes (`apple_scan`), which hands over
to lxml (`apple_lxml`) at the first thing outside that form; both feed one `AppleAggregator`
(`apple_agg`), so memory grows with days x sources, never with records.
"""

from __future__ import annotations

import threading

from data.wearables.apple_agg import FORMAT, AppleAggregator
from data.wearables.apple_scan import scan_apple_xml
from data.wearables.archive import Readable
from data.wearables.model import ParsedExport
from data.wearables.xmlsafe import defang_prolog

__all__ = ["FORMAT", "AppleAggregator", "is_apple_xml", "parse_apple_xml"]


def parse_apple_xml(
    raw: Readable, name: str, *, cancel: threading.Event | None = None, check_every: int = 20000
) -> ParsedExport:
    """Stream one export.xml (already a byte stream) into per-day values. Raises ImportFormatError."""
    agg = AppleAggregator()
    scan_apple_xml(agg, defang_prolog(raw, b"HealthData", name), name, cancel=cancel, check_every=check_every)
    return agg.result()


def is_apple_xml(head: bytes) -> bool:
    return (b"<!DOCTYPE HealthData" in head or b"<HealthData" in head) and b"<ClinicalDocument" not in head
