"""What both main windows (commune and superior) share: named actions and the menus features extend."""

from __future__ import annotations

from typing import Callable

from PySide6.QtGui import QAction, QKeySequence

__all__ = ["WindowActions"]


class WindowActions:
    """Mixin for a QMainWindow with ``self.menus`` (key → QMenu), ``self.toolbar`` and
    ``self._quit_separator`` (the separator above Thoát in the file menu)."""

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

    def _add_help_actions(self) -> None:
        """Trợ giúp: "Hướng dẫn sử dụng" (F1, at the topic of the page shown) and "Dữ liệu của tôi ở
        đâu?". The help window is imported when first opened (not before the first paint)."""
        self.help_action = self._action("&Hướng dẫn sử dụng", "F1", self.show_help, "help")
        self.menus["help"].addAction(self.help_action)
        self.menus["help"].addAction(self._action("&Dữ liệu của tôi ở đâu?", None, self.show_data_place,
                                                  "data_place"))
        self.menus["help"].addSeparator()

    def show_help(self, topic: str | None = None):
        from .help_window import PAGE_TOPICS, show_help

        return show_help(self, topic or PAGE_TOPICS.get(self.current_page_key()))

    def show_data_place(self):
        from .help_window import show_data_place

        return show_data_place(self)
