"""The ruled data table of the reports (reporting.datatable): it breaks lines like reportlab's
Paragraph, repeats its header on every page, splits a row longer than a page, keeps its total rows
together and prints whatever text it is given."""

import io
import re

import pypdf
import pytest
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTChar

from ebgov_desktop.reporting.fonts import BOLD, REGULAR, register_fonts
from ebgov_desktop.reporting.text import clean
from ebgov_desktop.services.report import fonts_dir

MM = 72 / 25.4
HEADER = ["TT", "Loại thiết bị", "Mô tả (model)", "Ghi chú"]
WIDTHS_MM = [10, 40, 60, 55]


@pytest.fixture(scope="module", autouse=True)
def fonts():
    register_fonts(fonts_dir())


def build(flowables, *, before=()):
    """A4 with the report's margins; returns (pdf bytes, pages' squeezed text)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate

    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=30 * MM, rightMargin=15 * MM,
                            topMargin=20 * MM, bottomMargin=20 * MM, initialFontName=REGULAR)
    doc.build(list(before) + list(flowables))
    data = buf.getvalue()
    pages = [re.sub(r"\s+", "", p.extract_text()) for p in pypdf.PdfReader(io.BytesIO(data)).pages]
    return data, pages


def table(rows, **kw):
    from ebgov_desktop.reporting.tables import grid_table

    return grid_table(HEADER, rows, WIDTHS_MM, small=True, centre_cols=(0,), **kw)


def squeeze(text):
    return re.sub(r"\s+", "", text)


def chars_inside_margins(data):
    for n, page in enumerate(extract_pages(io.BytesIO(data)), 1):
        def walk(obj):
            if isinstance(obj, LTChar):
                yield obj
            elif hasattr(obj, "__iter__"):
                for child in obj:
                    yield from walk(child)
        outside = [c.get_text() for c in walk(page) if c.x0 < 30 * MM - 0.5
                   or c.x1 > (210 - 15) * MM + 0.5 or c.y0 < 20 * MM - 0.5 or c.y1 > (297 - 20) * MM + 0.5]
        assert not outside, (n, outside[:20])


@pytest.mark.parametrize("text", [
    "Hệ thống chống sét lan truyền bảo vệ mạng LAN",
    "Bảng LED điện tử hiển thị công khai lịch công tác của lãnh đạo",
    "Kết nối Internet băng rộng (xDSL/FTTH/Leased Line)",
    "Xuống cấp, cần nâng cấp; Hỏng, cần thay thế/thanh lý",
    "Dài" + "x" * 90 + "Hết và vài từ nữa " + "W" * 40,
    "ghi " * 40,
    "một   dòng có  nhiều   khoảng trắng liền nhau",
    "Bộ\xa0phận\xa0một\xa0cửa và các vị\xa0trí xung\xa0yêu\xa0thuộc trụ\xa0sở",
])
@pytest.mark.parametrize("font", [REGULAR, BOLD])
def test_lines_break_where_reportlab_paragraph_breaks_them(text, font):
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    from ebgov_desktop.reporting.datatable import wrap_text
    from ebgov_desktop.reporting.text import markup

    width = 27 * MM - 6
    style = ParagraphStyle("p", fontName=font, fontSize=10, leading=12, splitLongWords=1)
    para = Paragraph(markup(text), style)
    para.wrap(width, 10_000)
    expected = [" ".join(str(w) for w in words) for _extra, words in para.blPara.lines]
    got = [line for line, _w in wrap_text(clean(text), font, 10, width, style.spaceShrinkage)]
    assert [line for line in got if line] == [line for line in expected if line]


def test_line_breaks_are_kept_and_trailing_ones_dropped():
    from ebgov_desktop.reporting.datatable import wrap_text

    lines = wrap_text("một  dòng\ndòng hai\n\ndòng bốn\n\n", REGULAR, 10, 200)
    assert [line for line, _w in lines] == ["một dòng", "dòng hai", "", "dòng bốn"]
    assert [line for line, _w in wrap_text("", REGULAR, 10, 200)] == [""]


def test_widths_equal_reportlab_string_width():
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from ebgov_desktop.reporting.datatable import text_width

    for text in ("Máy tính để bàn", "Tổng cộng 1.234", "□ <b> & \"x\"", ""):
        for font in (REGULAR, BOLD):
            assert text_width(text, font, 10) == pytest.approx(stringWidth(text, font, 10))


def test_a_long_table_repeats_its_header_on_every_page_and_prints_each_row_once():
    rows = [[str(i), "Máy in", f"Máy in số {i} <b>&amp;</b>", "Đã kiểm kê" if i % 3 else ""]
            for i in range(1, 151)]
    data, pages = build([table(rows)])
    assert len(pages) >= 3
    for text in pages:
        assert text.count("TTLoạithiếtbịMôtả(model)Ghichú") == 1
    whole = "".join(pages)
    for i in range(1, 151):
        assert whole.count(f"Máyinsố{i}<b>&amp;</b>") == 1, i
    # rows in order, top to bottom, page after page
    found = [int(m) for m in re.findall(r"Máyinsố(\d+)<b>", whole)]
    assert found == list(range(1, 151))
    chars_inside_margins(data)


def test_a_cell_longer_than_a_page_is_split_between_lines():
    words = [f"từ{i}" for i in range(1, 1201)]
    rows = [["1", "Máy tính", "Ngắn", ""], ["2", "Máy in", "Mô tả", " ".join(words)],
            ["3", "Máy quét", "Sau cùng", ""]]
    data, pages = build([table(rows)])
    assert len(pages) >= 3
    for text in pages:
        assert "TTLoạithiếtbịMôtả(model)Ghichú" in text
    whole = "".join(pages)
    assert squeeze(" ".join(words)) in whole.replace("TTLoạithiếtbịMôtả(model)Ghichú", "")
    assert whole.index("từ1200") < whole.index("Saucùng")
    chars_inside_margins(data)


def test_a_cell_longer_than_a_page_after_other_rows_fills_the_page_first():
    from reportlab.platypus import Paragraph

    from ebgov_desktop.reporting.template import styles

    long_cell = " ".join(f"từ{i}" for i in range(1, 400))
    rows = [[str(i), "Máy tính", "Ngắn", ""] for i in range(1, 6)] + [["6", "Máy in", "Dài", long_cell]]
    intro = [Paragraph("Mở đầu", styles().body)]
    _data, pages = build([table(rows)], before=intro)
    assert "Mởđầu" in pages[0] and "từ1" in pages[0]  # the long row starts on the first page
    assert "từ399" not in pages[0]


def test_an_empty_table_prints_its_header_alone():
    t = table([])
    width, height = t.wrap(165 * MM, 700)
    assert width == pytest.approx(165 * MM)
    assert height == pytest.approx(12 + 2 + 3)  # one header line, its leading and paddings
    data, pages = build([t])
    assert pages == ["TTLoạithiếtbịMôtả(model)Ghichú"]


def test_the_last_rows_stay_together_on_one_page():
    from reportlab.platypus import Spacer

    rows = [[str(i), "Xã", f"Đơn vị {i}", ""] for i in range(1, 31)]
    rows += [["", "Tổng cộng", "", ""], ["", "Trung bình các đơn vị", "", ""]]
    # push the table so that only the last one or two rows would fit on the first page
    for gap in range(0, 400, 7):
        _data, pages = build([table(rows, keep_last=3, bold_rows=(30, 31))],
                             before=[Spacer(1, 300 + gap)])
        (end,) = [p for p in pages if "Trungbìnhcácđơnvị" in p]
        assert "Tổngcộng" in end and "Đơnvị30" in end, gap


def test_text_that_looks_like_markup_or_cannot_be_drawn_prints_as_given():
    hostile = 'A<b>đậm</b> & "nháy" <br/> </para> &amp; <font name="Helvetica">z</font>'
    rows = [["1", hostile, clean("cười 😀 chuông \x07 hết"), "x" * 300]]
    data, pages = build([table(rows)])
    whole = "".join(pages)
    assert squeeze(hostile) in whole
    assert "cười□chuông□hết" in whole
    assert "x" * 300 in whole
    fonts = {str(f.get_object()["/BaseFont"]).split("+")[-1]
             for page in pypdf.PdfReader(io.BytesIO(data)).pages
             for f in page["/Resources"]["/Font"].values()}
    assert fonts <= {"LiberationSerif", "LiberationSerif-Bold"}, fonts
    chars_inside_margins(data)


@pytest.mark.parametrize("value", [
    "EBGOV|19894|2019|r1|08e327177b205b14", "EBGOV|31234|2020|r12|ffffffffffffffff",
    "EBGOV|00001|202101|r300|0000000000000000", "x", "Dữ liệu " * 12,
])
def test_the_qr_code_is_reportlabs_own(value):
    from reportlab.graphics.barcode.qr import QrCodeWidget

    from ebgov_desktop.reporting.tables import qr_flowable

    expected = QrCodeWidget(value, barLevel="M").qr
    expected.make()
    assert qr_flowable(value, 80).modules == expected.modules


def test_a_table_narrower_than_the_text_is_centred():
    from ebgov_desktop.reporting.tables import grid_table

    data, _pages = build([grid_table(["TT", "Tên"], [["1", "Một"]], [20, 40])])
    page = next(iter(extract_pages(io.BytesIO(data))))

    def walk(obj):
        if isinstance(obj, LTChar):
            yield obj
        elif hasattr(obj, "__iter__"):
            for child in obj:
                yield from walk(child)

    chars = list(walk(page))
    left_edge = 30 * MM + (165 - 60) / 2 * MM  # the table's left rule
    assert min(c.x0 for c in chars) > left_edge
    assert max(c.x1 for c in chars) < left_edge + 60 * MM


def test_table_text_is_encoded_as_reportlab_encodes_it():
    from reportlab.pdfbase.pdfmetrics import getFont
    from reportlab.pdfgen.canvas import Canvas

    from ebgov_desktop.reporting.datatable import _Encoder

    texts = ["Máy tính để bàn", "Máy tính", "(ngoặc) \\ gạch", "không\xa0ngắt", "Ỹ ỹ Ỵ ỵ Ử ử Ữ ữ",
             "□ <b> & \"x\"", "Máy tính để bàn", "".join(chr(c) for c in range(0x1EA0, 0x1EFA))]
    for name in (REGULAR, BOLD):
        font = getFont(name)
        ours, theirs = Canvas(io.BytesIO()), Canvas(io.BytesIO())
        encoder = _Encoder(font, ours._doc, ours._escape)
        for text in texts * 2:
            expected = [((name, subset), f"({theirs._escape(codes)}) Tj")
                        for subset, codes in font.splitString(text, theirs._doc)]
            assert encoder.runs(text) == expected, text


def test_a_short_row_that_does_not_fit_moves_whole_to_the_next_page():
    rows = [[str(i), "Máy in", f"Hàng<{i}>", f"đầu<{i}>\ngiữa<{i}>\ncuối<{i}>"] for i in range(1, 81)]
    _data, pages = build([table(rows)])
    assert len(pages) >= 2
    for i in range(1, 81):
        [page] = [p for p in pages if f"Hàng<{i}>" in p]
        assert f"đầu<{i}>" in page and f"giữa<{i}>" in page and f"cuối<{i}>" in page, i
