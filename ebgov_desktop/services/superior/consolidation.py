"""The consolidated view of a period (communes × indicators, sums, the summed register) and the tables
the window and the workbook both show."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

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
    names = {r.unit.code: r.unit.full_name for r in b.all_rows}
    datasets = []
    ids = {}
    total = repo.current_count(p.code)
    for i, (package_id, code, data) in enumerate(repo.current_data(p.code)):
        if state is not None and i % 50 == 0:
            if state.cancelled:
                return None
            state.set_progress(i, total, "Đang đọc số liệu các đơn vị…")
        if package_id in b.unconfirmed_ids:
            continue
        ds = summed_dataset(data)
        datasets.append(ds)
        ids[code] = package_id
        names.setdefault(code, ds.unit.full_name)
    order = {r.unit.code: i for i, r in enumerate(b.all_rows)}
    datasets.sort(key=lambda d: (order.get(d.unit.code, len(order)), d.unit.code))
    if state is not None:
        state.set_progress(total, total, "")
    return ConsolidatedView(p, b, consolidate(datasets), names, ids)


def summed_dataset(data: str) -> Dataset:
    """A current package's data as the consolidated view keeps it, read the quick way. The import
    verified it and found it canonical, so its figures are taken as they are (what ``Dataset.from_json``
    gives, without checking each one again); its texts (difficulties, proposals…), which nothing
    consolidated prints, and its explanations are left out; its register is summed by kind and
    condition, one row each (what the consolidation counts), instead of being kept row by row. At
    3,321 communes: a third of the time and a fifth of the memory of the full datasets."""
    from ...domain.catalogue import legacy_template
    from ...domain.dataset import FORM_VERSION, template_from_dict, unit_from_dict
    from ...domain.register import RegisterItem

    try:
        d = json.loads(data)
        # format 1 named no template: the 2019 one (the legacy reader)
        template = template_from_dict(d["template"]) if d["version"] >= 2 else legacy_template()
        period = _parsed_period(d["period"])
        summed: dict[tuple[str, str], int] = {}
        for row in d["register"]:
            disposed = row["year_disposed"]
            if disposed is not None and disposed <= period.year:
                continue
            key = (row["kind"], row["condition"] or "")
            summed[key] = summed.get(key, 0) + (row["quantity"] or 0)
        register = [RegisterItem(kind, quantity=quantity, condition=condition)
                    for (kind, condition), quantity in summed.items()]
        texts = _text_keys(template)
        values = {k: v for k, v in d["values"].items() if k not in texts}
        return Dataset(unit_from_dict(d["unit"]), period, values, register, {},
                       d.get("form_version", FORM_VERSION), template=template)
    except (KeyError, TypeError, ValueError, AttributeError):  # not as the import stores it: the long way
        return Dataset.from_json(data)


_TEXT_KEYS: dict[tuple[str, int, str], frozenset] = {}


def _text_keys(template) -> frozenset:
    """The keys of ``template``'s free-text fields (one set per template)."""
    from ...domain.template import FieldType

    key = (template.id, template.version, template.digest)
    if key not in _TEXT_KEYS:
        _TEXT_KEYS[key] = frozenset(k for k, f in template.fields.items()
                                    if f.type in (FieldType.TEXT, FieldType.LINES))
    return _TEXT_KEYS[key]


@lru_cache(maxsize=64)
def _parsed_period(code: str) -> Period:
    return Period.parse(code)


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
