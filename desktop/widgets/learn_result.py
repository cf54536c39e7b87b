"""What "Teach Larder" did: improved (the new model is active) or kept, the before/after figures on the
held-back photos, the time it took, and Rollback while a personal model is active."""

from __future__ import annotations

import re

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from agents.app import LearnReport
from desktop import icons
from desktop.theme import COLORS, SPACING, notifier

CLI_HINT = re.compile(r"\s*\([^()]*`larder [^()]*\)")
FIGURES = (
    ("f1", "F1"),
    ("precision", "precision"),
    ("recall", "recall"),
    ("bundled_val_f1", "bundled-data F1"),
)


def duration(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.0f} s"
    return f"{int(seconds // 60)} min {int(seconds % 60):02d} s"


def figures_text(report: LearnReport) -> str:
    """ "F1 0.41 → 0.58 · precision 0.50 → 0.70 …" for the figures both sides have."""
    parts = [
        f"{word} {report.before[key]:.2f} → {report.after[key]:.2f}"
        for key, word in FIGURES
        if key in report.before and key in report.after
    ]
    if not parts and report.before:
        parts = [f"{word} {report.before[key]:.2f} before" for key, word in FIGURES if key in report.before]
    return " · ".join(parts)


class LearnResult(QFrame):
    rollback_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("LearnResult")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(2 * SPACING, SPACING + 2, SPACING, SPACING + 2)
        layout.setSpacing(2 * SPACING)
        text = QVBoxLayout()
        text.setSpacing(2)
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: 700;")
        self.figures = QLabel()
        self.detail = QLabel()
        self.detail.setProperty("muted", True)
        self.detail.setWordWrap(True)
        text.addWidget(self.title)
        text.addWidget(self.figures)
        text.addWidget(self.detail)
        layout.addLayout(text, 1)
        self.rollback_button = QPushButton("Rollback")
        self.rollback_button.setToolTip(
            "Make the model that was active before the last improvement active again"
        )
        self.rollback_button.clicked.connect(self.rollback_requested.emit)
        self.close_button = close = QPushButton()
        close.setToolTip("Dismiss")
        close.setAccessibleName("Dismiss what Larder learned")
        close.clicked.connect(self.hide)
        layout.addWidget(self.rollback_button)
        layout.addWidget(close)
        self.report: LearnReport | None = None
        self._restyle()
        notifier().changed.connect(self._restyle)
        self.hide()

    @Slot()
    def _restyle(self) -> None:
        improved = self.report is not None and self.report.status == "improved"
        soft = COLORS["accent_soft"] if improved else COLORS["neutral_soft"]
        self.setStyleSheet(f"QFrame#LearnResult {{ background: {soft}; border-radius: 8px; }}")
        self.close_button.setIcon(icons.icon("close", COLORS["muted"]))

    def show_report(self, report: LearnReport, *, can_roll_back: bool) -> None:
        self.report = report
        improved = report.status == "improved"
        self._restyle()
        if report.status == "rolled_back":
            self.title.setText("Rolled back: the previous model is active again")
        elif improved:
            self.title.setText("Larder improved: your personal model is now active")
        else:
            self.title.setText("Kept the current model")
        figures = figures_text(report)
        trained = bool(report.before) and report.status != "rolled_back"
        if report.status == "kept" and not trained:
            self.title.setText("Not enough to learn from yet")
        held = (
            f" on {report.held_out} held-back photo{'s' if report.held_out != 1 else ''}"
            if report.held_out
            else ""
        )
        self.figures.setText(f"{figures}{held}")
        self.figures.setVisible(trained and bool(figures))
        reason = CLI_HINT.sub("", report.reason)  # the window's user reviews here, not on the command line
        reason = reason[:1].upper() + reason[1:]
        photos = f"{report.photos} reviewed photo{'s' if report.photos != 1 else ''}"
        if trained:
            self.detail.setText(f"{reason}. {duration(report.seconds)} on {photos}.")
        elif report.status == "kept":
            self.detail.setText(f"{reason}. Check a few more scans, then teach again.")
        else:
            self.detail.setText(reason)
        self.rollback_button.setVisible(can_roll_back)
        self.show()
