"""The pages built from the template: a form per section, ratio pairs side by side, each figure's
value in the period before. The editors they hold (one per field type) are in ``editors.py``.
"""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ..domain.formatting import percent_value, vn_decimal, vn_int, vn_typed_percent
from ..domain.rules import Figures, compute_indicators
from ..domain.template import Field, FieldType, Indicator, Scope, Template
from .editors import (  # noqa: F401  (re-exported: callers import editors from here too)
    _ALIGN_RIGHT_VCENTER,
    EDITOR_TYPES,
    InputProblem,
    field_tooltip,
    make_editor,
)

__all__ = ["make_editor", "FieldPage", "EDITOR_TYPES", "field_tooltip", "InputProblem"]

_SCROLL_BAR_ALWAYS_OFF = 1  # Qt.ScrollBarPolicy.ScrollBarAlwaysOff (see editors.py on why a number)


def _escape(text: str) -> str:
    """``text`` safe inside a rich-text label (what ``html.escape`` does for it, without importing
    ``html`` and its entity tables before the first paint)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


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
            # a shared denominator not entered yet says so, instead of a gap ("22 /   →")
            missing = "(chưa nhập)" if self.indicator.denominator in self.template.fields else "(chưa đủ)"
            self.mirror.setText(missing if den is None else vn_int(den))
            self.mirror.setStyleSheet("color: #777" if den is None else "")
        elif self.denominator is not None:
            spec = self.template.fields[self.indicator.denominator]
            fallback = figures.get(spec.fallback) if spec.fallback else None
            self.denominator.setPlaceholderText("" if fallback is None else vn_int(fallback))
        if num is None or den is None:
            self.result.setText("→ (chưa đủ số liệu)")
            return
        p = percent_value(num, den)
        self.result.setText("→ " + ("không tính được (mẫu số 0)" if p is None else vn_decimal(p) + "%"))


def _previous_text(spec: Field, value: Any) -> str:
    if spec.type is FieldType.COUNT:
        return vn_int(value)
    if spec.type is FieldType.PERCENT:
        return vn_typed_percent(value)
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
    """One page of the period's template, built from its fields: sections as groups, one row per field.

    ``editors`` maps field key → editor. Paired indicators put their numerator and denominator on
    one row with the percentage; a denominator shared by two pairs appears once and is mirrored.
    """

    def __init__(self, page_key: str, values: Callable[[], dict], parent=None, *,
                 template: Template):
        super().__init__(parent)
        self.template = template
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
                     + ", ".join(_escape(m) for m in missing) + "</span>")
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
            if spec.choices and spec.type is FieldType.LINES:  # an annex table: a real table
                from .annex_table import AnnexTableEdit, annex_columns

                editor = AnnexTableEdit(spec, annex_columns(self.template, spec.key))
            else:
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
                label.setText(f"{_escape(base)}<br><span style='color:#888'>{period_label}: "
                              f"{_escape('/'.join(shown))}</span>")
            elif base is not None:
                label.setText(base)

    def set_field_visible(self, key: str, visible: bool) -> None:
        """Hide a row (e.g. the online-service counts of the other legal regime)."""
        form, label = self._rows[key]
        form.setRowVisible(label, visible)
