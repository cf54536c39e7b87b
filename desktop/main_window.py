"""The one main window: navigation rail, a stack of pages, the status bar."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QHBoxLayout, QMainWindow, QStackedWidget, QWidget

from agents.app import Larder
from desktop.pages.base import Page
from desktop.pages.fridge_page import FridgePage
from desktop.pages.health_page import HealthPage
from desktop.pages.inventory_page import InventoryPage
from desktop.pages.orders_page import OrdersPage
from desktop.pages.plan_page import PlanPage
from desktop.pages.settings_page import SettingsPage
from desktop.tasks import TaskRunner
from desktop.widgets.nav_rail import NavRail
from desktop.widgets.status_bar import LarderStatusBar

DEFAULT_SIZE = (1280, 800)
MINIMUM_SIZE = (1024, 640)

# (key, rail label, icon)
PAGES = (
    ("fridge", "Fridge", "fridge"),
    ("inventory", "Inventory", "inventory"),
    ("health", "Health", "health"),
    ("plan", "Plan", "plan"),
    ("orders", "Cart", "cart"),
    ("settings", "Settings", "settings"),
)


class MainWindow(QMainWindow):
    def __init__(
        self, larder: Larder, runner: TaskRunner | None = None, *, restore_state: bool = False
    ) -> None:
        super().__init__()
        self.larder = larder
        self.runner = runner or TaskRunner(self)
        self.setWindowTitle("Larder")
        self.setMinimumSize(*MINIMUM_SIZE)
        self.resize(*DEFAULT_SIZE)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.rail = NavRail()
        self.stack = QStackedWidget()
        layout.addWidget(self.rail)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.fridge = FridgePage(larder, self.runner)
        self.inventory = InventoryPage(larder, self.runner)
        self.health = HealthPage(larder, self.runner)
        self.plan = PlanPage(larder, self.runner)
        self.orders = OrdersPage(larder, self.runner)
        self.settings_page = SettingsPage(larder, self.runner)
        self.pages: dict[str, Page] = {
            "fridge": self.fridge,
            "inventory": self.inventory,
            "health": self.health,
            "plan": self.plan,
            "orders": self.orders,
            "settings": self.settings_page,
        }
        for key, label, icon_name in PAGES:
            self.rail.add_page(label, icon_name)
            self.stack.addWidget(self.pages[key])
            self.pages[key].data_changed.connect(self._on_data_changed)
        self.rail.page_requested.connect(self._on_page_requested)
        self.inventory.scan_requested.connect(self._on_scan_requested)
        home = larder.home()
        chosen = larder.detector_settings().model_path
        self.status = LarderStatusBar(
            model_path=Path(chosen) if chosen else home.bundled_model,
            # Larder reaches a store only for a provider the user chose; the offline catalogue otherwise.
            offline=str(larder.setting("cart.provider") or "offline") == "offline",
            database=home.database,
            runner=self.runner,
        )
        self.setStatusBar(self.status)
        self._restore = restore_state
        if restore_state:
            geometry = QSettings("Larder", "Larder").value("window/geometry")
            if isinstance(geometry, QByteArray):
                self.restoreGeometry(geometry)
        self.show_page("fridge")
        self.update_badges()

    def page_keys(self) -> list[str]:
        return [key for key, _label, _icon in PAGES]

    def show_page(self, key: str) -> None:
        index = self.page_keys().index(key)
        self.stack.setCurrentIndex(index)
        self.rail.set_current(index)

    def current_page_key(self) -> str:
        return self.page_keys()[self.stack.currentIndex()]

    def update_badges(self) -> None:
        keys = self.page_keys()
        soon = self.inventory.expiring_count
        self.rail.set_badge(keys.index("inventory"), soon, f"{soon} items expire within 2 days")
        lines = self.orders.draft_line_count
        self.rail.set_badge(keys.index("orders"), lines, f"{lines} lines in draft carts")

    @Slot(int)
    def _on_page_requested(self, index: int) -> None:
        self.stack.setCurrentIndex(index)

    @Slot()
    def _on_scan_requested(self) -> None:
        self.show_page("fridge")

    @Slot()
    def _on_data_changed(self) -> None:
        sender = self.sender()
        for page in self.pages.values():
            if page is not sender:
                page.refresh()
        self.update_badges()

    def shutdown(self, wait_ms: int = 5000) -> bool:
        """Cancel running tasks and wait for the pools; True when every worker stopped in time."""
        self.runner.cancel_all()
        return self.runner.wait_for_done(wait_ms)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._restore:
            QSettings("Larder", "Larder").setValue("window/geometry", self.saveGeometry())
        self.shutdown()
        super().closeEvent(event)
