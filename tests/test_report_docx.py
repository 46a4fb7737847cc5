"""The report in Word (python-docx), read back: the PDF's figures and headings in the same order, the
page set up per Nghị định 30 (asserted from the document's XML), an editable copy by its properties."""

import re
from collections import Counter

import docx
import pypdf
import pytest
from docx.oxml.ns import qn

from ebgov_desktop.cli import main
from ebgov_desktop.domain.periods import Period
from ebgov_desktop.reporting.outline import Chart, Heading
from ebgov_desktop.services.report import ReportBlocked, _commune_report, make_docx, make_report

FIGURE = re.compile(r"\d+(?:[.,/]\d+)*%?")
TWIPS_PER_MM = 1440 / 25.4


@pytest.fixture
def made(demo_ws, tmp_path):
    """The demo report as PDF and as DOCX, and the report object both were laid out from."""
    pdf = make_report(demo_ws.snapshot(Period.parse("2019")), tmp_path / "R.pdf").path
    word = make_docx(demo_ws.snapshot(Period.parse("2019")), tmp_path / "R.docx")
    report, _revision = _commune_report(demo_ws.snapshot(Period.parse("2019")), force=False, state=None)
    return pdf, word, report


def pdf_lines(path) -> list[str]:
    """The PDF's text lines, the page numbers in the top margin left out."""
    out = []
    for n, page in enumerate(pypdf.PdfReader(path).pages, 1):
        lines = [line.strip() for line in page.extract_text().split("\n") if line.strip()]
        if n > 1 and lines and lines[0] == str(n):
            lines = lines[1:]
        out += lines
    return out


def docx_paragraphs(document) -> list[str]:
    """Every paragraph of the body in document order, table cells included (as Word reads them)."""
    out = []
    for p in document.element.body.iter(qn("w:p")):
        text = "".join(t.text or "" for t in p.iter(qn("w:t")))
        if text.strip():
            out.append(text.strip())
    return out


def chart_lines(lines: list[str], chart: Chart) -> list[str]:
    """The lines of the chart itself (right before its title)."""
    rest = without_chart(lines, chart, title_after=False)
    at = next(i for i, line in enumerate(lines) if chart.title in line)
    return lines[len(rest) - (len(lines) - at):at]


def without_chart(lines: list[str], chart: Chart, *, title_after: bool) -> list[str]:
    """The lines less the chart's own (its bars' labels and values, its axis): the PDF draws the chart,
    the Word copy gives it as a table of the same labels and values. Only the lines right before the
    chart's title are taken out."""
    values = {f"{v:.1f}".replace(".", ",").removesuffix(",0") + "%" for _l, v in chart.items}
    own = {label for label, _v in chart.items} | values | {f"{n}%" for n in range(0, 101, 20)} \
        | {"Chỉ tiêu", "Tỷ lệ"}
    at = next(i for i, line in enumerate(lines) if chart.title in line)
    start = at
    while start > 0 and lines[start - 1] in own:
        start -= 1
    return lines[:start] + lines[at + (1 if title_after else 0):]


def test_every_figure_and_heading_of_the_pdf_in_the_same_order(made):
    pdf, word, report = made
    document = docx.Document(word.path)
    chart = next(b for b in report.blocks if isinstance(b, Chart))
    pdf_text = without_chart(pdf_lines(pdf), chart, title_after=True)
    word_text = without_chart(docx_paragraphs(document), chart, title_after=True)
    pdf_figures = FIGURE.findall(" ".join(pdf_text))
    word_figures = FIGURE.findall(" ".join(word_text))
    assert len(pdf_figures) > 200
    assert word_figures == pdf_figures  # every figure, none more, in the same order

    # the chart: the same bars, top to bottom, as a table of label and value
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Chỉ tiêu")
    shown = [(r.cells[0].text, r.cells[1].text) for r in table.rows[1:]]
    assert [label for label, _v in shown] == [label for label, _v in chart.items]
    drawn = Counter(chart_lines(pdf_lines(pdf), chart))
    drawn.subtract(f"{n}%" for n in range(0, 101, 20))  # the axis
    drawn.subtract(label for label, _v in chart.items)
    assert +drawn == Counter(v for _l, v in shown)  # the values printed after the bars

    # headings: Word's heading styles (the navigation pane), in the PDF's order
    headings = [f"{b.number} {b.text}" for b in report.blocks if isinstance(b, Heading)]
    assert len(headings) >= 10
    word_headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert word_headings == headings
    flat = " ".join(" ".join(pdf_lines(pdf)).split())
    positions = [flat.find(" ".join(h.split())) for h in headings]
    assert -1 not in positions and positions == sorted(positions)


def _mm(twips: str) -> float:
    return int(twips) / TWIPS_PER_MM


def test_page_setup_and_fonts_from_the_xml(made):
    _pdf, word, _report = made
    document = docx.Document(word.path)
    sect = document.element.body.find(qn("w:sectPr"))
    size = sect.find(qn("w:pgSz"))
    assert (round(_mm(size.get(qn("w:w")))), round(_mm(size.get(qn("w:h"))))) == (210, 297)  # A4
    margins = sect.find(qn("w:pgMar"))
    assert [round(_mm(margins.get(qn(f"w:{side}"))), 1) for side in ("top", "bottom", "left", "right")] \
        == [20.0, 20.0, 30.0, 15.0]
    assert sect.find(qn("w:titlePg")) is not None  # a different first page
    section = document.sections[0]
    fields = "".join(t.text for t in section.header._element.iter(qn("w:instrText")))
    assert fields.strip() == "PAGE"  # page numbers from page 2 on ...
    assert list(section.first_page_header._element.iter(qn("w:instrText"))) == []  # ... none on page 1

    styles = document.styles.element
    normal = next(s for s in styles.iter(qn("w:style")) if s.get(qn("w:styleId")) == "Normal")
    fonts = normal.find(qn("w:rPr")).find(qn("w:rFonts"))
    assert {fonts.get(qn(f"w:{k}")) for k in ("ascii", "hAnsi", "eastAsia", "cs")} == {"Times New Roman"}
    assert fonts.get(qn("w:asciiTheme")) is None
    assert normal.find(qn("w:rPr")).find(qn("w:sz")).get(qn("w:val")) == "28"  # 14 pt
    for p in document.paragraphs:  # no run anywhere asks for another font
        for run in p.runs:
            assert run.font.name in (None, "Times New Roman")

    # the two-column header and the signature are borderless tables; data tables are ruled
    first = document.tables[0]
    assert first.cell(0, 1).paragraphs[0].text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert first.cell(0, 1).paragraphs[1].text == "Độc lập - Tự do - Hạnh phúc"
    assert first.cell(1, 0).text == "Số: 22/BC-UBND"
    signature = next(t for t in document.tables if t.cell(0, 0).paragraphs[0].text == "Nơi nhận:")
    for table in (first, signature):
        assert table._tbl.tblPr.find(qn("w:tblStyle")) is None
        assert table._tbl.tblPr.find(qn("w:tblBorders")) is None
    assert signature.cell(0, 1).paragraphs[0].text == "TM. ỦY BAN NHÂN DÂN"
    assert signature.cell(0, 0).paragraphs[-1].text == "- Lưu: VT."
    ruled = [t for t in document.tables if t._tbl.tblPr.find(qn("w:tblStyle")) is not None
             and len(t.rows) > 1]  # (the data stamp is a one-cell box)
    assert len(ruled) >= 4
    assert all(t.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None for t in ruled)  # header repeats


def test_an_editable_copy_by_its_properties(made):
    pdf, word, _report = made
    props = docx.Document(word.path).core_properties
    assert props.title == "Tình hình ứng dụng công nghệ thông tin năm 2019"
    assert props.category == "Bản có thể chỉnh sửa"
    assert props.content_status == "Bản có thể chỉnh sửa; bản chính thức là PDF"
    assert "Bản chính thức là tệp PDF" in props.comments and word.revision.short_digest in props.comments
    assert props.language == "vi-VN"
    assert "chỉnh sửa" not in " ".join(docx_paragraphs(docx.Document(word.path)))  # not on the page
    assert word.path.name == "R.docx" and not word.draft


def test_errors_block_the_word_copy_too_and_a_forced_one_is_a_draft(demo_ws, tmp_path):
    demo_ws.set_value(Period.parse("2019"), "staff.civil_servants_with_computer", 99)
    assert demo_ws.errors(Period.parse("2019"))
    with pytest.raises(ReportBlocked):
        make_docx(demo_ws.snapshot(Period.parse("2019")), tmp_path / "R.docx")
    assert not (tmp_path / "R.docx").exists()
    word = make_docx(demo_ws.snapshot(Period.parse("2019")), tmp_path / "R.docx", force=True)
    assert word.draft and word.path.name == "R_NHAP.docx"
    document = docx.Document(word.path)
    assert document.core_properties.content_status.startswith("BẢN NHÁP — CÒN LỖI")
    section = document.sections[0]
    assert "BẢN NHÁP — CÒN LỖI" in section.header._element.xml
    assert "BẢN NHÁP — CÒN LỖI" in section.first_page_header._element.xml


def test_cli_report_docx(demo_ws, data_dir, tmp_path, capsys):
    demo_ws.close()
    out = tmp_path / "R.docx"
    assert main(["report", "--data-dir", str(data_dir), "--period", "2019", "--docx", str(out)]) == 0
    assert "Đã ghi bản Word (có thể chỉnh sửa) của báo cáo năm 2019" in capsys.readouterr().out
    assert docx.Document(out).paragraphs
    assert main(["report", "--data-dir", str(data_dir), "--period", "2019"]) == 2
    assert "cần --out" in capsys.readouterr().err
