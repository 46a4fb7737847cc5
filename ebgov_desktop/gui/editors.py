"""Input widgets for template fields: one editor per field type (count, percent, date, text, yes/no,
lines) and ``make_editor`` that picks it. The pages that hold them are in ``fields.py``.

Every editor's ``objectName`` is its field key. An editor shows the stored value, parses what the
officer typed (``field_value()`` raises ``ValueError`` with a Vietnamese sentence) and asks to be saved
(``commit_requested``) when the officer leaves it or presses Enter. Ctrl+Z in an editor that holds no
unsaved typing asks the window to undo the last saved change (``undo_requested``).
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any

from PySide6 import QtCore
from PySide6.QtCore import QEvent, QRegularExpression, Signal
from PySide6.QtGui import QKeySequence, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
)

from ..domain.errors import InputError
from ..domain.formatting import parse_vn_int, vn_decimal, vn_int
from ..domain.template import Field, FieldType
from ..domain.units import COMMUNE_KINDS, UnitKind

__all__ = ["make_editor", "EDITOR_TYPES", "field_tooltip", "InputProblem"]

_MARK_STYLE = {
    "error": "border: 2px solid #c62828; background: #fff3f3;",
    "warning": "border: 2px solid #e0a000; background: #fffbea;",
    "input": "border: 2px solid #c62828; background: #fff3f3;",
}


# The first page is built before the window is first painted. Naming these values (Qt.AlignRight …)
# would build the Python side of Qt's whole ``Qt`` namespace (about 15 ms) before that paint, so they
# are set through Qt's property system as plain numbers (tests/gui check them against Qt's names).
_ALIGN_RIGHT_VCENTER = 0x0002 | 0x0080  # Qt.AlignmentFlag.AlignRight | AlignVCenter


class InputProblem:
    """A value typed into a field that could not be saved (it stays in the field)."""

    def __init__(self, key: str, message: str):
        self.key = key
        self.message = message
        self.id = f"input:{key}"


def field_tooltip(spec: Field) -> str:
    text = spec.label
    if spec.help:
        text += "\n" + spec.help
    return text


def _leaves_field(event) -> bool:
    """Focus moves to another field (not just to a message box or a menu of this window)."""
    reason = QtCore.Qt.FocusReason
    return event.reason() not in (reason.ActiveWindowFocusReason, reason.PopupFocusReason,
                                  reason.MenuBarFocusReason)


class _EditorMixin:
    """What every field editor shares: key, committed value, marks, undo hand-off."""

    commit_requested: Signal
    undo_requested: Signal

    def _init_editor(self, spec: Field) -> None:
        self.spec = spec
        self.setObjectName(spec.key)
        self.setAccessibleName(spec.label)
        self._tooltip = field_tooltip(spec)
        self.setToolTip(self._tooltip)
        self._shown_text = ""
        self._mark: tuple[str, str] | None = None

    # text the editor held when last shown/saved; differs while the officer is typing
    def _current_text(self) -> str:  # pragma: no cover - overridden
        raise NotImplementedError

    def is_dirty(self) -> bool:
        return self._current_text() != self._shown_text

    def set_mark(self, severity: str | None, message: str = "") -> None:
        """Red (error, bad input) or amber (warning) border with the message as tooltip."""
        mark = (severity, message) if severity else None
        if mark == self._mark:
            return
        self._mark = mark
        self.setProperty("finding", severity or "")
        self.setStyleSheet(_MARK_STYLE.get(severity, "") if severity else "")
        self.setToolTip(f"{message}\n\n{self._tooltip}" if severity else self._tooltip)

    @property
    def mark(self) -> tuple[str, str] | None:
        return self._mark

    def _wants_window_undo(self, event) -> bool:
        return event.matches(QKeySequence.StandardKey.Undo) and not self.is_dirty()


#: the keys a field keeps even when a menu has them too
_FIELD_KEYS = (QKeySequence.StandardKey.Copy, QKeySequence.StandardKey.Cut, QKeySequence.StandardKey.Paste,
               QKeySequence.StandardKey.SelectAll, QKeySequence.StandardKey.Undo,
               QKeySequence.StandardKey.Redo)


class _TypedIn:
    """The keys of an editor the officer types into (one line, or lines): Ctrl+Z while it holds no
    unsaved typing undoes the window's last saved change; leaving the field asks to save it; text
    pasted in TCVN3 or VNI (old fonts) is said on the status line (``hint``), and F8 then converts it
    to Unicode. Listed before the Qt class, so that these handlers come first."""

    _legacy_paste: tuple[int, int, str] | None = None  # (start, end, encoding) of the last paste

    def event(self, event):
        if event.type() == QEvent.Type.ShortcutOverride and (self._wants_window_undo(event)
                                                             or self._window_key(event)):
            event.ignore()  # let the window's Ctrl+Z (undo the last saved change) or menu key take it
            return False
        return super().event(event)

    def _window_key(self, event) -> bool:
        """A key of the window's menus (Ctrl+E, Ctrl+U …) that Qt's line edit would keep for itself on
        Linux (Ctrl+U erased the field, Ctrl+E moved to its end): the menu wins, except for the
        editing keys a field needs (copy, cut, paste, select all, undo, redo)."""
        if not event.modifiers() & QtCore.Qt.KeyboardModifier.ControlModifier:
            return False
        for key in _FIELD_KEYS:
            if event.matches(key):
                return False
        pressed = QKeySequence(event.keyCombination())
        return any(s.matches(pressed) == QKeySequence.SequenceMatch.ExactMatch
                   for action in self.window().actions() for s in action.shortcuts())

    def keyPressEvent(self, event):
        if self._wants_window_undo(event):
            self.undo_requested.emit()
            return
        pasted, self._legacy_paste = self._legacy_paste, None
        if pasted and event.key() == QtCore.Qt.Key.Key_F8:
            self._convert_paste(*pasted)
            return
        start = self._span()[0]
        super().keyPressEvent(event)
        if event.matches(QKeySequence.StandardKey.Paste):
            self._check_paste(start)

    def focusOutEvent(self, event):
        super().focusOutEvent(event)
        if _leaves_field(event):
            self.commit_requested.emit()

    def contextMenuEvent(self, event):
        """The standard menu; its «Dán» (paste) is checked for old-font text as Ctrl+V is."""
        menu = self.createStandardContextMenu()
        start = self._span()[0]
        for action in menu.actions():
            if action.objectName() == "edit-paste":
                action.triggered.connect(lambda _checked=False: self._check_paste(start))
        menu.exec(event.globalPos())
        menu.deleteLater()

    def _check_paste(self, start: int) -> None:
        # the converter's tables (8 ms to import) only when something is pasted, never before the
        # first paint (bench/startup.py)
        from ..domain.legacy_text import SHORT_NAMES, looks_legacy, to_unicode

        end = self._span()[1]
        text = self._current_text()[start:end]
        encoding = looks_legacy(text)
        if encoding:
            self._legacy_paste = (start, end, encoding)
            self.hint.emit(f"Đoạn vừa dán có vẻ viết bằng mã {SHORT_NAMES[encoding]} (phông chữ cũ): "
                           f"“{text[:40]}”. Nhấn F8 để chuyển sang Unicode: “{to_unicode(text, encoding)[:40]}”.")

    def _convert_paste(self, start: int, end: int, encoding: str) -> None:
        from ..domain.legacy_text import to_unicode

        self._replace(start, end, to_unicode(self._current_text()[start:end], encoding))
        self.hint.emit("Đã chuyển đoạn vừa dán sang Unicode (Ctrl+Z để trả lại như khi dán).")


class _LineEditor(_TypedIn, QLineEdit, _EditorMixin):
    commit_requested = Signal()
    undo_requested = Signal()
    hint = Signal(str)  # a sentence for the status line

    def __init__(self, spec: Field, parent=None):
        super().__init__(parent)
        self._init_editor(spec)
        self.returnPressed.connect(self._move_on)

    def _move_on(self) -> None:
        if not self.focusNextChild():
            self.commit_requested.emit()

    def _current_text(self) -> str:
        return self.text()

    def _span(self) -> tuple[int, int]:
        """(start, end) of the selection, or the cursor twice."""
        if self.hasSelectedText():
            return self.selectionStart(), self.selectionEnd()
        return self.cursorPosition(), self.cursorPosition()

    def _replace(self, start: int, end: int, text: str) -> None:
        self.setSelection(start, end - start)
        self.insert(text)

    def show_value(self, value: Any) -> None:
        text = self.format(value)
        self._shown_text = text
        self.setText(text)
        self.setCursorPosition(0)

    def format(self, value: Any) -> str:
        return "" if value is None else str(value)

    def field_value(self) -> Any:
        text = self.text().strip()
        return text or None


class CountEdit(_LineEditor):
    """A whole number in Vietnamese grouping: ``3.338``; empty stays empty (not 0)."""

    #: what a whole number may hold while typed; anything else gets a visible hint at once
    _TYPABLE = frozenset("0123456789. -\u00a0")

    def __init__(self, spec: Field, parent=None):
        super().__init__(spec, parent)
        # no validator: a key it swallowed would change the number silently ("2,5" → 25); what is
        # typed stays visible, gets a hint at once and is refused, with a message, when saved
        self.setMaxLength(24)
        self.setProperty("alignment", _ALIGN_RIGHT_VCENTER)
        self.setMaximumWidth(130)
        self.setMinimumWidth(90)
        self.textEdited.connect(self._hint)

    def _hint(self, text: str) -> None:
        odd = sorted({ch for ch in text if ch not in self._TYPABLE})
        if odd:
            self.set_mark("input", f"{self.spec.label}: chỉ nhập chữ số (ví dụ 3.338); không nhận "
                          f"“{''.join(odd)}”" + (" — số nguyên, không có phần thập phân" if "," in odd
                                                   else "") + ".")
        elif self.mark and self.mark[0] == "input":
            self.set_mark(None)

    def format(self, value: Any) -> str:
        return "" if value is None else vn_int(value)

    def field_value(self) -> Any:
        text = self.text().strip()
        if not text:
            return None
        try:
            return parse_vn_int(text)
        except ValueError as exc:
            why = " — có dấu phẩy: trường này chỉ nhận số nguyên" if "," in text else ""
            raise InputError(f"{self.spec.label}: '{text}' không phải là số nguyên{why} "
                             f"(ví dụ đúng: 3.338).") from exc


class PercentEdit(_LineEditor):
    """0–100 with up to two decimals, comma as decimal mark: ``95,5``, ``91,24``."""

    def __init__(self, spec: Field, parent=None):
        super().__init__(spec, parent)
        self.setValidator(QRegularExpressionValidator(QRegularExpression(r"[0-9]{0,3}([.,][0-9]{0,2})?"),
                                                      self))
        self.setProperty("alignment", _ALIGN_RIGHT_VCENTER)
        self.setMaximumWidth(90)

    def format(self, value: Any) -> str:
        return "" if value is None else vn_decimal(value, 2)  # the digits typed: 91,24

    def field_value(self) -> Any:
        text = self.text().strip()
        if not text:
            return None
        try:
            return float(text.replace(",", "."))
        except ValueError:
            raise InputError(f"{self.spec.label}: '{text}' không phải là tỷ lệ phần trăm "
                             "(ví dụ đúng: 95,5).") from None


_DATE_VN = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")


class DateEdit(_LineEditor):
    """A date typed as ``12/3/2019`` (or ``2019-03-12``), shown as ``12/03/2019``."""

    def __init__(self, spec: Field, parent=None):
        super().__init__(spec, parent)
        self.setPlaceholderText("ngày/tháng/năm")
        self.setMaximumWidth(130)

    def format(self, value: Any) -> str:
        if not value:
            return ""
        d = _dt.date.fromisoformat(value)
        return f"{d.day:02d}/{d.month:02d}/{d.year}"

    def field_value(self) -> Any:
        text = self.text().strip()
        if not text:
            return None
        m = _DATE_VN.match(text)
        try:
            if m:
                d = _dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
            else:
                d = _dt.date.fromisoformat(text)
        except ValueError:
            raise InputError(f"{self.spec.label}: '{text}' không phải là ngày hợp lệ "
                             "(ví dụ đúng: 12/03/2019).") from None
        return d.isoformat()


class TextEdit(_LineEditor):
    """One line of text. Longer than the field allows: shown whole with its limit and refused when
    saved, never cut without a word (a maxLength would drop the end of a paste silently)."""

    def __init__(self, spec: Field, parent=None):
        super().__init__(spec, parent)
        if spec.max_length <= 40:  # codes, numbers, symbols: a short box
            self.setMaximumWidth(200)
        self.textEdited.connect(self._hint)

    def _too_long(self, text: str) -> str:
        n, limit = len(text.strip()), self.spec.max_length
        if limit and n > limit:
            return f"{self.spec.label}: dài {n} ký tự, tối đa {limit} ký tự; hãy rút gọn."
        return ""

    def _hint(self, text: str) -> None:
        message = self._too_long(text)
        if message:
            self.set_mark("input", message)
        elif self.mark and self.mark[0] == "input":
            self.set_mark(None)

    def field_value(self) -> Any:
        message = self._too_long(self.text())
        if message:
            raise InputError(message)
        return super().field_value()


class _ComboEditor(QComboBox, _EditorMixin):
    commit_requested = Signal()
    undo_requested = Signal()

    def __init__(self, spec: Field, choices: list[tuple[Any, str]], parent=None):
        super().__init__(parent)
        self._init_editor(spec)
        self._choices = choices
        for _value, label in choices:
            self.addItem(label)
        self.activated.connect(lambda _i: self.commit_requested.emit())
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)

    def _current_text(self) -> str:
        return self.currentText()

    def keyPressEvent(self, event):
        if event.matches(QKeySequence.StandardKey.Undo):
            self.undo_requested.emit()
            return
        if event.key() in (QtCore.Qt.Key.Key_Return, QtCore.Qt.Key.Key_Enter):
            self.focusNextChild()
            return
        super().keyPressEvent(event)

    def show_value(self, value: Any) -> None:
        for i, (v, _label) in enumerate(self._choices):
            if v == value:
                self.setCurrentIndex(i)
                break
        else:
            self.setCurrentIndex(0)
        self._shown_text = self.currentText()

    def field_value(self) -> Any:
        return self._choices[self.currentIndex()][0] if self.currentIndex() >= 0 else None


class BoolEdit(_ComboEditor):
    """Có / Không, or blank when not entered."""

    def __init__(self, spec: Field, parent=None):
        super().__init__(spec, [(None, ""), (True, "Có"), (False, "Không")], parent)
        self.setMinimumWidth(110)


class UnitKindEdit(_ComboEditor):
    def __init__(self, spec: Field, parent=None):
        kinds = [k for k in UnitKind if k in COMMUNE_KINDS]
        super().__init__(spec, [(k.value, k.label.capitalize()) for k in kinds], parent)


class LinesEdit(_TypedIn, QPlainTextEdit, _EditorMixin):
    """A list of plain-text lines: Enter adds the next line; Tab moves on; blank lines are dropped."""

    commit_requested = Signal()
    undo_requested = Signal()
    hint = Signal(str)

    def __init__(self, spec: Field, parent=None):
        super().__init__(parent)
        self._init_editor(spec)
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setPlaceholderText("Mỗi dòng một mục; Enter để thêm dòng.")
        self.document().contentsChanged.connect(self._fit_height)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._fit_height()

    def _fit_height(self) -> None:
        line = self.fontMetrics().lineSpacing()
        lines = max(3, min(12, int(self.document().size().height()) + 1))
        self.setFixedHeight(lines * line + 2 * self.frameWidth() + 8)

    def resizeEvent(self, event):
        super().resizeEvent(event)
        self._fit_height()

    def _current_text(self) -> str:
        return self.toPlainText()

    def _span(self) -> tuple[int, int]:
        cursor = self.textCursor()
        return cursor.selectionStart(), cursor.selectionEnd()

    def _replace(self, start: int, end: int, text: str) -> None:
        cursor = self.textCursor()
        cursor.setPosition(start)
        cursor.setPosition(end, cursor.MoveMode.KeepAnchor)
        cursor.insertText(text)
        self.setTextCursor(cursor)

    def show_value(self, value: Any) -> None:
        text = "\n".join(value or [])
        self._shown_text = text
        if self.toPlainText() != text:
            self.setPlainText(text)

    def field_value(self) -> Any:
        lines = [line.strip() for line in self.toPlainText().split("\n")]
        lines = [line for line in lines if line]
        return lines or None


EDITOR_TYPES: dict[FieldType, type] = {
    FieldType.COUNT: CountEdit,
    FieldType.PERCENT: PercentEdit,
    FieldType.DATE: DateEdit,
    FieldType.TEXT: TextEdit,
    FieldType.BOOL: BoolEdit,
    FieldType.LINES: LinesEdit,
}


def make_editor(spec: Field, parent=None):
    if spec.key == "unit.kind":
        return UnitKindEdit(spec, parent)
    return EDITOR_TYPES[spec.type](spec, parent)
