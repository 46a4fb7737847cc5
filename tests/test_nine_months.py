"""A "9 tháng" period goes through every layer: storage, the dataset JSON, the USB package, the CLI."""

import json

import pytest

from ebgov_desktop.cli import main
from ebgov_desktop.domain.dataset import Dataset
from ebgov_desktop.domain.periods import Period
from ebgov_desktop.domain.units import Unit, UnitKind
from ebgov_desktop.services.packages import (
    Outcome,
    export_package,
    import_packages,
    list_packages,
    package_dataset,
)
from ebgov_desktop.services.workspace import Workspace


def test_a_nine_month_period_is_stored_exported_and_imported(demo_ws, tmp_path):
    p = demo_ws.create_period(Period.parse("2019-9T"))
    assert p == Period.parse("2019-9T") and p in demo_ws.periods()
    values = demo_ws.values(p)
    assert (values["doc.period_start"], values["doc.period_end"]) == ("2018-12-15", "2019-09-14")
    assert values["doc.title"].endswith("9 tháng đầu năm 2019")
    demo_ws.set_value(p, "tthc.digitized", 7)

    ds = demo_ws.dataset(p)
    assert ds.to_dict()["period"] == "2019-9T"
    assert Dataset.from_dict(json.loads(json.dumps(ds.to_dict()))) == ds

    usb = tmp_path / "usb"
    usb.mkdir()
    path = export_package(demo_ws, demo_ws.snapshot(p), usb).path
    assert path.name == "46_19894_2019-9T_r1.ebgov"
    with Workspace.open(tmp_path / "tinh") as superior:
        superior.set_unit(Unit(code="46", kind=UnitKind.TINH, name="Huế", province="Huế",
                               province_code="46"))
        (result,) = import_packages(superior, [path]).results
        assert result.outcome is Outcome.NEW, result.reason
        (record,) = list_packages(superior, status="current")
        assert record.period == "2019-9T"
        assert package_dataset(superior, record.id) == ds


def test_cli_takes_the_nine_month_code(tmp_path, capsys):
    d = str(tmp_path / "d")
    assert main(["init", "--data-dir", d, "--kind", "xa", "--code", "12345", "--name", "Tân Hòa",
                 "--province", "Huế", "--period", "2025-9T", "--unlisted"]) == 0
    assert main(["check", "--data-dir", d, "--period", "2025-9T"]) in (0, 1)
    capsys.readouterr()
    with pytest.raises(SystemExit) as info:
        main(["check", "--data-dir", d, "--period", "2025-9"])
    assert info.value.code == 2
    assert "2019-9T" in capsys.readouterr().err
