"""Plan, then apply: the dry run verifies each package once and the import takes the same bytes from
its plan; only bytes that changed are verified again; the board only reads."""

import hashlib
from collections import Counter

import pytest
from superior_data import DISTRICT, make_communes, package_bytes, write_packages

from ebgov_desktop.domain.consolidation import BoardStatus
from ebgov_desktop.exchange import package as exchange_package
from ebgov_desktop.services import superior as sup
from ebgov_desktop.services.packages import Outcome, import_packages
from ebgov_desktop.services.workspace import Workspace
from ebgov_desktop.storage import schema


@pytest.fixture
def province(tmp_path):
    ws = Workspace.open(tmp_path / "tinh")
    ws.set_unit(DISTRICT)
    yield ws
    ws.close()


@pytest.fixture(scope="module")
def five():
    return make_communes(5)


@pytest.fixture
def counted(monkeypatch):
    """How many times the bytes of each file were verified, and the rules run over a dataset."""
    verified: Counter = Counter()
    ruled: Counter = Counter()
    read, rules = exchange_package.read_package, exchange_package.rule_findings

    def read_package(raw, **kw):
        verified[hashlib.sha256(raw).hexdigest()] += 1
        return read(raw, **kw)

    def rule_findings(ds):
        ruled[ds.unit.code] += 1
        return rules(ds)

    monkeypatch.setattr(exchange_package, "read_package", read_package)
    monkeypatch.setattr(exchange_package, "rule_findings", rule_findings)
    return verified, ruled


def test_each_package_is_verified_once_over_the_dry_run_and_the_import(province, five, tmp_path, counted):
    verified, ruled = counted
    files = write_packages(five, tmp_path / "usb")
    dry = import_packages(province, [tmp_path / "usb"], dry_run=True)
    assert [r.outcome for r in dry.results] == [Outcome.NEW] * 5
    done = import_packages(province, [tmp_path / "usb"], plan=dry.plan, backup=False)
    assert [r.outcome for r in done.results] == [Outcome.NEW] * 5
    digests = {hashlib.sha256(f.read_bytes()).hexdigest() for f in files}
    assert verified == Counter({d: 1 for d in digests})  # one verification per package, not two
    assert ruled == Counter({c.code: 1 for c in five})  # the rules ran once per dataset
    # what the import stored is what was verified, with its check
    b = sup.board(province, "2019")
    assert {r.unit.code for r in b.unexpected} == {c.code for c in five}
    assert all(r.status is BoardStatus.UNCONFIRMED for r in b.unexpected)
    assert sup.commune_dataset(province, b.unexpected[0].package_id).values == five[0].dataset.values
    warned = [r for r in b.unexpected if r.warnings]
    assert [r.unit.code for r in warned] == [five[3].code]  # the commune with twice its computers


def test_the_summary_says_why_units_are_not_counted_yet(province, five, tmp_path):
    write_packages(five, tmp_path / "usb")
    for c in five:
        sup.add_expected(province, c.code, c.dataset.unit.name)
    dry = import_packages(province, [tmp_path / "usb"], dry_run=True)
    assert dry.keys_sentence.startswith("5 đơn vị sẽ chưa được tính là đã báo cáo vì khóa ký")
    done = import_packages(province, [tmp_path / "usb"], plan=dry.plan, backup=False)
    assert done.summary == "5 tệp: 5 mới."
    assert done.keys_sentence == ("5 đơn vị chưa được tính là đã báo cáo vì khóa ký của đơn vị chưa được "
                                  "xác nhận: hãy gọi điện cho từng đơn vị đối chiếu mã khóa rồi xác nhận "
                                  "khóa.")
    assert sup.board(province, "2019").sentence.startswith("0/5")


def test_bytes_changed_after_the_dry_run_are_verified_again(province, five, tmp_path, counted):
    verified, _ruled = counted
    files = write_packages(five[:3], tmp_path / "usb")
    dry = import_packages(province, [tmp_path / "usb"], dry_run=True)
    # between the dry run and the import: one file replaced by a later revision, one spoilt
    files[0].write_bytes(package_bytes(five[0], revision=2))
    spoilt = bytearray(files[1].read_bytes())
    spoilt[-40] ^= 0xFF
    files[1].write_bytes(bytes(spoilt))
    done = import_packages(province, [tmp_path / "usb"], plan=dry.plan, backup=False)
    assert [(r.outcome, r.revision) for r in done.results] == [
        (Outcome.NEW, 2), (Outcome.INVALID, None), (Outcome.NEW, 1)]
    assert sum(verified.values()) == 3 + 2  # the dry run's three, then the two changed files
    assert verified[hashlib.sha256(files[2].read_bytes()).hexdigest()] == 1


def test_the_board_never_writes_and_old_packages_get_their_check_by_migration(province, five, tmp_path):
    write_packages(five, tmp_path / "usb")
    for c in five:
        sup.add_expected(province, c.code, c.dataset.unit.name)
    import_packages(province, [tmp_path / "usb"], backup=False)
    before = [(r.unit.code, r.status, r.warnings, r.reason) for r in sup.board(province, "2019").rows]
    changes = province.store.conn.total_changes
    sup.board(province, "2019")
    assert province.store.conn.total_changes == changes  # a read writes nothing
    # packages stored before the import made their checks: the migration makes them, once
    province.store.conn.execute("DELETE FROM package_check")
    with province.store.transaction():
        schema.m009_package_checks(province.store.db)
    assert [(r.unit.code, r.status, r.warnings, r.reason) for r in sup.board(province, "2019").rows] == before
