"""The one helper that types text, Vietnamese included, the way a keyboard (Unikey, EVKey) delivers it.

``qtbot.keyClicks`` aborts the process on any non-ASCII character, so every character goes as a key
event that carries its text; a newline is the Enter key.
"""

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication


def press(widget, key, modifiers=Qt.KeyboardModifier.NoModifier, text: str = "") -> None:
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(kind, key, modifiers, text))


def type_text(widget, text: str) -> None:
    """Type ``text`` into ``widget`` (the focused editor), character by character."""
    for ch in text:
        if ch == "\n":
            press(widget, Qt.Key.Key_Return, text="\r")
        elif ch == " ":
            press(widget, Qt.Key.Key_Space, text=" ")
        else:
            press(widget, Qt.Key.Key_unknown, text=ch)


def focus(widget) -> None:
    """Give ``widget`` the keyboard focus, as clicking into it or tabbing to it would."""
    widget.window().activateWindow()
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    QApplication.processEvents()
    assert QApplication.focusWidget() is widget, QApplication.focusWidget()


def leave(widget) -> None:
    """Leave the field with Tab (the field saves itself)."""
    press(widget, Qt.Key.Key_Tab)
    QApplication.processEvents()


def retype(widget, text: str) -> None:
    """Focus a field, select what is in it, type ``text`` over it and leave with Tab."""
    focus(widget)
    press(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    if not text:
        press(widget, Qt.Key.Key_Delete)
    type_text(widget, text)
    leave(widget)


def type_cell(table, row: int, col: int, text: str) -> None:
    """Type ``text`` into a cell of a table editor: F2 opens the cell, Enter saves it."""
    table.setCurrentCell(row, col)
    focus(table)
    press(table, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert editor is not table
    type_text(editor, text)
    press(editor, Qt.Key.Key_Return, text="\r")
    QApplication.processEvents()  # the view saves the cell after the key (a queued call)


def choose_in_cell(table, row: int, col: int, choice: str) -> None:
    """Pick ``choice`` in a cell that offers a list (F2, arrow keys, Enter)."""
    table.setCurrentCell(row, col)
    focus(table)
    press(table, Qt.Key.Key_F2)
    box = QApplication.focusWidget()
    assert box.findText(choice) >= 0, choice
    while box.currentText() != choice:
        press(box, Qt.Key.Key_Down)
    press(box, Qt.Key.Key_Return, text="\r")
    QApplication.processEvents()
