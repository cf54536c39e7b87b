"""The one place exceptions become UI: the core's user-facing errors (as the front door names them) as a
short message, cancellation ignored, anything else as "Unexpected error" with copyable details (logged)."""

from __future__ import annotations

import logging
import traceback
from dataclasses import dataclass

from PySide6.QtWidgets import QMessageBox, QWidget

from agents.app import is_cancellation, is_user_facing

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ErrorReport:
    title: str
    message: str
    details: str
    expected: bool


def describe(exc: BaseException) -> ErrorReport | None:
    """None for a cancellation (not an error); otherwise what to show."""
    if is_cancellation(exc):
        return None
    if is_user_facing(exc):
        text = " ".join(str(exc).split()) or type(exc).__name__
        return ErrorReport("Larder", text, "", True)
    details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    return ErrorReport("Unexpected error", f"{type(exc).__name__}: {exc}", details, False)


def show_error(
    parent: QWidget | None, exc: BaseException, *, dialog_for_expected: bool = True
) -> ErrorReport | None:
    """Log `exc` and show it in a dialog. A page that shows expected errors in its own banner passes
    dialog_for_expected=False, so the user does not read the same sentence twice."""
    report = describe(exc)
    if report is None:
        return None
    if report.expected:
        log.info("user-facing error: %s", report.message)
        if not dialog_for_expected:
            return report
    else:
        log.error("unexpected error\n%s", report.details)
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning if report.expected else QMessageBox.Icon.Critical)
    box.setWindowTitle(report.title)
    box.setText(report.message)
    if report.details:
        box.setInformativeText("Larder hit a problem it did not expect. The details are in the log.")
        box.setDetailedText(report.details)
    box.open()
    return report
