"""The superior level: expected list, board, conflicts and key changes, name history and merges."""

import dataclasses

import pytest
from superior_data import DISTRICT, fingerprint_of, make_communes, package_bytes, write_packages

from ebgov_desktop.domain.consolidation import BoardStatus
from ebgov_desktop.domain.tasks import TaskState
from ebgov_desktop.domain.units import Unit, UnitKind
from ebgov_desktop.exchange import signing
from ebgov_desktop.services import superior as sup
from ebgov_desktop.services.packages import set_listed_fingerprints
from ebgov_desktop.services.workspace import Workspace


@pytest.fixture
def district(tmp_path):
    ws = Workspace.open(tmp_path / "huyen")
    ws.set_unit(DISTRICT)
    yield ws
    ws.close()


@pytest.fixture(scope="module")
def six():
    return make_communes(6)


def listed(ws, communes):
    for c in communes:
        sup.add_expected(ws, c.code, c.dataset.unit.name, c.dataset.unit.kind, fingerprint=fingerprint_of(c))


def test_a_commune_workspace_has_no_superior_functions(demo_ws):
    with pytest.raises(sup.SuperiorError, match="cấp xã"):
        sup.add_expected(demo_ws, "20000", "Quảng Thọ")


def test_typed_in_renamed_and_removed(district):
    c = sup.add_expected(district, "19894", "Xã Quảng Thọ")
    assert (c.code, c.name, c.kind, c.source) == ("19894", "Quảng Thọ", UnitKind.XA, "typed")
    sup.add_expected(district, "19902", "Sịa", "thị trấn")
    with pytest.raises(sup.SuperiorError, match="đã có trong danh sách"):
        sup.add_expected(district, "19894", "Quảng Thọ")
    with pytest.raises(sup.SuperiorError, match="tối đa 5 chữ số"):
        sup.add_expected(district, "1990A", "Quảng Thọ")
    with pytest.raises(sup.SuperiorError, match="loại đơn vị"):
        sup.add_expected(district, "19903", "Quảng Điền", "huyện")
    sup.rename_expected(district, "19902", "Phường Sịa", valid_from="2025-07-01")
    (c,) = [c for c in sup.list_expected(district) if c.code == "19902"]
    assert c.full_name == "phường Sịa"
    assert c.name_on("2019-12-14").full_name == "thị trấn Sịa"
    assert sup.name_history(district, "19902") == ["ban đầu: thị trấn Sịa", "từ ngày 01/7/2025: phường Sịa"]
    # the board of an old period prints the old name
    assert [r.unit.full_name for r in sup.board(district, "2019").rows] == ["xã Quảng Thọ", "thị trấn Sịa"]
    assert [r.unit.full_name for r in sup.board(district, "2025").rows] == ["xã Quảng Thọ", "phường Sịa"]
    sup.remove_expected(district, "19894")
    assert [c.code for c in sup.list_expected(district)] == ["19902"]


def test_board_statuses_and_the_count(district, six, tmp_path):
    listed(district, six)
    usb = tmp_path / "usb"
    write_packages(six[:4], usb)
    report = sup.import_packages(district, [usb], backup=False)
    assert report.count(report.results[0].outcome) == 4
    b = sup.board(district, "2019")
    assert b.sentence == "4/6 xã đã báo cáo"
    assert [r.status for r in b.rows] == [BoardStatus.RECEIVED] * 3 + [BoardStatus.RECEIVED_WARNINGS] \
        + [BoardStatus.MISSING] * 2
    assert b.rows[3].warnings == 1 and "máy tính" in b.rows[3].reason
    assert b.missing_names == [six[4].dataset.unit.full_name, six[5].dataset.unit.full_name]
    r0 = b.rows[0]
    assert r0.revision == 1 and r0.package_id and r0.received_at
    assert r0.fingerprint == signing.fingerprint(signing.public_key_of(six[0].key))

    # a conflict: same revision, other data
    changed = dataclasses.replace(six[1].dataset, values={**six[1].dataset.values, "tthc.digitized": 3})
    (tmp_path / "c.ebgov").write_bytes(package_bytes(six[1], dataset=changed))
    # a key change: revision 2 signed by a new key
    newer = dataclasses.replace(six[2].dataset, values={**six[2].dataset.values, "tthc.digitized": 4})
    (tmp_path / "k.ebgov").write_bytes(package_bytes(six[2], dataset=newer, revision=2,
                                                     key=signing.new_private_key()))
    # a key change from a commune that never sent before is refused too once its key is pinned…
    sup.import_packages(district, [tmp_path / "c.ebgov", tmp_path / "k.ebgov"], backup=False)
    b = sup.board(district, "2019")
    assert b.rows[1].status is BoardStatus.CONFLICT and len(b.rows[1].conflict_ids) == 1
    assert b.rows[2].status is BoardStatus.RECEIVED and b.rows[2].key_change_id
    assert "Khóa mới — cần xác nhận" in b.rows[2].reason
    assert b.sentence == "3/6 xã đã báo cáo"

    # the officer decides
    sup.resolve_conflict(district, b.rows[1].conflict_ids[0])
    with pytest.raises(sup.SuperiorError, match="khác mã khóa"):
        sup.accept_key_change(district, b.rows[2].key_change_id, "0000-0000")
    kc = b.rows[2].key_change_id
    fp = sup.key_change(district, kc).fingerprint
    again = sup.accept_key_change(district, kc, fp.lower())
    assert again.results[0].outcome.value == "new"  # the first package of the accepted key
    b = sup.board(district, "2019")
    assert [r.status for r in b.rows[:3]] == [BoardStatus.RECEIVED] * 3
    assert b.rows[2].revision == 2 and not b.rows[2].key_change_id
    assert sup.commune_dataset(district, b.rows[1].package_id).values["tthc.digitized"] == 3


def test_unexpected_senders_are_flagged_and_can_be_learned(district, six, tmp_path):
    listed(district, six[:3])
    write_packages(six, tmp_path / "usb")
    sup.import_packages(district, [tmp_path / "usb"], backup=False)
    b = sup.board(district, "2019")
    assert b.sentence == "3/3 xã đã báo cáo"
    assert [r.unit.code for r in b.unexpected] == [c.code for c in six[3:]]
    assert all(not r.expected and "không có trong danh sách" in r.reason for r in b.unexpected)
    assert sup.learn_expected(district) == [c.code for c in six[3:]]
    b = sup.board(district, "2019")
    # their keys came with no list and no phone call: shown apart, not counted (issue #12)
    assert b.sentence == "3/6 xã đã báo cáo" and not b.unexpected
    assert [r.status for r in b.rows[3:]] == [BoardStatus.UNCONFIRMED] * 3
    for r, c in zip(b.rows[3:], six[3:]):
        sup.accept_key_change(district, r.key_change_id, fingerprint_of(c))
    assert sup.board(district, "2019").sentence == "6/6 xã đã báo cáo"


def test_a_merge_keeps_old_periods_counting(district, tmp_path):
    old = make_communes(3, 2024)
    listed(district, old)
    write_packages(old, tmp_path / "2024")
    sup.import_packages(district, [tmp_path / "2024"], backup=False)
    sup.merge_expected(district, [old[0].code, old[1].code], "30001", "Quảng Thọ Mới", on="2025-07-01")
    assert sup.board(district, "2024").sentence == "3/3 xã đã báo cáo"
    assert [r.unit.code for r in sup.board(district, "2024").rows] == [c.code for c in old]
    b = sup.board(district, "2025")
    assert [r.unit.code for r in b.rows] == [old[2].code, "30001"]
    assert b.sentence == "0/2 xã đã báo cáo"
    # a late package under an old code counts for the new commune
    late = make_communes(1, 2025)[0]
    ds = dataclasses.replace(late.dataset, unit=old[0].dataset.unit)
    (tmp_path / "late.ebgov").write_bytes(package_bytes(old[0], dataset=ds))
    sup.import_packages(district, [tmp_path / "late.ebgov"], backup=False)
    b = sup.board(district, "2025")
    assert b.rows[1].status is BoardStatus.RECEIVED and b.rows[1].sent_as == old[0].code
    assert "mã cũ" in b.rows[1].reason
    assert sup.name_history(district, old[0].code)[-1] == "từ ngày 01/7/2025: sáp nhập vào đơn vị mã 30001"


def test_filter_board_ignores_diacritics(district, six):
    listed(district, six)
    rows = sup.board(district, "2019").rows
    assert [r.unit.name for r in sup.filter_board(rows, "quang tho")] == ["Quảng Thọ"]
    assert len(sup.filter_board(rows, "", [BoardStatus.MISSING])) == 6
    assert sup.filter_board(rows, "zzz") == []


def test_header_lines_of_a_district_and_a_provincial_office():
    assert sup.header_lines(DISTRICT) == ("", ("ỦY BAN NHÂN DÂN", "HUYỆN QUẢNG ĐIỀN"))
    province = Unit(code="46", kind=UnitKind.TINH, name="Thừa Thiên Huế", province="Thừa Thiên Huế")
    assert sup.header_lines(province, "Sở Khoa học và Công nghệ") == \
        ("UBND TỈNH THỪA THIÊN HUẾ", ("SỞ KHOA HỌC VÀ CÔNG NGHỆ",))
    assert sup.default_symbol("Sở Khoa học và Công nghệ") == "BC-SKHCN"
    assert sup.default_symbol("") == "BC-UBND"


def test_a_new_key_without_an_accepted_package_is_refused_on_the_board(district, tmp_path):
    c = make_communes(1, 2018)[0]
    listed(district, [c])
    write_packages([c], tmp_path / "2018")
    sup.import_packages(district, [tmp_path / "2018"], backup=False)
    later = make_communes(1, 2019)[0]  # same code, another key
    write_packages([later], tmp_path / "2019")
    sup.import_packages(district, [tmp_path / "2019"], backup=False)
    (row,) = sup.board(district, "2019").rows
    assert row.status is BoardStatus.REFUSED and row.key_change_id and row.package_id is None
    assert sup.board(district, "2019").sentence == "0/1 xã đã báo cáo"
    fp = signing.fingerprint(signing.public_key_of(later.key))
    assert row.fingerprint == fp
    sup.accept_key_change(district, row.key_change_id, fp)
    (row,) = sup.board(district, "2019").rows
    assert row.status is BoardStatus.RECEIVED and row.key_change_id is None


def test_text_that_looks_like_a_formula_stays_text_in_excel(district, tmp_path):
    from openpyxl import load_workbook

    c = make_communes(1)[0]
    hostile = dataclasses.replace(c.dataset, unit=dataclasses.replace(c.dataset.unit, name="=HYPERLINK(\"x\")"))
    (tmp_path / "h.ebgov").write_bytes(package_bytes(c, dataset=hostile))
    set_listed_fingerprints(district, {c.code: fingerprint_of(c)})
    sup.import_packages(district, [tmp_path / "h.ebgov"], backup=False, learn=True)
    view = sup.consolidated(district, "2019")
    book = load_workbook(sup.write_consolidated_workbook(view, tmp_path / "t.xlsx"))
    cell = book["Chỉ tiêu các đơn vị"]["B2"]
    assert (cell.value, cell.data_type) == ('xã =HYPERLINK("x")', "s")
    assert book["Tình hình nộp"]["B2"].value == 'xã =HYPERLINK("x")'
    from ebgov_desktop.services.excel import write_workbook

    sheet = load_workbook(write_workbook(tmp_path / "f.xlsx", [("A", (["x"], [["=1+1"]]))]))["A"]
    assert (sheet["A2"].value, sheet["A2"].data_type) == ("=1+1", "s")


def test_the_superior_period_takes_the_office_defaults(district):
    sup.set_office(district, "  Phòng Văn hóa   và Thông tin ")
    assert sup.office(district) == "Phòng Văn hóa và Thông tin"
    p = sup.ensure_period(district, "2019")
    values = district.values(p)
    assert values["doc.symbol"] == "BC-PVHTT"
    assert values["doc.title"] == "Tổng hợp tình hình ứng dụng công nghệ thông tin cấp xã năm 2019"
    assert sup.header_lines(district.unit, sup.office(district)) == \
        ("UBND HUYỆN QUẢNG ĐIỀN", ("PHÒNG VĂN HÓA VÀ THÔNG TIN",))
    assert sup.board_periods(district)[0].code == "2019"


def test_cancel_half_way_keeps_finished_packages_and_checks_them(district, six, tmp_path):
    listed(district, six)
    write_packages(six, tmp_path / "usb")
    calls = []  # cancelled once the 4th package has started: it is left untouched
    state = TaskState(lambda done, total, text: calls.append(done) or (len(calls) >= 4 and state.cancel()))
    report = sup.import_packages(district, [tmp_path / "usb"], backup=False, state=state)
    assert report.cancelled and len(report.results) == 3
    b = sup.board(district, "2019")
    assert b.sentence == "3/6 xã đã báo cáo"
    assert [r.status.reported for r in b.rows] == [True] * 3 + [False] * 3
    # the rest imported later, as if nothing had happened
    again = sup.import_packages(district, [tmp_path / "usb"], backup=False)
    assert [r.outcome.value for r in again.results] == ["identical"] * 3 + ["new"] * 3
    assert sup.board(district, "2019").sentence == "6/6 xã đã báo cáo"


def test_a_rejected_key_change_leaves_the_package_refused(district, tmp_path):
    c = make_communes(1, 2018)[0]
    listed(district, [c])
    write_packages([c], tmp_path / "2018")
    write_packages(make_communes(1, 2019), tmp_path / "2019")
    sup.import_packages(district, [tmp_path / "2018", tmp_path / "2019"], backup=False)
    (row,) = sup.board(district, "2019").rows
    assert sup.key_change(district, row.key_change_id).period == "2019"
    sup.reject_key_change(district, row.key_change_id)
    (row,) = sup.board(district, "2019").rows
    assert row.status is BoardStatus.REFUSED and row.key_change_id is None and "khóa" in row.reason


def test_cli_office(tmp_path, capsys):
    from ebgov_desktop.cli import main

    d = str(tmp_path / "tinh")
    assert main(["init", "--data-dir", d, "--kind", "tinh", "--code", "46", "--name", "Thừa Thiên Huế",
                 "--province", "Thừa Thiên Huế"]) == 0
    assert main(["office", "--data-dir", d, "--set", "Sở Khoa học và Công nghệ"]) == 0
    assert "UBND TỈNH THỪA THIÊN HUẾ / SỞ KHOA HỌC VÀ CÔNG NGHỆ" in capsys.readouterr().out


def test_unreadable_or_odd_list_files_get_a_vietnamese_sentence(district, tmp_path):
    bad = tmp_path / "hong.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(sup.SuperiorError, match="Không đọc được tệp Excel hong.xlsx"):
        sup.import_expected(district, bad)
    with pytest.raises(sup.SuperiorError, match="không phải .xlsx hay .csv"):
        sup.import_expected(district, tmp_path / "ds.pdf")
    legacy = tmp_path / "cu.csv"  # saved by an old Excel in the Vietnamese Windows code page
    legacy.write_bytes(cp1258("Mã,Tên,Loại\r\n19894,Quảng Thọ,xã\r\n"))
    result = sup.import_expected(district, legacy)
    assert result.ok and [c.full_name for c in sup.list_expected(district)] == ["xã Quảng Thọ"]
    empty = tmp_path / "trong.csv"
    empty.write_text("Mã,Tên\n", encoding="utf-8")
    assert sup.import_expected(district, empty).errors == ["Tệp trong.csv chỉ có dòng tiêu đề, chưa có đơn vị nào."]


def cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows writes it: base letter (â, ê, ơ…) + a combining tone mark."""
    import unicodedata

    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
            out += (base + "".join(c for c in parts if c in tones)).encode("cp1258")
    return out
