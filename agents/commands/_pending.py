"""Shared refusal for subcommands whose capability has not landed yet."""

from __future__ import annotations

from agents.errors import UserError


def not_yet(name: str) -> int:
    raise UserError(f"`larder {name}` is not available in this build yet")
