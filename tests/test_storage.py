import sqlite3

import pytest

from ebgov_desktop.domain.periods import Period
from ebgov_desktop.domain.register import RegisterItem
from ebgov_desktop.domain.units import Unit, UnitKind
from ebgov_desktop.services.workspace import Workspace, WorkspaceError
from ebgov_desktop.storage import Store
from ebgov_desktop.storage.schema import MIGRATIONS

UNIT = Unit("19894", UnitKind.XA, "Quảng Thọ", "Thừa Thiên Huế", "46", "Quảng Điền")


@pytest.fixture
def ws(data_dir):
    w = Workspace.open(data_dir)
    w.set_unit(UNIT)
    w.create_period(Period.parse("2019"))
    yield w
    w.close()


def test_migrations_from_an_empty_file(tmp_path):
    path = tmp_path / "w.sqlite"
    path.touch()
    with Store(path) as store:
        assert store.pending_migrations() == []
        assert {"unit", "period", "value", "list_item", "register", "explanation", "change_log",
                "setting"} <= set(store.db.table_names())
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert store.integrity_ok()


def test_existing_file_is_copied_aside_before_a_migration(tmp_path, monkeypatch):
    path = tmp_path / "w.sqlite"
    with Store(path) as store:
        store.set_setting("x", 1)

    @MIGRATIONS(name="m999_test_only")
    def _extra(db):
        db.execute("CREATE TABLE extra (id INTEGER)")

    try:
        with Store(path) as store:
            assert "extra" in store.db.table_names()
            assert store.get_setting("x") == 1
        copies = list(tmp_path.glob("w.truoc-nang-cap-*.sqlite"))
        assert len(copies) == 1
        old = sqlite3.connect(copies[0])
        assert "extra" not in [r[0] for r in old.execute("SELECT name FROM sqlite_master")]
        old.close()
    finally:
        MIGRATIONS._migrations.pop()


def test_empty_is_distinct_from_zero_and_survives_reopening(ws, data_dir):
    ws.set_value(Period.parse("2019"), "staff.civil_servants", 0)
    ws.set_value(Period.parse("2019"), "staff.part_time", 14)
    ws.set_value(Period.parse("2019"), "doc.number", "022")
    ws.set_value(Period.parse("2019"), "portal.exists", False)
    ws.set_value(Period.parse("2019"), "doc.recipients", ["A;", "B."])
    ws.close()
    with Workspace.open(data_dir) as again:
        values = again.values(Period.parse("2019"))
        assert values["staff.civil_servants"] == 0
        assert "staff.part_time_with_computer" not in values
        assert values["doc.number"] == "022"  # text stays text, leading zero kept
        assert values["portal.exists"] is False
        assert values["doc.recipients"] == ["A;", "B."]
        assert again.unit == UNIT


def test_clearing_a_value_makes_it_empty(ws):
    ws.set_value(Period.parse("2019"), "staff.part_time", 14)
    ws.set_value(Period.parse("2019"), "staff.part_time", None)
    assert "staff.part_time" not in ws.values(Period.parse("2019"))


def test_bad_values_are_refused_in_vietnamese(ws):
    with pytest.raises(WorkspaceError, match="phải là số nguyên"):
        ws.set_value(Period.parse("2019"), "staff.part_time", "mười")
    with pytest.raises(WorkspaceError, match="không có trong biểu mẫu"):
        ws.set_value(Period.parse("2019"), "staff.nope", 1)
    with pytest.raises(WorkspaceError, match="ngày"):
        ws.set_value(Period.parse("2019"), "doc.date", "2019-02-30")


def test_change_log_records_every_edit_with_old_and_new(ws):
    ws.set_value(Period.parse("2019"), "staff.part_time", 14)
    ws.set_value(Period.parse("2019"), "staff.part_time", 15)
    ws.set_value(Period.parse("2019"), "staff.part_time", 15)  # unchanged: not logged
    log = [e for e in ws.store.change_log() if e["target"] == "value"]
    assert [(e["key"], e["old"], e["new"]) for e in log[:2]] == [
        ("staff.part_time", 14, 15), ("staff.part_time", None, 14)]
    assert all(e["at"] and e["period_id"] for e in log)


def test_undo_values_and_register(ws):
    ws.set_value(Period.parse("2019"), "staff.part_time", 14)
    ws.set_value(Period.parse("2019"), "staff.part_time", 15)
    assert ws.undo().startswith("Đã hoàn tác")
    assert ws.values(Period.parse("2019"))["staff.part_time"] == 14
    item_id = ws.add_item(RegisterItem("printer", "Canon", 2, 2018))
    ws.update_item(item_id, quantity=3)
    ws.delete_item(item_id)
    assert ws.register_items() == []
    ws.undo()  # the delete
    assert ws.register_items()[0].quantity == 3
    ws.undo()  # the edit
    assert ws.register_items()[0].quantity == 2
    ws.undo()  # the insert
    assert ws.register_items() == []
    ws.undo()  # back to the first value
    assert "staff.part_time" not in ws.values(Period.parse("2019"))
    assert ws.undo() is None


def test_register_lives_across_periods_and_dispose_keeps_the_row(ws):
    a = ws.add_item(RegisterItem("printer", "Canon", 1, 2015))
    ws.add_item(RegisterItem("scanner", "Fujitsu", 1, 2018))
    ws.dispose_item(a, 2019)
    assert len(ws.register_items()) == 2
    assert [i.kind for i in ws.register_items(include_disposed=False)] == ["scanner"]
    assert [i.kind for i in ws.register_for_period(Period.parse("2019"))] == ["scanner"]
    assert [i.kind for i in ws.register_for_period(Period.parse("2018"))] == ["printer", "scanner"]


def test_new_period_carries_document_settings_forward(ws):
    ws.set_value(Period.parse("2019"), "doc.signer_name", "Trần Kim")
    ws.set_value(Period.parse("2019"), "doc.recipients", ["Lưu: VT."])
    ws.set_value(Period.parse("2019"), "doc.symbol", "BC-UBND")
    ws.set_value(Period.parse("2019"), "staff.civil_servants", 22)
    ws.create_period(Period.parse("2020"))
    v = ws.values(Period.parse("2020"))
    assert v["doc.signer_name"] == "Trần Kim" and v["doc.recipients"] == ["Lưu: VT."]
    assert "staff.civil_servants" not in v  # figures are not carried
    assert v["doc.period_start"] == "2019-12-15" and v["doc.period_end"] == "2020-12-14"
    with pytest.raises(WorkspaceError, match="đã có"):
        ws.create_period(Period.parse("2020"))


def test_demo_has_no_errors(demo_ws):
    assert demo_ws.findings(Period.parse("2019")) == []


def test_undo_reverts_a_change_of_the_unit_details_but_not_its_creation(ws):
    ws.set_unit_field("unit.name", "Quảng Thọ Mới")
    ws.set_value(Period.parse("2019"), "staff.part_time", 14)
    assert ws.undo().startswith("Đã hoàn tác")  # the value
    assert ws.undo() == "Đã hoàn tác thông tin đơn vị"
    assert ws.unit == UNIT
    assert ws.undo() is None  # creating the unit is not undone
    assert ws.unit == UNIT


def test_setting_the_same_unit_again_logs_nothing(ws):
    before = len(ws.store.change_log())
    ws.set_unit(UNIT)
    assert len(ws.store.change_log()) == before
