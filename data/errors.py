"""Errors raised by the data package.

LarderDataError
 ├── StorageError       the database cannot be opened or written
 ├── ImportFormatError  an export file is malformed, hostile or of an unknown format
 └── ImportCancelled    the caller cancelled an import (nothing was written)
"""

from __future__ import annotations


class LarderDataError(Exception):
    """Root of the data package's errors; the message is meant for the user."""


class StorageError(LarderDataError):
    pass


class ImportFormatError(LarderDataError):
    pass


class ImportCancelled(LarderDataError):
    pass
