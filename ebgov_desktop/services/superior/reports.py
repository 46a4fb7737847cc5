"""What the superior level prints: one commune's own report from its package, the consolidated PDF and
workbook, and the superior workspace's own period (text sections, document settings)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ...domain.dataset import Dataset
from ...domain.periods import Period, PeriodError
from ...domain.rules import Figures, Finding, RuleContext, evaluate
from ...domain.system_errors import os_reason
from ...domain.tasks import TaskState
from ...domain.units import Unit, UnitKind
from ..workspace import Workspace
from .common import SuperiorError, _period, default_symbol, header_lines, office, require_superior
from .consolidation import ConsolidatedView, board_table, consolidated, consolidated_table, register_table

# -- one commune -----------------------------------------------------------------------------------

def commune_dataset(ws: Workspace, package_id: int) -> Dataset:
    """The commune's data exactly as it sent it (same canonical JSON, same digest)."""
    from ..packages import package_dataset

    return package_dataset(ws, package_id)


def _commune_findings(ws: Workspace, ds: Dataset) -> list[Finding]:
    """The findings as the commune saw them: with its previous periods from the imported packages."""
    from ...storage.packages import PackageRepository

    repo = PackageRepository(ws.store)

    def figures(period: Period) -> Figures | None:
        rec = repo.current(ds.unit.code, period.code)
        if rec is None:
            return None
        other = Dataset.from_json(repo.data(rec.id))
        return Figures(other.values, other.template)

    later = [r for r in repo.list(unit_code=ds.unit.code, status="current")
             if _safe_period(r.period) is not None and _safe_period(r.period) > ds.period]
    ctx = RuleContext(period=ds.period, figures=Figures(ds.values, ds.template),
                      register=list(ds.register),
                      previous=figures(ds.period.previous()),
                      last_year=figures(ds.period.same_period_last_year()),
                      check_future_acquisitions=not later)
    return evaluate(ctx)


def _safe_period(code: str) -> Period | None:
    try:
        return Period.parse(code)
    except PeriodError:
        return None


def commune_report(ws: Workspace, package_id: int, out: str | os.PathLike, *,
                   state: TaskState | None = None):
    """Print one commune's own report from its imported package: the same report the commune printed,
    stamped with the same revision and data digest. Returns ``services.report.ReportResult``."""
    from ...reporting.commune import CommuneReport, DataStamp
    from ...storage.packages import PackageRepository
    from ..report import ReportResult, fonts_dir
    from ..revisions import Revision

    record = PackageRepository(ws.store).get(package_id)
    ds = commune_dataset(ws, package_id)
    findings = _commune_findings(ws, ds)
    revision = Revision(record.revision, record.payload_sha256, True)
    stamp = DataStamp(ds.unit.code, ds.period.code, ds.period.label, revision.number,
                      revision.short_digest)
    report = CommuneReport(fonts_dir(), ds, findings=findings, stamp=stamp, template=ds.template)
    out = _write_pdf(report, out, state)
    if out is None:  # cancelled: nothing written
        return None
    return ReportResult(out, report.pages, out.stat().st_size, revision,
                        sum(1 for f in findings if not f.is_error))


def _write_pdf(report, out: str | os.PathLike, state: TaskState | None = None) -> Path | None:
    from ..report import write_pdf

    return write_pdf(report, out, state=state, error=SuperiorError)


# -- the superior workspace's own period (text sections, document settings) ------------------------

def consolidated_title(ws: Workspace, p: Period) -> str:
    """The default title: after the communes' form of the period's date (the 2025 template's own
    subject from 01/7/2025), the 2019 wording before."""
    from ...domain.template import is_legacy

    _start, end = p.default_range()
    form = ws.templates().newest_valid(end, "xa")
    if form is None or is_legacy(form):
        return f"Tổng hợp tình hình ứng dụng công nghệ thông tin cấp xã {p.label}"
    subject = form.title.removeprefix("Báo cáo ").removeprefix("báo cáo ")
    return f"Tổng hợp {subject[:1].lower()}{subject[1:]} {p.label}"


def ensure_period(ws: Workspace, period: Period | str) -> Period:
    """The superior workspace's period (its text sections and doc.* values), created when missing
    with the document defaults of the office."""
    p = _period(period)
    if not ws.has_period(p):
        unit = require_superior(ws)
        ws.create_period(p)
        values = ws.values(p)
        if values.get("doc.symbol") == "BC-UBND":
            ws.set_value(p, "doc.symbol", default_symbol(office(ws)))
        ws.set_value(p, "doc.title", consolidated_title(ws, p))
        if unit.kind is UnitKind.TINH:
            ws.set_value(p, "doc.place", unit.name or unit.province)
    return p


# -- the consolidated report and the workbook ------------------------------------------------------

@dataclass(frozen=True)
class ConsolidatedResult:
    path: Path
    pages: int
    size: int  # bytes
    sentence: str  # "34/36 xã đã báo cáo"
    communes: int  # datasets summed
    xlsx: Path | None = None


def default_consolidated_name(unit: Unit, period: Period | str, suffix: str = ".pdf") -> str:
    """``BC_TongHop_476-QuangDien_2019.pdf``."""
    from ..report import _ascii_fold as fold

    name = fold(unit.name)
    return f"BC_TongHop_{unit.code}-{name}_{period}{suffix}" if name else \
        f"BC_TongHop_{unit.code}_{period}{suffix}"


def report_data(ws: Workspace, view: ConsolidatedView):
    """The plain data the consolidated report prints (the superior workspace's period values: doc.*,
    text.*, comments.* — the window edits them like any period value)."""
    from ...reporting.consolidated import ConsolidatedData

    unit = require_superior(ws)
    p = view.period
    values = dict(ws.values(p)) if ws.has_period(p) else {}
    if not values.get("doc.title"):
        values["doc.title"] = consolidated_title(ws, p)
    name = office(ws)
    if not values.get("doc.symbol"):  # what the window shows is what prints; only an empty one defaults
        values["doc.symbol"] = default_symbol(name)
    above, lines = header_lines(unit, name)
    issuer = name or unit.council_name
    return ConsolidatedData(unit=unit, period=p, values=values, rows=view.board.rows,
                            consolidation=view.consolidation, names=view.names,
                            header_lines=(above, lines), issuer=issuer,
                            unexpected=view.board.unexpected)


def make_consolidated_report(ws: Workspace, period: Period | str, out: str | os.PathLike, *,
                             xlsx: str | os.PathLike | None = None,
                             state: TaskState | None = None,
                             view: ConsolidatedView | None = None) -> ConsolidatedResult | None:
    """Write the consolidated PDF of ``period`` (atomically) and, with ``xlsx``, the workbook; None
    when ``state`` is cancelled (no file left)."""
    from ...reporting.consolidated import ConsolidatedReport
    from ..report import fonts_dir

    require_superior(ws)
    if state is not None:
        state.set_progress(0, 100, "Đang tổng hợp số liệu các đơn vị…")
    view = view or consolidated(ws, period, state=state)
    if view is None:
        return None
    report = ConsolidatedReport(fonts_dir(), report_data(ws, view))
    path = _write_pdf(report, out, state)
    if path is None:
        return None
    book = write_consolidated_workbook(view, xlsx) if xlsx else None
    return ConsolidatedResult(path, report.pages, path.stat().st_size, view.board.sentence,
                              view.communes, book)


def workbook_sheets(view: ConsolidatedView) -> list:
    """(sheet title, (headers, rows)) of the workbook: the same tables the window shows, then every
    table of the consolidated outline with the columns the PDF prints."""
    from .tables import outline_tables

    return [("Tình hình nộp", board_table(view.board)), ("Chỉ tiêu các đơn vị", consolidated_table(view)),
            ("Thiết bị tổng hợp", register_table(view))] + outline_tables(
        view.consolidation, view.period, view.board.rows, view.board.unexpected, view.names)


def write_consolidated_workbook(view: ConsolidatedView, out: str | os.PathLike) -> Path:
    from ..excel import write_workbook

    try:
        return write_workbook(out, workbook_sheets(view))
    except OSError as exc:
        raise SuperiorError(f"Không ghi được tệp Excel {out} ({os_reason(exc)}). Hãy đóng tệp nếu "
                            "đang mở trong Excel, hoặc chọn thư mục khác.") from None


def export_consolidated(data_dir: str | os.PathLike | None, period: Period | str,
                        out: str | os.PathLike, *, xlsx: str | os.PathLike | None = None, paths=None,
                        state: TaskState | None = None) -> ConsolidatedResult | None:
    """The background worker: opens its own workspace (one connection per thread), makes the report."""
    with Workspace.open(data_dir, paths=paths) as ws:
        return make_consolidated_report(ws, period, out, xlsx=xlsx, state=state)


def export_workbook(data_dir: str | os.PathLike | None, period: Period | str, out: str | os.PathLike, *,
                    paths=None, state: TaskState | None = None) -> Path | None:
    """The background worker for "Xuất Excel": its own workspace, the three sheets; None when
    ``state`` is cancelled before the workbook is written."""
    with Workspace.open(data_dir, paths=paths) as ws:
        if state is not None:
            state.set_progress(10, 100, "Đang tổng hợp số liệu các đơn vị…")
        view = consolidated(ws, period, state=state)
        if view is None:
            return None
        path = write_consolidated_workbook(view, out)
        if state is not None:
            state.set_progress(100, 100, "")
        return path
