"""Tables, the chart and the data stamp shared by the reports."""

from __future__ import annotations

from typing import Sequence

from ..domain.formatting import vn_decimal
from .fonts import BOLD, REGULAR
from .text import clean, markup

__all__ = ["grid_table", "indicator_chart", "data_stamp"]


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
    """Horizontal bars of percentages, (label, percent) from top to bottom, values printed ``95,5%``."""
    from reportlab.graphics.charts.barcharts import HorizontalBarChart
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib import colors

    bar_h, gap = 13, 6
    n = len(items)
    label_w = width * 0.50
    plot_w = width - label_w - 40
    plot_h = n * (bar_h + gap)
    height = plot_h + 28
    d = Drawing(width, height, initialFontName=REGULAR, initialFontSize=10)
    chart = HorizontalBarChart()
    chart.x, chart.y = label_w, 18
    chart.width, chart.height = plot_w, plot_h
    rev = list(reversed(items))  # the chart draws its first category at the bottom
    chart.data = [[float(p) for _label, p in rev]]
    chart.barWidth = bar_h
    chart.groupSpacing = gap
    chart.bars[0].fillColor = colors.HexColor("#555555")
    chart.bars[0].strokeColor = None
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = 100
    chart.valueAxis.valueStep = 20
    chart.valueAxis.labels.fontName = REGULAR
    chart.valueAxis.labels.fontSize = 9
    chart.valueAxis.labelTextFormat = lambda v: f"{int(v)}%"
    chart.categoryAxis.categoryNames = [label for label, _p in rev]
    chart.categoryAxis.labels.fontName = REGULAR
    chart.categoryAxis.labels.fontSize = 10
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    chart.barLabels.fontName = BOLD
    chart.barLabels.fontSize = 9
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    chart.barLabelFormat = lambda v: vn_decimal(v) + "%"
    d.add(chart)
    return d


def data_stamp(lines: Sequence[str], qr_value: str, width: float):
    """The small box binding the paper to the data: text lines on the left, the QR code right."""
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, Paragraph, Table, TableStyle

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
    return KeepTogether([table])



def qr_flowable(value: str, size: float):
    """A QR code (reportlab's encoder) drawn as one filled path: one run of dark modules = one rect."""
    import itertools

    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.platypus import Flowable

    widget = QrCodeWidget(value, barLevel="M")
    code = widget.qr
    code.make()
    modules = code.modules
    border = 1

    class QrFlowable(Flowable):
        def wrap(self, availWidth, availHeight):
            return size, size

        def draw(self):
            n = len(modules) + 2 * border
            box = size / n
            canv = self.canv
            path = canv.beginPath()
            for r, row in enumerate(modules):
                c = 0
                for dark, run in itertools.groupby(bool(m) for m in row):
                    count = sum(1 for _ in run)
                    if dark:
                        path.rect((c + border) * box, size - (r + border + 1) * box, count * box, box)
                    c += count
            canv.saveState()
            canv.setFillColorRGB(0, 0, 0)
            canv.drawPath(path, stroke=0, fill=1)
            canv.restoreState()

    return QrFlowable()
