"""The register from and to the officer's spreadsheet: commune layouts, CSV encodings, round trip, undo."""

import unicodedata

import pytest
from openpyxl import load_workbook
from register_files import HEADINGS_ASCII, HEADINGS_VI, commune_workbook, cp1258

from ebgov_desktop.cli import main
from ebgov_desktop.domain.periods import Period
from ebgov_desktop.domain.register import RegisterItem
from ebgov_desktop.services import register_io as rio
from ebgov_desktop.services.workspace import Workspace


@pytest.fixture
def empty_ws(tmp_path):
    """A unit with a 2019 period and an empty register."""
    from ebgov_desktop.services.datasets import demo_dataset

    demo = demo_dataset()
    ws = Workspace.open(tmp_path / "empty")
    ws.set_unit(demo.unit)
    ws.create_period(Period.parse("2019"))
    yield ws
    ws.close()


@pytest.mark.parametrize("headings", [HEADINGS_VI, HEADINGS_ASCII], ids=["diacritics", "ascii"])
def test_commune_workbook_header_on_row_3_right_rows_and_errors(empty_ws, tmp_path, headings):
    path = commune_workbook(tmp_path / "so.xlsx", headings)
    preview = rio.preview_import(empty_ws, rio.read_sheet(path), template=empty_ws.register_template())
    assert preview.header_row == 2  # row 3, under the merged title cells
    assert preview.mapping == {"description": 1, "kind": 2, "quantity": 3, "year_acquired": 4,
                               "condition": 5, "location": 6, "asset_code": 7, "notes": 8}
    # numbering row (4) and the total row are not devices
    assert [r.row for r in preview.rows] == [5, 6, 7, 8, 9, 10, 11]
    new = preview.new_items
    assert [(i.kind, i.description, i.quantity, i.year_acquired, i.condition, i.asset_code)
            for i in new] == [
        ("computer_desktop", "Dell OptiPlex 3070", 4, 2018, "tot", "TS-001"),
        ("printer", "HP LaserJet Pro M404", 2, 2017, "tot", "TS-002"),
        ("computer_laptop", "Asus VivoBook", 1, 2019, "hong", "10234"),
    ]
    errors = [(p.row, p.column.split(" ")[0], p.severity) for p in preview.row_problems]
    assert errors == [(8, "C", "error"), (9, "D", "error"), (10, "E", "error"), (11, "F", "error")]
    messages = [str(p) for p in preview.row_problems]
    assert messages[0].startswith(f"Dòng 8, cột C ({headings[2]}): không nhận ra loại thiết bị “Máy chiếu")
    assert "“hai” không phải số nguyên dương" in messages[1]
    assert "năm 2035 không hợp lệ" in messages[2]
    assert "không nhận ra tình trạng “không rõ”" in messages[3]
    assert all(unicodedata.is_normalized("NFC", m) for m in messages)
    assert empty_ws.register_items() == []  # a preview changes nothing

    ids = rio.apply_import(empty_ws, preview, period=Period.parse("2019"))
    assert [i.description for i in empty_ws.register_items()] == [i.description for i in new]
    assert len(ids) == 3


def test_windows_1258_csv(empty_ws, tmp_path):
    text = ("Sổ thiết bị xã Quảng Thọ;;;;\n"
            "Tên thiết bị;Số lượng;Năm mua;Tình trạng;Vị trí\n"
            "Máy tính để bàn Dell;3;2018;Tốt;Phòng Tư pháp - Hộ tịch\n"
            "Máy in Canon LBP 2900;1;2015;Xuống cấp;Văn phòng\n"
            "Bộ lưu điện Santak;1;2014;Hỏng;Kho\n"
            "Tủ đựng hồ sơ;2;2019;Tốt;Kho\n"
            "Máy scan Fujitsu;x;2018;Tốt;Văn phòng\n")
    path = tmp_path / "so.csv"
    path.write_bytes(cp1258(text))
    assert b"\xcc" in path.read_bytes() or b"\xd2" in path.read_bytes()  # combining tone marks
    preview = rio.preview_import(empty_ws, rio.read_sheet(path), template=empty_ws.register_template())
    assert preview.header_row == 1
    items = preview.new_items
    assert [(i.kind, i.description, i.condition, i.location) for i in items] == [
        ("computer_desktop", "Máy tính để bàn Dell", "tot", "Phòng Tư pháp - Hộ tịch"),
        ("printer", "Máy in Canon LBP 2900", "xuong_cap", "Văn phòng"),
        ("ups", "Bộ lưu điện Santak", "hong", "Kho"),
        ("other", "Tủ đựng hồ sơ", "tot", "Kho"),
    ]
    assert all(unicodedata.is_normalized("NFC", i.description) for i in items)
    problems = [(p.row, p.column, p.severity) for p in preview.row_problems]
    assert problems == [(6, "A (Tên thiết bị)", "warning"), (7, "B (Số lượng)", "error")]


def test_utf8_csv_with_bom_and_commas(empty_ws, tmp_path):
    path = tmp_path / "so.csv"
    path.write_text("Loại thiết bị,Mô tả,SL,Năm trang bị\nMáy tính xách tay,Lenovo,2,2020\n",
                    encoding="utf-8-sig")
    preview = rio.preview_import(empty_ws, rio.read_sheet(path), template=empty_ws.register_template())
    assert [(i.kind, i.description, i.quantity) for i in preview.new_items] == [
        ("computer_laptop", "Lenovo", 2)]


def test_kind_and_condition_names_ignore_diacritics_and_case():
    from ebgov_desktop.domain.template import builtin_dir, load_template

    t = load_template(builtin_dir() / "cds-xa-2025.toml")
    assert rio.match_kind("MÁY TÍNH ĐỂ BÀN", t) == rio.match_kind("may tinh de ban", t) == "computer_desktop"
    assert rio.match_kind("Máy quét", t) == rio.match_kind("may quet (scan)", t) == "scanner"
    assert rio.match_kind("Bộ lưu điện (UPS)", t) == "ups"
    assert rio.match_kind("Máy photocopy Toshiba", t) == "photocopier"
    assert rio.match_kind("Bàn ghế", t) is None
    assert rio.match_condition("HỎNG, CẦN THAY THẾ/THANH LÝ", t) == "hong"
    assert rio.match_condition("xuong cap, can nang cap", t) == "xuong_cap"
    assert rio.match_condition("Tốt", t) == rio.match_condition("TOT", t) == "tot"


def test_round_trip_identical(demo_ws, tmp_path, empty_ws):
    out = rio.export_register(demo_ws, tmp_path / "so.xlsx")
    book = load_workbook(out)
    sheet = book.active
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref
    assert [c.value for c in sheet[1]][:3] == ["Loại thiết bị", "Mô tả (model)", "Số lượng"]
    quantities = [c.value for c in sheet["C"][1:]]
    assert all(isinstance(q, int) for q in quantities if q is not None)  # numbers as numbers
    assert sheet["D2"].number_format == "0"  # a year is 2018, not 2,018
    assert sheet.column_dimensions["B"].width > 10

    _preview, ids = rio.import_register(empty_ws, out, period=Period.parse("2019"))
    before = [i.to_dict() for i in demo_ws.register_items()]
    assert [i.to_dict() for i in empty_ws.register_items()] == before
    assert len(ids) == len(before)
    # the same file again: every row is already there, nothing is added twice
    preview, ids = rio.import_register(demo_ws, out, period=Period.parse("2019"))
    assert ids == [] and preview.count(rio.DUPLICATE) == len(before)
    assert [i.to_dict() for i in demo_ws.register_items()] == before


def test_duplicates_by_asset_code_or_kind_description_year(empty_ws, tmp_path):
    empty_ws.add_item(RegisterItem(kind="printer", description="HP M404", year_acquired=2017,
                                   asset_code="TS-9"))
    empty_ws.add_item(RegisterItem(kind="computer_desktop", description="Dell 3070", year_acquired=2018))
    path = tmp_path / "so.csv"
    path.write_text("Loại,Tên thiết bị,Năm mua,Mã tài sản\n"
                    "Máy in,HP LaserJet (đổi tên),2017,ts-9\n"   # same asset code
                    "Máy tính để bàn,DELL  3070,2018,\n"          # same kind + description + year
                    "Máy tính để bàn,Dell 3070,2018,\n"           # a second one: new
                    "Máy tính để bàn,Dell 3070,2019,\n",          # another year: new
                    encoding="utf-8")
    preview = rio.preview_import(empty_ws, rio.read_sheet(path), template=empty_ws.register_template())
    assert [r.status for r in preview.rows] == [rio.DUPLICATE, rio.DUPLICATE, rio.NEW, rio.NEW]


def test_import_is_one_undo_step(demo_ws, tmp_path):
    before = [i.to_dict() for i in demo_ws.register_items()]
    path = commune_workbook(tmp_path / "so.xlsx", HEADINGS_VI)
    _preview, ids = rio.import_register(demo_ws, path, period=Period.parse("2019"))
    assert len(ids) == 3
    assert len(demo_ws.register_items()) == len(before) + 3
    assert demo_ws.undo() == "Đã hoàn tác việc nhập 3 thiết bị từ tệp"
    assert [i.to_dict() for i in demo_ws.register_items()] == before


def test_file_problems_in_vietnamese(empty_ws, tmp_path):
    bad = tmp_path / "so.xlsx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(rio.RegisterFileError, match="Không đọc được tệp Excel so.xlsx"):
        rio.read_sheet(bad)
    with pytest.raises(rio.RegisterFileError, match=r"dạng Excel cũ \(.xls\)"):
        rio.read_sheet(tmp_path / "so.xls")
    path = tmp_path / "x.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    preview = rio.preview_import(empty_ws, rio.read_sheet(path), template=empty_ws.register_template())
    assert preview.problems and "Không tìm thấy dòng tiêu đề" in preview.problems[0]


def test_cli_register_import_and_export(demo_ws, data_dir, tmp_path, capsys):
    demo_ws.close()
    out = tmp_path / "so.xlsx"
    assert main(["register", "export", "--data-dir", str(data_dir), "--out", str(out)]) == 0
    assert out.exists()
    commune_workbook(tmp_path / "xa.xlsx", HEADINGS_VI)
    capsys.readouterr()
    code = main(["register", "import", "--data-dir", str(data_dir), str(tmp_path / "xa.xlsx")])
    text = capsys.readouterr().out
    assert code == 1  # some rows had errors (and were left out)
    assert "Lỗi: Dòng 9, cột D (Số lượng): số lượng “hai” không phải số nguyên dương." in text
    assert "Đã thêm 3 dòng vào sổ thiết bị." in text
    code = main(["register", "import", "--data-dir", str(data_dir), str(out)])
    assert "Đã thêm 0 dòng" in capsys.readouterr().out
