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
