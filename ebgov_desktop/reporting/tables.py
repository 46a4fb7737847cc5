"""Tables, the chart and the data stamp shared by the reports."""

from __future__ import annotations

from typing import Sequence

from ..domain.formatting import vn_decimal
from .fonts import BOLD, REGULAR
from .text import clean, markup

__all__ = ["grid_table", "indicator_chart", "data_stamp"]

_BAR_GREY = "#555555"


def grid_table(header: Sequence[str], rows: Sequence[Sequence[object]], widths_mm: Sequence[float],
               *, small: bool = False, centre_cols: Sequence[int] = (), bold_rows: Sequence[int] = (),
               keep_last: int = 0):
    """A ruled table whose header row repeats on every page; cells print their text literally.

    Header cells are bold and centred; ``centre_cols`` centre their cells, ``bold_rows`` (indices into
    ``rows``) print bold; the last ``keep_last`` rows are kept on one page. Cell text is wrapped at
    the column width (long words broken) and never parsed as markup (see ``datatable.DataTable``)."""
    from reportlab.lib.units import mm

    from .datatable import CellStyle, DataTable
    from .template import styles

    st = styles()
    cell = st.small_cell if small else st.cell
    style = CellStyle(font=REGULAR, bold_font=BOLD, size=cell.fontSize, leading=cell.leading,
                      space_shrink=cell.spaceShrinkage)
    return DataTable([clean(h) for h in header],
                     [[clean("" if value is None else value) for value in row] for row in rows],
                     [w * mm for w in widths_mm], style, centre_cols=centre_cols,
                     bold_rows=bold_rows, keep_last=keep_last)


def indicator_chart(items: Sequence[tuple[str, float]], width: float):
    """Horizontal bars of percentages, (label, percent) from top to bottom, values printed ``95,5%``.

    Drawn straight on the canvas with the geometry of reportlab's ``HorizontalBarChart`` as this
    report set it up (bars 13 pt with 6 pt between, labels 10 pt right of the axis, a 0–100% value
    axis every 20%, bold values after the bars), without building its widget tree. Kept for its
    measured gain: about 8× faster than ``HorizontalBarChart`` (20 charts: 44 ms against 352 ms;
    ``bench/report.py`` prints the ratio, measured 2026-11-29)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import Flowable

    bar_h, gap = 13, 6
    slot = bar_h + gap
    n = len(items)
    label_w = width * 0.50
    plot_w = width - label_w - 40
    plot_h = n * slot
    height = plot_h + 28
    x0, y0 = label_w, 18
    rows = list(reversed(items))  # the first item is drawn at the top

    class IndicatorChart(Flowable):
        def wrap(self, availWidth, availHeight):
            return width, height

        def draw(self):
            canv = self.canv
            canv.saveState()
            canv.setLineWidth(1)
            canv.setLineCap(0)
            canv.setStrokeColorRGB(0, 0, 0)
            canv.setFillColor(_BAR_GREY)
            bars = canv.beginPath()
            for i, (_label, pct) in enumerate(rows):
                w = plot_w * float(pct) / 100
                if w > 0:
                    bars.rect(x0, y0 + i * slot + gap / 2, w, bar_h)
            canv.drawPath(bars, stroke=0, fill=1)
            canv.setFillColorRGB(0, 0, 0)
            canv.setFont(BOLD, 9)
            for i, (_label, pct) in enumerate(rows):  # values after the bars
                canv.drawString(x0 + plot_w * float(pct) / 100 + 3, y0 + i * slot + slot / 2 - 3.6,
                                vn_decimal(pct, 2) + "%")
            axes = canv.beginPath()
            axes.moveTo(x0, y0)
            axes.lineTo(x0, y0 + plot_h)
            for k in range(n + 1):  # category ticks between the bars
                axes.moveTo(x0, y0 + k * slot)
                axes.lineTo(x0 - 5, y0 + k * slot)
            axes.moveTo(x0, y0)
            axes.lineTo(x0 + plot_w, y0)
            for v in range(0, 101, 20):  # value ticks
                axes.moveTo(x0 + plot_w * v / 100, y0)
                axes.lineTo(x0 + plot_w * v / 100, y0 - 5)
            canv.drawPath(axes, stroke=1, fill=0)
            canv.setFont(REGULAR, 10)
            room = x0 - 8
            for i, (label, _pct) in enumerate(rows):
                if stringWidth(label, REGULAR, 10) > room:  # a template's long label: cut with …
                    while label and stringWidth(label + "…", REGULAR, 10) > room:
                        label = label[:-1]
                    label = label.rstrip() + "…"
                canv.drawRightString(x0 - 4, y0 + i * slot + slot / 2 - 4, label)
            canv.setFont(REGULAR, 9)
            for v in range(0, 101, 20):
                text = f"{v}%"
                canv.drawString(x0 + plot_w * v / 100 - stringWidth(text, REGULAR, 9) / 2, y0 - 14,
                                text)
            canv.restoreState()

    return IndicatorChart()


def data_stamp(lines: Sequence[str], qr_value: str, width: float):
    """The small box binding the paper to the data: text lines on the left, the QR code right (the
    report keeps it whole, with what it must not be parted from: ``OfficialDocument.story``)."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Table, TableStyle

    from .paragraph import Paragraph
    from .template import styles

    st = styles()
    size = 26 * mm
    drawing = qr_flowable(qr_value, size)
    text = [Paragraph(markup(line), st.small_cell) for line in lines]
    table = Table([[text, drawing]], colWidths=[width * 0.55 - size - 8, size + 8],
                  hAlign="RIGHT")
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), REGULAR, 10),
        ("BOX", (0, 0), (-1, -1), 0.5, "black"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]))
    return table


def qr_flowable(value: str, size: float):
    """A QR code (reportlab's encoder) drawn as one filled path: one run of dark modules = one rect."""
    import itertools

    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.platypus import Flowable

    code = QrCodeWidget(value, barLevel="M").qr
    code.make()  # reportlab's own mask choice (a faster copy saved ~2.5 ms a report: not worth it)
    modules = code.modules
    border = 1

    class QrFlowable(Flowable):
        """``modules``: the module matrix drawn (reportlab's ``QrCode.make()``)."""
        def wrap(self, availWidth, availHeight):
            return size, size

        def draw(self):
            n = len(modules) + 2 * border
            box = size / n
            canv = self.canv
            rects = []
            for r, row in enumerate(modules):
                c = 0
                y = size - (r + border + 1) * box
                for dark, run in itertools.groupby(bool(m) for m in row):
                    count = sum(1 for _ in run)
                    if dark:
                        rects.append(f"{(c + border) * box:.3f} {y:.3f} {count * box:.3f} {box:.3f} re")
                    c += count
            canv.saveState()
            canv.setFillColorRGB(0, 0, 0)
            canv.addLiteral("\n".join(rects) + "\nf")
            canv.restoreState()

    flowable = QrFlowable()
    flowable.modules = modules
    return flowable
