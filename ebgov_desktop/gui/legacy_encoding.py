"""The import preview's box for columns typed in an old encoding (TCVN3 .VnTime, VNI-Times).

One row a column found (``services.legacy_import.ColumnRepair``): the column, the encoding the program
found, a choice of another or none (objectName ``import.encoding.<column index>``), and a few values as
written → as they will be read. ``changed`` is emitted with {column: encoding, "" for none}.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QGroupBox, QLabel, QScrollArea, QVBoxLayout, QWidget

from ..domain.legacy_text import ENCODINGS, SHORT_NAMES
from ..services.register_io import column_letter

__all__ = ["EncodingBox"]

_NONE = "Không chuyển (giữ nguyên như trong tệp)"


def _short(text: str, limit: int = 32) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class EncodingBox(QGroupBox):
    changed = Signal(dict)

    def __init__(self, parent=None):
        super().__init__("Chữ viết bằng phông cũ (TCVN3, VNI): chương trình chuyển sang Unicode", parent)
        self.setObjectName("import.encodings")
        inner = QWidget()
        self.grid = QGridLayout(inner)
        self.grid.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea(self)  # a whole register in TCVN3 is a dozen rows: the preview keeps its room
        scroll.setWidget(inner)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setMaximumHeight(150)
        QVBoxLayout(self).addWidget(scroll)
        self.combos: dict[int, QComboBox] = {}
        self.samples: dict[int, QLabel] = {}
        self.choices: dict[int, str] = {}
        self.hide()

    def show_repairs(self, repairs, headers: list[str]) -> None:
        """Rows for these columns (kept as they are when already shown: only their samples change)."""
        for fix in repairs:
            if fix.column not in self.combos:
                self._add_row(fix, headers)
            combo = self.combos[fix.column]
            combo.blockSignals(True)
            combo.setCurrentIndex(max(0, combo.findData(fix.encoding or "")))
            combo.blockSignals(False)
            found = f"tìm thấy mã {SHORT_NAMES[fix.detected]}" if fix.detected else "chọn tay"
            pairs = "; ".join(f"“{_short(a)}” → “{_short(b)}”" for a, b in fix.samples[:2]) \
                or "không ô nào thay đổi"
            self.samples[fix.column].setText(f"{found}: {pairs}")
            self.samples[fix.column].setToolTip("\n".join(f"{a} → {b}" for a, b in fix.samples))
        self.setVisible(bool(self.combos))

    def _add_row(self, fix, headers: list[str]) -> None:
        row = len(self.combos)
        name = headers[fix.column] if fix.column < len(headers) else column_letter(fix.column)
        label = QLabel(f"Cột {name}:")
        combo = QComboBox(objectName=f"import.encoding.{fix.column}")
        for key, text in ENCODINGS.items():
            combo.addItem(text, key)
        combo.addItem(_NONE, "")
        label.setBuddy(combo)
        sample = QLabel(objectName=f"import.encoding_samples.{fix.column}")
        sample.setWordWrap(True)
        self.grid.addWidget(label, row, 0)
        self.grid.addWidget(combo, row, 1)
        self.grid.addWidget(sample, row, 2)
        self.grid.setColumnStretch(2, 1)
        self.combos[fix.column] = combo
        self.samples[fix.column] = sample
        combo.currentIndexChanged.connect(lambda _i, c=fix.column: self._chosen(c))

    def _chosen(self, column: int) -> None:
        self.choices[column] = self.combos[column].currentData()
        self.changed.emit(dict(self.choices))
