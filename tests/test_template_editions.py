"""Earlier editions of the program's own templates (resources/templates/editions): a period made, or a
package sent, by an earlier release names its template's SHA-256; when this release ships the same
template id and version with other bytes (help texts, required flags, outline), that data must still
open, print, import and add up — never "mẫu … có nội dung khác"."""

import hashlib
from pathlib import Path

import pytest
from cds2025_data import COMMUNES, commune_values, send_to_province, template_2025

from ebgov_desktop.domain.periods import Period
from ebgov_desktop.domain.template import builtin_dir, editions_dir, load_template
from ebgov_desktop.services import superior as sup
from ebgov_desktop.services.report import make_report
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


def test_a_package_of_an_earlier_edition_is_read_and_added_up_with_the_current_one(tmp_path):
    old = load_template(next(p for p in EDITIONS if p.name.startswith("cds-xa-2025-")))
    new = template_2025()
    assert (old.id, old.version) == (new.id, new.version) and old.digest != new.digest
    sent = [{k: v for k, v in commune_values(n).items() if k in t.fields and not k.startswith("unit.")}
            for n, t in ((0, old), (1, new))]
    folder = send_to_province(tmp_path, [(*COMMUNES[0], old, sent[0]), (*COMMUNES[1], new, sent[1])], P)
    # each commune opens and prints on its own edition
    for n, t in ((0, old), (1, new)):
        with Workspace.open(tmp_path / f"xa{n}") as ws:
            assert ws.template(P).digest == t.digest
            make_report(ws.snapshot(P), tmp_path / f"bc{n}.pdf")
    # the province read both and adds them up together (same id and version)
    with Workspace.open(folder) as tinh:
        view = sup.consolidated(tinh, P)
        assert len(view.consolidation.datasets) == 2 and view.consolidation.other_template == []
        key = "infra.households"
        assert view.consolidation.sums[key] == (sent[0][key] + sent[1][key], 2)


def test_a_2019_dataset_of_the_earlier_edition_names_that_edition():
    from ebgov_desktop.domain.dataset import template_from_dict

    old = load_template(next(p for p in EDITIONS if p.name.startswith("bc-ungdung-cntt-2019-")))
    found = template_from_dict({"id": old.id, "version": old.version, "digest": old.digest})
    assert found.digest == old.digest
