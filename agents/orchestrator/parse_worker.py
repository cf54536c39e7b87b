"""`python -m agents.orchestrator.parse_worker EXPORT`: parse one wearable export in its own process.

Writes length-prefixed pickles to stdout: ("progress", (fraction, message)) now and then, then
("done", [ParsedExport, ...]) or ("error", exception). A plain subprocess rather than multiprocessing:
spawn re-imports the parent's __main__ (a console script, the window, a REPL), which not every
embedding allows. Writes nothing anywhere else.
"""

from __future__ import annotations

import pickle
import struct
import sys
import time
from pathlib import Path
from typing import IO, Any


def send(out: IO[bytes], message: Any) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    out.write(struct.pack(">Q", len(data)) + data)
    out.flush()


def receive(stream: IO[bytes]) -> Any | None:
    """The next message, or None at the end of the stream."""
    head = stream.read(8)
    if len(head) < 8:
        return None
    (size,) = struct.unpack(">Q", head)
    return pickle.loads(stream.read(size))  # noqa: S301 - our own child process, not untrusted data


def main(argv: list[str]) -> int:
    from data.wearables.importer import parse_export

    out = sys.stdout.buffer
    last = [0.0]

    def progress(fraction: float, message: str = "") -> None:
        now = time.monotonic()
        if now - last[0] >= 0.1:
            last[0] = now
            send(out, ("progress", (fraction, message)))

    try:
        send(out, ("done", parse_export(Path(argv[0]), on_progress=progress)))
    except Exception as exc:  # noqa: BLE001 - handed to the parent, which raises it as the agent's failure
        try:
            pickle.dumps(exc)
        except Exception:  # noqa: BLE001
            exc = RuntimeError(str(exc))
        send(out, ("error", exc))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
