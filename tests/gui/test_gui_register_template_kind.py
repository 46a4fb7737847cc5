"""A province that adds a register kind to its copy of the 2025 template (as docs/template-format.md
invites) gets a kind the officer can choose on the register page, that the checks accept, that the
Excel copy writes and reads back by its name, and that the printed report lists with its label: the
register's lists are the period's template's, not the 2019 form's."""

from __future__ import annotations

from pathlib import Path

import pytest
from gui_keys import focus
from gui_windows import shown_window
from openpyxl import load_workbook
from pdf_read import pdf_text, squeeze
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox

from ebgov_desktop.domain.dataset import Dataset
from ebgov_desktop.domain.periods import Period
from ebgov_desktop.domain.register import RegisterItem
from ebgov_desktop.gui import register_io as gui_rio
from ebgov_desktop.gui.register import COLUMNS
from ebgov_desktop.services import register_io as rio
from ebgov_desktop.services.workspace import Workspace, WorkspaceError

BASE = Path(__file__).parents[2] / "resources" / "templates" / "cds-xa-2025.toml"
DRONE = "Thiết bị bay không người lái (flycam)"
KINDS_END = '  { key = "other", label = "Thiết bị khác" },\n]'


def province_template_text() -> str:
    """The 2025 template under a province's id, with one register kind added before "other"."""
    text = BASE.read_text(encoding="utf-8")
    assert text.count('id = "cds-xa-2025"') == 1 and text.count(KINDS_END) == 1
    text = text.replace('id = "cds-xa-2025"', 'id = "cds-xa-2025-hue"', 1)
    return text.replace(KINDS_END, f'  {{ key = "drone", label = "{DRONE}" }},\n' + KINDS_END, 1)


def commune(data_dir: Path) -> tuple[Workspace, Period]:
    """A commune whose 2026 annual period is on the province's template."""
    from ebgov_desktop.services.datasets import demo_dataset

    (data_dir / "templates").mkdir(parents=True, exist_ok=True)
    (data_dir / "templates" / "cds-xa-2025-hue.toml").write_text(province_template_text(),
                                                                 encoding="utf-8")
    ws = Workspace.open(data_dir)
    ws.set_unit(demo_dataset().unit)
    template = ws.templates().find("cds-xa-2025-hue")
    assert template is not None and "drone" in {k.key for k in template.register_kinds}
    period = ws.create_period(Period.parse("2026"), template)
    return ws, period


def test_the_added_kind_is_chosen_checked_exported_imported_and_printed(qtbot, tmp_path):
    ws, period = commune(tmp_path / "data")
    ws.add_item(RegisterItem(kind="computer_desktop", description="Dell Vostro", quantity=3,
                             year_acquired=2024, condition="tot"), period=period)
    window = shown_window(qtbot, ws, tmp_path / "data" / "settings.json", period)
    window.build_all_pages()
    page = window.show_page("equipment")

    # the register page offers it: in the kind filter and in the kind cell's list
    kinds = page.findChild(QComboBox, "register.filter_kind")
    assert kinds.findData("drone") >= 0 and kinds.itemText(kinds.findData("drone")) == DRONE
    first = ws.register_items()[0]
    page.select_item(first.id, COLUMNS.index("kind"))
    page.view.edit(page.view.currentIndex())
    editor = page.view.findChild(QComboBox, "register.kind")
    assert editor is not None and editor.findData("drone") >= 0
    editor.setCurrentIndex(editor.findData("drone"))
    focus(editor)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()  # the delegate commits on Return through a queued call
    assert ws.register_items()[0].kind == "drone"  # stored: the check accepted it
    row = page.model.row_of(first.id)
    assert page.model.index(row, COLUMNS.index("kind")).data() == DRONE
    assert DRONE.split(" (")[0] in page.summary.text()

    # the check refuses a kind no list has, as it did before
    with pytest.raises(WorkspaceError, match="không có trong danh mục"):
        ws.add_item(RegisterItem(kind="tau_ngam", quantity=1), period=period)

    # the dataset (the USB package's payload) reads back with it
    again = Dataset.from_json(ws.dataset(period).to_json())
    assert [i.kind for i in again.register] == ["drone"]

    # the Excel copy names it, and a commune on the same template reads it back as that kind
    out = gui_rio.export_to(window, tmp_path / "so.xlsx")
    sheet = load_workbook(out).active
    assert [c.value for c in sheet[2]][COLUMNS.index("kind")] == DRONE
    other, other_period = commune(tmp_path / "other")
    preview = rio.preview_import(other, rio.read_sheet(out),
                                 template=other.register_template(other_period))
    assert [(i.kind, i.description, i.quantity) for i in preview.new_items] == [
        ("drone", "Dell Vostro", 3)]
    rio.apply_import(other, preview, period=other_period)
    assert [i.kind for i in other.register_items()] == ["drone"]
    other.close()

    # the printed report lists it with its label, and the annex counts it under its kind
    from ebgov_desktop.services.report import make_report

    result = make_report(ws.snapshot(period), tmp_path / "bao-cao.pdf", force=True)
    text = squeeze(pdf_text(result.path))
    assert squeeze(DRONE) in text
    annex = text[text.index("DANHMỤCTRANGTHIẾTBỊ"):]  # the register annex: its row and its total
    assert squeeze(f"1{DRONE}DellVostro03") in annex and "Tổngcộng03" in annex  # one kind: one total
    ws.close()
