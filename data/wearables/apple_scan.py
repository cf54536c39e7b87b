"""Fast path for Apple Health export.xml: a byte scanner for the exact form Apple writes.

Apple writes one element per line, attributes in a fixed order with one space between them, double
quotes, no text and no comment after the DTD. Compiled patterns match that form over multi-MB byte
buffers: a run of records the importer never reads (heart rate, ...) is checked and counted in one
match; the records it reads come out as captured fields. Everything the scanner accepts is
well-formed: names, quoting, references (`&lt;`, `&#x2019;`), nesting, duplicate attributes, and
UTF-8 (byte by byte, in the patterns) are all checked. The first thing outside that form (a comment,
CDATA, text, single quotes, an unknown entity, a truncated file...) hands the rest of the document
to the lxml parser, fed the elements still open and padded with newlines so its line numbers match
the file: unusual but valid exports still import, and malformed ones are refused with libxml2's
message and line. tests/wearables/test_apple_fast.py checks both give the same result.
"""

from __future__ import annotations

import math
import re
import threading

from data.errors import ImportCancelled, ImportFormatError
from data.wearables.apple_agg import (
    CUMULATIVE,
    METRIC_INDEX,
    USED_TYPES,
    AppleAggregator,
    add_export_date,
    add_me,
    add_record,
    add_summary,
    add_workout,
)
from data.wearables.apple_lxml import parse_with_lxml
from data.wearables.archive import Readable

CHUNK = 4 << 20
# A token that does not match with this much input left is not cut short by the buffer: it is odd.
LOOKAHEAD = 1 << 20

_WS = rb"[ \t\r\n]"
# No ':' and (below) no xmlns: namespaced documents are lxml's, which reads them namespace-aware.
_NAME = rb"[A-Za-z_][A-Za-z0-9_.\-]*+"
_CH = rb'[^"<&\x00-\x08\x0b\x0c\x0e-\x1f\x80-\xff]'
_REF = rb"&(?:lt|gt|amp|quot|apos|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});"
# One UTF-8 character that XML allows (no surrogate, no U+FFFE/U+FFFF): the patterns are the UTF-8 check.
_U8 = (
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee][\x80-\xbf]{2}"
    rb"|\xef(?:[\x80-\xbe][\x80-\xbf]|\xbf[\x80-\xbd])|\xed[\x80-\x9f][\x80-\xbf]"
    rb"|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
_VAL = _CH + rb"*+(?:(?:" + _REF + rb"|" + _U8 + rb")" + _CH + rb"*+)*+"
# In the records matched whole, character references go to the general tag path, which checks them.
_VAL_NAMED = _CH + rb"*+(?:(?:&(?:lt|gt|amp|quot|apos);|" + _U8 + rb")" + _CH + rb"*+)*+"
_EQ = _WS + rb"*+=" + _WS + rb"*+"
# Values used as they are: ASCII, no reference to expand and no whitespace that XML would normalise.
_PLAIN = rb'[^"<&\x00-\x1f\x80-\xff]*+'


def _attr(name: bytes, value: bytes, group: str = "", *, optional: bool = False) -> bytes:
    # Exactly as Apple writes it (one space before, none around '='); other spacing takes the tag path.
    v = b"(?P<" + group.encode() + b">" + value + b")" if group else value
    a = b" " + name + b'="' + v + b'"'
    return b"(?:" + a + b")?" if optional else a


def _record_attrs(capture: bool) -> bytes:
    def g(name: str) -> str:
        return name if capture else ""

    if capture:
        rtype = _attr(b"type", _PLAIN, "rt")
    else:
        used = b"|".join(re.escape(t.encode()) for t in USED_TYPES)
        rtype = b' type="(?!(?:' + used + b')")' + _PLAIN + b'"'
    return (
        rtype
        + _attr(b"sourceName", _VAL_NAMED, g("rs"))
        + _attr(b"sourceVersion", _VAL_NAMED, optional=True)
        + _attr(b"device", _VAL_NAMED, g("rd"), optional=True)
        + _attr(b"unit", _PLAIN, g("ru"), optional=True)
        + _attr(b"creationDate", _VAL_NAMED, optional=True)
        + _attr(b"startDate", _PLAIN, g("r0"))
        + _attr(b"endDate", _PLAIN, g("r1"))
        + _attr(b"value", _PLAIN, g("rv"), optional=True)
    )


_META = rb"<MetadataEntry" + _attr(b"key", _VAL_NAMED) + _attr(b"value", _VAL_NAMED) + _WS + rb"*+/>"
_CHILDREN = (
    rb"(?:" + _WS + rb"*+/>|" + _WS + rb"*+>(?:" + _WS + rb"*+" + _META + rb")*+" + _WS + rb"*+</Record>)"
)
_RUN = rb"(?:" + _WS + rb"*+<Record" + _record_attrs(False) + _CHILDREN + rb")++"
_REC = _WS + rb"*+<Record" + _record_attrs(True) + _CHILDREN
_START = (
    _WS + rb"*+<(?P<sn>" + _NAME + rb")(?P<sa>(?:" + _WS + rb"++" + _NAME + _EQ + rb'"' + _VAL + rb'")*+)'
    rb"" + _WS + rb"*+(?P<sc>/?)>"
)
_END = _WS + rb"*+</(?P<en>" + _NAME + rb")" + _WS + rb"*+>"
_TOP = re.compile(
    rb"(?P<run>" + _RUN + rb")|(?P<rec>" + _REC + rb")|(?P<start>" + _START + rb")|(?P<end>" + _END + rb")"
)
_NESTED = re.compile(rb"(?P<start>" + _START + rb")|(?P<end>" + _END + rb")")
_ATTR = re.compile(_WS + rb"++(" + _NAME + rb")" + _EQ + rb'"(' + _VAL + rb')"')
_XML_DECL = (
    rb"<\?xml" + _WS + rb"++version" + _EQ + rb"(?:\"1\.[0-9]++\"|'1\.[0-9]++')"
    rb"(?:" + _WS + rb"++encoding" + _EQ + rb"(?:\"(?i:utf-8)\"|'(?i:utf-8)'))?+"
    rb"(?:" + _WS + rb"++standalone" + _EQ + rb"(?:\"(?:yes|no)\"|'(?:yes|no)'))?+" + _WS + rb"*+\?>"
)
# What the fast path accepts before the root: an optional BOM and UTF-8 declaration, then whitespace.
_PROLOG = re.compile(rb"(?:\xef\xbb\xbf)?(?:" + _XML_DECL + rb")?+" + _WS + rb"*+(?=<HealthData[ \t\r\n/>])")
_REFS = re.compile(r"&(lt|gt|amp|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);")
_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}
_FLAT = bytes.maketrans(b"\t\r\n", b"   ")
_CUM_B = {t.encode(): (METRIC_INDEX[m], kind) for t, (m, kind) in CUMULATIVE.items()}
_RG = [_TOP.groupindex[g] for g in ("rt", "rs", "rd", "ru", "r0", "r1", "rv")]
_ACTED = (b"ActivitySummary", b"Me", b"ExportDate")


class _Odd(Exception):
    """Valid-looking input the scanner does not vouch for: lxml takes over from the current element."""


def _legal(cp: int) -> bool:
    return (
        cp in (0x9, 0xA, 0xD) or 0x20 <= cp <= 0xD7FF or 0xE000 <= cp <= 0xFFFD or 0x10000 <= cp <= 0x10FFFF
    )


def _ref(m: re.Match[str]) -> str:
    ref = m.group(1)
    if ref[0] != "#":
        return _ENTITIES[ref]
    cp = int(ref[2:], 16) if ref[1] == "x" else int(ref[1:])
    if not _legal(cp):
        raise _Odd(ref)
    return chr(cp)


def decode_value(raw: bytes) -> str:
    """An attribute value as XML reads it: whitespace normalised to spaces, references expanded."""
    s = raw.decode("utf-8")
    if "\r" in s:
        s = s.replace("\r\n", "\n")
    s = s.replace("\t", " ").replace("\n", " ").replace("\r", " ")
    return _REFS.sub(_ref, s) if "&" in s else s


def _decode_attrs(buf: bytes, start: int, end: int) -> dict[str, str]:
    pairs = _ATTR.findall(buf, start, end)
    attrs = {n.decode("ascii"): decode_value(v) for n, v in pairs}
    if len(attrs) != len(pairs) or any(n.startswith("xmlns") for n in attrs):
        raise _Odd("duplicate attribute or namespace")  # lxml names the error with its line
    return attrs


def _record_dict(fields: tuple[bytes | None, ...]) -> dict[str, str]:
    names = ("type", "sourceName", "device", "unit", "startDate", "endDate", "value")
    return {k: decode_value(v) for k, v in zip(names, fields, strict=True) if v is not None}


class _Resumed:
    """What lxml reads after a hand-over: newlines up to the current line, the open elements, the rest."""

    def __init__(self, newlines: int, head: bytes, raw: Readable) -> None:
        self.newlines = newlines
        self.head = head
        self.raw = raw

    def read(self, n: int = -1) -> bytes:
        n = CHUNK if n is None or n < 0 else n
        if self.newlines:
            k = min(self.newlines, n)
            self.newlines -= k
            return b"\n" * k
        if self.head:
            data, self.head = self.head[:n], self.head[n:]
            return data
        return self.raw.read(n)


def scan_apple_xml(
    agg: AppleAggregator,
    raw: Readable,
    name: str,
    *,
    cancel: threading.Event | None = None,
    check_every: int = 20000,
) -> None:
    """Stream a document (its DOCTYPE already removed) into `agg`; cancel is checked per 4 MB read."""
    buf = b""
    pos = 0
    lines = 0  # newlines before buf[0]
    eof = False

    def fill() -> None:
        nonlocal buf, pos, lines, eof
        if cancel is not None and cancel.is_set():
            raise ImportCancelled("import cancelled; nothing was written")
        chunk = raw.read(CHUNK)
        eof = not chunk
        lines += buf.count(b"\n", 0, pos)
        buf = buf[pos:] + chunk
        pos = 0
        cursor[0], cursor[1] = 0, 0

    cursor = [0, 0]  # an offset in buf and the newlines before it: line numbers cost O(file) in all

    def line_at(at: int) -> int:
        if at < cursor[0]:
            cursor[0], cursor[1] = 0, 0
        cursor[1] += buf.count(b"\n", cursor[0], at)
        cursor[0] = at
        return lines + cursor[1] + 1

    # The WorkoutStatistics read so far of the top-level Workout that is open.
    workout_stats: list[dict[str, str]] = []

    def act(tag: bytes, attrs: dict[str, str], top: bool, line: int) -> int:
        """Handles an element the importer reads, at its end as lxml does; returns records counted."""
        where = f"{name}: line {line}"
        try:
            if tag == b"Record":
                if top:
                    add_record(agg, attrs.get, where)
                    return 1
            elif tag == b"WorkoutStatistics":
                workout_stats.append(attrs)
            elif tag == b"Workout":
                stats = [s.get for s in workout_stats]
                workout_stats.clear()
                add_workout(agg, attrs.get, stats, where)
                return 1
            elif tag == b"ActivitySummary":
                add_summary(agg, attrs.get, where)
            elif tag == b"Me":
                add_me(agg, attrs.get, where)
            elif tag == b"ExportDate":
                add_export_date(agg, attrs.get)
        except (ValueError, KeyError) as exc:
            raise ImportFormatError(f"{where}: {exc}") from None
        except ImportFormatError as exc:
            if "line" not in str(exc):
                raise ImportFormatError(f"{where}: {exc}") from None
            raise
        return 0

    while not eof and len(buf) < LOOKAHEAD:
        fill()
    if _PROLOG.match(buf) is None:
        # A comment, a processing instruction, another encoding...: the general parser reads it all.
        parse_with_lxml(agg, _Resumed(0, buf, raw), name, cancel=cancel, check_every=check_every)
        return

    records = 0
    stamp = agg.stamp
    add_span = agg.add_span
    factors: dict[tuple[str, bytes | None], float] = {}
    sources: dict[tuple[bytes, bytes | None], int] = {}
    # (name, start tag as written, decoded attributes when the element is one we read, offset in file)
    stack: list[tuple[bytes, bytes, dict[str, str] | None, int]] = []
    root_done = False
    top_match, nested_match = _TOP.match, _NESTED.match
    pos = _PROLOG.match(buf).end()  # type: ignore[union-attr]
    while True:
        if not eof and len(buf) - pos < LOOKAHEAD:
            fill()
            continue
        depth = len(stack)
        if root_done:
            if buf[pos:].strip(b" \t\r\n"):
                break  # something after the root: lxml says whether it is a comment or an error
            if eof:
                agg.records += records
                return
            pos = len(buf)
            continue
        m = top_match(buf, pos) if depth == 1 else nested_match(buf, pos)
        if m is None:
            break
        kind = m.lastgroup
        try:
            if kind == "run":
                records += buf.count(b"<Record", pos, m.end())
            elif kind == "rec":
                fields = m.group(*_RG)
                rtype, rs, rd, ru, r0, r1, rv = fields
                spec = _CUM_B.get(rtype)
                done = False
                if spec is not None:
                    try:
                        value = float(rv)
                        fkey = (spec[1], ru)
                        factor = factors.get(fkey)
                        if factor is None:
                            factor = factors[fkey] = agg.unit_factor(spec[1], decode_value(ru or b""))
                        skey = (rs, rd)
                        src = sources.get(skey)
                        if src is None:
                            src = sources[skey] = agg.source(decode_value(rs), decode_value(rd or b""))
                        d0, s0, o0 = stamp(r0)
                        d1, s1, o1 = stamp(r1)
                        if math.isfinite(value):
                            add_span(spec[0], src, d0, s0, o0, d1, s1, o1, value * factor)
                            done = True
                    except (ValueError, TypeError, KeyError, ImportFormatError):
                        pass  # the general handler below gives the error its message and line
                if not done:
                    records += act(b"Record", _record_dict(fields), True, line_at(buf.index(b"<", pos)))
                else:
                    records += 1
            elif kind == "start":
                tag = m.group("sn")
                if depth == 0 and tag != b"HealthData":
                    break
                # Decoded even when unused: duplicate names and illegal characters are refused everywhere.
                attrs: dict[str, str] | None = _decode_attrs(buf, m.start("sa"), m.end("sa"))
                if tag == b"Workout" and depth == 1:
                    workout_stats.clear()
                elif not (
                    (tag == b"Record" and depth == 1)
                    or tag in _ACTED
                    or (tag == b"WorkoutStatistics" and depth == 2 and stack[1][0] == b"Workout")
                ):
                    attrs = None
                if m.group("sc"):
                    if attrs is not None:
                        records += act(tag, attrs, depth == 1, line_at(buf.index(b"<", pos)))
                    if depth == 0:
                        root_done = True
                else:
                    lt = buf.index(b"<", pos)
                    line = line_at(lt) if attrs is not None else 0
                    stack.append(
                        (tag, buf[lt : m.end()].replace(b"\r\n", b" ").translate(_FLAT), attrs, line)
                    )
            else:
                if not stack or stack[-1][0] != m.group("en"):
                    break  # lxml reports the mismatched tag
                tag, _, attrs, line = stack.pop()
                if attrs is not None:
                    records += act(tag, attrs, len(stack) == 1, line)
                root_done = not stack
        except _Odd:
            break
        pos = m.end()
    agg.records += records
    # Hand over: lxml reads the open elements again (as written) and then the rest of the file.
    head = b"".join(entry[1] for entry in stack) if stack else (b"<HealthData/>" if root_done else b"")
    newlines = line_at(pos) - 1
    in_workout = len(stack) > 1 and stack[1][0] == b"Workout"
    parse_with_lxml(
        agg,
        _Resumed(newlines, head + buf[pos:], raw),
        name,
        cancel=cancel,
        check_every=check_every,
        open_workout=list(workout_stats) if in_workout else None,
    )
