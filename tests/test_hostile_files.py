"""A sample of the hostile spreadsheets of ``bench/hostile.py`` (issue #24) through the register import
and the superior's list of communes: every file is read or refused with one Vietnamese line, and a
refused file changes nothing."""

import pytest
from hostile_sheets import generate

from ebgov_desktop.domain.errors import UserError
from ebgov_desktop.domain.periods import Period
from ebgov_desktop.domain.units import Unit, UnitKind
from ebgov_desktop.services import sheets
from ebgov_desktop.services.register_io import import_register
from ebgov_desktop.services.superior.list_import import import_expected
from ebgov_desktop.services.workspace import Workspace

SAMPLE = list(generate(64, seed=7))


@pytest.fixture(scope="module")
def workspaces(tmp_path_factory):
    from ebgov_desktop.services.datasets import demo_dataset

    root = tmp_path_factory.mktemp("hostile-sheets")
    xa = Workspace.open(root / "xa")
    xa.set_unit(demo_dataset().unit)
    xa.create_period(Period.parse("2019"))
    tinh = Workspace.open(root / "tinh")
    tinh.set_unit(Unit(code="46", kind=UnitKind.TINH, name="Huế", province="Huế", province_code="46"))
    yield xa, tinh, root
    xa.close()
    tinh.close()


def test_the_sample_covers_every_kind():
    kinds = {kind for _n, _r, kind in SAMPLE}
    assert {"register:false-dimension.xlsx", "register:sheet-bomb.xlsx", "list:nul.csv",
            "list:huge-field.csv", "register:over-size.csv"} <= kinds


@pytest.mark.parametrize("name,raw,kind", SAMPLE, ids=[n for n, _r, _k in SAMPLE])
def test_a_hostile_spreadsheet_is_read_or_refused_in_one_vietnamese_line(workspaces, monkeypatch, name, raw,
                                                                          kind):
    xa, tinh, root = workspaces
    monkeypatch.setattr(sheets, "MAX_UNPACKED_BYTES", 1024 * 1024, raising=False)  # the sample's bomb is 2 MB
    path = root / name.replace(".", "-", name.count(".") - 1)
    path.write_bytes(raw)
    before = (len(xa.store.register_items()), tinh.store.conn.total_changes)
    try:
        if kind.startswith("register"):
            preview, added = import_register(xa, path)
            assert len(xa.store.register_items()) == before[0] + len(added)
            assert all(len(item.description) <= 100_000 for item in preview.new_items)
        else:
            import_expected(tinh, path)
    except UserError as exc:
        message = str(exc)
        assert "\n" not in message and "Traceback" not in message and message[:1].isupper()
        assert len(xa.store.register_items()) == before[0]
    assert "sheet-bomb" not in kind or "giải nén quá lớn" in message
    if "false-dimension" in kind and kind.startswith("register"):
        assert len(xa.store.register_items()) > before[0]  # read as the honest file it is


# -- templates and datasets: a sample of bench/hostile.py --templates / --datasets ------------------

def test_a_sample_of_hostile_templates_through_every_door(tmp_path):
    """Every hand-made attack (ids, versions, nesting, sizes, counts…) and random mutations of the
    three bases, plain and signed: check, superior import, commune import (pinned key and another),
    a file dropped in the templates folder. Nothing crashes, nothing half-changes, nothing forged is
    used, and every template a superior accepts prints its sample PDF."""
    from hostile_templates import Doors, generate, run

    doors = Doors(tmp_path)
    try:
        stats = run(doors, list(generate(60, seed=5)))
    finally:
        doors.close()
    assert stats.tried == 60 and stats.problems == []
    assert (stats.crashes, stats.hangs, stats.partial, stats.forged_used) == (0, 0, 0, 0)
    assert stats.printed == stats.accepted


def test_a_sample_of_hostile_datasets_loads_or_is_refused_cleanly(demo_ws, tmp_path):
    from hostile_datasets import generate, run

    files = []
    for name, raw, _kind in generate(60, seed=5):
        (tmp_path / name).write_bytes(raw)
        files.append(tmp_path / name)
    stats = run(demo_ws, files)
    assert stats.tried == 60 and stats.problems == []
    assert (stats.crashes, stats.hangs, stats.partial) == (0, 0, 0)
