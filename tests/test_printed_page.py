"""The printed page: numbers below 10 as 05, the signature kept with the closing paragraph, no blank
page, the rule under a long unit name no longer than the name, no "Số:/BC-UBND" reference."""

import pypdf
from reportlab.pdfbase.pdfmetrics import stringWidth

from ebgov_desktop.domain.periods import Period
from ebgov_desktop.reporting.fonts import BOLD, register_fonts
from ebgov_desktop.reporting.template import document_number, last_line_width
from ebgov_desktop.services.report import fonts_dir, make_report

register_fonts(fonts_dir())


def pages_of(path) -> list[str]:
    return [" ".join(p.extract_text().split()) for p in pypdf.PdfReader(path).pages]


def test_numbers_below_10_have_two_digits_and_no_number_leaves_no_bare_slash():
    assert document_number("5", "BC-UBND") == ("Số: 05/BC-UBND", "05/BC-UBND")
    assert document_number("22", "") == ("Số: 22/BC-UBND", "22/BC-UBND")
    line, ref = document_number("", "BC-SKHCN")
    assert line.startswith("Số:\u00a0") and line.endswith("/BC-SKHCN") and ref == ""


def test_the_pdf_prints_05_and_an_annex_reference_without_a_bare_number(demo_ws, tmp_path):
    demo_ws.set_value(Period.parse("2019"), "doc.number", "5")
    text = " ".join(pages_of(make_report(demo_ws.snapshot(Period.parse("2019")), tmp_path / "a.pdf").path))
    assert "Số: 05/BC-UBND" in text and "Kèm theo Báo cáo số 05/BC-UBND" in text
    demo_ws.set_value(Period.parse("2019"), "doc.number", None)
    text = " ".join(pages_of(make_report(demo_ws.snapshot(Period.parse("2019")), tmp_path / "b.pdf").path))
    assert "Kèm theo Báo cáo ngày" in text and "Báo cáo Số" not in text


def test_the_rule_under_a_long_unit_name_is_never_longer_than_its_last_line():
    name = "XÃ CHÂN MÂY - LĂNG CÔ VÀ CÁC THÔN VEN BIỂN"
    column = 190.0
    last = last_line_width(name, BOLD, 13, column)
    assert last < stringWidth(name, BOLD, 13) / 3 + 1 or last <= column
    assert last_line_width("XÃ QUẢNG THỌ", BOLD, 13, column) == stringWidth("XÃ QUẢNG THỌ", BOLD, 13)


def test_the_signature_stays_with_the_closing_and_no_page_is_blank(demo_ws, tmp_path):
    base = list(demo_ws.values(Period.parse("2019")).get("text.directions") or [])
    for extra in range(0, 40, 4):
        demo_ws.set_value(Period.parse("2019"), "text.directions", base + [f"Giải pháp bổ sung số {i + 1} cho năm sau."
                                                             for i in range(extra)])
        pages = pages_of(make_report(demo_ws.snapshot(Period.parse("2019")), tmp_path / f"r{extra}.pdf").path)
        signer = demo_ws.values(Period.parse("2019"))["doc.signer_name"]
        sig_page = next(i for i, t in enumerate(pages) if signer in t)
        assert "Trên đây là" in pages[sig_page], extra  # never alone on its page
        for n, text in enumerate(pages):
            assert len(text.replace(str(n + 1), "").strip()) > 20, (extra, n)  # no blank page


def test_a_so_s_consolidated_report_keeps_its_name_on_one_line_and_its_own_symbol(tmp_path, capsys):
    from ebgov_desktop.cli import main

    d = tmp_path / "tinh"
    assert main(["init", "--data-dir", str(d), "--kind", "tinh", "--code", "46", "--name", "Huế", "--province",
                 "Huế", "--period", "2026"]) == 0
    assert main(["office", "--data-dir", str(d), "--set", "Sở Khoa học và Công nghệ"]) == 0
    assert main(["consolidate", "--data-dir", str(d), "--period", "2026", "--out", str(tmp_path / "t.pdf")]) == 0
    first = pypdf.PdfReader(tmp_path / "t.pdf").pages[0].extract_text()
    assert "SỞ KHOA HỌC VÀ CÔNG NGHỆ" in [line.strip() for line in first.splitlines()]  # one line
    assert "/BC-SKHCN" in first and "BC-UBND" not in first


def test_the_register_annex_groups_each_kind_with_its_total_and_ends_with_a_grand_total(demo_ws, tmp_path):
    import re

    from pdf_read import pdf_text

    from ebgov_desktop.services.report import make_report

    text = pdf_text(make_report(demo_ws.snapshot(Period.parse("2019")), tmp_path / "r.pdf").path)
    annex = text[text.index("DANH MỤC TRANG THIẾT BỊ"):]
    assert "Khi nhận" in annex and "Nguồn gốc" not in annex  # new or used when received
    register = demo_ws.register_items()
    kinds = list(dict.fromkeys(i.kind for i in register))
    totals = re.findall(r"^(Cộng|Tổng cộng) (\d+)$", annex, flags=re.M)
    assert [t[0] for t in totals] == ["Cộng"] * len(kinds) + ["Tổng cộng"]
    assert int(totals[-1][1]) == sum(i.quantity or 0 for i in register)
    # the computers' total comes right after the four computer rows, before the cameras
    assert annex.index("Cộng 32") < annex.index("Camera quan sát")


def test_the_data_box_never_sits_alone_on_the_last_page(demo_ws, tmp_path):
    """Without annexes (no register) the data box stays with the signature, however the page falls:
    the body grows a paragraph at a time until every place the page could break has been met."""
    from pypdf import PdfReader

    from ebgov_desktop.domain.periods import Period
    from ebgov_desktop.services.report import make_report

    for item in demo_ws.register_items():
        demo_ws.delete_item(item.id)
    p = Period.parse("2019")
    base = list(demo_ws.values(p)["text.directions"])
    alone = []
    for extra in range(0, 24, 2):
        demo_ws.set_value(p, "text.directions", base + ["Tiếp tục nâng cấp trang thiết bị."] * extra)
        pdf = make_report(demo_ws.snapshot(p), tmp_path / f"r{extra}.pdf").path
        last = PdfReader(str(pdf)).pages[-1].extract_text()
        assert "Dữ liệu của báo cáo này" in last
        if "TM. ỦY BAN NHÂN DÂN" not in last and "Nơi nhận" not in last:
            alone.append(extra)
    assert alone == []


def test_the_symbol_the_window_shows_is_the_one_printed(tmp_path, capsys):
    """An office named after the period was made: its ký hiệu follows (BC-SKHCN) in the stored value the
    window shows; a symbol the officer types is printed as typed."""
    from ebgov_desktop.cli import main
    from ebgov_desktop.domain.periods import Period
    from ebgov_desktop.services.workspace import Workspace

    d = tmp_path / "tinh"
    assert main(["init", "--data-dir", str(d), "--kind", "tinh", "--code", "46", "--name", "Huế", "--province",
                 "Huế", "--period", "2026"]) == 0
    assert main(["office", "--data-dir", str(d), "--set", "Sở Khoa học và Công nghệ"]) == 0
    with Workspace.open(d) as ws:
        assert ws.values(Period.parse("2026"))["doc.symbol"] == "BC-SKHCN"
        ws.set_value(Period.parse("2026"), "doc.symbol", "BC-UBND")  # typed on purpose
    assert main(["consolidate", "--data-dir", str(d), "--period", "2026", "--out", str(tmp_path / "t.pdf")]) == 0
    first = pypdf.PdfReader(tmp_path / "t.pdf").pages[0].extract_text()
    assert "/BC-UBND" in first and "BC-SKHCN" not in first
