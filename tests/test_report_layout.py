"""Where things land on the page: margins, header columns, page numbers, fonts, the signature block.

Positions come from pdfminer (one box per character, in points, origin bottom left)."""

import pypdf
import pytest
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTChar, LTLine, LTRect, LTTextLine

from ebgov_desktop.domain.periods import Period
from ebgov_desktop.services.datasets import demo_dataset
from ebgov_desktop.services.report import make_report
from ebgov_desktop.services.workspace import Workspace

MM = 72 / 25.4
PAGE_W, PAGE_H = 210 * MM, 297 * MM
TOP, BOTTOM, LEFT, RIGHT = 20 * MM, 20 * MM, 30 * MM, 15 * MM
TOL = 0.5  # points


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    d = tmp_path_factory.mktemp("layout")
    with Workspace.open(d / "data") as ws:
        ws.load_dataset(demo_dataset())
        make_report(ws.snapshot(Period.parse("2019")), d / "demo.pdf")
    return d / "demo.pdf", list(extract_pages(d / "demo.pdf"))


def walk(obj, kind):
    if isinstance(obj, kind):
        yield obj
    if hasattr(obj, "__iter__") and not isinstance(obj, LTChar):
        for child in obj:
            yield from walk(child, kind)


def text_lines(page):
    return [(line.get_text().strip(), line) for line in walk(page, LTTextLine)]


def find_line(page, text):
    hits = [line for t, line in text_lines(page) if text in t]
    assert hits, f"{text!r} not on the page"
    return hits[0]


def in_top_margin(ch):
    return ch.y0 > PAGE_H - TOP


def test_every_character_is_inside_the_margins(pages):
    _path, layout = pages
    for n, page in enumerate(layout, 1):
        assert (page.width, page.height) == pytest.approx((PAGE_W, PAGE_H), abs=0.1)  # A4 portrait
        body = [c for c in walk(page, LTChar) if not (n > 1 and in_top_margin(c))]
        assert body
        outside = [c.get_text() for c in body
                   if c.x0 < LEFT - TOL or c.x1 > PAGE_W - RIGHT + TOL
                   or c.y0 < BOTTOM - TOL or c.y1 > PAGE_H - TOP + TOL]
        assert not outside, (n, outside[:20])


def test_page_numbers_top_centre_from_page_2(pages):
    _path, layout = pages
    assert len(layout) >= 2
    assert not [c for c in walk(layout[0], LTChar) if in_top_margin(c)]  # none on page 1
    for n, page in enumerate(layout[1:], 2):
        top = [c for c in walk(page, LTChar) if in_top_margin(c)]
        assert "".join(c.get_text() for c in top) == str(n)
        centre = (min(c.x0 for c in top) + max(c.x1 for c in top)) / 2
        assert centre == pytest.approx(LEFT + (PAGE_W - LEFT - RIGHT) / 2, abs=1)
        assert min(c.x0 for c in top) > LEFT and max(c.x1 for c in top) < PAGE_W - RIGHT


def test_header_columns(pages):
    _path, layout = pages
    first = layout[0]
    text_centre = LEFT + (PAGE_W - LEFT - RIGHT) / 2
    left_column_end = LEFT + 0.40 * (PAGE_W - LEFT - RIGHT)
    quoc_hieu = find_line(first, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    motto = find_line(first, "Độc lập - Tự do - Hạnh phúc")
    date = find_line(first, "Quảng Thọ, ngày 12 tháng 3 năm 2019")
    number = find_line(first, "Số: 22/BC-UBND")
    unit = find_line(first, "XÃ QUẢNG THỌ")
    # Quốc hiệu, Tiêu ngữ and the date line sit in the right column, above/below each other
    for line in (quoc_hieu, motto, date):
        assert line.x0 >= left_column_end - TOL and (line.x0 + line.x1) / 2 > text_centre
    assert quoc_hieu.y0 > motto.y1 - TOL > date.y1
    # the unit and Số in the left column; Số on the date's line
    for line in (unit, number):
        assert line.x1 <= left_column_end + TOL
    assert number.y1 == pytest.approx(date.y1, abs=3)
    # fonts: Quốc hiệu bold, date line italic, Số regular
    assert {c.fontname.split("+")[-1] for c in walk(quoc_hieu, LTChar)} == {"LiberationSerif-Bold"}
    assert {c.fontname.split("+")[-1] for c in walk(date, LTChar)} == {"LiberationSerif-Italic"}
    assert {c.fontname.split("+")[-1] for c in walk(number, LTChar) if c.get_text().strip()} == \
        {"LiberationSerif"}
    # the rule under the Tiêu ngữ is as long as its text
    rules = [r for r in walk(first, (LTLine, LTRect)) if r.height < 2
             and motto.y0 - 10 < r.y0 < motto.y0]
    assert rules, "no rule under the Tiêu ngữ"
    assert rules[0].width == pytest.approx(motto.x1 - motto.x0, abs=2)
    # BÁO CÁO centred under the header
    title = find_line(first, "BÁO CÁO")
    assert (title.x0 + title.x1) / 2 == pytest.approx(text_centre, abs=2)
    assert title.y1 < date.y0


def test_only_liberation_serif_is_embedded(pages):
    path, _layout = pages
    reader = pypdf.PdfReader(path)
    seen = set()

    def fonts_of(resources):
        resources = resources.get_object() if resources is not None else {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            seen.add(str(font["/BaseFont"]))
            for desc in [font.get("/FontDescriptor")] + [
                    d.get_object().get("/FontDescriptor") for d in font.get("/DescendantFonts", [])]:
                if desc is not None:
                    assert "/FontFile2" in desc.get_object(), font["/BaseFont"]
        for xobj in (resources.get("/XObject") or {}).values():
            xobj = xobj.get_object()
            if "/Resources" in xobj:
                fonts_of(xobj["/Resources"])

    for page in reader.pages:
        fonts_of(page.get("/Resources"))
    names = {name.split("+")[-1] for name in seen}
    assert names <= {"/LiberationSerif", "LiberationSerif", "LiberationSerif-Bold",
                     "LiberationSerif-Italic", "LiberationSerif-BoldItalic"}, names
    assert "LiberationSerif" in names or "/LiberationSerif" in names


def test_signer_is_on_the_page_of_noi_nhan(pages):
    _path, layout = pages

    def pages_with(text):
        return [n for n, page in enumerate(layout) if any(text in t for t, _l in text_lines(page))]

    [recipients_page] = pages_with("Nơi nhận:")
    assert pages_with("Trần Kim") == [recipients_page]
    assert pages_with("PHÓ CHỦ TỊCH") == [recipients_page]
    page = layout[recipients_page]
    noi_nhan, authority = find_line(page, "Nơi nhận:"), find_line(page, "TM. ỦY BAN NHÂN DÂN")
    assert noi_nhan.x1 < PAGE_W / 2 < authority.x0 + 20  # side by side
    assert authority.y1 == pytest.approx(noi_nhan.y1, abs=4)  # level with each other
    name = find_line(page, "Trần Kim")
    assert authority.y0 - name.y1 > 25 * MM  # room for signature and seal


def test_chart_bars_are_as_long_as_the_values_printed_after_them(pages):
    _path, layout = pages
    [page] = [p for p in layout if any("Biểu đồ:" in t for t, _l in text_lines(p))]
    bars = sorted((r for r in walk(page, LTRect) if 12 < r.height < 14 and r.width > 20),
                  key=lambda r: -r.y0)
    assert len(bars) >= 8
    full = max(r.width for r in bars)  # 100%
    values = []
    for bar in bars:
        line = [t for t, ln in text_lines(page)
                if t.endswith("%") and ln.x0 >= bar.x1 and abs((ln.y0 + ln.y1) / 2 - (bar.y0 + bar.y1) / 2) < 4]
        assert len(line) == 1, line
        values.append(float(line[0].rstrip("%").replace(",", ".")))
        assert bar.width == pytest.approx(full * values[-1] / 100, abs=0.5)
    assert values[:3] == [100, 71.4, 95.5]  # the order of the indicators, top to bottom
    labels = [find_line(page, "Máy tính / cán bộ, công chức"), find_line(page, "Máy tính kết nối mạng CPNet")]
    assert all(ln.x1 < bars[0].x0 for ln in labels)  # labels left of the axis
