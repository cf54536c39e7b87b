"""Opening an XML export so that no entity is ever declared, expanded or fetched.

Apple's export starts with an internal DTD of ELEMENT/ATTLIST declarations (and sometimes a malformed
one). The prolog is scanned before parsing: any <!ENTITY declaration refuses the file, and the DOCTYPE
block is replaced by as many newlines as it spanned, so the parser never sees a DTD and the line
numbers in error messages still match the file.
"""

from __future__ import annotations

from data.errors import ImportFormatError
from data.wearables.archive import Readable

PROLOG_LIMIT = 4 * 1024 * 1024
_CHUNK = 64 * 1024


class PrefixedReader:
    """A read()-able stream that serves `prefix` first, then the rest of `raw`."""

    def __init__(self, prefix: bytes, raw: Readable) -> None:
        self.prefix = prefix
        self.raw = raw

    def read(self, n: int = -1) -> bytes:
        if self.prefix:
            if n is None or n < 0:
                data, self.prefix = self.prefix + self.raw.read(), b""
                return data
            data, self.prefix = self.prefix[:n], self.prefix[n:]
            return data
        return self.raw.read(n)


def defang_prolog(raw: Readable, root_tag: bytes, name: str) -> PrefixedReader:
    """Read up to the root element, refuse entity declarations and drop the DOCTYPE block."""
    start = b"<" + root_tag
    buf = b""
    while True:
        idx_root = _root_start(buf, start)
        if idx_root >= 0:
            break
        chunk = raw.read(_CHUNK)
        if not chunk:
            raise ImportFormatError(f"{name}: no <{root_tag.decode()}> element: not a complete export")
        buf += chunk
        if len(buf) > PROLOG_LIMIT and _root_start(buf, start) < 0:
            raise ImportFormatError(
                f"{name}: no <{root_tag.decode()}> element in the first {PROLOG_LIMIT >> 20} MB: not an export"
            )
    prolog = buf[:idx_root]
    if b"<!ENTITY" in prolog.upper():
        raise ImportFormatError(
            f"{name}: refused: the file declares XML entities, which an export never does"
        )
    doctype = prolog.find(b"<!DOCTYPE")
    if doctype >= 0:
        # Up to the end of the internal subset if there is one, else to the DOCTYPE's own '>'.
        end = prolog.rfind(b"]>")
        end = end + 2 if end > doctype else prolog.find(b">", doctype) + 1
        if end <= doctype:
            raise ImportFormatError(f"{name}: line 1: the DOCTYPE is not terminated")
        removed = prolog[doctype:end]
        prolog = prolog[:doctype] + b"\n" * removed.count(b"\n") + prolog[end:]
    return PrefixedReader(prolog + buf[idx_root:], raw)


def _root_start(buf: bytes, start: bytes) -> int:
    idx = buf.find(start)
    while idx >= 0:
        after = buf[idx + len(start) : idx + len(start) + 1]
        if after in (b" ", b">", b"/", b"\n", b"\r", b"\t"):
            return idx
        if not after:
            return -1  # the tag name may continue in the next chunk
        idx = buf.find(start, idx + 1)
    return -1
