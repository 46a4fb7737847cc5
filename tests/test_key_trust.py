"""Keys at the superior level (issue #12, points 4 and 7): a first contact is never trusted silently, a
key pinned to another unit is flagged, revisions are ordered within one key, every decision is kept;
one import for the window, the command line and the benches, recording the same things."""

import dataclasses

import pytest
from superior_data import DISTRICT, fingerprint_of, make_communes, package_bytes

from ebgov_desktop.cli import main
from ebgov_desktop.domain.consolidation import BoardStatus
from ebgov_desktop.domain.tasks import TaskState
from ebgov_desktop.exchange import signing
from ebgov_desktop.services import packages
from ebgov_desktop.services import superior as sup
from ebgov_desktop.services.packages import Outcome, import_packages
from ebgov_desktop.services.workspace import Workspace


@pytest.fixture(scope="module")
def two():
    return make_communes(2, seed=41, code_base=31000)


@pytest.fixture
def district(tmp_path):
    ws = Workspace.open(tmp_path / "huyen")
    ws.set_unit(DISTRICT)
    yield ws
    ws.close()


def forged(commune, *, revision=1_000_000, key=None):
    """What anyone with a USB stick can make: the commune's code and name, any data, a fresh key."""
    ds = dataclasses.replace(commune.dataset,
                             values={**commune.dataset.values, "docs.incoming_processed": 4321})
    return package_bytes(commune, dataset=ds, revision=revision, key=key or signing.new_private_key())


def test_a_forged_first_contact_is_held_apart_and_the_real_key_wins(district, two, tmp_path):
    real = two[0]
    sup.add_expected(district, real.code, real.dataset.unit.name)
    (tmp_path / "forged.ebgov").write_bytes(forged(real))
    (result,) = import_packages(district, [tmp_path / "forged.ebgov"], backup=False).results
    assert result.outcome is Outcome.NEW and result.key_state == "unconfirmed"
    assert "chưa xác nhận" in result.reason
    b = sup.board(district, "2019")
    assert b.rows[0].status is BoardStatus.UNCONFIRMED and not b.rows[0].status.reported
    assert b.rows[0].status.label == "Chưa xác nhận khóa"
    assert b.sentence == "0/1 xã đã báo cáo"
    assert sup.consolidated(district, "2019").consolidation.datasets == []  # never summed

    # the real commune's first revision arrives: held, shown with both fingerprints
    (tmp_path / "real.ebgov").write_bytes(package_bytes(real, revision=1))
    dry = import_packages(district, [tmp_path / "real.ebgov"], dry_run=True)
    (held,) = dry.results
    assert held.outcome is Outcome.WRONG_KEY and held.outcome.label == "Khóa mới — cần xác nhận"
    assert fingerprint_of(real) in held.reason and held.pinned_fingerprint in held.reason
    assert held.outcome.recorded
    import_packages(district, [tmp_path / "real.ebgov"], backup=False)
    (tmp_path / "real.ebgov").unlink()  # the stick is gone: the package was kept aside
    row = sup.board(district, "2019").rows[0]
    assert row.key_change_id and fingerprint_of(real) in row.reason

    # the officer phones the commune and accepts its key: r1 is current, the forged r1,000,000 is not
    report = sup.accept_key_change(district, row.key_change_id, fingerprint_of(real))
    assert [r.outcome for r in report.results] == [Outcome.NEW]
    row = sup.board(district, "2019").rows[0]
    assert row.status is BoardStatus.RECEIVED and row.revision == 1
    assert sup.commune_dataset(district, row.package_id).digest() == real.dataset.digest()
    assert sup.board(district, "2019").sentence == "1/1 xã đã báo cáo"
    # the forger sends again: refused as another key, never current
    (tmp_path / "again.ebgov").write_bytes(forged(real, revision=999_999))
    (again,) = import_packages(district, [tmp_path / "again.ebgov"], backup=False).results
    assert again.outcome is Outcome.WRONG_KEY
    assert sup.board(district, "2019").rows[0].revision == 1
    # the whole history is kept, and shown
    history = packages.key_history_lines(district, real.code)
    decisions = [d.decision for d in packages.key_history(district, real.code)]
    assert decisions[:2] == ["first_seen", "held"] and "accepted" in decisions and "refused" in decisions
    assert any(fingerprint_of(real) in line and "chấp nhận khóa mới" in line for line in history)


def test_confirming_a_first_contact_by_phone_counts_it(district, two, tmp_path):
    c = two[1]
    sup.add_expected(district, c.code, c.dataset.unit.name)
    (tmp_path / "p.ebgov").write_bytes(package_bytes(c))
    import_packages(district, [tmp_path / "p.ebgov"], backup=False)
    row = sup.board(district, "2019").rows[0]
    assert row.status is BoardStatus.UNCONFIRMED and row.key_change_id
    with pytest.raises(sup.SuperiorError, match="khác mã khóa"):
        sup.accept_key_change(district, row.key_change_id, "0000-0000-0000-0000-0000")
    sup.accept_key_change(district, row.key_change_id, fingerprint_of(c).lower())
    assert sup.board(district, "2019").rows[0].status is BoardStatus.RECEIVED
    assert [k.confirmed_how for k in packages.pinned_keys(district)] == ["phone"]


def test_a_list_of_fingerprints_confirms_or_holds_first_contacts(district, two, tmp_path):
    good, other = two
    listing = tmp_path / "ds.csv"
    listing.write_text("Mã;Tên;Mã khóa\n"
                       f"{good.code};{good.dataset.unit.name};{fingerprint_of(good)}\n"
                       f"{other.code};{other.dataset.unit.name};0000-1111-2222-3333-4444\n", encoding="utf-8")
    result = sup.import_expected(district, listing)
    assert result.ok and result.keys_listed == 2
    (tmp_path / "g.ebgov").write_bytes(package_bytes(good))
    (tmp_path / "o.ebgov").write_bytes(package_bytes(other))
    ok, held = import_packages(district, [tmp_path / "g.ebgov", tmp_path / "o.ebgov"], backup=False).results
    assert ok.outcome is Outcome.NEW and ok.key_state == "confirmed"
    assert held.outcome is Outcome.WRONG_KEY and "0000-1111-2222-3333-4444" in held.reason
    assert sup.board(district, "2019").sentence == "1/2 xã đã báo cáo"
    # a malformed fingerprint in the list names its row and column
    listing.write_text("Mã;Tên;Mã khóa\n1;A;12-34\n", encoding="utf-8")
    assert "Dòng 2, cột 'Mã khóa'" in sup.import_expected(district, listing).errors[0]


def test_a_key_pinned_to_another_unit_is_flagged(district, two, tmp_path):
    a, b = two
    (tmp_path / "a.ebgov").write_bytes(package_bytes(a))
    import_packages(district, [tmp_path / "a.ebgov"], backup=False)
    # a package claiming to be b, signed with a's key
    (tmp_path / "b.ebgov").write_bytes(package_bytes(b, key=a.key))
    (r,) = import_packages(district, [tmp_path / "b.ebgov"], backup=False).results
    assert r.other_units == (a.code,) and "CHÚ Ý" in r.reason and a.code in r.reason
    sup.learn_expected(district)
    row = next(x for x in sup.board(district, "2019").rows if x.unit.code == b.code)
    assert row.status is BoardStatus.UNCONFIRMED and a.code in row.reason
    assert "flagged" in [d.decision for d in packages.key_history(district, b.code)]
    # a key shared by two units is never confirmed from a list
    packages.set_listed_fingerprints(district, {b.code: fingerprint_of(a)})
    assert sup.board(district, "2019").rows[1].status is BoardStatus.UNCONFIRMED


def test_the_window_and_the_cli_record_the_same_things(two, tmp_path, capsys):
    """One import (point 7): the same stick through ``ebgov-desktop import`` and through the window's
    worker gives the same packages, keys, key requests, checks and history."""
    from ebgov_desktop.gui.superior.import_dialog import do_import

    a, b = two
    stick = tmp_path / "usb"
    stick.mkdir()
    (stick / "a1.ebgov").write_bytes(package_bytes(a))
    (stick / "a2.ebgov").write_bytes(package_bytes(a, revision=2, key=signing.new_private_key()))
    (stick / "b1.ebgov").write_bytes(package_bytes(b, key=a.key))
    (stick / "x.ebgov").write_bytes(b"junk")

    dumps = []
    for how in ("cli", "window"):
        d = tmp_path / how
        with Workspace.open(d) as ws:
            ws.set_unit(DISTRICT)
            paths = ws.paths
        if how == "cli":
            assert main(["import", "--data-dir", str(d), str(stick)]) == 1
        else:
            do_import(TaskState(), paths, [str(stick)], False)
        with Workspace.open(d) as ws:
            db = ws.store.db
            dumps.append({
                "package": db.execute("SELECT unit_code, period, revision, status, payload_sha256, "
                                      "public_key FROM package ORDER BY id").fetchall(),
                "unit_key": db.execute("SELECT unit_code, public_key, confirmed_at IS NULL "
                                       "FROM unit_key ORDER BY id").fetchall(),
                "key_change": db.execute("SELECT unit_code, period, revision, public_key, kind, "
                                         "pinned_fingerprint, other_units, length(package) FROM key_change "
                                         "ORDER BY id").fetchall(),
                "check": db.execute("SELECT package_id, warnings FROM package_check ORDER BY 1").fetchall(),
                "decisions": db.execute("SELECT unit_code, fingerprint, decision FROM key_decision "
                                        "ORDER BY id").fetchall(),
                "log": db.execute("SELECT file_name, outcome FROM import_log ORDER BY id").fetchall(),
            })
    capsys.readouterr()
    assert dumps[0] == dumps[1]
    assert len(dumps[0]["key_change"]) == 3 and dumps[0]["check"]  # first contacts, a change; checks


def test_cli_key_history_and_accept_key(district, two, tmp_path, capsys):
    a = two[0]
    (tmp_path / "a.ebgov").write_bytes(package_bytes(a))
    d = str(district.paths.data_dir)
    district.close()
    assert main(["import", "--data-dir", d, str(tmp_path / "a.ebgov")]) == 0
    out = capsys.readouterr().out
    assert "chưa xác nhận" in out
    assert main(["accept-key", "--data-dir", d, str(tmp_path / "a.ebgov"),
                 "--fingerprint", fingerprint_of(a)]) == 0
    assert main(["key-history", "--data-dir", d, a.code]) == 0
    out = capsys.readouterr().out
    assert "lần đầu thấy khóa" in out and "xác nhận khóa" in out and fingerprint_of(a) in out
