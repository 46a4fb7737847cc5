"""What both main windows (commune and superior) share: named actions and the menus features extend,
the period selector on the toolbar, the first-paint signal and the window's remembered geometry."""

from __future__ import annotations

from typing import Callable, Iterable

from PySide6.QtCore import QByteArray, QEvent, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QToolBar

from ..domain.periods import Period

__all__ = ["WindowActions", "NEW_PERIOD", "MENU_TITLES"]

#: the period selector's last item: "Kỳ báo cáo mới…" / "Kỳ báo cáo khác…"
NEW_PERIOD = "new"
#: key → title of the menus (a window makes those it has, in its own order)
MENU_TITLES = {"file": "&Tệp", "edit": "&Sửa", "pages": "T&rang", "report": "&Báo cáo",
               "help": "Trợ &giúp"}


class WindowActions:
    """Mixin for a QMainWindow with ``self.menus`` (key → QMenu), ``self.toolbar``,
    ``self._quit_separator`` (the separator above Thoát in the file menu), ``self.period``,
    ``self.settings``, ``self.tabs``, ``commit_focused()`` and ``set_period(period)``.

    The window says which periods its selector lists (``_periods_shown``), the words of the selector's
    last item (``_NEW_PERIOD_TEXT``, which opens ``new_period()``) and where its geometry is remembered
    (``_GEOMETRY_KEY``); it sets ``self._painted = False`` and installs itself as ``self.tabs``' event
    filter to get ``first_painted``.
    """

    _NEW_PERIOD_TEXT = "Kỳ báo cáo mới…"
    _GEOMETRY_KEY = "window.geometry"

    # -- actions and menus -------------------------------------------------------------------------
    def _action(self, text: str, shortcut, slot: Callable, name: str) -> QAction:
        """A window-wide action; its objectName is ``action.<name>`` (tests find it by that)."""
        action = QAction(text, self)
        action.setObjectName(f"action.{name}")
        if shortcut is not None:
            # setShortcuts([…]), not setShortcut(…): the latter builds the Python side of Qt's whole
            # ``Qt`` namespace (about 15 ms) while the window is made, before its first paint
            action.setShortcuts([QKeySequence(shortcut)])
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def add_action(self, menu: str, action: QAction, *, toolbar: bool = False) -> QAction:
        """Add a feature's action to a menu (``file`` actions go above Thoát); optionally the toolbar."""
        target = self.menus[menu]
        if menu == "file":
            target.insertAction(self._quit_separator, action)
        else:
            target.addAction(action)
        if toolbar:
            self.toolbar.addAction(action)
        self.addAction(action)
        return action

    def _add_menus(self, *keys: str) -> None:
        """The menu bar's menus ``keys`` (``MENU_TITLES``), in that order, kept in ``self.menus``."""
        bar = self.menuBar()
        for key in keys:
            self.menus[key] = bar.addMenu(MENU_TITLES[key])

    def _add_quit_action(self, text: str) -> None:
        """The end of the file menu: the separator features insert above (``add_action("file", …)``),
        then Thoát (Ctrl+Q)."""
        self.menus["file"].addSeparator()
        self._quit_separator = self.menus["file"].addSeparator()
        self.menus["file"].addAction(self._action(text, "Ctrl+Q", self.close, "quit"))

    def _set_pages_menu(self, pages: Iterable[tuple[str, str]], go: Callable[[str], object]) -> None:
        """Trang: one action per ``(key, label)`` page, Alt+1 … Alt+9 for the first nine (objectName
        ``action.go.<key>``), calling ``go(key)``. Called again when the pages change: the old actions
        and their shortcuts go."""
        menu = self.menus["pages"]
        for action in menu.actions():
            menu.removeAction(action)
            self.removeAction(action)
            action.deleteLater()
        for i, (key, label) in enumerate(pages):
            shortcut = f"Alt+{i + 1}" if i < 9 else None  # "Alt+10" is no key Qt knows
            menu.addAction(self._action(label.replace("&", "&&"), shortcut, lambda k=key: go(k), f"go.{key}"))

    def _add_help_actions(self) -> None:
        """Trợ giúp: "Hướng dẫn sử dụng" (F1, at the topic of the page shown) and "Dữ liệu của tôi ở
        đâu?". The help window is imported when first opened (not before the first paint)."""
        self.help_action = self._action("&Hướng dẫn sử dụng", "F1", self.show_help, "help")
        self.menus["help"].addAction(self.help_action)
        self.menus["help"].addAction(self._action("&Dữ liệu của tôi ở đâu?", None, self.show_data_place,
                                                  "data_place"))
        self.menus["help"].addSeparator()

    @staticmethod
    def focus_first(page) -> None:
        """Put the keyboard in the first field of ``page`` that takes it (after Alt+1 … Alt+9 the
        focus stayed on the page left, now hidden, and typing went nowhere)."""
        from PySide6.QtCore import Qt

        w = page.nextInFocusChain()
        while w is not None and w is not page:
            if page.isAncestorOf(w) and w.isVisible() and w.isEnabled() \
                    and w.focusPolicy() & Qt.FocusPolicy.TabFocus:
                w.setFocus(Qt.FocusReason.TabFocusReason)
                return
            w = w.nextInFocusChain()
        page.setFocus(Qt.FocusReason.TabFocusReason)

    def show_help(self, topic: str | None = None):
        from .help_window import page_topic, show_help

        template = getattr(self, "template", None)  # the commune window's period's template
        return show_help(self, topic or page_topic(getattr(template, "id", None), self.current_page_key()))

    def show_data_place(self):
        from .help_window import show_data_place

        return show_data_place(self)

    # -- the period selector -----------------------------------------------------------------------
    def _build_period_toolbar(self) -> None:
        """The toolbar (``self.toolbar``) with the period selector (``self.period_box``)."""
        bar = QToolBar("Kỳ báo cáo", objectName="toolbar")
        bar.setMovable(False)
        label = QLabel("  &Kỳ báo cáo: ")
        self.period_box = QComboBox(objectName="period")
        self.period_box.setMinimumWidth(220)
        label.setBuddy(self.period_box)
        bar.addWidget(label)
        bar.addWidget(self.period_box)
        self._fill_periods()
        self.period_box.activated.connect(self._period_chosen)
        self.toolbar = bar
        self.addToolBar(bar)

    def _periods_shown(self) -> list[Period]:
        """The periods the selector lists, top first."""
        return list(reversed(self.ws.periods()))

    def _fill_periods(self) -> None:
        box = self.period_box
        box.blockSignals(True)
        box.clear()
        for p in self._periods_shown():
            box.addItem(p.label.capitalize(), p.code)
        box.addItem(self._NEW_PERIOD_TEXT, NEW_PERIOD)
        box.setCurrentIndex(box.findData(self.period.code))
        box.blockSignals(False)

    def _period_chosen(self, index: int) -> None:
        code = self.period_box.itemData(index)
        if code == NEW_PERIOD:
            self._fill_periods()  # put the selector back while the dialog is open
            self.new_period()
            return
        self.set_period(Period.parse(code))

    # -- the window --------------------------------------------------------------------------------
    def _restore_geometry(self) -> None:
        """Where the officer left the window; the first time, the screen's top left at 1366×768 at most,
        title bar and borders included (``_fit_to_screen`` once they are known)."""
        saved = self.settings.get(self._GEOMETRY_KEY)
        if saved and self.restoreGeometry(QByteArray.fromHex(saved.encode("ascii"))):
            return
        screen = QApplication.primaryScreen()
        if screen is not None:
            area = screen.availableGeometry()
            self.resize(min(1366, area.width()), min(768, area.height()))
            self.move(area.topLeft())
            self._first_size = self.size()
        else:
            self.resize(1280, 720)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if getattr(self, "_first_size", None) is not None:
            QTimer.singleShot(0, self._fit_to_screen)  # once the window system has added its frame

    def _fit_to_screen(self) -> None:
        """At a first start, shrink the window so that its frame (title bar, borders) fits the work
        area too: a client area of the screen's full height pushed the status bar off the screen."""
        first, self._first_size = self._first_size, None
        if first is None or self.size() != first or self.isMaximized():
            return  # resized meanwhile (by the officer, or a test): leave it
        screen = self.screen() or QApplication.primaryScreen()
        if screen is None:
            return
        area, frame = screen.availableGeometry(), self.frameGeometry()
        if area.contains(frame):
            return
        extra_w, extra_h = frame.width() - self.width(), frame.height() - self.height()
        self.resize(min(self.width(), area.width() - extra_w), min(self.height(), area.height() - extra_h))
        self.move(area.topLeft())

    def eventFilter(self, watched, event) -> bool:
        if not self._painted and watched is self.tabs and event.type() == QEvent.Type.Paint:
            self._painted = True
            self.tabs.removeEventFilter(self)
            QTimer.singleShot(0, self.first_painted.emit)  # once this paint is on the screen
        return super().eventFilter(watched, event)

    def closeEvent(self, event) -> None:
        self.commit_focused()
        self.settings.set(self._GEOMETRY_KEY, bytes(self.saveGeometry().toHex()).decode("ascii"))
        super().closeEvent(event)
