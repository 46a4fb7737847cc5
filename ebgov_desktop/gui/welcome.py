"""First start: create a unit and its first period, or open the demo data (xã Quảng Thọ, 2019)."""

from __future__ import annotations

import datetime as _dt

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from ..domain.catalogue import FIELDS
from ..domain.dataset import DatasetError, unit_from_dict
from ..domain.periods import Period
from ..domain.units import COMMUNE_KINDS, SUPERIOR_KINDS, UnitKind, province_code_for
from ..services.datasets import demo_dataset
from ..services.paths import AppPaths
from ..services.workspace import Workspace, WorkspaceError
from ..storage import StorageError

__all__ = ["WelcomeDialog"]


class WelcomeDialog(QDialog):
    """On success ``workspace`` and ``period`` are set and the dialog is accepted."""

    def __init__(self, paths: AppPaths, parent=None):
        super().__init__(parent)
        self.setObjectName("welcome")
        self.setWindowTitle("ebgov — Bắt đầu")
        self.paths = paths
        self.workspace: Workspace | None = None
        self.period: Period | None = None
        lay = QVBoxLayout(self)
        intro = QLabel("<b>Chào mừng đến với ebgov.</b><br>Khai báo đơn vị của bạn để bắt đầu nhập "
                       "sổ thiết bị và báo cáo ứng dụng CNTT. Có thể mở dữ liệu mẫu (xã Quảng Thọ, "
                       "năm 2019) để xem trước.<br>Cấp huyện, thị xã, thành phố, tỉnh (tổng hợp báo "
                       "cáo của các xã): chọn loại đơn vị tương ứng.")
        intro.setWordWrap(True)
        lay.addWidget(intro)
        form = QFormLayout()
        self.inputs: dict[str, QLineEdit | QComboBox] = {}
        self.captions: dict[str, QLabel] = {}
        for key in ("unit.kind", "unit.name", "unit.code", "unit.district", "unit.province"):
            spec = FIELDS[key]
            if key == "unit.kind":
                widget = QComboBox()
                for kind in UnitKind:
                    if kind in COMMUNE_KINDS:
                        widget.addItem(kind.label.capitalize(), kind.value)
                widget.insertSeparator(widget.count())
                for kind in UnitKind:
                    if kind in SUPERIOR_KINDS:
                        widget.addItem(f"{kind.label.capitalize()} (cấp trên, tổng hợp các xã)",
                                       kind.value)
            else:
                widget = QLineEdit()
                widget.setMaxLength(spec.max_length)
                widget.returnPressed.connect(widget.focusNextChild)
            widget.setObjectName(key)
            widget.setToolTip(spec.help or spec.label)
            label = spec.label + ("" if spec.optional else " *")
            if key == "unit.district":
                label += " (tùy chọn)"
            caption = QLabel(label)
            form.addRow(caption, widget)
            self.inputs[key] = widget
            self.captions[key] = caption
        self.office = QLineEdit(objectName="superior.office")
        self.office.setMaxLength(200)
        self.office.setPlaceholderText("tùy chọn, ví dụ: Sở Khoa học và Công nghệ")
        self.office.setToolTip("Cơ quan ban hành báo cáo tổng hợp; để trống khi Ủy ban nhân dân ban "
                               "hành.")
        self.office_label = QLabel("Cơ quan ban hành báo cáo (tùy chọn)")
        self.office_label.setBuddy(self.office)
        form.addRow(self.office_label, self.office)
        self.form = form
        self.inputs["unit.code"].setPlaceholderText("5 chữ số, ví dụ 19901")
        self.inputs["unit.name"].setPlaceholderText("ví dụ: Quảng Thọ")
        self.year = QSpinBox(objectName="period")
        self.year.setRange(1990, 2100)
        self.year.setValue(_dt.date.today().year)
        form.addRow(QLabel("Báo cáo năm *"), self.year)
        lay.addLayout(form)
        self.problem = QLabel(objectName="welcome.problem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #c62828")
        lay.addWidget(self.problem)
        buttons = QHBoxLayout()
        self.create_button = QPushButton("&Tạo đơn vị và bắt đầu", objectName="welcome.create")
        self.create_button.setDefault(True)
        self.demo_button = QPushButton("Mở &dữ liệu mẫu (xã Quảng Thọ, 2019)", objectName="welcome.demo")
        self.quit_button = QPushButton("T&hoát", objectName="welcome.quit")
        self.create_button.clicked.connect(self.create_unit)
        self.demo_button.clicked.connect(self.open_demo)
        self.quit_button.clicked.connect(self.reject)
        for b in (self.create_button, self.demo_button, self.quit_button):
            buttons.addWidget(b)
        lay.addLayout(buttons)
        self.inputs["unit.kind"].currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()
        self.inputs["unit.name"].setFocus()
        self.resize(620, self.sizeHint().height())

    def _superior(self) -> bool:
        return self.inputs["unit.kind"].currentData() in {k.value for k in SUPERIOR_KINDS}

    def _kind_changed(self) -> None:
        superior = self._superior()
        for widget in (self.office, self.office_label):
            widget.setVisible(superior)
        self.form.setRowVisible(self.inputs["unit.district"], not superior)
        self.inputs["unit.code"].setPlaceholderText(
            "mã huyện 3 chữ số (ví dụ 476) hoặc mã tỉnh 2 chữ số (ví dụ 46)" if superior
            else "5 chữ số, ví dụ 19901")
        self.inputs["unit.name"].setPlaceholderText("ví dụ: Quảng Điền" if superior else "ví dụ: Quảng Thọ")

    def _open(self) -> Workspace:
        if self.workspace is None:
            self.workspace = Workspace.open(paths=self.paths)
        return self.workspace

    def create_unit(self) -> None:
        text = {k: (w.currentData() if isinstance(w, QComboBox) else w.text())
                for k, w in self.inputs.items()}
        data = {k.split(".", 1)[1]: v for k, v in text.items()}
        data["province_code"] = province_code_for(data["province"])
        try:
            if not data["province"].strip():
                raise WorkspaceError("Hãy nhập tên tỉnh / thành phố.")
            if self._superior():
                data["district"] = ""
            unit = unit_from_dict(data)
            ws = self._open()
            ws.set_unit(unit)
            period = Period.parse(str(self.year.value()))
            if not unit.kind.is_commune:
                from ..services import superior

                superior.set_office(ws, self.office.text())
                superior.ensure_period(ws, period)
            elif not ws.has_period(period):
                ws.create_period(period)
        except DatasetError as exc:
            self.problem.setText(_explain(exc))
            return
        except (WorkspaceError, StorageError) as exc:
            self.problem.setText(str(exc))
            return
        self.period = period
        self.accept()

    def open_demo(self) -> None:
        try:
            ds = demo_dataset()
            ws = self._open()
            self.period = ws.load_dataset(ds)
        except (DatasetError, WorkspaceError, StorageError) as exc:
            self.problem.setText(str(exc))
            return
        self.accept()

    def reject(self) -> None:
        if self.workspace is not None and self.period is None:
            self.workspace.close()
            self.workspace = None
        super().reject()


def _explain(exc: DatasetError) -> str:
    key = exc.place if exc.place in FIELDS else ""
    where = FIELDS[key].label if key else ""
    return f"{where}: {exc.problem}." if where else f"{exc.problem}."
