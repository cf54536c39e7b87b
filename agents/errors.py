"""Errors of the agents package.

UserError          a problem with what the user asked for: exit code 2, one line, no traceback
AgentError         an agent could not finish (also shown as one line)
 └── ProviderError a product provider failed (network, auth, rate limit)
"""

from __future__ import annotations


class UserError(Exception):
    """Bad input from the user; the message is shown as it is."""


class AgentError(Exception):
    pass


class ProviderError(AgentError):
    pass
