"""Errors raised by the vision package; every message is meant for the user and names what failed.

VisionError
 ├── PhotoError        a photo cannot be read (missing, empty, corrupt, not an image, too large)
 ├── ModelUnavailable  no usable detector model (none installed, not found, cannot be downloaded)
 ├── DatasetError      a YOLO data set (DATA.yaml) is missing or malformed
 ├── TrainingError     training failed for a reason the user can act on
 └── Cancelled         the caller cancelled a long operation
"""

from __future__ import annotations


class VisionError(Exception):
    """Root of the vision package's errors; the CLI maps it to exit 2 with one line."""


class PhotoError(VisionError):
    pass


class ModelUnavailable(VisionError):
    pass


class DatasetError(VisionError):
    pass


class TrainingError(VisionError):
    pass


class Cancelled(VisionError):
    pass
