"""The consolidated view of a period (communes × indicators, sums, the summed register) and the tables
the window and the workbook both show."""

from __future__ import annotations

from dataclasses import dataclass

from ...domain.consolidation import (
    Consolidation,
    consolidate,
)
from ...domain.dataset import Dataset
from ...domain.periods import Period
from ...domain.tasks import TaskState
from ...storage.superior import SuperiorRepository
from ..workspace import Workspace
from .board import Board, board
from .common import _period

# -- consolidation ---------------------------------------------------------------------------------

@dataclass
class ConsolidatedView:
    """The consolidated data of a period: what the window's table, the PDF and Excel show."""

    period: Period
    board: Board
    consolidation: Consolidation
    names: dict[str, str]  # unit code → full name as printed ("xã Quảng Thọ")
    package_ids: dict[str, int]  # unit code → current package id

    @property
    def communes(self) -> int:
        return len(self.consolidation.datasets)


def consolidated(ws: Workspace, period: Period | str, *,
                 state: TaskState | None = None) -> ConsolidatedView | None:
    """Every current package of ``period`` (expected or not) signed by a confirmed key, read and summed
    (a package whose key nobody confirmed is shown on the board, never summed); None when ``state`` is
    cancelled."""
    p = _period(period)
    b = board(ws, p)
    repo = SuperiorRepository(ws.store)
    rows = [r for r in repo.current_data(p.code) if r[0] not in b.unconfirmed_ids]
    names = {r.unit.code: r.unit.full_name for r in b.all_rows}
    datasets = []
    ids = {}
    for i, (package_id, code, data) in enumerate(rows):
        if state is not None and i % 50 == 0:
            if state.cancelled:
                return None
            state.set_progress(i, len(rows), "Đang đọc số liệu các đơn vị…")
        ds = Dataset.from_json(data)
        datasets.append(ds)
        ids[code] = package_id
        names.setdefault(code, ds.unit.full_name)
    order = {r.unit.code: i for i, r in enumerate(b.all_rows)}
    datasets.sort(key=lambda d: (order.get(d.unit.code, len(order)), d.unit.code))
    if state is not None:
        state.set_progress(len(rows), len(rows), "")
    return ConsolidatedView(p, b, consolidate(datasets), names, ids)


def consolidated_table(view: ConsolidatedView):
    """(headers, rows): communes × indicators (numerator, denominator, %) + total and average rows.
    The window's table model and the Excel sheet both show exactly this. Columns 0–1 are the unit's
    code and name, then three per catalogue indicator (``INDICATORS`` order); the last three rows
    (``tables.INDICATOR_FOOTER_ROWS``) are "Tổng cộng" (Σ numerators / Σ denominators), "Trung bình
    các đơn vị" and "Số đơn vị có số liệu" (over how many communes the average is) — keep them at the
    bottom when sorting. Percentages are floats (one decimal), missing figures None."""
    from .tables import indicator_table

    return indicator_table(view.consolidation, view.names)


def register_table(view: ConsolidatedView):
    """(headers, rows): the summed register, kind × condition, with totals."""
    from .tables import register_table as table

    return table(view.consolidation)


def board_table(b: Board):
    """(headers, rows) of the board (expected, then unexpected rows)."""
    from .tables import board_table as table

    return table(b.all_rows)
