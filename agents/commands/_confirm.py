"""Asking before something that cannot be undone: on a terminal a yes/no question, elsewhere a refusal."""

from __future__ import annotations

import sys

from agents.errors import UserError


def confirm(question: str, *, yes: bool, refusal: str) -> None:
    """Return when the user agreed (or passed --yes); raise UserError otherwise."""
    if yes:
        return
    if not sys.stdin.isatty():
        raise UserError(refusal)
    sys.stderr.write(f"{question} [y/N] ")
    sys.stderr.flush()
    answer = sys.stdin.readline().strip().lower()
    if answer not in ("y", "yes"):
        raise UserError("nothing changed (not confirmed)")
