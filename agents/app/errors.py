"""Every error a caller of the front door must be ready for, in one place.

The window and the CLI catch these by importing them from `agents.app`, never from data.* or vision.*:

    UserError          bad input (a missing file, a wrong id, a value out of range): show the message
    AgentError         an agent could not finish (ProviderError: a store failed; SecretStoreError: keyring)
    LarderDataError    storage or a wearable export (StorageError, ImportFormatError)
    VisionError        photos, models, data sets, training (PhotoError, ModelUnavailable, ...)
    Cancelled          the caller's CancelToken was set; nothing was written (not an error to show);
                       also ImportCancelled (an import) and RunCancelled (the orchestrated plan)

`USER_FACING` is the tuple to catch for "show one line"; `is_cancellation` tells a cancel apart.
"""

from __future__ import annotations

from agents.errors import AgentError, ProviderError, UserError
from agents.orchestrator.graph import RunCancelled
from agents.secrets import SecretStoreError
from data.errors import ImportCancelled, ImportFormatError, LarderDataError, StorageError
from vision.errors import (
    Cancelled,
    DatasetError,
    ModelUnavailable,
    PhotoError,
    TrainingError,
    VisionError,
)

__all__ = [
    "AgentError",
    "Cancelled",
    "DatasetError",
    "ImportCancelled",
    "ImportFormatError",
    "LarderDataError",
    "ModelUnavailable",
    "PhotoError",
    "ProviderError",
    "RunCancelled",
    "SecretStoreError",
    "StorageError",
    "TrainingError",
    "USER_FACING",
    "UserError",
    "VisionError",
    "is_cancellation",
    "is_user_facing",
]

# Errors whose message is written for the user: one line, no traceback.
USER_FACING: tuple[type[Exception], ...] = (UserError, AgentError, LarderDataError, VisionError)

# The ways a long call reports that its CancelToken was set (RunCancelled: the orchestrated plan).
CANCELLATIONS: tuple[type[Exception], ...] = (Cancelled, ImportCancelled, RunCancelled)


def is_user_facing(exc: BaseException) -> bool:
    return isinstance(exc, USER_FACING)


def is_cancellation(exc: BaseException) -> bool:
    return isinstance(exc, CANCELLATIONS)
