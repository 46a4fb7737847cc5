"""Benchmark of the official PDF: the demo report with a 200-row register against a bare reportlab
document of the same page count, built in the same run (goal: ratio ≤ 1.5).

Run by hand:  .venv/bin/python bench/report.py [--repeat 9]

Also times the three parts kept for their speed against what reportlab offers for the same job (the
comments in ``reporting/datatable.py``, ``reporting/tables.indicator_chart`` and
``reporting/paragraph.py`` quote these figures): the 200-row register table (``grid_table`` /
``DataTable`` vs ``Table`` of ``Paragraph`` cells) and the indicator chart (drawn on the canvas vs
``HorizontalBarChart``), each built in its own document, and the whole report with our paragraphs
measured once per width vs reportlab's own ``Paragraph``.

Also times the Word copy (``make_docx``) against the PDF in the same run (the two alternately), the
whole process (``ebgov-desktop report`` from start to exit) and, when LibreOffice (``soffice``) is
installed, LibreOffice converting that Word copy to PDF (goal: ≥ 8× slower than our PDF).
"""

from __future__ import annotations

import argparse
import io
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ebgov_desktop.domain.periods import Period
from ebgov_desktop.domain.register import RegisterItem
from ebgov_desktop.services.datasets import demo_dataset
from ebgov_desktop.services.report import make_docx, make_report
from ebgov_desktop.services.workspace import Workspace

P2019 = Period.parse("2019")
KINDS = ["computer_desktop", "printer", "scanner", "ups", "camera", "switch", "wifi", "photocopier"]


def demo_with_register(data_dir: Path, rows: int) -> Workspace:
    ws = Workspace.open(data_dir)
    ws.load_dataset(demo_dataset())
    for i in range(rows - len(ws.register_items())):
        ws.add_item(RegisterItem(
            kind=KINDS[i % len(KINDS)], description=f"Thiết bị số {i + 1} – model {1000 + i}",
            quantity=1 + i % 3, year_acquired=2012 + i % 8, origin="moi" if i % 4 else "da_qua_su_dung",
            condition=("tot", "xuong_cap", "hong")[i % 3], location="Bộ phận một cửa",
            notes="Đã kiểm kê" if i % 5 == 0 else ""))
    return ws


def bare_document(pages: int, paragraphs: int | None = None) -> int:
    """Full pages of justified body text in the same font and margins, as many pages as the report:
    reportlab's own floor for laying out that much paper."""
    from reportlab.lib.enums import TA_JUSTIFY
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    style = ParagraphStyle("b", fontName="LiberationSerif", fontSize=14, leading=18, spaceAfter=6,
                           firstLineIndent=1.27 * 28.35, alignment=TA_JUSTIFY)
    text = ("Ủy ban nhân dân xã báo cáo tình hình ứng dụng công nghệ thông tin trong hoạt động "
            "của cơ quan nhà nước trên địa bàn năm 2019. ") * 3
    width, height = A4[0] - 45 * mm, A4[1] - 40 * mm
    _, h = Paragraph(text, style).wrap(width, height)
    per_page = max(1, int(height // (h + style.spaceAfter)))
    story = [Paragraph(text, style) for _ in range(paragraphs or per_page * pages)]
    doc = SimpleDocTemplate(io.BytesIO(), pagesize=A4, leftMargin=30 * mm, rightMargin=15 * mm,
                            topMargin=20 * mm, bottomMargin=20 * mm)
    doc.build(story)
    return doc.page


def timed_pairs(fn_a, fn_b, repeat: int) -> tuple[float, float, object, object]:
    """Median times of ``fn_a`` and ``fn_b`` run alternately, so that whatever else the (shared)
    machine does at the time weighs on both alike."""
    times_a, times_b, result_a, result_b = [], [], None, None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result_a = fn_a()
        t1 = time.perf_counter()
        result_b = fn_b()
        t2 = time.perf_counter()
        times_a.append(t1 - t0)
        times_b.append(t2 - t1)
    return statistics.median(times_a), statistics.median(times_b), result_a, result_b


def _doc(story) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate

    SimpleDocTemplate(io.BytesIO(), pagesize=A4).build(story)


def register_table_pair(rows: int):
    """(ours, reportlab's): the register annex table of ``rows`` rows in each engine."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Table, TableStyle

    from ebgov_desktop.reporting.tables import grid_table

    header = ["TT", "Loại", "Mô tả", "SL", "Năm", "Nguồn", "Tình trạng", "Vị trí", "Ghi chú"]
    widths = [10, 22, 45, 10, 13, 18, 18, 22, 22]
    body = [[str(i + 1), KINDS[i % len(KINDS)], f"Thiết bị số {i + 1} – model {1000 + i}", str(1 + i % 3),
             str(2012 + i % 8), "mới", "tốt", "Bộ phận một cửa", "Đã kiểm kê" if i % 5 == 0 else ""]
            for i in range(rows)]
    cell = ParagraphStyle("c", fontName="LiberationSerif", fontSize=11, leading=13)

    def ours():
        _doc([grid_table(header, body, widths, small=True)])

    def theirs():
        data = [[Paragraph(c, cell) for c in row] for row in [header] + body]
        t = Table(data, colWidths=[w * mm for w in widths], repeatRows=1)
        t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
        _doc([t])

    return ours, theirs


def chart_pair(copies: int = 20):
    """(ours, reportlab's): ``copies`` indicator charts of 8 bars."""
    from reportlab.graphics.charts.barcharts import HorizontalBarChart
    from reportlab.graphics.shapes import Drawing

    from ebgov_desktop.reporting.tables import indicator_chart

    items = [(f"Chỉ tiêu {i}", 10.0 * i + 5.5) for i in range(8)]
    width = 450

    def ours():
        _doc([indicator_chart(items, width) for _ in range(copies)])

    def theirs():
        story = []
        for _ in range(copies):
            d = Drawing(width, 8 * 19 + 28)
            c = HorizontalBarChart()
            c.x, c.y, c.width, c.height = width * 0.5, 18, width * 0.5 - 40, 8 * 19
            c.data = [[v for _, v in reversed(items)]]
            c.categoryAxis.categoryNames = [n for n, _ in reversed(items)]
            c.valueAxis.valueMin, c.valueAxis.valueMax, c.valueAxis.valueStep = 0, 100, 20
            c.barLabelFormat, c.barLabels.fontName = "%.1f%%", "LiberationSerif-Bold"
            c.categoryAxis.labels.fontName = c.valueAxis.labels.fontName = "LiberationSerif"
            d.add(c)
            story.append(d)
        _doc(story)

    return ours, theirs


def paragraph_pair(ws: Workspace, out: Path):
    """(ours, reportlab's): the whole report with ``reporting.paragraph.Paragraph`` (measured once per
    width), then with reportlab's own ``Paragraph`` in its place (the report's code imports the class
    from that module each time it makes a paragraph)."""
    from reportlab.platypus import Paragraph

    from ebgov_desktop.reporting import paragraph

    ours = paragraph.Paragraph

    def with_class(cls):
        paragraph.Paragraph = cls
        try:
            make_report(ws.snapshot(P2019), out, force=True)
        finally:
            paragraph.Paragraph = ours

    return (lambda: with_class(ours)), (lambda: with_class(Paragraph))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=9)
    ap.add_argument("--rows", type=int, default=200)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        ws = demo_with_register(tmp / "data", args.rows)
        out = tmp / "R.pdf"
        first = make_report(ws.snapshot(P2019), out, force=True)  # warm-up: imports, font registration

        # calibrate: as many full pages of body text as the report has pages
        count = 10 * first.pages
        while bare_document(first.pages, count) < first.pages:
            count += 5
        while bare_document(first.pages, count) > first.pages:
            count -= 1
        ours, floor, result, bare_pages = timed_pairs(
            lambda: make_report(ws.snapshot(P2019), out, force=True),
            lambda: bare_document(first.pages, count), args.repeat)
        ours_p, theirs_p, _, _ = timed_pairs(*paragraph_pair(ws, out), args.repeat)
        word_time, pdf_time, word, _pdf = timed_pairs(
            lambda: make_docx(ws.snapshot(P2019), tmp / "R.docx", force=True),
            lambda: make_report(ws.snapshot(P2019), out, force=True), args.repeat)
        ws.close()
        print(f"register rows: {len(demo_dataset().register)} demo + {args.rows - 11} added = {args.rows}")
        print(f"report: {result.pages} pages, {result.size / 1024:.0f} KiB, median {ours * 1000:.0f} ms "
              f"(checks, dataset, revision, layout, write)")
        print(f"bare reportlab document, {bare_pages} pages: median {floor * 1000:.0f} ms")
        print(f"ratio report / bare = {ours / floor:.2f}  (goal ≤ 1.5; the two timed alternately)")

        ours_t, theirs_t, _, _ = timed_pairs(*register_table_pair(args.rows), args.repeat)
        print(f"register table, {args.rows} rows: DataTable {ours_t * 1000:.0f} ms, reportlab Table of "
              f"Paragraphs {theirs_t * 1000:.0f} ms: {theirs_t / ours_t:.1f}× faster")
        ours_c, theirs_c, _, _ = timed_pairs(*chart_pair(), args.repeat)
        print(f"indicator chart ×20: canvas {ours_c * 1000:.0f} ms, HorizontalBarChart {theirs_c * 1000:.0f} ms: "
              f"{theirs_c / ours_c:.1f}× faster")
        print(f"paragraphs measured once per width: the report {ours_p * 1000:.0f} ms, with reportlab's "
              f"Paragraph {theirs_p * 1000:.0f} ms ({(theirs_p - ours_p) * 1000:.1f} ms saved)")
        print(f"Word copy (.docx): {word.size / 1024:.0f} KiB, median {word_time * 1000:.0f} ms; the PDF in "
              f"the same run {pdf_time * 1000:.0f} ms: ratio docx / pdf = {word_time / pdf_time:.2f}")

        exe = Path(sys.executable).with_name("ebgov-desktop")
        t0 = time.perf_counter()
        subprocess.run([str(exe), "report", "--data-dir", str(tmp / "data"), "--period", "2019",
                        "--out", str(tmp / "cli.pdf"), "--force"], check=True, capture_output=True)
        whole = time.perf_counter() - t0
        print(f"whole process (ebgov-desktop report, start to exit): {whole * 1000:.0f} ms")
        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        if soffice is None:
            print("LibreOffice is not installed here: the DOCX → PDF comparison (goal ≥ 8×) was not run.")
        else:
            t0 = time.perf_counter()
            subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(tmp / "lo"),
                            str(word.path)], check=True, capture_output=True, timeout=600)
            converted = time.perf_counter() - t0
            print(f"LibreOffice converting the Word copy to PDF: {converted * 1000:.0f} ms = "
                  f"{converted / pdf_time:.1f}× our PDF (goal ≥ 8×)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
