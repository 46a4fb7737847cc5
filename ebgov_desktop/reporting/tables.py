"""Tables, the chart and the data stamp shared by the reports."""

from __future__ import annotations

from typing import Sequence

from ..domain.formatting import vn_decimal
from .fonts import BOLD, REGULAR
from .text import markup

__all__ = ["grid_table", "indicator_chart", "data_stamp"]


def grid_table(header: Sequence[str], rows: Sequence[Sequence[object]], widths_mm: Sequence[float],
               *, small: bool = False, centre_cols: Sequence[int] = (), bold_rows: Sequence[int] = ()):
    """A ruled table whose header row repeats on every page; cells are escaped text."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Table, TableStyle

    from .template import styles

    st = styles()
    head_style = st.small_cell_head if small else st.cell_head
    cell_style = st.small_cell if small else st.cell
    centre_style = st.small_cell_centre if small else st.cell_centre
    data = [[Paragraph(markup(h), head_style) for h in header]]
    for r, row in enumerate(rows):
        cells = []
        for c, value in enumerate(row):
            text = markup("" if value is None else value)
            if r in bold_rows:
                text = f"<b>{text}</b>"
            cells.append(Paragraph(text, centre_style if c in centre_cols else cell_style))
        data.append(cells)
    table = Table(data, colWidths=[w * mm for w in widths_mm], repeatRows=1, splitInRow=1)
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), REGULAR, 10),
        ("GRID", (0, 0), (-1, -1), 0.5, "black"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    return table


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
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, Paragraph, Table, TableStyle

    from .template import styles

    st = styles()
    size = 26 * mm
    qr = QrCodeWidget(qr_value, barLevel="M", barBorder=1)
    x0, y0, x1, y1 = qr.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0],
                      initialFontName=REGULAR, initialFontSize=10)
    drawing.add(qr)
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

