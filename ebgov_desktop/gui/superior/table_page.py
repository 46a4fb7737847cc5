"""What the superior window's table pages share: a sorted, read-only table over a ``TableModel``
(``sorted_table``), finding a row by its payload (``find_row``), and for the pages that list the
communes' packages ("Tình hình nộp", "Tổng hợp") opening or printing the selected commune's data
(``PackagesPage``)."""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QPushButton, QTableView, QVBoxLayout, QWidget

from .models import ROW_ROLE, TableModel, TableProxy

__all__ = ["sorted_table", "find_row", "PackagesPage"]

_SINGLE = QAbstractItemView.SelectionMode.SingleSelection


def sorted_table(owner: QWidget, name: str, on_activated: Callable[[], Any], *,
                 selection: QAbstractItemView.SelectionMode = _SINGLE,
                 header_width: int = 0) -> tuple[TableModel, TableProxy, QTableView]:
    """``(model, proxy, view)``: a read-only table (objectName ``name``) in the list's order until a
    header is clicked, whole rows selected, 24 px rows; Enter or a double click calls
    ``on_activated()``."""
    model = TableModel(owner, header_width=header_width)
    proxy = TableProxy(owner)
    proxy.setSourceModel(model)
    view = QTableView(objectName=name)
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the list's order until a header is clicked
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(selection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setDefaultSectionSize(24)
    view.activated.connect(lambda _i: on_activated())
    return model, proxy, view


def find_row(proxy: TableProxy, matches: Callable[[Any], bool]) -> int | None:
    """The first row shown whose payload ``matches``."""
    for row in range(proxy.rowCount()):
        if matches(proxy.index(row, 0).data(ROW_ROLE)):
            return row
    return None


class PackagesPage(QWidget):
    """A page whose rows are communes with a package: ``open_commune`` / ``print_commune`` carry the
    selected row's package id; ``open_button`` ("Xem số liệu của xã") and ``print_button`` ("In báo
    cáo của xã…") are for the page to lay out. The page has ``self.view`` and ``self.proxy`` and says
    which package is selected (``selected_package``) and a row's commune code (``_code_of``)."""

    open_commune = Signal(int)  # package id
    print_commune = Signal(int)

    def __init__(self, window, name: str, parent=None):
        super().__init__(parent)
        self.window = window
        self.setObjectName(f"page.{name}")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(12, 8, 12, 8)
        self.open_button = QPushButton("&Xem số liệu của xã", objectName=f"{name}.open")
        self.print_button = QPushButton("&In báo cáo của xã…", objectName=f"{name}.print")
        self.open_button.clicked.connect(self.open_selected)
        self.print_button.clicked.connect(self.print_selected)

    def selected_package(self) -> int | None:  # pragma: no cover - every page says
        raise NotImplementedError

    def _code_of(self, payload) -> str | None:  # pragma: no cover - every page says
        raise NotImplementedError

    def select_code(self, code: str) -> bool:
        row = find_row(self.proxy, lambda payload: payload is not None and self._code_of(payload) == code)
        if row is None:
            return False
        self.view.setCurrentIndex(self.proxy.index(row, 0))
        return True

    def open_selected(self) -> None:
        package_id = self.selected_package()
        if package_id is not None:
            self.open_commune.emit(package_id)

    def print_selected(self) -> None:
        package_id = self.selected_package()
        if package_id is not None:
            self.print_commune.emit(package_id)
