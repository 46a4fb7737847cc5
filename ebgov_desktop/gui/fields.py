"""Input widgets for catalogue fields, and the pages built from the catalogue.

Every editor's ``objectName`` is its field key. An editor shows the stored value, parses what the
officer typed (``field_value()`` raises ``ValueError`` with a Vietnamese sentence) and asks to be saved
(``commit_requested``) when the officer leaves it or presses Enter. Ctrl+Z in an editor that holds no
unsaved typing asks the window to undo the last saved change (``undo_requested``).
"""

from __future__ import annotations

import datetime as _dt
import html
import re
from typing import Any, Callable

from PySide6 import QtCore
from PySide6.QtCore import QEvent, QRegularExpression, Signal
from PySide6.QtGui import QKeySequence, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ..domain.formatting import parse_vn_int, percent_value, vn_decimal, vn_int
from ..domain.rules import Figures, compute_indicators
from ..domain.template import Field, FieldType, Indicator, Scope, Template, default_template
from ..domain.units import COMMUNE_KINDS, UnitKind

__all__ = ["make_editor", "FieldPage", "EDITOR_TYPES", "field_tooltip", "InputProblem"]

_MARK_STYLE = {
    "error": "border: 2px solid #c62828; background: #fff3f3;",
    "warning": "border: 2px solid #e0a000; background: #fffbea;",
    "input": "border: 2px solid #c62828; background: #fff3f3;",
}


# The first page is built before the window is first painted. Naming these values (Qt.AlignRight …)
# would build the Python side of Qt's whole ``Qt`` namespace (about 15 ms) before that paint, so they
# are set through Qt's property system as plain numbers (tests/gui check them against Qt's names).
_ALIGN_RIGHT_VCENTER = 0x0002 | 0x0080  # Qt.AlignmentFlag.AlignRight | AlignVCenter
_SCROLL_BAR_ALWAYS_OFF = 1  # Qt.ScrollBarPolicy.ScrollBarAlwaysOff


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


class _LineEditor(QLineEdit, _EditorMixin):
    commit_requested = Signal()
    undo_requested = Signal()

    def __init__(self, spec: Field, parent=None):
        super().__init__(parent)
        self._init_editor(spec)
        self.returnPressed.connect(self._move_on)

    def _move_on(self) -> None:
        if not self.focusNextChild():
            self.commit_requested.emit()

    def focusOutEvent(self, event):
        super().focusOutEvent(event)
        if _leaves_field(event):
            self.commit_requested.emit()

    def _current_text(self) -> str:
        return self.text()

    def event(self, event):
        if event.type() == QEvent.Type.ShortcutOverride and self._wants_window_undo(event):
            event.ignore()  # let the window's Ctrl+Z (undo the last saved change) take it
            return False
        return super().event(event)

    def keyPressEvent(self, event):
        if self._wants_window_undo(event):
            self.undo_requested.emit()
            return
        super().keyPressEvent(event)

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
            raise ValueError(f"{self.spec.label}: '{text}' không phải là số nguyên{why} "
                             f"(ví dụ đúng: 3.338).") from exc


class PercentEdit(_LineEditor):
    """0–100 with one decimal, comma as decimal mark: ``95,5``."""

    def __init__(self, spec: Field, parent=None):
        super().__init__(spec, parent)
        self.setValidator(QRegularExpressionValidator(QRegularExpression(r"[0-9]{0,3}([.,][0-9]{0,2})?"),
                                                      self))
        self.setProperty("alignment", _ALIGN_RIGHT_VCENTER)
        self.setMaximumWidth(90)

    def format(self, value: Any) -> str:
        return "" if value is None else vn_decimal(value)

    def field_value(self) -> Any:
        text = self.text().strip()
        if not text:
            return None
        try:
            return float(text.replace(",", "."))
        except ValueError:
            raise ValueError(f"{self.spec.label}: '{text}' không phải là tỷ lệ phần trăm "
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
            raise ValueError(f"{self.spec.label}: '{text}' không phải là ngày hợp lệ "
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
            raise ValueError(message)
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


class LinesEdit(QPlainTextEdit, _EditorMixin):
    """A list of plain-text lines: Enter adds the next line; Tab moves on; blank lines are dropped."""

    commit_requested = Signal()
    undo_requested = Signal()

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

    def event(self, event):
        if event.type() == QEvent.Type.ShortcutOverride and self._wants_window_undo(event):
            event.ignore()
            return False
        return super().event(event)

    def keyPressEvent(self, event):
        if self._wants_window_undo(event):
            self.undo_requested.emit()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event):
        super().focusOutEvent(event)
        if _leaves_field(event):
            self.commit_requested.emit()

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


# -- pages ------------------------------------------------------------------------------------------

class _RatioRow(QWidget):
    """``[22] / [22] → 100%``: a paired indicator's two counts side by side, percentage live."""

    def __init__(self, indicator: Indicator, numerator, denominator, mirror: bool,
                 values: Callable[[], dict], template: Template, parent=None):
        super().__init__(parent)
        self.template = template
        self.indicator = indicator
        self.numerator = numerator
        self.denominator = denominator  # an editor, or None when shown elsewhere (a mirror label)
        self._values = values
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(numerator)
        lay.addWidget(QLabel("/"))
        if mirror:
            self.mirror = QLabel()
            self.mirror.setMinimumWidth(60)
            den_key = indicator.denominator
            if den_key in template.fields:
                tip = field_tooltip(template.fields[den_key]) + "\n(nhập ở dòng trên)"
            else:  # a computed figure (derived): shown, never typed
                tip = template.label(den_key) + "\n(tính tự động, không nhập)"
            self.mirror.setToolTip(tip)
            lay.addWidget(self.mirror)
        else:
            self.mirror = None
            lay.addWidget(denominator)
        self.result = QLabel()
        self.result.setObjectName(f"indicator.{indicator.key}")
        self.result.setMinimumWidth(80)
        lay.addWidget(self.result)
        lay.addStretch(1)
        numerator.textChanged.connect(self.update_result)
        if not mirror:
            denominator.textChanged.connect(self.update_result)

    @staticmethod
    def _typed(editor) -> int | None:
        try:
            return editor.field_value()
        except ValueError:
            return None

    def update_result(self) -> None:
        values = dict(self._values())
        values[self.indicator.numerator] = self._typed(self.numerator)
        if self.denominator is not None:
            values[self.indicator.denominator] = self._typed(self.denominator)
        figures = Figures(values, self.template)
        num, den = figures.get(self.indicator.numerator), figures.get(self.indicator.denominator)
        if self.mirror is not None:
            self.mirror.setText("" if den is None else vn_int(den))
        elif self.denominator is not None:
            spec = self.template.fields[self.indicator.denominator]
            fallback = figures.get(spec.fallback) if spec.fallback else None
            self.denominator.setPlaceholderText("" if fallback is None else vn_int(fallback))
        if num is None or den is None:
            self.result.setText("→")
            return
        p = percent_value(num, den)
        self.result.setText("→ " + ("không tính được (mẫu số 0)" if p is None else vn_decimal(p) + "%"))


def _previous_text(spec: Field, value: Any) -> str:
    if spec.type is FieldType.COUNT:
        return vn_int(value)
    if spec.type is FieldType.PERCENT:
        return vn_decimal(value) + "%"
    if spec.type is FieldType.BOOL:
        return "Có" if value else "Không"
    return str(value)


def _first_part_page(indicator: Indicator, template: Template) -> str | None:
    """The page of the first entered field an indicator is computed from."""
    key = indicator.numerator or indicator.percent
    while key in template.derived:
        key = template.derived[key].plus[0]
    pages = {s.key: s.page for s in template.sections}
    return pages.get(template.fields[key].section) if key in template.fields else None


class FieldPage(QScrollArea):
    """One page of the form, built from the catalogue: sections as groups, one row per field.

    ``editors`` maps field key → editor. Paired indicators put their numerator and denominator on
    one row with the percentage; a denominator shared by two pairs appears once and is mirrored.
    """

    def __init__(self, page_key: str, values: Callable[[], dict], parent=None, *,
                 template: Template | None = None):
        super().__init__(parent)
        self.template = template = template or default_template()
        self.page_key = page_key
        self.setObjectName(f"page.{page_key}")
        self.setWidgetResizable(True)
        self.setProperty("horizontalScrollBarPolicy", _SCROLL_BAR_ALWAYS_OFF)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.editors: dict[str, QWidget] = {}
        self.ratio_rows: list[_RatioRow] = []
        self._rows: dict[str, tuple[QFormLayout, QWidget]] = {}
        body = QWidget()
        outer = QVBoxLayout(body)
        outer.setContentsMargins(16, 12, 24, 12)
        #: "Đã nhập 34/58 chỉ tiêu" (set by the window); hidden on a page without figures
        self.completeness = QLabel(body, objectName=f"completeness.{page_key}")
        self.completeness.setVisible(False)
        outer.addWidget(self.completeness)
        for section in template.sections_on_page(page_key):
            box = QGroupBox(section.label)
            box.setObjectName(f"section.{section.key}")
            form = QFormLayout(box)
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            form.setProperty("labelAlignment", _ALIGN_RIGHT_VCENTER)
            self._fill_section(form, template.fields_in_section(section.key), values)
            outer.addWidget(box)
        self._values = values
        self.computed = [i for i in template.indicators if not i.paired and not i.percent
                         and _first_part_page(i, template) == page_key]
        self.computed_label = QLabel(body, objectName=f"indicators.{page_key}")
        self.computed_label.setWordWrap(True)
        outer.addWidget(self.computed_label)
        if not self.computed:
            self.computed_label.hide()
        outer.addStretch(1)
        self.setWidget(body)

    def set_completeness(self, entered: int, total: int, missing: tuple[str, ...] = ()) -> None:
        """Show how complete the page is; the required figures still empty are named in red."""
        if not total:
            self.completeness.setVisible(False)
            return
        text = f"<b>Đã nhập {entered}/{total} chỉ tiêu</b>"
        if missing:
            text += (f" — <span style='color:#c62828'>còn thiếu {len(missing)} chỉ tiêu bắt buộc: "
                     + ", ".join(html.escape(m) for m in missing) + "</span>")
        self.completeness.setText(text)
        self.completeness.setWordWrap(True)
        self.completeness.setVisible(True)

    def _label(self, text: str, tooltip: str, buddy: QWidget | None) -> QLabel:
        label = QLabel(text)
        label.setWordWrap(True)
        label.setMinimumWidth(260)
        label.setMaximumWidth(460)
        label.setToolTip(tooltip)
        if buddy is not None:
            label.setBuddy(buddy)
        return label

    def _fill_section(self, form: QFormLayout, specs: list[Field], values) -> None:
        keys = {s.key for s in specs}
        fields = self.template.fields
        pairs = [i for i in self.template.indicators if i.paired and i.numerator in keys]
        placed: set[str] = set()
        for spec in specs:
            if spec.key in placed:
                continue
            ind = next((i for i in pairs if spec.key in (i.numerator, i.denominator)
                        and i.numerator not in placed), None)
            if ind is not None and ind.numerator in keys:
                num = make_editor(fields[ind.numerator])
                mirror = ind.denominator in placed or ind.denominator not in keys
                den = None if mirror else make_editor(fields[ind.denominator])
                self.editors[num.objectName()] = num
                if den is not None:
                    self.editors[den.objectName()] = den
                    placed.add(ind.denominator)
                placed.add(ind.numerator)
                row = _RatioRow(ind, num, den, mirror, values, self.template)
                self.ratio_rows.append(row)
                parts = fields[ind.numerator].label + " / " + self.template.label(ind.denominator)
                unit = fields[ind.numerator].unit
                label = self._label(parts + (f" ({unit})" if unit else ""),
                                    f"{ind.label}\n{parts}", num)
                form.addRow(label, row)
                self._rows[ind.numerator] = (form, label)
                if den is not None:
                    self._rows[ind.denominator] = (form, label)
                # a later pair sharing this denominator mirrors it
                continue
            editor = make_editor(spec)
            self.editors[spec.key] = editor
            placed.add(spec.key)
            label = self._label(spec.label + (" *" if spec.required and spec.scope is Scope.PERIOD else ""),
                                field_tooltip(spec), editor)
            if spec.unit and spec.type in (FieldType.COUNT, FieldType.PERCENT):
                holder = QWidget()
                lay = QHBoxLayout(holder)
                lay.setContentsMargins(0, 0, 0, 0)
                lay.addWidget(editor)
                lay.addWidget(QLabel(spec.unit))
                lay.addStretch(1)
                form.addRow(label, holder)
            elif spec.type in (FieldType.BOOL, FieldType.DATE) or spec.key == "unit.kind":
                holder = QWidget()
                lay = QHBoxLayout(holder)
                lay.setContentsMargins(0, 0, 0, 0)
                lay.addWidget(editor)
                lay.addStretch(1)
                form.addRow(label, holder)
            else:
                form.addRow(label, editor)
            self._rows[spec.key] = (form, label)

    def update_ratios(self) -> None:
        for row in self.ratio_rows:
            row.update_result()
        if self.computed:
            known = compute_indicators(Figures(self._values(), self.template))
            lines = [f"{i.label}: {known[i.key].text if i.key in known else 'chưa đủ số liệu'}"
                     for i in self.computed]
            self.computed_label.setText("<b>Chỉ số tính tự động</b><br>" + "<br>".join(
                line.replace("&", "&amp;").replace("<", "&lt;") for line in lines))

    def set_previous(self, values: dict, period_label: str) -> None:
        """Beside each figure, greyed: its value in the period before (``kỳ trước: 22``)."""
        labels: dict[int, tuple[QLabel, list[str]]] = {}
        for key, (_form, label) in self._rows.items():
            labels.setdefault(id(label), (label, []))[1].append(key)
        for label, keys in labels.values():
            base = label.property("base_text")
            shown = [_previous_text(self.template.fields[k], values.get(k)) for k in keys
                     if k in self.template.fields and values.get(k) is not None]
            if shown and period_label:
                if base is None:
                    base = label.text()
                    label.setProperty("base_text", base)
                # rich text (QLabel's AutoText sees the tags); the label's own text escaped
                label.setText(f"{html.escape(base)}<br><span style='color:#888'>{period_label}: "
                              f"{html.escape('/'.join(shown))}</span>")
            elif base is not None:
                label.setText(base)

    def set_field_visible(self, key: str, visible: bool) -> None:
        """Hide a row (e.g. the online-service counts of the other legal regime)."""
        form, label = self._rows[key]
        form.setRowVisible(label, visible)
