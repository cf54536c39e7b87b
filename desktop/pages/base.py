"""What every page shares: header, an inline banner, a body, the Larder (the core's front door) and the
task runner that runs its long calls off the UI thread."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFrame, QScrollArea, QVBoxLayout, QWidget

from agents.app import Larder
from desktop.errors import show_error
from desktop.tasks import TaskRunner
from desktop.theme import SPACING
from desktop.widgets.banner import Banner
from desktop.widgets.page_header import PageHeader

PAGE_MARGIN = 3 * SPACING
NOT_SPLIT: object = object()  # what Page.load returns for a page that reloads only on the UI thread


class Page(QWidget):
    data_changed = Signal()  # the page wrote to the database; others may refresh (badges, lists)

    def __init__(
        self,
        larder: Larder,
        runner: TaskRunner,
        *,
        title: str,
        subtitle: str,
        action: str | None = None,
        action_icon: str | None = None,
        scrolling: bool = False,
    ) -> None:
        super().__init__()
        self.larder = larder
        self.runner = runner
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN, SPACING)
        top_layout.setSpacing(SPACING)
        self.header = PageHeader(title, subtitle, action, action_icon)
        self.banner = Banner()
        top_layout.addWidget(self.header)
        top_layout.addWidget(self.banner)
        outer.addWidget(top)
        body = QWidget()
        body.setObjectName("PageBody")
        self.body = QVBoxLayout(body)
        self.body.setContentsMargins(PAGE_MARGIN, SPACING, PAGE_MARGIN, PAGE_MARGIN)
        self.body.setSpacing(2 * SPACING)
        if scrolling:
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QFrame.Shape.NoFrame)
            scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            scroll.setWidget(body)
            outer.addWidget(scroll, 1)
        else:
            outer.addWidget(body, 1)

    def page_action(
        self, text: str, keys: str | QKeySequence.StandardKey, slot: Callable[[], object]
    ) -> QAction:
        """A keyboard action of this page: live only while the page (or a child, such as its table) has
        focus, so the same keys can mean another thing on another page."""
        action = QAction(text, self)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    @property
    def primary(self) -> object:
        return self.header.primary

    def refresh(self) -> None:
        """Reload what the page shows through the Larder (on the UI thread: `apply(load())` when split)."""

    def load(self) -> object:
        """Read what `refresh` shows, in a worker thread (desktop/refresh.py): Larder reads only, no
        widget touched; returns frozen views for `apply`. A page that does not split returns NOT_SPLIT."""
        return NOT_SPLIT

    def apply(self, loaded: object) -> None:
        """Show what `load` read (UI thread)."""
        self.refresh()

    @Slot(object)
    def report_failure(self, exc: object) -> None:
        """An expected error is a note in the page's banner; anything else also opens the details dialog."""
        if isinstance(exc, BaseException):
            report = show_error(self, exc, dialog_for_expected=False)
            if report is not None and report.expected:
                self.banner.show_message(report.message, "warning")
