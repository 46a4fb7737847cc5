"""Must show: the whole demo report entered by keyboard into an empty data dir gives the demo file."""

import datetime as dt

from gui_keys import focus, press, retype, type_text
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from test_gui_window import make_unit

from ebgov_desktop.domain.formatting import vn_int
from ebgov_desktop.domain.periods import Period
from ebgov_desktop.domain.template import FieldType, default_template
from ebgov_desktop.gui.register import COLUMNS
from ebgov_desktop.services.datasets import DEMO_DATASET, dumps_pretty, write_dataset_file
from ebgov_desktop.services.paths import resource

#: the demo's template (2019) and its register lists
T2019 = default_template()
FIELDS, CONDITIONS, ORIGINS = T2019.fields, T2019.conditions, T2019.origins
REGISTER_KINDS, USER_GROUPS = T2019.register_kinds, T2019.user_groups

LABELS = {
    "kind": {c.key: c.label for c in REGISTER_KINDS},
    "condition": {c.key: c.label for c in CONDITIONS},
    "origin": {c.key: c.label for c in ORIGINS},
    "user_group": {c.key: c.label for c in USER_GROUPS},
}


def as_typed(key, value) -> str:
    """What the officer types for a stored value."""
    t = FIELDS[key].type
    if t is FieldType.COUNT:
        return vn_int(value)
    if t is FieldType.DATE:
        d = dt.date.fromisoformat(value)
        return f"{d.day}/{d.month}/{d.year}"
    if t is FieldType.LINES:
        return "\n".join(value)
    if t is FieldType.BOOL:
        return "Có" if value else "Không"
    return value


def go_to_page(qtbot, window, key):
    """Alt+1 … Alt+7 switch pages."""
    qtbot.keyClick(window, Qt.Key(Qt.Key.Key_1 + window.page_keys.index(key)), Qt.KeyboardModifier.AltModifier)
    assert window.current_page_key() == key


def enter_cell(qtbot, view, row, column, text):
    model = view.model()
    view.setCurrentIndex(model.index(row, column))
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert editor is not None and editor is not view, "no cell editor opened"
    press(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(editor, text)
    press(editor, Qt.Key.Key_Return, text="\r")
    QApplication.processEvents()
    assert QApplication.focusWidget() is view


def test_demo_report_entered_by_keyboard_dumps_identical_to_the_demo_file(qtbot, paths, tmp_path):
    demo_path = resource(*DEMO_DATASET)
    import json

    demo = json.loads(demo_path.read_text(encoding="utf-8"))
    window = make_unit(qtbot, paths, year=int(demo["period"]))

    # every field of the form, page by page, in catalogue order
    for key, spec in FIELDS.items():
        if key not in demo["values"]:
            continue
        go_to_page(qtbot, window, window.page_of(key))
        editor = window.findChild(QWidget, key)
        assert editor is not None and editor.isVisible(), key
        if spec.type is FieldType.BOOL:
            focus(editor)
            type_text(editor, as_typed(key, demo["values"][key]))
            press(editor, Qt.Key.Key_Tab)
        else:
            retype(editor, as_typed(key, demo["values"][key]))
        assert window.ws.values(Period.parse(demo["period"])).get(key) == demo["values"][key], key

    # the register, row by row, through the table
    go_to_page(qtbot, window, "equipment")
    page = window.pages["equipment"]
    view = page.view
    for n, row in enumerate(demo["register"]):
        focus(view)
        qtbot.keyClick(view, Qt.Key.Key_Insert)
        assert page.proxy.rowCount() == n + 1
        current = view.currentIndex().row()
        for column, name in enumerate(COLUMNS):
            value = row[name]
            if name in LABELS:
                if value == "":
                    continue
                text = LABELS[name][value]
            elif value is None or value == "":
                continue
            else:
                text = str(value)
            enter_cell(qtbot, view, current, column, text)
        stored = window.ws.register_items()[n].to_dict()
        assert stored == row, n

    out = tmp_path / "2019.json"
    write_dataset_file(window.ws.dataset(Period.parse(demo["period"])), out)
    assert out.read_bytes() == demo_path.read_bytes()
    assert dumps_pretty(window.ws.dataset(Period.parse(demo["period"]))) == demo_path.read_text(encoding="utf-8")
    window.close()
