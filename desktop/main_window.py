"""The one main window: navigation rail, a stack of pages, the status bar, the window's shortcuts.

It can show itself before the data is open (`MainWindow(None, home_root=...)`, then `attach(larder)`):
the launcher shows the rail at once and builds the pages (which import the core) a moment later.
Size, position, the last page, the theme and whether the Cart page's Where to buy card is folded are
kept in <home>/window.ini (QSettings), never in the user's system-wide Qt settings, so a test home keeps
its own."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QMainWindow, QStackedWidget, QWidget

from desktop import theme
from desktop.tasks import TaskRunner
from desktop.widgets.help_overlay import HelpOverlay, with_shortcut
from desktop.widgets.nav_rail import NavRail

if TYPE_CHECKING:
    from agents.app import Larder
    from desktop.pages.base import Page
    from desktop.refresh import RefreshScheduler

DEFAULT_SIZE = (1280, 800)
MINIMUM_SIZE = (1024, 640)
SETTINGS_FILE = "window.ini"
SETUP_FOLDED_KEY = "cart/where_to_buy_folded"  # the Cart page's Where to buy card, folded to one line

# (key, rail label, icon)
PAGES = (
    ("fridge", "Fridge", "fridge"),
    ("inventory", "Inventory", "inventory"),
    ("health", "Health", "health"),
    ("plan", "Plan", "plan"),
    ("list", "List", "list"),
    ("orders", "Cart", "cart"),
    ("settings", "Settings", "settings"),
)


def window_settings(home_root: Path) -> QSettings:
    """The window's own preferences (geometry, last page, theme) beside the home's database."""
    return QSettings(str(home_root / SETTINGS_FILE), QSettings.Format.IniFormat)


def saved_theme(home_root: Path) -> str:
    choice = str(window_settings(home_root).value("theme", "system"))
    return choice if choice in theme.THEME_CHOICES else "system"


class MainWindow(QMainWindow):
    def __init__(
        self,
        larder: Larder | None,
        runner: TaskRunner | None = None,
        *,
        restore_state: bool = False,
        home_root: Path | None = None,
    ) -> None:
        super().__init__()
        self.larder: Larder | None = None
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
        self.stack.setAccessibleName("Page")
        layout.addWidget(self.rail)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.pages: dict[str, Page] = {}
        self.undo_stack = QUndoStack(self)  # the window's, not a page's: a theme switch rebuilds the pages
        self.refreshes: RefreshScheduler | None = None  # made with the pages: it imports the core
        self._restore = restore_state
        root = home_root or (larder.root if larder is not None else None)
        self._settings = window_settings(root) if root is not None else None
        self.window_actions: list[QAction] = []
        self._page_actions: list[QAction] = []
        for index, (_key, label, icon_name) in enumerate(PAGES):
            self.rail.add_page(label, icon_name)
            action = self._add_action(f"Go to {label}", f"Ctrl+{index + 1}", self._go_to(index))
            self._page_actions.append(action)
            self.rail.set_tooltip(index, with_shortcut(label, action))
        self.primary_action = self._add_action("This page's main action", "Ctrl+Return", self.trigger_primary)
        self.refresh_action = self._add_action(
            "Reload this page", QKeySequence.StandardKey.Refresh, self.refresh_page
        )
        self.help_action = self._add_action("Keyboard shortcuts", "F1", self.show_help, extra=("Ctrl+/",))
        self.quit_action = self._add_action("Quit Larder", QKeySequence.StandardKey.Quit, self.close)
        self.help = HelpOverlay(central)
        self.rail.page_requested.connect(self._on_page_requested)
        self.placeholder = QLabel("Opening your larder…")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setProperty("muted", True)
        self.stack.addWidget(self.placeholder)
        if restore_state and self._settings is not None:
            geometry = self._settings.value("geometry")
            if isinstance(geometry, QByteArray):
                self.restoreGeometry(geometry)
        if larder is not None:
            self.attach(larder)

    # --- building -------------------------------------------------------------------------------

    def attach(self, larder: Larder) -> None:
        """Build the pages over an open Larder (imports the core: called after the window is shown)."""
        self.larder = larder
        if self._settings is None:
            self._settings = window_settings(larder.root)
        self._build_pages(larder)
        self.stack.removeWidget(self.placeholder)
        self.placeholder.deleteLater()
        self._build_status(larder)
        last = str(self._settings.value("page", "fridge")) if self._restore else "fridge"
        self.show_page(last if last in self.page_keys() else "fridge")
        self.update_badges()

    def _build_status(self, larder: Larder) -> None:
        from desktop.widgets.status_bar import LarderStatusBar

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

    def _build_pages(self, larder: Larder) -> None:
        from desktop.inventory_undo import hand_over
        from desktop.pages.fridge_page import FridgePage
        from desktop.pages.health_page import HealthPage
        from desktop.pages.inventory_page import InventoryPage
        from desktop.pages.list_page import ListPage
        from desktop.pages.orders_page import OrdersPage
        from desktop.pages.plan_page import PlanPage
        from desktop.pages.settings_page import SettingsPage

        self.fridge = FridgePage(larder, self.runner)
        self.inventory = InventoryPage(larder, self.runner, self.undo_stack)
        self.health = HealthPage(larder, self.runner)
        self.plan = PlanPage(larder, self.runner)
        self.list_page = ListPage(larder, self.runner)
        self.orders = OrdersPage(larder, self.runner)
        self.settings_page = SettingsPage(larder, self.runner)
        self.pages = {
            "fridge": self.fridge,
            "inventory": self.inventory,
            "health": self.health,
            "plan": self.plan,
            "list": self.list_page,
            "orders": self.orders,
            "settings": self.settings_page,
        }
        for key, _label, _icon in PAGES:
            self.stack.addWidget(self.pages[key])
            self.pages[key].data_changed.connect(self._on_data_changed)
        # One Ctrl+Z stack, the window's: a scan undoes on either page, and the history outlives the pages.
        self.fridge.use_undo_stack(self.undo_stack)
        hand_over(self.undo_stack, self.inventory.item_change_done, self.fridge)
        self.inventory.undo_gates = [self.fridge]  # its undo waits for corrections still being written
        self.inventory.scan_requested.connect(self._on_scan_requested)
        self.settings_page.theme_requested.connect(self.set_theme)
        self.settings_page.home_forgotten.connect(self._on_home_forgotten)
        self.plan.cart_requested.connect(self._on_cart_requested)
        self.orders.restore_setup_folded(self._saved_flag(SETUP_FOLDED_KEY))
        self.orders.setup_fold_changed.connect(self._on_setup_fold_changed)
        self._label_primary_buttons()
        if self.refreshes is None:
            from desktop.refresh import RefreshScheduler

            self.refreshes = RefreshScheduler(self.runner, self.current_page, self)
            self.refreshes.applied.connect(self._on_refreshed)
        self.refreshes.set_pages(list(self.pages.values()))

    def rebuild_pages(self) -> bool:
        """Make the pages again (after a theme switch: icons and charts take colours when built).
        Not while work runs: its results are delivered to the page that started it."""
        if self.larder is None or self.runner.active:
            return False
        current = self.current_page_key()
        for page in self.pages.values():
            self.stack.removeWidget(page)
            page.deleteLater()
        self._build_pages(self.larder)
        self._build_status(self.larder)  # its icons too take the theme's colours when made
        self.show_page(current)
        self.update_badges()
        return True

    def _add_action(
        self,
        text: str,
        keys: str | QKeySequence.StandardKey,
        slot: object,
        extra: tuple[str, ...] = (),
    ) -> QAction:
        action = QAction(text, self)
        action.setShortcuts([QKeySequence(keys), *(QKeySequence(k) for k in extra)])
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        self.window_actions.append(action)
        return action

    def _go_to(self, index: int) -> object:
        def go() -> None:
            if self.pages:
                self.show_page(self.page_keys()[index])

        return go

    def _label_primary_buttons(self) -> None:
        """Each page's main button says its shortcut; pages keep their own tooltips' wording. Controls
        a page left unnamed get an accessible name from their tooltip, placeholder or card."""
        from desktop.accessibility import name_unnamed_controls

        for page in self.pages.values():
            name_unnamed_controls(page)
            button = page.header.primary
            if button is not None:
                base = button.toolTip() or button.text()
                button.setToolTip(with_shortcut(base, self.primary_action))
                if not button.accessibleName():
                    button.setAccessibleName(button.text())

    # --- pages ----------------------------------------------------------------------------------

    def page_keys(self) -> list[str]:
        return [key for key, _label, _icon in PAGES]

    def show_page(self, key: str) -> None:
        index = self.page_keys().index(key)
        self.stack.setCurrentWidget(self.pages[key])
        self.rail.set_current(index)
        self._remember("page", key)
        if self.refreshes is not None:
            self.refreshes.page_shown(self.pages[key])

    def current_page_key(self) -> str:
        widget = self.stack.currentWidget()
        for key, page in self.pages.items():
            if page is widget:
                return key
        return "fridge"

    def current_page(self) -> Page | None:
        return self.pages.get(self.current_page_key())

    def update_badges(self) -> None:
        keys = self.page_keys()
        soon = self.inventory.expiring_count
        self.rail.set_badge(keys.index("inventory"), soon, f"{soon} items expire within 2 days")
        lines = self.orders.draft_line_count
        self.rail.set_badge(keys.index("orders"), lines, f"{lines} lines in draft carts")

    @Slot()
    def trigger_primary(self) -> None:
        page = self.current_page()
        button = page.header.primary if page is not None else None
        if button is not None and button.isEnabled() and button.isVisible():
            button.click()

    @Slot()
    def refresh_page(self) -> None:
        page = self.current_page()
        if page is not None:
            page.refresh()

    @Slot()
    def show_help(self) -> None:
        page = self.current_page()
        page_actions = [a for a in page.findChildren(QAction) if a.shortcuts()] if page is not None else []
        label = dict((k, lbl) for k, lbl, _i in PAGES).get(self.current_page_key(), "This page")
        self.help.set_sections([("Window", self.window_actions), (label, page_actions)])
        self.help.open()

    @Slot(str)
    def set_theme(self, choice: str) -> None:
        """Apply and keep a theme choice (system, light, dark)."""
        app = QApplication.instance()
        if isinstance(app, QApplication):
            theme.apply_theme(app, choice)
        self._remember("theme", choice)
        self.rail.recolor()
        if self.pages:
            QTimer.singleShot(0, self.rebuild_pages)

    @Slot()
    def _on_home_forgotten(self) -> None:
        """Everything was deleted: nothing is left to show, and window.ini must not bring the folder back."""
        self._restore = False
        self.close()

    @Slot(int)
    def _on_page_requested(self, index: int) -> None:
        if self.pages:
            self.show_page(self.page_keys()[index])

    @Slot()
    def _on_scan_requested(self) -> None:
        self.show_page("fridge")

    @Slot(int)
    def _on_cart_requested(self, order_id: int) -> None:
        self.show_page("orders")
        if self.refreshes is not None:
            self.refreshes.flush(self.orders)
        self.orders.select_order(order_id)

    @Slot()
    def _on_data_changed(self) -> None:
        """Every other page reloads, off the UI thread where it can (desktop/refresh.py): the visible
        page at once, hidden ones after it, one read for several writes in a row."""
        sender = self.sender()
        others = [page for page in self.pages.values() if page is not sender]
        if self.refreshes is None:
            for page in others:
                page.refresh()
            self.update_badges()
        else:
            self.update_badges()  # the sender's own count is fresh already
            self.refreshes.mark_stale(others)

    @Slot(object)
    def _on_refreshed(self, page: object) -> None:
        if page is self.inventory or page is self.orders:
            self.update_badges()

    # --- state ----------------------------------------------------------------------------------

    @Slot(bool)
    def _on_setup_fold_changed(self, folded: bool) -> None:
        self._remember(SETUP_FOLDED_KEY, folded)

    def _saved_flag(self, key: str) -> bool | None:
        """A remembered yes/no (QSettings' ini keeps it as text); None when none is, or state is not kept."""
        if self._settings is None or not self._restore:
            return None
        value = self._settings.value(key)
        return None if value is None else str(value).lower() in ("true", "1")

    def _remember(self, key: str, value: object) -> None:
        if self._settings is not None and self._restore:
            self._settings.setValue(key, value)

    def save_state(self) -> None:
        if self._settings is not None and self._restore:
            self._settings.setValue("geometry", self.saveGeometry())
            self._settings.setValue("page", self.current_page_key())
            self._settings.sync()

    def shutdown(self, wait_ms: int = 5000) -> bool:
        """Cancel running tasks and wait for the pools; True when every worker stopped in time."""
        if self.refreshes is not None:
            self.refreshes.stop()  # no read may start once the pools are waited for
        self.runner.cancel_all()
        return self.runner.wait_for_done(wait_ms)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        self.shutdown()
        super().closeEvent(event)
