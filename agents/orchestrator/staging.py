"""One transaction for everything a run writes, by handing the existing writers a shared session.

The scan, import, plan and order writers each open `db.session()`; given a `SharedTransaction` they all
write into one outer transaction instead, each inside its own SAVEPOINT (so one writer's failure undoes
only its own part). `preview` does the same and rolls everything back: the nutrition agent reads the
state as it will be once the run's scan and import are written, without writing anything.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path

from sqlmodel import Session

from data.db import Database, writing


class SharedTransaction(Database):
    """A Database whose `session()` is a savepoint in one session the caller commits or rolls back."""

    def __init__(self, session: Session, path: Path | str) -> None:  # no engine of its own
        self.path = path
        self._shared = session

    @contextmanager
    def session(self, *, write: bool = False) -> Iterator[Session]:
        """`write` is the outer transaction's business (a commit=True transaction is a write one)."""
        with self._shared.begin_nested():
            yield self._shared
        self._shared.flush()

    def close(self) -> None:  # the owner of the real Database closes it
        pass


@contextmanager
def transaction(db: Database, *, commit: bool) -> Iterator[SharedTransaction]:
    """All writes through the yielded database commit together at the end (or never, commit=False).
    One that commits takes the write lock when it begins (data.db.writing): it reads, then writes."""
    with writing() if commit else nullcontext(), Session(db.engine, expire_on_commit=False) as session:
        session.begin()
        try:
            yield SharedTransaction(session, db.path)
            if commit:
                session.commit()
            else:
                session.rollback()
        except BaseException:
            session.rollback()
            raise
