"""A dashed area that accepts dropped files of the given suffixes (and folders, when allowed)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDragLeaveEvent, QDropEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop import icons
from desktop.theme import COLORS, SPACING


class DropZone(QFrame):
    files_dropped = Signal(list)  # list[str], only accepted paths
    rejected = Signal(str)  # why a drop was refused

    def __init__(
        self,
        icon_name: str,
        title: str,
        hint: str,
        suffixes: tuple[str, ...],
        *,
        accept_folders: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("DropZone")
        self.setAcceptDrops(True)
        self.suffixes = tuple(s.lower() for s in suffixes)
        self.accept_folders = accept_folders
        layout = QVBoxLayout(self)
        layout.setContentsMargins(3 * SPACING, 3 * SPACING, 3 * SPACING, 3 * SPACING)
        layout.setSpacing(SPACING)
        layout.addStretch(1)
        pic = QLabel()
        pic.setPixmap(icons.pixmap(icon_name, COLORS["accent"], 44))
        pic.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title = QLabel(title)
        self.title.setObjectName("DropTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint = QLabel(hint)
        self.hint.setProperty("muted", True)
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        for widget in (pic, self.title, self.hint):
            layout.addWidget(widget)
        self.buttons = QHBoxLayout()
        self.buttons.setSpacing(SPACING)
        self.buttons.addStretch(1)
        self.buttons.addStretch(1)
        layout.addSpacing(SPACING)
        layout.addLayout(self.buttons)
        layout.addStretch(1)

    def add_button(self, widget: QWidget) -> None:
        self.buttons.insertWidget(self.buttons.count() - 1, widget)

    def accepts(self, path: Path) -> bool:
        if path.is_dir():
            return self.accept_folders
        return path.suffix.lower() in self.suffixes

    def _paths(self, event: QDragEnterEvent | QDropEvent) -> list[Path]:
        mime = event.mimeData()
        if not mime.hasUrls():
            return []
        return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]

    def _set_active(self, active: bool) -> None:
        self.setProperty("dragActive", active)
        self.style().unpolish(self)
        self.style().polish(self)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if any(self.accepts(p) for p in self._paths(event)):
            self._set_active(True)
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self._set_active(False)
        super().dragLeaveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        self._set_active(False)
        paths = self._paths(event)
        accepted = [str(p) for p in paths if self.accepts(p)]
        if accepted:
            event.acceptProposedAction()
            self.files_dropped.emit(accepted)
        if len(accepted) < len(paths):
            refused = [p.name for p in paths if str(p) not in accepted]
            self.rejected.emit(f"not a supported file: {', '.join(refused[:3])}")
