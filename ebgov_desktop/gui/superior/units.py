"""The "Đơn vị cấp xã" page: the communes expected to report, typed in, imported from an xlsx/CSV list
(with a preview of every error before anything changes) or learned from imported packages; renamed,
merged or taken off the list with their code history kept.
"""

from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path
from typing import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import UserError
from ...domain.formatting import short_date
from ...domain.units import UnitKind
from ...services import superior as sup
from ...services.workspace import WorkspaceError
from ..dialogs import problem_label
from .models import ROW_ROLE, first_upper
from .table_page import find_row, sorted_table

__all__ = ["UnitsPage", "CommuneForm", "ListPreviewDialog", "parse_day", "HEADERS"]

HEADERS = ["Mã", "Tên đơn vị", "Nguồn", "Có từ ngày", "Thôi báo cáo từ", "Sáp nhập vào"]
_SOURCES = {"typed": "Nhập tay", "list": "Tệp danh sách", "learned": "Từ gói dữ liệu"}
_KINDS = (UnitKind.XA, UnitKind.PHUONG, UnitKind.THI_TRAN, UnitKind.DAC_KHU)


def parse_day(text: str) -> str:
    """``01/7/2025`` or ``2025-07-01`` → ``2025-07-01``; "" stays ""; anything else is passed on for
    the service to explain."""
    text = text.strip()
    m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
    if m:
        try:
            return _dt.date(int(m[3]), int(m[2]), int(m[1])).isoformat()
        except ValueError:
            raise WorkspaceError(f"Ngày '{text}' không có thật; hãy ghi ngày/tháng/năm, ví dụ "
                                 "01/7/2025.") from None
    return text


def _day(iso: str) -> str:
    return short_date(_dt.date.fromisoformat(iso)) if iso else ""


class CommuneForm(QDialog):
    """A small form (code, name, kind, date as asked); ``action(values)`` does the work and raises a
    Vietnamese error, shown in the dialog."""

    done = Signal(str)

    def __init__(self, title: str, intro: str, fields: list[tuple[str, str, str]],
                 action: Callable[[dict], str], parent=None, *, ok_text: str = "&Lưu"):
        super().__init__(parent)
        self.setObjectName("commune_form")
        self.setWindowTitle(title)
        self.action = action
        lay = QVBoxLayout(self)
        label = QLabel(intro)
        label.setWordWrap(True)
        lay.addWidget(label)
        form = QFormLayout()
        self.inputs: dict[str, QLineEdit | QComboBox] = {}
        for key, text, value in fields:
            if key == "kind":
                widget = QComboBox()
                for kind in _KINDS:
                    widget.addItem(kind.label.capitalize(), kind.value)
                widget.setCurrentIndex(max(0, widget.findData(value or UnitKind.XA.value)))
            else:
                widget = QLineEdit(value)
                if key == "day":
                    widget.setPlaceholderText("ngày/tháng/năm, ví dụ 01/7/2025")
            widget.setObjectName(f"form.{key}")
            caption = QLabel(text)
            caption.setBuddy(widget)
            form.addRow(caption, widget)
            self.inputs[key] = widget
        lay.addLayout(form)
        self.problem = problem_label("form.problem")
        lay.addWidget(self.problem)
        buttons = QDialogButtonBox()
        self.ok = buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setDefault(True)
        buttons.addButton("Hủy", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self._ok)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.resize(520, self.sizeHint().height())

    def values(self) -> dict:
        return {k: (w.currentData() if isinstance(w, QComboBox) else w.text())
                for k, w in self.inputs.items()}

    def _ok(self) -> None:
        try:
            text = self.action(self.values())
        except UserError as exc:
            self.problem.setText(str(exc))
            return
        self.done.emit(text)
        self.accept()


class ListPreviewDialog(QDialog):
    """What importing a list would do — or every error, naming row and column — before any change."""

    def __init__(self, path: Path, result: sup.ListImport, parent=None):
        super().__init__(parent)
        self.setObjectName("list_preview")
        self.setWindowTitle("Nhập danh sách đơn vị từ tệp")
        lay = QVBoxLayout(self)
        if result.ok:
            head = (f"Tệp {path.name}: {len(result.added)} đơn vị mới, {len(result.renamed)} đơn vị đổi "
                    f"tên, {len(result.unchanged)} đơn vị không thay đổi. Chưa có gì thay đổi; bấm "
                    "“Nhập danh sách” để ghi.")
        else:
            head = (f"Tệp {path.name} có {len(result.errors)} lỗi nên chưa nhập được. Hãy sửa tệp (Excel "
                    "hoặc CSV: cột Mã, Tên, Loại) rồi nhập lại:")
        label = QLabel(head, objectName="list_preview.summary")
        label.setWordWrap(True)
        lay.addWidget(label)
        self.list = QListWidget(objectName="list_preview.errors")
        self.list.setWordWrap(True)
        self.list.addItems(result.errors if not result.ok else
                           [f"Mới: mã {c}" for c in result.added] + [f"Đổi tên: mã {c}" for c in result.renamed])
        lay.addWidget(self.list, 1)
        buttons = QDialogButtonBox()
        self.import_button = None
        if result.ok and (result.added or result.renamed):
            self.import_button = buttons.addButton("&Nhập danh sách", QDialogButtonBox.ButtonRole.AcceptRole)
            self.import_button.setDefault(True)
        buttons.addButton("Đóng", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.resize(680, 420)


class UnitsPage(QWidget):
    changed = Signal()

    def __init__(self, window, parent=None):
        super().__init__(parent)
        self.window = window
        self.setObjectName("page.units")
        self.dialog: QDialog | None = None
        lay = QVBoxLayout(self)
        lay.setContentsMargins(12, 8, 12, 8)
        self.summary = QLabel(objectName="units.summary")
        self.summary.setWordWrap(True)
        lay.addWidget(self.summary)
        bar = QHBoxLayout()
        self.retired = QCheckBox("&Hiện cả đơn vị đã thôi báo cáo (sáp nhập, bỏ)", objectName="units.retired")
        self.retired.setChecked(True)
        self.retired.toggled.connect(self.refresh)
        find = QLabel("Tì&m:")
        self.filter = QLineEdit(objectName="units.filter")
        self.filter.setPlaceholderText("mã hoặc tên (gõ không dấu cũng được)")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._filter)
        find.setBuddy(self.filter)
        bar.addWidget(find)
        bar.addWidget(self.filter, 1)
        bar.addWidget(self.retired)
        lay.addLayout(bar)
        self.model, self.proxy, self.view = sorted_table(
            self, "units", self.rename, selection=QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.horizontalHeader().setStretchLastSection(True)
        lay.addWidget(self.view, 1)
        self.history = QLabel(objectName="units.history")
        self.history.setWordWrap(True)
        lay.addWidget(self.history)
        buttons = QHBoxLayout()
        self.buttons = {}
        for name, text, slot in (
                ("add", "Thêm đơn &vị…", self.add), ("rename", "Đổi tê&n…", self.rename),
                ("merge", "&Sáp nhập…", self.merge), ("remove", "Bỏ khỏ&i danh sách…", self.remove),
                ("import", "Nhập &danh sách từ tệp (Excel, CSV)…", self.import_list),
                ("learn", "&Lấy thêm các đơn vị đã gửi gói", self.learn)):
            button = QPushButton(text, objectName=f"units.{name}")
            button.clicked.connect(slot)
            buttons.addWidget(button)
            self.buttons[name] = button
        buttons.addStretch(1)
        lay.addLayout(buttons)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self.communes: list[sup.ExpectedCommune] = []

    # -- data --------------------------------------------------------------------------------------
    def refresh(self) -> None:
        try:
            communes = sup.list_expected(self.window.ws, include_retired=self.retired.isChecked())
        except UserError as exc:
            self.summary.setText(str(exc))
            return
        self.communes = communes
        rows = [[c.code, c.full_name, _SOURCES.get(c.source, c.source), _day(c.valid_from),
                 _day(c.retired_on), c.merged_into] for c in communes]
        self.model.set_table(HEADERS, rows, communes)
        header = self.view.horizontalHeader()
        for col, width in enumerate((80, 260, 130, 110, 120)):
            header.resizeSection(col, width)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        active = sum(1 for c in communes if c.active)
        self.summary.setText(
            f"Danh sách có {active} đơn vị cấp xã đang phải báo cáo"
            + (f" và {len(communes) - active} đơn vị đã thôi (giữ lại để xem các kỳ trước)"
               if len(communes) > active else "")
            + ". Đổi tên hay sáp nhập đều giữ lịch sử mã: các kỳ trước vẫn hiện tên cũ." if communes else
            "Chưa có đơn vị nào. Hãy nhập danh sách từ tệp Excel/CSV (cột Mã, Tên, Loại), thêm từng "
            "đơn vị, hoặc nhập gói dữ liệu rồi bấm “Lấy thêm các đơn vị đã gửi gói”.")
        self._filter()
        self._selection_changed()

    def _filter(self) -> None:
        needle = sup.fold(self.filter.text())
        if not needle:
            self.proxy.set_accepted(None)
            return
        self.proxy.set_accepted({i for i, c in enumerate(self.communes)
                                 if needle in sup.fold(f"{c.code} {c.full_name}")})

    def selected(self) -> list[sup.ExpectedCommune]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        return [self.proxy.index(r, 0).data(ROW_ROLE) for r in rows]

    def select_code(self, code: str) -> bool:
        row = find_row(self.proxy, lambda c: c is not None and c.code == code)
        if row is not None:
            self.view.selectRow(row)
        return row is not None

    def _selection_changed(self) -> None:
        chosen = self.selected()
        self.buttons["rename"].setEnabled(len(chosen) == 1)
        self.buttons["remove"].setEnabled(len(chosen) == 1)
        self.buttons["merge"].setEnabled(len(chosen) >= 1)
        if len(chosen) == 1:
            try:
                lines = sup.name_history(self.window.ws, chosen[0].code)
            except UserError:
                lines = []
            self.history.setText(f"Lịch sử mã {chosen[0].code}: " + "; ".join(lines) + ".")
        else:
            self.history.setText("Chọn nhiều dòng (Ctrl hoặc Shift) rồi bấm “Sáp nhập…” khi các xã "
                                 "hợp thành một." if not chosen else f"Đã chọn {len(chosen)} đơn vị.")

    # -- actions -----------------------------------------------------------------------------------
    def _open(self, dialog: QDialog, code_of: Callable[[], str] | None = None) -> QDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if isinstance(dialog, CommuneForm):
            dialog.done.connect(lambda text: self._changed(text, code_of() if code_of else ""))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _changed(self, text: str, code: str = "") -> None:
        self.window.data_changed()
        self.window.status.setText(text)
        if code:
            self.select_code(code)

    def add(self) -> QDialog:
        ws = self.window.ws
        found = {}

        def act(v):
            c = sup.add_expected(ws, v["code"], v["name"], v["kind"], valid_from=parse_day(v["day"]) or None)
            found["code"] = c.code
            return f"Đã thêm {c.full_name} (mã {c.code})."

        return self._open(CommuneForm(
            "Thêm đơn vị cấp xã", "Mã đơn vị hành chính (5 chữ số, theo Tổng cục Thống kê) và tên riêng "
            "của xã, phường, thị trấn hoặc đặc khu.",
            [("code", "&Mã:", ""), ("name", "&Tên:", ""), ("kind", "&Loại:", "xa"),
             ("day", "Có từ &ngày (tùy chọn):", "")], act, self, ok_text="&Thêm"),
            lambda: found.get("code", ""))

    def _one_selected(self) -> sup.ExpectedCommune | None:
        chosen = self.selected()
        return chosen[0] if len(chosen) == 1 else None

    def rename(self) -> QDialog | None:
        c = self._one_selected()
        if c is None:
            return None
        ws = self.window.ws

        def act(v):
            new = sup.rename_expected(ws, c.code, v["name"], kind=v["kind"],
                                      valid_from=parse_day(v["day"]) or None)
            return f"Đã đổi tên đơn vị mã {c.code}: " + "; ".join(sup.name_history(ws, new.code)) + "."

        return self._open(CommuneForm(
            f"Đổi tên {c.full_name}",
            f"Tên mới của đơn vị mã {c.code}. Ghi ngày có hiệu lực khi đơn vị đổi tên (các kỳ trước vẫn "
            "in tên cũ); để trống ngày khi chỉ sửa tên gõ nhầm.",
            [("name", "&Tên mới:", c.name), ("kind", "&Loại:", c.kind.value),
             ("day", "Có hiệu lực từ &ngày:", "")], act, self), lambda: c.code)

    def merge(self) -> QDialog | None:
        chosen = self.selected()
        if not chosen:
            return None
        ws = self.window.ws
        codes = [c.code for c in chosen]
        names = ", ".join(f"{c.full_name} ({c.code})" for c in chosen)
        found = {}

        def act(v):
            day = parse_day(v["day"])
            if not day:
                raise WorkspaceError("Hãy ghi ngày sáp nhập có hiệu lực, ví dụ 01/7/2025.")
            new = sup.merge_expected(ws, codes, v["code"], v["name"], v["kind"], on=day)
            found["code"] = new.code
            return f"Đã sáp nhập {names} thành {new.full_name} (mã {new.code})."

        return self._open(CommuneForm(
            "Sáp nhập đơn vị", f"Các đơn vị: {names} hợp thành một đơn vị. Mã mới có thể là mã của "
            "một đơn vị cũ. Các kỳ trước ngày sáp nhập vẫn tính các đơn vị cũ; gói gửi sau bằng mã cũ "
            "được tính cho đơn vị mới.",
            [("code", "&Mã đơn vị mới:", codes[0]), ("name", "&Tên đơn vị mới:", ""),
             ("kind", "&Loại:", chosen[0].kind.value), ("day", "Có hiệu lực từ &ngày:", "")],
            act, self, ok_text="&Sáp nhập"), lambda: found.get("code", ""))

    def remove(self) -> QDialog | None:
        c = self._one_selected()
        if c is None:
            return None
        ws = self.window.ws

        def act(v):
            day = parse_day(v["day"])
            sup.remove_expected(ws, c.code, on=day or None)
            return (f"{first_upper(c.full_name)} (mã {c.code}) thôi báo cáo từ ngày {_day(day)}." if day else
                    f"Đã xóa {c.full_name} (mã {c.code}) khỏi danh sách.")

        return self._open(CommuneForm(
            f"Bỏ {c.full_name} khỏi danh sách",
            "Ghi ngày đơn vị thôi phải báo cáo (các kỳ trước vẫn tính đơn vị này). Để trống ngày chỉ "
            "khi đơn vị bị thêm nhầm: đơn vị bị xóa hẳn khỏi danh sách.",
            [("day", "Thôi báo cáo từ &ngày:", "")], act, self, ok_text="&Bỏ khỏi danh sách"))

    def import_list(self, path: str | None = None) -> QDialog | None:
        ws = self.window.ws
        if not path:
            path, _f = QFileDialog.getOpenFileName(self, "Chọn tệp danh sách đơn vị", str(Path.home()),
                                                   "Danh sách (*.xlsx *.csv *.txt);;Mọi tệp (*)")
            if not path:
                return None
        try:
            preview = sup.import_expected(ws, path, dry_run=True)
        except UserError as exc:
            preview = sup.ListImport(errors=[str(exc)])
        dialog = ListPreviewDialog(Path(path), preview, self)

        def accepted():
            try:
                result = sup.import_expected(ws, path)
            except UserError as exc:
                self.window.show_message("Nhập danh sách đơn vị", str(exc))
                return
            self._changed(result.summary)

        dialog.accepted.connect(accepted)
        return self._open(dialog)

    def learn(self) -> None:
        try:
            codes = sup.learn_expected(self.window.ws)
        except UserError as exc:
            self.window.show_message("Thêm đơn vị đã gửi gói", str(exc))
            return
        self._changed(f"Đã thêm {len(codes)} đơn vị đã gửi gói vào danh sách." if codes else
                      "Mọi đơn vị đã gửi gói đều có trong danh sách.")
