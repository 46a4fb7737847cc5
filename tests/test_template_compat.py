"""Must show: a workspace and packages made by the program before templates (tests/fixtures/
pre-template/, made with make_pretemplate.py from main at 2a1886f) open and import after the change.

The workspace is migrated (period ↔ template binding) after a backup and stays on the 2019 template;
its report keeps every figure and every sentence the officer wrote, and the same data digest; the
packages of format 1 are imported by a district and consolidated on the 2019 template."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from pdf_read import pdf_text, squeeze

from ebgov_desktop.domain.periods import Period
from ebgov_desktop.domain.units import Unit, UnitKind

OLD = Path(__file__).parent / "fixtures" / "pre-template"
DISTRICT = Unit(code="476", kind=UnitKind.HUYEN, name="Quảng Điền", province="Thừa Thiên Huế",
                province_code="46")


def confirmed_district(ws, packages, tmp_path) -> None:
    """The district's list of its communes with the fingerprint of each key, as received with the list
    (so that first packages are confirmed at once), read here from the packages themselves."""
    import json
    import zipfile

    from ebgov_desktop.exchange import signing
    from ebgov_desktop.services import superior as sup

    lines = ["Mã;Tên;Loại;Mã khóa"]
    for path in packages:
        with zipfile.ZipFile(path) as z:
            m = json.loads(z.read("manifest.json"))
        lines.append(f"{m['unit_code']};{m['unit_name']};xã;{signing.fingerprint(m['public_key'])}")
    csv = tmp_path / "danh-sach.csv"
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    assert sup.import_expected(ws, csv).ok


def test_old_workspace_opens_on_the_2019_template_and_prints_what_it_printed(tmp_path):
    from ebgov_desktop.services.backup import Reason, list_backups
    from ebgov_desktop.services.paths import app_paths
    from ebgov_desktop.services.report import make_report
    from ebgov_desktop.services.startup import open_workspace

    paths = app_paths(tmp_path / "data")
    paths.ensure()
    shutil.copyfile(OLD / "workspace.sqlite", paths.workspace)
    with open_workspace(paths) as ws:
        assert Reason.BEFORE_MIGRATION in {b.reason for b in list_backups(paths)}
        t = ws.template(Period.parse("2019"))
        assert (t.id, t.version) == ("bc-ungdung-cntt", 1)
        old_values = json.loads((OLD / "quang-tho-2019.json").read_text(encoding="utf-8"))["values"]
        assert ws.values(Period.parse("2019")) == old_values
        result = make_report(ws.snapshot(Period.parse("2019")), tmp_path / "r.pdf")
    new, old = pdf_text(result.path), (OLD / "report-2019.txt").read_text(encoding="utf-8")
    # every figure the body printed before is printed now (the annexes changed on their own since:
    # the register annex totals each kind, and migration m004 gave the demo commune its real code)
    body_end = old.index("Nơi nhận")
    figures = set(re.findall(r"\d(?:[\d.,/]*\d)?%?", old[:body_end]))
    missing = sorted(f for f in figures if f not in new)
    assert not missing, missing
    # every sentence the officer wrote is printed now
    flat_new = squeeze(new)
    for key, value in old_values.items():
        for line in value if isinstance(value, list) else [value]:
            if isinstance(line, str) and key not in ("doc.date", "doc.period_start", "doc.period_end"):
                assert squeeze(line.lstrip("-+ ")) in flat_new, (key, line)


def test_old_packages_are_imported_and_consolidated_on_the_2019_template(tmp_path):
    from ebgov_desktop.services import superior as sup
    from ebgov_desktop.services.workspace import Workspace

    files = sorted(OLD.glob("*.ebgov"))
    assert len(files) == 2
    with Workspace.open(tmp_path / "h") as ws:
        ws.set_unit(DISTRICT)
        confirmed_district(ws, files, tmp_path)
        report = sup.import_packages(ws, files, backup=False)
        assert [r.outcome.value for r in report.results] == ["new", "new"], \
            [r.reason for r in report.results]
        c = sup.consolidated(ws, "2019").consolidation
        assert (c.template.id, c.template.version, len(c.datasets)) == ("bc-ungdung-cntt", 1, 2)
        assert c.totals["computers_per_civil_servant"].denominator == 22 + 24
