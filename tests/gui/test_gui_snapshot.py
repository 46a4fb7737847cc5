"""One snapshot per use case, and the period before on the period's own template (issue #21).

On the 2025 template, driven through the window: one "Xuất báo cáo PDF" runs the rules once and reads
the register once (the worker prints the decision the officer was shown); "Chép số liệu kỳ trước"
between two 2025 quarters copies every copyable figure (counted from the template), and the greyed
previous values show on the 2025 pages; a 2025 annual after a 2024 annual on the 2019 template copies
the figures both templates share and says which it did not.
"""

import sys
import traceback

import pytest
from cds2025_data import COMMUNES, PERIOD, commune_values
from gui_windows import shown_window
from PySide6.QtWidgets import QFileDialog, QMessageBox

from ebgov_desktop.domain import rules
from ebgov_desktop.domain.periods import Period
from ebgov_desktop.domain.template import FieldType, Scope, default_template
from ebgov_desktop.domain.units import Unit, UnitKind
from ebgov_desktop.gui import report_actions
from ebgov_desktop.services.templates_exchange import example_values, find_template
from ebgov_desktop.services.workspace import Workspace


def _figures(template) -> list[str]:
    """What a period shows of the one before: its counts, percentages and yes/no answers."""
    return [k for k, f in template.fields.items()
            if f.scope is Scope.PERIOD and f.type in (FieldType.COUNT, FieldType.PERCENT, FieldType.BOOL)]


@pytest.fixture
def commune(data_dir):
    ws = Workspace.open(data_dir)
    code, name = COMMUNES[0]
    ws.set_unit(Unit(code=code, kind=UnitKind.XA, name=name, province="Huế", province_code="46"))
    yield ws
    ws.close()


def test_one_pdf_export_runs_the_rules_once_and_reads_the_register_once(qtbot, commune, paths, tmp_path,
                                                                          monkeypatch):
    period = PERIOD
    commune.create_period(period, find_template(commune, "cds-xa-2025"))
    for key, value in commune_values(0).items():
        if value not in ("", [], None):
            commune.set_value(period, key, value)
    window = shown_window(qtbot, commune, paths.settings_file, period)
    window.build_all_pages()  # the register page reads the register to show it: before, not counted
    assert window.template.id == "cds-xa-2025"
    assert not [f for f in window.findings() if f.is_error]  # the first paint's checks have run

    evaluations, register_reads = [], []
    real_evaluate, store_class = rules.evaluate, type(commune.store)
    real_read = store_class.register_items

    def evaluate(ctx):
        evaluations.append(ctx.period)
        return real_evaluate(ctx)

    for module in list(sys.modules.values()):  # wherever the engine was imported by name
        if module is not None and module.__name__.startswith("ebgov_desktop") \
                and getattr(module, "evaluate", None) is real_evaluate:
            monkeypatch.setattr(module, "evaluate", evaluate)
    monkeypatch.setattr(store_class, "register_items",
                        lambda self, **kw: register_reads.append(traceback.format_stack()) or real_read(self, **kw))
    out = tmp_path / "BC.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(out), "")))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(report_actions, "open_in_viewer", lambda path: True)

    actions = window.report_actions
    actions.export_pdf_action.trigger()
    qtbot.waitUntil(lambda: actions.task is None, timeout=60000)
    assert out.is_file() and window.status.text().startswith(f"Đã ghi báo cáo {period.label}")
    assert (len(evaluations), len(register_reads)) == (1, 1), "".join(register_reads[-1][-8:])
    # what the officer is shown (Kiểm tra) is the decision the report was made of
    assert window.pages["check"].counts() == (0, len(window.snapshot.warnings))
    # the live check at every saved field leaves out the package's revision (a digest and a file
    # read): only an export or a report adds it, without running the rules again
    window.refresh_checks()
    assert window.snapshot.revision is None
    evaluations.clear()
    assert window.ws.with_revision(window.snapshot).revision is not None and evaluations == []
    assert window.fresh_snapshot().revision is not None


def test_copy_previous_between_two_2025_quarters_copies_every_figure(qtbot, commune, paths, monkeypatch):
    template = find_template(commune, "cds-xa-2025")
    q1, q2 = Period.parse("2025-Q3"), Period.parse("2025-Q4")
    commune.create_period(q1, template)
    figures = _figures(template)
    assert len(figures) > 50  # the 2025 form's figures, not the 2019 constants' handful
    before = {k: v for k, v in example_values(template).items() if k in figures}
    assert sorted(before) == sorted(figures)
    for key, value in before.items():
        commune.set_value(q1, key, value)
    commune.create_period(q2, template)
    empty = [k for k in figures if k not in commune.values(q2)]

    window = shown_window(qtbot, commune, paths.settings_file, q2)
    window.build_all_pages()
    shown = 0
    for page in window.pages.values():  # greyed beside each figure: its value in quý III
        for key in getattr(page, "editors", {}):
            if key in figures:
                label = page._rows[key][1].text()
                assert f"Kỳ trước ({q1.label}): " in label and "color:#888" in label, key
                shown += 1
    assert shown == len(figures)

    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes)
    action = next(a for a in window.actions() if a.objectName() == "action.copy_previous")
    action.trigger()
    assert asked and asked[0].startswith(f"Chép {len(empty)} chỉ tiêu còn trống từ {q1.label}")
    assert window.status.text() == f"Đã chép {len(empty)} chỉ tiêu từ {q1.label}."
    after = commune.values(q2)
    assert {k: after.get(k) for k in figures} == before
    # every page shows what was copied
    assert {k: window.editors[k].field_value() for k in figures} == before


def test_a_2025_annual_after_a_2019_template_year_copies_the_shared_figures_and_says_which_not(
        qtbot, commune, paths, monkeypatch):
    old, new = default_template(), find_template(commune, "cds-xa-2025")
    y2024, y2025 = Period.parse("2024"), Period.parse("2025")
    commune.create_period(y2024, old)
    entered = {k: v for k, v in example_values(old).items() if k in _figures(old)}
    for key, value in entered.items():
        commune.set_value(y2024, key, value)
    commune.create_period(y2025, new)
    shared = [k for k in entered if k in _figures(new)]
    not_shared = [k for k in entered if k not in new.fields]
    assert shared and not_shared

    before = commune.previous_figures(y2025)
    assert before.period == y2024 and sorted(before.values) == sorted(shared)
    assert sorted(before.left_out) == sorted(old.label(k) for k in not_shared)

    empty = [k for k in shared if k not in commune.values(y2025)]
    window = shown_window(qtbot, commune, paths.settings_file, y2025)
    window.build_all_pages()
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes)
    copied = window.copy_previous()
    assert sorted(copied) == sorted(empty)
    assert f"{len(not_shared)} chỉ tiêu của năm 2024 không có trong mẫu báo cáo của kỳ này nên không " \
           "chép (sổ thiết bị dùng chung cho mọi kỳ)" in asked[0]
    assert f"• {before.left_out[0]}" in asked[0] and f"… và {len(not_shared) - 8} chỉ tiêu khác" in asked[0]
    assert window.status.text() == (f"Đã chép {len(empty)} chỉ tiêu từ năm 2024. {len(not_shared)} chỉ "
                                    "tiêu của năm 2024 không có trong mẫu báo cáo kỳ này.")
    values = commune.values(y2025)
    assert {k: values.get(k) for k in shared} == {k: entered[k] for k in shared}
    assert not any(k in values for k in not_shared)
