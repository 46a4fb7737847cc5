"""Whatever the officer typed prints as typed, and no text can break the report."""

import re

import pypdf
import pytest

from ebgov_desktop.domain.periods import Period
from ebgov_desktop.domain.register import RegisterItem
from ebgov_desktop.domain.template import FieldType, Scope, default_template
from ebgov_desktop.services.report import make_report

FIELDS = default_template().fields

HOSTILE = 'A<b>đậm</b> & "nháy" \'đơn\' <br/> </para> &amp; &lt;x&gt; <font name="Helvetica">z</font>'
LONG_WORD = "Dài" + "x" * 400 + "Hết"
LINE_BREAKS = "dòng một\ndòng hai\r\ndòng ba"
UNDRAWABLE = "cười 😀 chuông \x07 nul \x00 thoát \x1b hết"


def squeeze(text):
    return re.sub(r"\s+", "", text)


def pdf_text(path):
    return squeeze(" ".join(p.extract_text() for p in pypdf.PdfReader(path).pages))


@pytest.fixture
def hostile_ws(demo_ws):
    ws = demo_ws
    for key, spec in FIELDS.items():
        if spec.scope is not Scope.PERIOD or key in ("doc.period_start", "doc.period_end"):
            continue
        if spec.type is FieldType.TEXT:
            ws.set_value(Period.parse("2019"), key, (f"{key} {HOSTILE} {LONG_WORD}")[:spec.max_length])
        elif spec.lines_kind == "years":  # "2016: 72" lines only (checked when saved)
            continue
        elif spec.type is FieldType.LINES:
            ws.set_value(Period.parse("2019"), key, [f"{key} {HOSTILE}", LONG_WORD, LINE_BREAKS, UNDRAWABLE,
                                       "từ " * 1500])
    ws.set_value(Period.parse("2019"), "doc.recipients", [f"Nơi {i} {HOSTILE};" for i in range(80)])
    for item in ws.register_items():
        ws.update_item(item.id, description=f"{HOSTILE} {LONG_WORD}", notes="ghi " * 490,
                       location=LINE_BREAKS, asset_code=UNDRAWABLE[:40])
    return ws


def test_hostile_text_in_every_field_prints_verbatim(hostile_ws, tmp_path):
    out = tmp_path / "hostile.pdf"
    result = make_report(hostile_ws.snapshot(Period.parse("2019")), out, force=True)
    assert result.pages > 5
    out = result.path  # a draft (…_NHAP.pdf) when errors remain
    text = pdf_text(out)
    for key, spec in FIELDS.items():
        if spec.scope is Scope.PERIOD and spec.type in (FieldType.TEXT, FieldType.LINES) \
                and spec.lines_kind != "years" \
                and key not in ("doc.symbol", "doc.number", "doc.place", "doc.recipients"):
            assert squeeze(f"{key} {HOSTILE}") in text, key
    assert squeeze(f"Nơi 79 {HOSTILE};") in text
    assert squeeze("Số: " + f"doc.number {HOSTILE}"[:FIELDS["doc.number"].max_length]) in text
    assert text.count(squeeze(HOSTILE)) > 80
    assert squeeze(LONG_WORD) in text
    assert squeeze(LINE_BREAKS.replace("\r\n", "\n")) in text
    # characters the font cannot draw become a placeholder, the rest stays
    assert squeeze("cười □ chuông □ nul □ thoát □ hết") in text
    assert "😀" not in text
    assert "Helvetica" not in {str(f.get_object()["/BaseFont"])
                               for page in pypdf.PdfReader(out).pages
                               for f in page["/Resources"]["/Font"].values()}


def test_a_long_register_repeats_its_table_header(demo_ws, tmp_path):
    for i in range(200):
        demo_ws.add_item(RegisterItem(kind="printer", description=f"Máy in số {i + 1}", quantity=1,
                                      year_acquired=2015 + i % 5, origin="moi"))
    out = make_report(demo_ws.snapshot(Period.parse("2019")), tmp_path / "long.pdf", force=True).path
    pages = [squeeze(p.extract_text()) for p in pypdf.PdfReader(out).pages]
    annex = [n for n, t in enumerate(pages) if "Máyinsố1" in t or "Máyinsố2" in t]
    assert len(annex) >= 4
    for n in annex:
        assert "TTLoạithiếtbịMôtả(model)" in pages[n], n
    text = " ".join(pages)
    assert "Máyinsố200" in text
    assert "Máyin200" in text  # one row per kind in the body table, 200 printers
