"""The consolidated report is an outline in the template (``[[consolidated]]``), laid out by the same
block registry as the commune report. The 2019 outline prints the very text the hand-written report
printed (the demo district of 34/36 communes, compared line by line with the text kept in
``fixtures/consolidated-2019.txt``); the 2025 outline totals every count of the form and every rate."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from superior_data import make_communes, write_packages
from test_superior_consolidated import district_with, pdf_text

from ebgov_desktop.domain.periods import Period
from ebgov_desktop.services import superior as sup

GOLDEN = Path(__file__).parent / "fixtures" / "consolidated-2019.txt"


def masked(text: str) -> str:
    """The report's text without the dates of the day it was made (the board's "Ngày nhận")."""
    return re.sub(r"\b\d{1,2}/\d{1,2}/\d{4}\b", "dd/mm/yyyy", text)


def district_2019_text(tmp_path) -> str:
    communes = make_communes(36)
    usb = tmp_path / "usb"
    usb.mkdir()
    write_packages(communes, usb)
    missing = {communes[5].code, communes[30].code}
    files = [f for f in sorted(usb.iterdir()) if not any(f"_{code}_" in f.name for code in missing)]
    with district_with(tmp_path, "some", communes, files, 34) as ws:
        ws.create_period(Period.parse("2019"))
        ws.set_value(Period.parse("2019"), "text.recommendations", ["Đề nghị tỉnh hỗ trợ máy chủ."])
        ws.set_value(Period.parse("2019"), "text.causes", ["Thiếu kinh phí."])
        ws.set_value(Period.parse("2019"), "comments.tthc", ["Hồ sơ trực tuyến tăng."])
        result = sup.make_consolidated_report(ws, "2019", tmp_path / "r.pdf")
    return masked(pdf_text(result.path))


def test_the_2019_outline_prints_the_demo_districts_report_as_before(tmp_path):
    text = district_2019_text(tmp_path)
    if not GOLDEN.exists():  # pragma: no cover - writes the reference once, from the hand-written report
        GOLDEN.write_text(text, encoding="utf-8")
        pytest.skip("reference written")
    assert text.splitlines() == GOLDEN.read_text(encoding="utf-8").splitlines()


# -- the 2025 outline -------------------------------------------------------------------------------

#: a few figures no rule ties, made different in each commune (the rest of cds2025_data differs too)
DISTINCT = {0: {"aware.classes": 12, "infra.cameras_connected": 64, "staff.it_qualified": 2},
            1: {"aware.classes": 15, "infra.cameras_connected": 71, "staff.it_qualified": 3},
            2: {"aware.classes": 9, "infra.cameras_connected": 58, "staff.it_qualified": 5}}
#: the fourth commune: still on the 2019 template
OLD_FORM = ("19900", "Quảng Vinh")


def province_with_a_2019_commune(tmp_path):
    """Three communes on the 2025 template with distinct values, a fourth on the 2019 template, all
    sent to the province and imported. Returns (province folder, the three 2025 value sets)."""
    from cds2025_data import COMMUNES, commune_values, send_to_province, template_2025

    from ebgov_desktop.domain.template import default_template
    from ebgov_desktop.services.datasets import demo_dataset

    sent = [{**commune_values(n), **DISTINCT[n]} for n in range(3)]
    old = {k: v for k, v in demo_dataset().values.items() if not k.startswith("unit.")}
    t = template_2025()
    folder = send_to_province(tmp_path, [(*COMMUNES[n], t, sent[n]) for n in range(3)]
                              + [(*OLD_FORM, default_template(), old)])
    return folder, sent


def value_of(t, values: dict, key: str):
    """A field as entered, or a derived figure computed here (plus − minus; None unless every part is)."""
    if key in t.derived:
        d = t.derived[key]
        parts = [values.get(k) for k in d.plus + d.minus]
        if any(v is None for v in parts):
            return None
        return sum(values[k] for k in d.plus) - sum(values[k] for k in d.minus)
    return values.get(key)


def test_the_2025_consolidated_report_totals_every_count_and_every_indicator_and_names_the_2019_commune(
        tmp_path):
    from decimal import ROUND_HALF_UP, Decimal

    from cds2025_data import PERIOD
    from openpyxl import load_workbook

    from ebgov_desktop.domain.formatting import percent_value, vn_decimal, vn_int
    from ebgov_desktop.domain.template import FieldType, Scope, builtin_dir, default_template, load_template
    from ebgov_desktop.services.workspace import Workspace

    t = load_template(builtin_dir() / "cds-xa-2025.toml")
    folder, sent = province_with_a_2019_commune(tmp_path)
    with Workspace.open(folder) as tinh:
        view = sup.consolidated(tinh, PERIOD)
        result = sup.make_consolidated_report(tinh, PERIOD, tmp_path / "r.pdf", xlsx=tmp_path / "t.xlsx")
    assert view.consolidation.template.id == "cds-xa-2025" and len(view.consolidation.datasets) == 3
    text = " ".join(pdf_text(result.path).split())
    book = load_workbook(result.xlsx)
    sheets = {title: [list(r) for r in book[title].iter_rows(values_only=True)] for title in book.sheetnames}

    # every count of the form: its sum over the three communes, in the PDF and in a workbook sheet
    # whose columns are the PDF table's
    summed = [ws for title, ws in sheets.items() if ws[0][:5] == ["TT", "Nội dung", "Tổng số", "Đơn vị tính",
                                                                  "Số đơn vị"]]
    in_book = {row[1]: (row[2], row[4]) for sheet in summed for row in sheet[1:]}
    counts = [f for f in t.fields.values() if f.type is FieldType.COUNT and f.scope is Scope.PERIOD]
    assert len(counts) > 50
    for f in counts:
        have = [v[f.key] for v in sent if v.get(f.key) is not None]
        assert have, f.key
        total = sum(have)
        assert " ".join(f"{f.label} {vn_int(total)} {f.unit} {len(have)}".split()) in text, f.key
        assert in_book[f.label] == (total, len(have)), f.key

    # every indicator: a rate is Σ numerators / Σ denominators over the communes, never an average of
    # percentages; a percentage typed directly is the communes' mean; each with how many communes
    (summary,) = [ws for ws in sheets.values()
                  if ws[0] == ["TT", "Chỉ tiêu", "Tổng hợp", "Tỷ lệ chung (%)", "Trung bình (%)", "Số đơn vị"]]
    by_label = {row[1]: row[2:] for row in summary[1:]}
    for ind in t.indicators:
        if ind.percent:
            typed = [Decimal(str(v[ind.percent])) for v in sent if v.get(ind.percent) is not None]
            # one decimal, or two when a commune typed two (91,24 is not averaged to 91,2)
            places = "0.01" if any(d.as_tuple().exponent < -1 for d in typed) else "0.1"
            mean = (sum(typed) / len(typed)).quantize(Decimal(places), rounding=ROUND_HALF_UP)
            assert f"{ind.label}: trung bình {vn_decimal(mean, 2)}% ({len(typed)} đơn vị có số liệu)." in text
            assert by_label[ind.label] == [None, None, float(mean), len(typed)]
            continue
        pairs = [(value_of(t, v, ind.numerator), value_of(t, v, ind.denominator)) for v in sent]
        pairs = [(a, b) for a, b in pairs if a is not None and b is not None]
        num, den = sum(a for a, _b in pairs), sum(b for _a, b in pairs)
        pct = percent_value(num, den)
        assert f"{vn_int(num)}/{vn_int(den)} ({vn_decimal(pct)}%), trên {len(pairs)} đơn vị có số liệu." in text, \
            ind.key
        assert ind.label in text
        assert by_label[ind.label][:2] == [f"{num}/{den}", float(pct)] and by_label[ind.label][3] == len(pairs)

    # every yes/no answer: how many communes said yes, over those that answered
    for f in t.fields.values():
        if f.type is FieldType.BOOL and f.scope is Scope.PERIOD:
            answers = [v[f.key] for v in sent if v.get(f.key) is not None]
            assert answers, f.key
            assert f"{f.label}: {sum(1 for a in answers if a)}/{len(answers)} đơn vị {f.yes_text}." in text, f.key

    # the fourth commune is named, in words, as left out; no template code anywhere
    old = default_template()
    assert (f"Các đơn vị báo cáo theo mẫu khác, không cộng vào số liệu tổng hợp theo mẫu «{t.title}», phiên "
            f"bản 1 (1): xã {OLD_FORM[1]} (mẫu «{old.title}», phiên bản 1).") in text
    assert "cds-xa-2025" not in text and "bc-ungdung-cntt" not in text
    # the opening follows the 2025 title, not the 2019 words
    assert "tổng hợp tình hình ứng dụng công nghệ thông tin" not in text.lower()
    # the 2025 outline's own headings, not the 2019 ones
    assert "KẾT QUẢ CHUYỂN ĐỔI SỐ CỦA CÁC" in text and "CÁC CHỈ SỐ CHUYỂN ĐỔI SỐ CỦA TỪNG" in text
    for heading in ("Nhân lực và các chỉ tiêu ứng dụng công nghệ thông tin", "CHỈ TIÊU ỨNG DỤNG CÔNG NGHỆ",
                    "Kết quả ứng dụng công nghệ thông tin"):
        assert heading not in text


def test_every_consolidated_block_kind_has_its_renderer_and_a_template_without_an_outline_gets_one():
    from ebgov_desktop.domain.template_blocks import BLOCK_KINDS, kind_names
    from ebgov_desktop.reporting.consolidated_outline import RENDERERS, default_outline

    kinds = [k for k in kind_names("consolidated") if not BLOCK_KINDS[k].structural]
    assert "sum_table" in kinds and [k for k in kinds if k not in RENDERERS] == []
    from ebgov_desktop.domain.template import default_template

    assert {b.type for b in default_outline(default_template())} <= set(kinds) | {"heading"}


def test_a_consolidated_block_is_checked_like_any_other():
    from test_template import MINIMAL, line_of, problems_of

    text = MINIMAL + ('\n[[consolidated]]\ntype = "heading"\nlevel = 1\ntext = "TỔNG HỢP"\n'
                      '\n[[consolidated]]\ntype = "sum_table"\nkeys = ["a.totl", "share"]\nopions = {}\n'
                      '\n[[consolidated]]\ntype = "chart"\n')
    found = problems_of(text)
    assert (line_of(text, '"a.totl"'), "khối 'sum_table': 'a.totl' không phải trường số đếm (có phải "
                                        "'a.total'?)") in found
    assert (line_of(text, '"a.totl"'), "khối 'sum_table': 'share' không phải trường số đếm") in found
    assert any(line == line_of(text, "opions") and "(có phải 'options'?)" in m for line, m in found)
    assert any(line == line_of(text, '"chart"') and "loại khối 'chart' không có" in m for line, m in found)
