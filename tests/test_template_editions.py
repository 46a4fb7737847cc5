"""Earlier editions of the program's own templates (resources/templates/editions): a period made, or a
package sent, by an earlier release names its template's SHA-256; when this release ships the same
template id and version with other bytes (help texts, required flags, outline), that data must still
open, print, import and add up — never "mẫu … có nội dung khác"."""

import hashlib
from pathlib import Path

import pytest
from cds2025_data import COMMUNES, commune_values

from ebgov_desktop.domain.periods import Period
from ebgov_desktop.domain.template import builtin_dir, editions_dir, load_template
from ebgov_desktop.domain.units import Unit, UnitKind
from ebgov_desktop.services import keys
from ebgov_desktop.services import superior as sup
from ebgov_desktop.services.packages import export_package
from ebgov_desktop.services.paths import app_paths
from ebgov_desktop.services.report import make_report
from ebgov_desktop.services.templates_exchange import find_template
from ebgov_desktop.services.workspace import Workspace

P = Period.parse("2026")
EDITIONS = sorted(editions_dir().glob("*.toml"))


@pytest.mark.parametrize("path", EDITIONS, ids=[p.name for p in EDITIONS])
def test_each_edition_is_named_by_its_bytes_and_is_an_earlier_form_of_a_current_template(path: Path):
    t = load_template(path)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert path.name.endswith(f"-v{t.version}-{digest[:8]}.toml")
    current = {(c.id, c.version): c for c in map(load_template, builtin_dir().glob("*.toml"))}
    assert (t.id, t.version) in current and current[(t.id, t.version)].digest != digest


def _commune(folder: Path, n: int, template) -> dict:
    code, name = COMMUNES[n]
    values = {k: v for k, v in commune_values(n).items()
              if k in template.fields and not k.startswith("unit.")}
    with Workspace.open(folder) as ws:
        ws.set_unit(Unit(code=code, kind=UnitKind.XA, name=name, province="Huế", province_code="46"))
        ws.create_period(P, template)
        for key, value in values.items():
            if value not in ("", [], None):
                ws.set_value(P, key, value)
        assert ws.template(P).digest == template.digest  # it opens on its own edition
        make_report(ws.snapshot(P), folder / "bc.pdf")  # and prints
        export_package(ws, ws.snapshot(P), folder.parent / "usb")
    return values


def test_a_package_of_an_earlier_edition_is_read_and_added_up_with_the_current_one(tmp_path):
    old = load_template(next(p for p in EDITIONS if p.name.startswith("cds-xa-2025-")))
    (tmp_path / "usb").mkdir()
    with Workspace.open(tmp_path / "xa0") as ws:
        new = find_template(ws, "cds-xa-2025")
    assert (old.id, old.version) == (new.id, new.version) and old.digest != new.digest
    sent = [_commune(tmp_path / "xa0", 0, old), _commune(tmp_path / "xa1", 1, new)]
    with Workspace.open(tmp_path / "tinh") as tinh:
        tinh.set_unit(Unit(code="46", kind=UnitKind.TINH, name="Huế", province="Huế", province_code="46"))
        for n in (0, 1):
            sup.add_expected(tinh, COMMUNES[n][0], COMMUNES[n][1], UnitKind.XA,
                             fingerprint=keys.fingerprint(app_paths(tmp_path / f"xa{n}")))
        sup.import_packages(tinh, sorted((tmp_path / "usb").glob("*.ebgov")), backup=False)
        view = sup.consolidated(tinh, P)
        assert len(view.consolidation.datasets) == 2 and view.consolidation.other_template == []
        key = "tthc.received_online" if "tthc.received_online" in new.fields else "infra.households"
        total, n = view.consolidation.sums[key]
        assert (total, n) == (sum(v[key] for v in sent if key in v), 2)


def test_a_2019_dataset_of_the_earlier_edition_names_that_edition():
    from ebgov_desktop.domain.dataset import template_from_dict

    old = load_template(next(p for p in EDITIONS if p.name.startswith("bc-ungdung-cntt-2019-")))
    found = template_from_dict({"id": old.id, "version": old.version, "digest": old.digest})
    assert found.digest == old.digest
