"""First start: create a unit and its first period, or open the demo data (xã Quảng Thọ, 2019).

The unit is picked from the official list of its period's date (province, then commune or district,
searched without diacritics), which fills the code, kind and names; a code typed by hand that the list
does not have needs an explicit confirmation. Enter moves to the next field (it never submits a
half-filled form); every problem is shown at once, in the order of the form.
"""

from __future__ import annotations

import datetime as _dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from ..domain.dataset import DatasetError, unit_from_dict
from ..domain.errors import UserError
from ..domain.formatting import vn_int
from ..domain.periods import Period, PeriodKind, has_district_level
from ..domain.units import (
    COMMUNE_KINDS,
    SUPERIOR_KINDS,
    ListedUnit,
    UnitKind,
    code_shape_problem,
    province_code_for,
)
from ..services import units as official
from ..services.datasets import demo_dataset
from ..services.paths import AppPaths
from ..services.templates import unit_fields
from ..services.workspace import Workspace
from .dialogs import problem_label

__all__ = ["WelcomeDialog"]

_OFFICE_MAX = 200
_FORM_ORDER = ("unit.kind", "unit.name", "unit.code", "unit.district", "unit.province")


class WelcomeDialog(QDialog):
    """On success ``workspace`` and ``period`` are set and the dialog is accepted."""

    def __init__(self, paths: AppPaths, parent=None):
        super().__init__(parent)
        self.setObjectName("welcome")
        self.setWindowTitle("Bắt đầu")  # Qt adds " — ebgov"
        self.paths = paths
        #: the unit's fields as the commune template in force declares them (labels, helps, limits)
        self.fields = fields = unit_fields(paths.data_dir)
        self.workspace: Workspace | None = None
        self.period: Period | None = None
        self._picked: ListedUnit | None = None
        lay = QVBoxLayout(self)
        intro = QLabel("<b>Chào mừng đến với ebgov.</b><br>Chọn đơn vị của bạn trong danh mục đơn vị hành "
                       "chính (hoặc khai báo bên dưới) để bắt đầu nhập sổ thiết bị và báo cáo ứng dụng "
                       "CNTT. Có thể mở dữ liệu mẫu (xã Quảng Thọ, năm 2019) để xem trước.<br>Cấp trên tổng hợp "
                       "báo cáo của các xã (tỉnh; trước 01/7/2025 cả huyện, thị xã, thành phố): chọn loại "
                       "đơn vị tương ứng.")
        intro.setWordWrap(True)
        lay.addWidget(intro)

        top = QFormLayout()
        self.year = QSpinBox(objectName="period")
        self.year.setRange(1990, 2100)
        self.year.setValue(_dt.date.today().year)
        self.year.setToolTip("Năm báo cáo; danh mục đơn vị hành chính theo năm này (trước hay từ "
                             "01/7/2025).")
        top.addRow(QLabel("Báo cáo năm *"), self.year)
        kind = QComboBox(objectName="unit.kind")
        self.inputs = {"unit.kind": kind}
        self._fill_kinds()
        kind.setToolTip(fields["unit.kind"].help or fields["unit.kind"].label)
        top.addRow(QLabel(fields["unit.kind"].label + " *"), kind)
        # the report template of the first period: the one valid on its date, changeable now only
        self.template_box = QComboBox(objectName="welcome.template")
        self.template_box.setToolTip("Mẫu báo cáo của kỳ đầu tiên, chọn theo ngày (từ 01/7/2025: mẫu "
                                     "2025). Sau khi tạo, không đổi được mẫu của kỳ này.")
        self.template_label = QLabel("Mẫu báo cáo")
        self.template_label.setBuddy(self.template_box)
        top.addRow(self.template_label, self.template_box)
        # a word when the template chosen is not the one in force on the report's date
        self.template_note = QLabel(objectName="welcome.template_note")
        self.template_note.setWordWrap(True)
        self.template_note.setStyleSheet("color: #8a4b00")
        self.template_note.setVisible(False)
        top.addRow(self.template_note)
        self.top = top
        lay.addLayout(top)

        pick = QGroupBox("Chọn trong danh mục đơn vị hành chính")
        pick_lay = QVBoxLayout(pick)
        row = QHBoxLayout()
        self.province_box = QComboBox(objectName="welcome.province")
        self.province_box.setToolTip("Tỉnh / thành phố trong danh mục của năm báo cáo")
        self.search = QLineEdit(objectName="welcome.search")
        self.search.setPlaceholderText("Tìm theo tên hoặc mã, không cần dấu (ví dụ: quang tho)")
        self.search.setClearButtonEnabled(True)
        row.addWidget(self.province_box, 2)
        row.addWidget(self.search, 3)
        pick_lay.addLayout(row)
        self.results = QListWidget(objectName="welcome.results")
        self.results.setToolTip("Chọn một đơn vị: mã, loại và tên được điền vào bên dưới")
        self.results.setMinimumHeight(130)
        pick_lay.addWidget(self.results)
        self.list_note = QLabel(objectName="welcome.list_note")
        self.list_note.setStyleSheet("color: #555")
        pick_lay.addWidget(self.list_note)
        lay.addWidget(pick)

        form = QFormLayout()
        self.captions: dict[str, QLabel] = {}
        for key in _FORM_ORDER[1:]:
            spec = fields[key]
            widget = QLineEdit(objectName=key)
            # no maxLength: it would drop the end of a paste without a word; problems() names the limit
            widget.setToolTip(f"{spec.help or spec.label} (tối đa {spec.max_length} ký tự)")
            label = spec.label + ("" if spec.optional else " *")
            if key == "unit.district":
                label += " (tùy chọn)"
            caption = QLabel(label)
            caption.setBuddy(widget)
            form.addRow(caption, widget)
            self.inputs[key] = widget
            self.captions[key] = caption
        self.office = QLineEdit(objectName="superior.office")
        self.office.setPlaceholderText("tùy chọn, ví dụ: Sở Khoa học và Công nghệ")
        self.office.setToolTip("Cơ quan ban hành báo cáo tổng hợp; để trống khi Ủy ban nhân dân ban "
                               "hành.")
        self.office_label = QLabel("Cơ quan ban hành báo cáo (tùy chọn)")
        self.office_label.setBuddy(self.office)
        form.addRow(self.office_label, self.office)
        self.unlisted = QCheckBox("Mã này không có trong danh mục (hoặc danh mục ghi tên khác): tôi chắc "
                                  "chắn mã đúng, vẫn dùng", objectName="welcome.unlisted")
        self.unlisted.setVisible(False)
        form.addRow(self.unlisted)
        self.form = form
        self.inputs["unit.name"].setPlaceholderText("ví dụ: Quảng Thọ")
        lay.addLayout(form)
        self.problem = problem_label("welcome.problem")
        lay.addWidget(self.problem)
        buttons = QHBoxLayout()
        self.create_button = QPushButton("&Tạo đơn vị và bắt đầu", objectName="welcome.create")
        self.demo_button = QPushButton("Mở &dữ liệu mẫu (xã Quảng Thọ, 2019)", objectName="welcome.demo")
        self.quit_button = QPushButton("T&hoát", objectName="welcome.quit")
        self.create_button.clicked.connect(self.create_unit)
        self.demo_button.clicked.connect(self.open_demo)
        self.quit_button.clicked.connect(self.reject)
        for b in (self.create_button, self.demo_button, self.quit_button):
            b.setAutoDefault(False)  # Enter in a field moves on; only a focused button is pressed
            buttons.addWidget(b)
        lay.addLayout(buttons)
        kind.currentIndexChanged.connect(self._kind_changed)
        self.year.valueChanged.connect(self._fill_kinds)
        self.year.valueChanged.connect(self._fill_provinces)
        self.year.valueChanged.connect(self._fill_templates)
        self.template_box.currentIndexChanged.connect(self._template_chosen)
        self.province_box.currentIndexChanged.connect(self._province_changed)
        self.search.textChanged.connect(self._refresh_results)
        self.results.currentItemChanged.connect(self._result_chosen)
        self.inputs["unit.code"].textEdited.connect(self._code_edited)
        self._fill_provinces()
        self._fill_templates()
        self._kind_changed()
        self.province_box.setFocus()
        self.resize(680, self.sizeHint().height())

    # -- Enter moves on ----------------------------------------------------------------------------
    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            focused = self.focusWidget()
            if isinstance(focused, QPushButton):
                focused.click()
            elif focused is self.results and self.results.currentItem() is not None:
                self.inputs["unit.name"].setFocus(Qt.FocusReason.TabFocusReason)
            else:
                self.focusNextChild()
            return
        super().keyPressEvent(event)

    # -- the official list ------------------------------------------------------------------------
    def _list_date(self) -> _dt.date:
        return official.list_date(Period.parse(str(self.year.value())))

    def _units(self):
        return official.list_on(self._list_date())

    def _two_tier(self) -> bool:
        """Does the report's date fall after 01/7/2025, when the district level was abolished?"""
        return not has_district_level(self._list_date())

    def _fill_kinds(self) -> None:
        """The kinds of unit that exist on the report's date: from 01/7/2025 xã, phường, đặc khu and
        the province (no huyện, thị xã, thị trấn, thành phố thuộc tỉnh)."""
        kind = self.inputs["unit.kind"]
        current = kind.currentData()
        two_tier = self._two_tier()
        gone = {UnitKind.THI_TRAN, UnitKind.HUYEN, UnitKind.THI_XA, UnitKind.THANH_PHO} if two_tier else set()
        kind.blockSignals(True)
        kind.clear()
        for k in UnitKind:
            if k in COMMUNE_KINDS and k not in gone:
                kind.addItem(k.label.capitalize(), k.value)
        kind.insertSeparator(kind.count())
        for k in UnitKind:
            if k in SUPERIOR_KINDS and k not in gone:
                kind.addItem(f"{k.label.capitalize()} (cấp trên, tổng hợp các xã)", k.value)
        index = kind.findData(current) if current else -1
        kind.setCurrentIndex(index if index >= 0 else 0)
        kind.blockSignals(False)
        if hasattr(self, "form"):  # a year changed: the district row and the note follow the date
            self._kind_changed(refresh=False)

    def _superior(self) -> bool:
        return self.inputs["unit.kind"].currentData() in {k.value for k in SUPERIOR_KINDS}

    def _fill_provinces(self) -> None:
        current = self.province_box.currentData()
        units = self._units()
        self.province_box.blockSignals(True)
        self.province_box.clear()
        self.province_box.addItem("— Tỉnh / thành phố —", "")
        for p in units.provinces():
            self.province_box.addItem(f"{p.name} ({p.code})", p.code)
        index = self.province_box.findData(current) if current else 0
        self.province_box.setCurrentIndex(max(index, 0))
        self.province_box.blockSignals(False)
        self.list_note.setText(f"Danh mục {units.label}: {len(units.provinces())} tỉnh, thành phố; "
                               f"{vn_int(len(units.communes()))} đơn vị cấp xã.")
        self._province_changed()

    def _province_changed(self) -> None:
        code = self.province_box.currentData()
        if code and self.inputs["unit.kind"].currentData() == UnitKind.TINH.value:
            self._apply(self._units().get("P", code))
        self._refresh_results()

    def _refresh_results(self) -> None:
        self.results.blockSignals(True)
        self.results.clear()
        province = self.province_box.currentData() or None
        text = self.search.text()
        kind = self.inputs["unit.kind"].currentData()
        if kind == UnitKind.TINH.value or (province is None and not text.strip()):
            self.results.blockSignals(False)
            return
        if self._superior():
            found = [u for u in official.legacy_list().search(text, level="D", province_code=province)
                     if u.kind is not None and u.kind.value == kind]
        else:
            found = self._units().search(text, province_code=province)
        for u in found:
            where = u.place if province is None or u.district else ""
            item = QListWidgetItem(f"{u.code}  {u.full_name}" + (f" — {where}" if where else ""))
            item.setData(Qt.ItemDataRole.UserRole, (u.level, u.code))
            self.results.addItem(item)
        self.results.blockSignals(False)

    def _result_chosen(self, item) -> None:
        if item is None:
            return
        level, code = item.data(Qt.ItemDataRole.UserRole)
        units = official.legacy_list() if level == "D" else self._units()
        self._apply(units.get(level, code))

    def _apply(self, u: ListedUnit | None) -> None:
        """Fill the code, kind and names from a unit of the list."""
        if u is None:
            return
        self._picked = u
        kind = self.inputs["unit.kind"]
        if u.kind is not None and u.kind.is_commune and kind.currentData() != u.kind.value:
            kind.blockSignals(True)
            kind.setCurrentIndex(kind.findData(u.kind.value))
            kind.blockSignals(False)
            self._kind_changed(refresh=False)
        province = u.province if u.level != "P" else u.name
        if u.level != "P" and self.province_box.currentData() != u.province_code:
            self.province_box.blockSignals(True)
            self.province_box.setCurrentIndex(max(self.province_box.findData(u.province_code), 0))
            self.province_box.blockSignals(False)
        for key, text in (("unit.name", u.name), ("unit.code", u.code), ("unit.district", u.district),
                          ("unit.province", province)):
            self.inputs[key].setText(text)
        self.unlisted.setChecked(False)
        self.unlisted.setVisible(False)
        self.problem.clear()

    def _code_edited(self, _text: str) -> None:
        self._picked = None
        self.unlisted.setChecked(False)

    def _kind_changed(self, *_args, refresh: bool = True) -> None:
        superior = self._superior()
        for widget in (self.office, self.office_label):
            widget.setVisible(superior)
        # the commune's former district: only in a report dated before 01/7/2025
        self.form.setRowVisible(self.inputs["unit.district"], not superior and not self._two_tier())
        self.inputs["unit.code"].setPlaceholderText(
            "mã huyện 3 chữ số (ví dụ 477) hoặc mã tỉnh 2 chữ số (ví dụ 46)" if superior
            else "5 chữ số, ví dụ 19894")
        self.inputs["unit.name"].setPlaceholderText("ví dụ: Quảng Điền" if superior else "ví dụ: Quảng Thọ")
        self.top.setRowVisible(self.template_box, not superior)
        self.template_note.setVisible(bool(self.template_note.text()) and not superior)
        if refresh:
            self._province_changed()

    def _fill_templates(self) -> None:
        from ..services.templates_exchange import template_choices

        choices, default = template_choices(self.paths.data_dir, Period(self.year.value(), PeriodKind.YEAR))
        self.template_box.clear()
        for choice in choices:
            self.template_box.addItem(choice.label, (choice.template_id, choice.version))
        self.template_box.setCurrentIndex(default)
        self._template_chosen()

    def _template_chosen(self, *_args) -> None:
        """Say so when the template chosen is not in force on the report's date (the 2019 template for
        a 2026 report): the report would follow an outdated form."""
        from ..services.templates_exchange import template_in_force

        chosen = self.template_box.currentData()
        period = Period(self.year.value(), PeriodKind.YEAR)
        note = template_in_force(self.paths.data_dir, period, *chosen) if chosen else ""
        self.template_note.setText(note)
        self.template_note.setVisible(bool(note) and not self._superior())

    # -- creating ---------------------------------------------------------------------------------
    def _open(self) -> Workspace:
        if self.workspace is None:
            self.workspace = Workspace.open(paths=self.paths)
        return self.workspace

    def problems(self):
        """(problems in form order, the unit when it can be made)."""
        text = {k: (w.currentData() if isinstance(w, QComboBox) else w.text().strip())
                for k, w in self.inputs.items()}
        out: list[str] = []
        kind = UnitKind(text["unit.kind"])
        if not text["unit.name"]:
            out.append(f"{self.fields['unit.name'].label}: hãy nhập tên đơn vị.")
        if not text["unit.code"]:
            out.append(f"{self.fields['unit.code'].label}: hãy nhập mã.")
        elif code_shape_problem(kind, text["unit.code"]):
            out.append(f"{self.fields['unit.code'].label}: {code_shape_problem(kind, text['unit.code'])}.")
        if not text["unit.province"]:
            out.append(f"{self.fields['unit.province'].label}: hãy nhập tên tỉnh / thành phố.")
        for key in _FORM_ORDER[1:]:
            limit = self.fields[key].max_length
            if len(text[key]) > limit:
                out.append(f"{self.fields[key].label}: dài {len(text[key])} ký tự, quá giới hạn {limit} ký tự; "
                           "hãy viết gọn lại.")
        if len(self.office.text().strip()) > _OFFICE_MAX:
            out.append(f"Cơ quan ban hành báo cáo: dài {len(self.office.text().strip())} ký tự, quá giới hạn "
                       f"{_OFFICE_MAX} ký tự; hãy viết gọn lại.")
        if out:
            return out, None
        data = {k.split(".", 1)[1]: v for k, v in text.items()}
        if self._superior():
            data["district"] = ""
        listed = self._units().get("P", self._picked.province_code) if self._picked else None
        data["province_code"] = listed.code if listed else province_code_for(data["province"])
        try:
            unit = unit_from_dict(data)
        except DatasetError as exc:
            return [_explain(exc, self.fields)], None
        found = official.unit_problems(unit, self._list_date())
        if found and not self.unlisted.isChecked():
            self.unlisted.setVisible(True)
            return [f"{self.fields['unit.code'].label}: {p}. Hãy chọn đơn vị trong danh mục ở trên, hoặc đánh "
                    "dấu ô xác nhận nếu chắc chắn mã đúng." for p in found], None
        entry = official.official(unit, self._list_date()) if not found else None
        if entry is not None and not unit.province_code:
            unit = unit.with_changes(province_code=entry.province_code)
        return [], (unit, not found)

    def create_unit(self) -> None:
        out, made = self.problems()
        if out:
            self.problem.setText("\n".join(f"• {p}" for p in out))
            return
        unit, listed = made
        try:
            ws = self._open()
            ws.set_unit(unit)
            period = Period.parse(str(self.year.value()))
            if not unit.kind.is_commune:
                from ..services import superior

                superior.set_office(ws, self.office.text())
                superior.ensure_period(ws, period)
                if listed:
                    official.add_expected_from_list(ws, unit, self._list_date())
            elif not ws.has_period(period):
                from ..services.templates_exchange import find_template

                chosen = self.template_box.currentData()
                ws.create_period(period, find_template(ws, *chosen) if chosen else None)
        except UserError as exc:
            self.problem.setText(str(exc))
            return
        self.period = period
        self.accept()

    def open_demo(self) -> None:
        try:
            ds = demo_dataset()
            ws = self._open()
            self.period = ws.load_dataset(ds)
        except UserError as exc:
            self.problem.setText(str(exc))
            return
        self.accept()

    def reject(self) -> None:
        if self.workspace is not None and self.period is None:
            self.workspace.close()
            self.workspace = None
        super().reject()


def _explain(exc: DatasetError, fields: dict) -> str:
    key = exc.place if exc.place in fields else ""
    where = fields[key].label if key else ""
    return f"{where}: {exc.problem}." if where else f"{exc.problem}."
