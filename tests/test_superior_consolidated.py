"""Must show: 36 commune packages imported into a district — board 36/36, then 34/36 with the two
named; sums against sums computed here; the xlsx read back equals the window's tables; the PDF's text
holds the totals. And one commune's own report printed from its package: same text, same digest."""


import pytest
from superior_data import DISTRICT, fingerprint_of, make_communes, write_packages

from ebgov_desktop.cli import main
from ebgov_desktop.domain.consolidation import BoardStatus
from ebgov_desktop.domain.formatting import percent_value, vn_decimal, vn_int
from ebgov_desktop.domain.periods import Period
from ebgov_desktop.domain.register import choice_label
from ebgov_desktop.domain.tasks import TaskState
from ebgov_desktop.domain.template import default_template
from ebgov_desktop.services import superior as sup
from ebgov_desktop.services.workspace import Workspace

REGISTER_KINDS = default_template().register_kinds


def pdf_text(path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def communes():
    return make_communes(36)


@pytest.fixture(scope="module")
def usb(communes, tmp_path_factory):
    folder = tmp_path_factory.mktemp("usb")
    write_packages(communes, folder)
    return folder


def the_list(communes, path):
    """The district's list of communes as an officer would type it in Excel and save as CSV, with the
    fingerprint of each commune's key (so that their first packages are confirmed at once)."""
    lines = ["Mã;Tên;Loại;Mã khóa"] + [f"{c.code};{c.dataset.unit.name};{c.dataset.unit.kind.label};"
                                       f"{fingerprint_of(c)}" for c in communes]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    return path


def district_with(tmp_path, name, communes, files, count):
    ws = Workspace.open(tmp_path / name)
    ws.set_unit(DISTRICT)
    result = sup.import_expected(ws, the_list(communes, tmp_path / f"{name}.csv"))
    assert result.ok and len(result.added) == 36
    seen = []
    report = sup.import_packages(ws, files, state=TaskState(lambda done, total, text: seen.append((done, total))))
    assert report.count(report.results[0].outcome) == count
    assert seen[-1] == (count, count)
    return ws


def test_36_communes_board_sums_excel_and_pdf(communes, usb, tmp_path):
    files = sorted(usb.iterdir())
    assert len(files) == 36
    with district_with(tmp_path, "all", communes, [usb], 36) as ws:
        b = sup.board(ws, "2019")
        assert b.sentence == "36/36 xã đã báo cáo"  # every 7th has a warning: still reported
        assert sum(1 for r in b.rows if r.status is BoardStatus.RECEIVED_WARNINGS) == 5

    missing = {communes[5].code, communes[30].code}
    files = [f for f in files if not any(f"_{code}_" in f.name for code in missing)]
    with district_with(tmp_path, "some", communes, files, 34) as ws:
        b = sup.board(ws, "2019")
        assert b.sentence == "34/36 xã đã báo cáo"
        assert b.missing_names == [communes[5].dataset.unit.full_name, communes[30].dataset.unit.full_name]
        assert [r.status for r in b.missing] == [BoardStatus.MISSING] * 2

        view = sup.consolidated(ws, "2019")
        sent = [c.dataset for c in communes if c.code not in missing]
        c = view.consolidation
        assert [d.unit.code for d in c.datasets] == [d.unit.code for d in sent]
        # sums computed here, independently of consolidation.py
        for key in ("staff.civil_servants", "tthc.procedures_total", "tthc.resolved_on_time",
                    "onestop.dossiers_at_desk", "docs.outgoing_online"):
            have = [d.values[key] for d in sent if key in d.values]
            assert c.sums[key] == (sum(have), len(have)), key
        num = sum(d.values["onestop.dossiers_in_software"] for d in sent)
        den = sum(d.values["onestop.dossiers_at_desk"] for d in sent)
        t = c.totals["onestop_in_software"]
        assert (t.numerator, t.denominator, t.percent) == (num, den, percent_value(num, den))
        resolved = sum(d.values.get("tthc.resolved_early", 0) + d.values.get("tthc.resolved_on_time", 0)
                       + d.values.get("tthc.resolved_late", 0) for d in sent)
        assert c.totals["resolved_in_time"].denominator == resolved
        register: dict = {}
        for d in sent:
            for item in d.register:
                if item.year_disposed is None or item.year_disposed > 2019:
                    key = (item.kind, item.condition)
                    register[key] = register.get(key, 0) + (item.quantity or 0)
        assert {(k, cond): q for k, by in c.register.items() for cond, q in by.items()} == register

        # the workbook read back equals the tables the window shows
        from openpyxl import load_workbook

        book = sup.write_consolidated_workbook(view, tmp_path / "t.xlsx")
        wb = load_workbook(book)
        sheets = sup.workbook_sheets(view)
        assert wb.sheetnames == [title for title, _table in sheets]
        for title, (headers, rows) in sheets:
            read = [list(r) for r in wb[title].iter_rows(values_only=True)]
            assert read[0] == headers
            assert [[None if v == "" else v for v in r] for r in read[1:]] == \
                [[None if v == "" else v for v in r] for r in rows]
            assert wb[title].freeze_panes == "A2" and wb[title].auto_filter.ref
        table_headers, table_rows = sup.consolidated_table(view)
        assert len(table_rows) == 34 + 3 and table_rows[-3][1] == "Tổng cộng"
        assert table_rows[-1][1] == "Số đơn vị có số liệu" and table_rows[-1][4] == 34
        assert wb["Chỉ tiêu các đơn vị"].cell(row=2, column=2).value == communes[0].dataset.unit.full_name

        # the PDF: completeness, the two missing, the totals
        ws.create_period(Period.parse("2019"))
        ws.set_value(Period.parse("2019"), "text.recommendations", ["Đề nghị tỉnh hỗ trợ <máy chủ> & đường truyền."])
        result = sup.make_consolidated_report(ws, "2019", tmp_path / "r.pdf")
        text = flat(pdf_text(result.path))
        assert "34/36 xã đã báo cáo" in text
        assert communes[5].dataset.unit.full_name in text and communes[30].dataset.unit.full_name in text
        assert "ỦY BAN NHÂN DÂN" in text and "HUYỆN QUẢNG ĐIỀN" in text
        total_procedures = sum(d.values["tthc.procedures_total"] for d in sent)
        assert f"{vn_int(total_procedures)} thủ tục 34" in text
        assert f"{vn_int(num)}/{vn_int(den)} {vn_decimal(t.percent)} {vn_decimal(t.average)} 34" in text
        assert "Đề nghị tỉnh hỗ trợ <máy chủ> & đường truyền." in text
        first = next(k.key for k in REGISTER_KINDS if any(kind == k.key for kind, _c in register))
        by = [register.get((first, cond), 0) for cond in ("tot", "xuong_cap", "hong")]
        assert f"1 {choice_label(REGISTER_KINDS, first)} {' '.join(vn_int(q) for q in by)} {vn_int(sum(by))}" \
            in text
        # like with like: each kind has its own total, never one sum of computers + UPS + switches
        equipment = text[text.index("theo loại và tình trạng"):text.index("Phụ lục I")]
        assert "Tổng cộng" not in equipment
        assert "Phụ lục I" in text and "Tỷ lệ chung (%)" in text
        # the annex's total row is named as in the window and the Excel sheet
        annex = text[text.index("CHỈ TIÊU ỨNG DỤNG CÔNG NGHỆ THÔNG TIN CỦA CÁC"):]
        window_total, window_average = table_rows[-3][1], table_rows[-2][1]
        assert f"{window_total} " in annex and window_total == "Tổng cộng"
        assert annex.index(window_total) < annex.index(window_average) == annex.index("Trung bình các đơn vị")
        assert "Tỷ lệ chung" not in annex
        assert result.pages >= 3


def test_one_communes_own_report_from_its_package(demo_ws, tmp_path):
    """The district prints a commune's report from the package: the commune's text, same digest."""
    from ebgov_desktop.services.packages import export_package
    from ebgov_desktop.services.report import make_report

    own = make_report(demo_ws.snapshot(Period.parse("2019")), tmp_path / "own.pdf")
    export_package(demo_ws, demo_ws.snapshot(Period.parse("2019")), tmp_path)
    with Workspace.open(tmp_path / "huyen") as ws:
        ws.set_unit(DISTRICT)
        sup.import_packages(ws, [tmp_path], learn=True, backup=False)
        (row,) = sup.board(ws, "2019").rows
        printed = sup.commune_report(ws, row.package_id, tmp_path / "from-package.pdf")
    assert printed.revision.digest == own.revision.digest == demo_ws.dataset(Period.parse("2019")).digest()
    assert printed.pages == own.pages
    assert pdf_text(printed.path) == pdf_text(own.path)
    assert own.revision.short_digest in flat(pdf_text(printed.path))


def test_list_import_errors_name_row_and_column(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    sheet = wb.active
    sheet.append(["Danh sách đơn vị"])  # a title row above the header is not the header…
    rows = [["Mã đơn vị", "Tên đơn vị", "Loại"], [19894, "Xã Quảng Thọ", None], ["1990A", "Quảng Phú", "xã"],
            ["19903", "", "xã"], ["19904", "Sịa", "huyện"], ["19894", "Quảng Vinh", "xã"]]
    for r in rows:
        sheet.append(r)
    wb.save(tmp_path / "ds.xlsx")
    with Workspace.open(tmp_path / "huyen") as ws:
        ws.set_unit(DISTRICT)
        result = sup.import_expected(ws, tmp_path / "ds.xlsx")
        assert not result.ok
        assert "Dòng 1 (dòng tiêu đề) thiếu cột 'Mã' và 'Tên'" in result.errors[0]
        sheet.delete_rows(1)
        wb.save(tmp_path / "ds.xlsx")
        result = sup.import_expected(ws, tmp_path / "ds.xlsx")
        assert [e.split(":")[0] for e in result.errors] == [
            "Dòng 3, cột 'Mã đơn vị'", "Dòng 4, cột 'Tên đơn vị'", "Dòng 5, cột 'Loại'", "Dòng 6, cột 'Mã đơn vị'"]
        assert "trùng với dòng 2" in result.errors[-1]
        assert sup.list_expected(ws) == []  # nothing imported while errors remain
        for _ in range(4):
            sheet.delete_rows(3)
        sheet.append(["19902", "Phường Sịa", ""])
        wb.save(tmp_path / "ds.xlsx")
        result = sup.import_expected(ws, tmp_path / "ds.xlsx")
        assert result.ok and result.added == ["19894", "19902"]
        assert [c.full_name for c in sup.list_expected(ws)] == ["xã Quảng Thọ", "phường Sịa"]
        # the same list with a new name: a rename from the date given, the old name kept
        sheet["B2"] = "Quảng Thọ Mới"
        wb.save(tmp_path / "ds.xlsx")
        result = sup.import_expected(ws, tmp_path / "ds.xlsx", valid_from="2025-07-01")
        assert (result.renamed, result.unchanged) == (["19894"], ["19902"])
        assert sup.name_history(ws, "19894") == ["ban đầu: xã Quảng Thọ", "từ ngày 01/7/2025: xã Quảng Thọ Mới"]


def test_cli_init_units_board_consolidate(communes, usb, tmp_path, capsys):
    d = str(tmp_path / "huyen")
    assert main(["init", "--data-dir", d, "--kind", "huyen", "--code", "476", "--unlisted", "--name", "Quảng Điền",
                 "--province", "Thừa Thiên Huế"]) == 0
    assert main(["units", "--data-dir", d, "--import", str(the_list(communes, tmp_path / "ds.csv"))]) == 0
    assert "36 đơn vị mới" in capsys.readouterr().out
    assert main(["import", "--data-dir", d, str(usb)]) == 0
    assert main(["board", "--data-dir", d, "--period", "2019"]) == 0
    out = capsys.readouterr().out
    assert "36/36 xã đã báo cáo" in out and "Đã nhận, có cảnh báo" in out
    pdf, xlsx = tmp_path / "r.pdf", tmp_path / "t.xlsx"
    assert main(["consolidate", "--data-dir", d, "--period", "2019", "--out", str(pdf),
                 "--xlsx", str(xlsx)]) == 0
    assert "36/36 xã đã báo cáo" in capsys.readouterr().out
    assert pdf.stat().st_size > 0 and xlsx.stat().st_size > 0
    assert main(["units", "--data-dir", d, "--add", "1990", "Không Tên", "--kind", "huyện"]) == 2
    assert "loại đơn vị" in capsys.readouterr().err


def province_2025(tmp_path, changes=None):
    """Three communes of Huế on the 2025 template (``cds2025_data``, each value of ``changes[n]``
    replacing commune n's; None leaves the figure empty) send their packages to the province, which
    imports them. Returns the province's data folder."""
    from cds2025_data import COMMUNES, commune_values, send_to_province, template_2025

    t = template_2025()
    return send_to_province(tmp_path, [(code, name, t, {**commune_values(n), **(changes or {}).get(n, {})})
                                       for n, (code, name) in enumerate(COMMUNES)])


@pytest.fixture(scope="module")
def province_report_2025(tmp_path_factory):
    """The province's consolidated PDF of the three 2025 communes."""
    from cds2025_data import PERIOD

    tmp_path = tmp_path_factory.mktemp("tinh2025")
    with Workspace.open(province_2025(tmp_path)) as tinh:
        return sup.make_consolidated_report(tinh, PERIOD, tmp_path / "r.pdf")


def test_the_closing_follows_the_body_when_it_fits_never_alone_on_a_page(province_report_2025):
    """A province's 2025 report (three communes): the closing paragraph and the signature were pushed
    to a page of their own (a KeepTogether inside a KeepTogether always breaks the page), leaving most
    of page 2 blank. They stay together, after the body, on the page the body ends."""
    from pypdf import PdfReader

    pages = [" ".join(p.extract_text().split()) for p in PdfReader(province_report_2025.path).pages]
    (at,) = [i for i, text in enumerate(pages) if "Trên đây là báo cáo" in text]
    before = pages[at].split("Trên đây là báo cáo")[0].strip()
    assert before and not before.isdigit(), f"page {at + 1} holds only the closing and signature"


def test_the_annex_headers_are_never_broken_inside_a_word(province_report_2025):
    """The 2025 annex has ten indicator columns: in equal shares of the width, "VNeID", "CBCC" and
    "Thanh" were wider than their column and printed "VNeI / D", "CBC / C", "Than / h toán". A column
    is as wide as its header's longest word; the unit-name column gives up what that takes. The 2019
    annex (eight columns) keeps its equal shares."""
    from ebgov_desktop.reporting.consolidated import KEY_INDICATORS, annex_widths

    text = flat(pdf_text(province_report_2025.path))
    annex = text[text.index("CÁC CHỈ SỐ CHUYỂN ĐỔI SỐ CỦA TỪNG XÃ"):]
    for header in ("VNeID mức 2", "CBCC bồi dưỡng kỹ năng số", "Thanh toán trực tuyến", "Hộ có cáp quang"):
        assert f" {header} " in annex
    assert annex_widths([label for _key, label in KEY_INDICATORS]) == [39] + [116 / 8] * 8


def test_a_percentage_typed_directly_is_averaged_over_the_communes_that_gave_it(tmp_path):
    """The 2025 template's VNeID rate is a percentage the commune types (no numerator, no
    denominator). The province's figure is the plain mean of the communes that gave it, rounded
    half-up (81,3 and 82,0 → 81,7), over 2 communes: the commune that left it empty is not a 0. The
    "Tổng cộng" row (Σ numerators / Σ denominators) has nothing to add up and stays empty; the window's
    table, the Excel sheet and the PDF (with its "Số đơn vị") all say so."""
    from cds2025_data import COMMUNES, PERIOD
    from openpyxl import load_workbook

    vneid = "Tỷ lệ người dân có tài khoản VNeID mức 2 đã kích hoạt"
    changes = {0: {"soc.vneid_pct": 81.3}, 1: {"soc.vneid_pct": 82.0}, 2: {"soc.vneid_pct": None}}
    with Workspace.open(province_2025(tmp_path, changes)) as tinh:
        view = sup.consolidated(tinh, PERIOD)
        headers, rows = sup.consolidated_table(view)
        book = sup.write_consolidated_workbook(view, tmp_path / "t.xlsx")
        pdf = sup.make_consolidated_report(tinh, PERIOD, tmp_path / "r.pdf").path
    t = view.consolidation.totals["vneid"]
    assert (t.count, str(t.average)) == (2, "81.7")

    # the window's table: each commune's figure, an empty total, the mean of the two that gave it
    col = headers.index(f"{vneid} (%)")
    assert headers[col - 2:col] == [f"{vneid} — tử số", f"{vneid} — mẫu số"]
    by_name = {row[1]: row for row in rows}
    codes = [row[0] for row in rows[:-3]]
    assert codes == [code for code, _name in COMMUNES]
    assert [row[col - 2:col + 1] for row in rows[:-3]] == [[None, None, 81.3], [None, None, 82.0],
                                                          [None, None, None]]
    assert by_name["Tổng cộng"][col - 2:col + 1] == [None, None, None]
    assert by_name["Trung bình các đơn vị"][col] == 81.7
    assert by_name["Số đơn vị có số liệu"][col] == 2  # the mean is over the two that gave it

    # the Excel sheet: the same cells
    sheet = load_workbook(book)["Chỉ tiêu các đơn vị"]
    read = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert read[0][col] == f"{vneid} (%)"
    cells = {r[1]: r[col] for r in read[1:]}
    assert [r[col] for r in read[1:4]] == [81.3, 82.0, None]
    assert cells["Tổng cộng"] is None and cells["Trung bình các đơn vị"] == 81.7
    assert cells["Số đơn vị có số liệu"] == 2

    # the PDF: the indicator's line gives the mean and over how many communes (Tỷ lệ chung empty);
    # the annex (communes × indicators) has "-" for the commune that gave nothing and for the total
    from ebgov_desktop.reporting.consolidated import key_indicators

    text = flat(pdf_text(pdf))
    assert f"{vneid} 81,7 2 " in text
    annex = text[text.index("CÁC CHỈ SỐ CHUYỂN ĐỔI SỐ CỦA TỪNG XÃ"):]
    keys = [key for key, _short in key_indicators(view.consolidation.template)]
    k = keys.index("vneid")

    def cells(row_name: str) -> list[str]:
        return annex.split(f"{row_name} ", 1)[1].split()[:len(keys)]

    assert [cells(f"xã {name}")[k] for _code, name in COMMUNES] == ["81,3", "82", "-"]
    assert (cells("Tổng cộng")[k], cells("Trung bình các đơn vị")[k]) == ("-", "81,7")
