"""Registers and unit lists typed in TCVN3 (.VnTime) or VNI (VNI-Times): after import, the same as the
Unicode ones; Unicode files untouched."""

import pytest
from legacy_files import as_cell, legacy_csv, legacy_workbook

from ebgov_desktop.domain import legacy_text as lt
from ebgov_desktop.domain.periods import Period
from ebgov_desktop.services import register_io as rio
from ebgov_desktop.services import superior as sup
from ebgov_desktop.services.workspace import Workspace

T, V, U = lt.TCVN3, lt.VNI, None


@pytest.fixture
def empty_ws(tmp_path):
    from ebgov_desktop.services.datasets import demo_dataset

    ws = Workspace.open(tmp_path / "empty")
    ws.set_unit(demo_dataset().unit)
    ws.create_period(Period.parse("2019"))
    yield ws
    ws.close()


@pytest.fixture
def demo_register(demo_ws):
    """The demo's register as the window shows it (headers, rows) and as stored."""
    headers, body = rio.register_sheet(demo_ws.register_items(), demo_ws.register_template())
    return headers, body, [i.to_dict() for i in demo_ws.register_items()]


LAYOUTS = {
    "tcvn3": lambda n: [T] * n,
    "vni": lambda n: [V] * n,
    "mixed": lambda n: [(T, V, U)[i % 3] for i in range(n)],
}


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_a_whole_legacy_register_imports_as_the_unicode_one(empty_ws, demo_register, tmp_path, layout, kind):
    headers, body, expected = demo_register
    encodings = LAYOUTS[layout](len(headers))
    if kind == "csv":  # an 8-bit file: each column in its bytes (Unicode columns only in an .xlsx)
        encodings = [e or T for e in encodings]
        path = legacy_csv(tmp_path / "so.csv", headers, body, encodings)
    else:
        path = legacy_workbook(tmp_path / "so.xlsx", headers, body, encodings)
    assert any(as_cell(headers[0], encodings[0]) != headers[0] for _ in [0])  # really not Unicode
    preview = rio.preview_import(empty_ws, rio.read_sheet(path))
    assert not preview.problems and preview.count(rio.ERROR) == 0
    found = {r.column: r.encoding for r in preview.repairs}
    for col, enc in enumerate(encodings):
        if enc and any(isinstance(row[col], str) and not row[col].isascii() for row in [headers, *body]):
            assert found.get(col) == enc, (col, headers[col])
        if enc is None:
            assert col not in found
    rio.apply_import(empty_ws, preview, period=Period.parse("2019"))
    assert [i.to_dict() for i in empty_ws.register_items()] == expected
    assert "sang Unicode" in preview.summary()


def test_the_font_alone_is_enough_for_a_short_column(empty_ws, tmp_path):
    """«Tốt» in VNI reads «Toát», a Vietnamese word too: the VNI-Times font decides."""
    path = legacy_workbook(tmp_path / "so.xlsx", ["Ten thiet bi", "Tinh trang"], [["Dell 3070", "Tốt"]], [U, V])
    sheet = rio.read_sheet(path)
    assert sheet.fonts == {1: V}
    preview = rio.preview_import(empty_ws, sheet)
    assert [i.condition for i in preview.new_items] == ["tot"]
    assert [(r.column, r.encoding, r.by_font, r.samples) for r in preview.repairs] == [
        (1, V, True, [("Toát", "Tốt")])]
    # without the font the text alone is ambiguous: left as written
    path = legacy_workbook(tmp_path / "so2.xlsx", ["Ten thiet bi", "Tinh trang"], [["Dell 3070", "Tốt"]], [U, V],
                           fonts=False)
    assert rio.preview_import(empty_ws, rio.read_sheet(path)).repairs == []


def test_the_officer_switches_a_column_off_or_chooses_another_encoding(empty_ws, demo_register, tmp_path):
    headers, body, expected = demo_register
    path = legacy_workbook(tmp_path / "so.xlsx", headers, body, [T] * len(headers))
    sheet = rio.read_sheet(path)
    preview = rio.preview_import(empty_ws, sheet)
    col = headers.index("Mô tả (model)")
    fix = next(r for r in preview.repairs if r.column == col)
    assert fix.detected == T and fix.samples and all(a != b for a, b in fix.samples)
    keep = {"header_row": preview.header_row, "mapping": preview.mapping}  # as the window passes them
    off = rio.preview_import(empty_ws, sheet, encodings={col: ""}, **keep)
    assert next(r for r in off.repairs if r.column == col).encoding is None
    raw = {row[col] for row in sheet.rows[1:]}
    assert {i.description for i in off.new_items} <= raw  # as written
    vni = rio.preview_import(empty_ws, sheet, encodings={col: V}, **keep)
    assert next(r for r in vni.repairs if r.column == col).encoding == V
    assert {i.description for i in vni.new_items} != {i.description for i in preview.new_items}
    # one undo step, as any import
    rio.apply_import(empty_ws, preview, period=Period.parse("2019"))
    assert empty_ws.undo().startswith("Đã hoàn tác việc nhập")
    assert empty_ws.register_items() == []


def test_unicode_files_are_never_touched(empty_ws, demo_ws, tmp_path):
    out = rio.export_register(demo_ws, tmp_path / "so.xlsx")
    preview = rio.preview_import(empty_ws, rio.read_sheet(out))
    assert preview.repairs == [] and "Unicode" not in preview.summary()
    # even in a .VnTime font (a template kept from the old days, typed in Unicode since), Unicode
    # text stays; the one exception is a tie, which the font decides as Excel draws it: «Ghi chú» alone
    # in its column is «Ghi chỳ» on the officer's screen in .VnTime, and a Vietnamese phrase either way
    headers, body = rio.register_sheet(demo_ws.register_items(), demo_ws.register_template())
    path = legacy_workbook(tmp_path / "so2.xlsx", headers, body, [T] * len(headers))
    sheet = rio.read_sheet(path)
    unicode_sheet = rio.Sheet(sheet.name, [headers, *body], sheet.fonts)
    assert [(r.column, r.samples) for r in rio.preview_import(empty_ws, unicode_sheet).repairs] == [
        (headers.index("Ghi chú"), [("Ghi chú", "Ghi chỳ")])]


def test_unit_list_in_tcvn3_and_vni(tmp_path):
    from superior_data import DISTRICT

    ws = Workspace.open(tmp_path / "huyen")
    ws.set_unit(DISTRICT)
    try:
        rows = [["10001", "Quảng Thọ", "xã"], ["10002", "Phú Hồ", "xã"], ["10003", "Thuận Hóa", "phường"]]
        path = legacy_workbook(tmp_path / "ds.xlsx", ["Mã", "Tên đơn vị", "Loại"], rows, [U, T, T])
        result = sup.import_expected(ws, path)
        assert result.ok and len(result.added) == 3, result.errors
        assert result.summary.endswith("Đã đọc chữ phông cũ đã chuyển sang Unicode: cột B, C (TCVN3).")
        assert [c.name for c in sup.list_expected(ws)] == ["Quảng Thọ", "Phú Hồ", "Thuận Hóa"]
        csv = legacy_csv(tmp_path / "ds.csv", ["Mã", "Tên", "Loại"], rows, [V, V, V])
        result = sup.import_expected(ws, csv)
        assert result.ok and len(result.unchanged) == 3, result.errors
    finally:
        ws.close()


def test_cli_import_of_a_vni_csv_says_what_it_converted(demo_ws, data_dir, tmp_path, capsys):
    headers, body = rio.register_sheet(demo_ws.register_items(), demo_ws.register_template())
    demo_ws.close()
    path = legacy_csv(tmp_path / "so.csv", headers, body, [V] * len(headers))
    from ebgov_desktop.cli import main

    capsys.readouterr()
    assert main(["register", "import", "--data-dir", str(data_dir), "--dry-run", str(path)]) == 0
    text = capsys.readouterr().out
    assert "chữ phông cũ đã chuyển sang Unicode: cột A, B, C, D, E, F, G, H, I, J, K, L (VNI)" in text
    assert f"{len(body)} dòng đã có trong sổ" in text  # read as Unicode: the same rows as the demo's


def test_capitals_font_vntimeh_reads_as_capitals(empty_ws, tmp_path):
    """.VnTimeH draws the small letters' codes as capitals: the text is stored small, shown capital."""
    path = legacy_workbook(tmp_path / "so.xlsx", ["Ten thiet bi", "TÌNH TRẠNG"],
                           [["Dell 3070", "TỐT"], ["HP M404", "HỎNG"]], [U, lt.TCVN3_CAPS])
    sheet = rio.read_sheet(path)
    assert sheet.rows[1][1] == as_cell("tốt", lt.TCVN3)  # as typed: small codes
    preview = rio.preview_import(empty_ws, sheet)
    assert [r.encoding for r in preview.repairs] == [lt.TCVN3_CAPS]
    assert preview.headers[1] == "B: TÌNH TRẠNG"
    assert [i.condition for i in preview.new_items] == ["tot", "hong"]


def test_the_same_rows_are_repaired_once_per_choice():
    from ebgov_desktop.services.legacy_import import repair_rows

    rows = [["Tªn"], [as_cell("Máy tính để bàn", T)]]
    first = repair_rows(rows)
    assert repair_rows(rows) is first  # the preview again (another mapping): not detected again
    off = repair_rows(rows, choices={0: ""})
    assert off is not first and off[0] is rows and off[1][0].encoding is None
    assert repair_rows([list(r) for r in rows]) == first  # another list: the same answer, computed


def test_decomposed_unicode_is_read_as_nfc_and_not_taken_for_a_legacy_text(empty_ws, tmp_path):
    import unicodedata

    nfd = [unicodedata.normalize("NFD", s) for s in ("Tên thiết bị", "Máy tính để bàn", "Hỏng")]
    path = legacy_workbook(tmp_path / "so.xlsx", [nfd[0], "Tinh trang"], [[nfd[1], nfd[2]]], [U, U])
    preview = rio.preview_import(empty_ws, rio.read_sheet(path))
    assert preview.repairs == []
    item = preview.new_items[0]
    assert item.description == "Máy tính để bàn" and unicodedata.is_normalized("NFC", item.description)
    assert item.condition == "hong"
