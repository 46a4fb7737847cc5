"""Last period beside this one: each figure shows the previous period's value greyed, and "Chép số liệu
kỳ trước" copies, on request, the ones still empty."""

import pytest
from gui_keys import retype
from gui_windows import shown_window
from PySide6.QtWidgets import QMessageBox

from ebgov_desktop.domain.periods import Period


@pytest.fixture
def window_2020(qtbot, demo_ws, paths):
    demo_ws.create_period(Period.parse("2020"))
    return shown_window(qtbot, demo_ws, paths.settings_file, Period.parse("2020"))


def _label_of(page, key):
    return page._rows[key][1].text()


def test_each_figure_shows_the_previous_periods_value_greyed(qtbot, window_2020):
    page = window_2020.show_page("staff")
    text = _label_of(page, "staff.part_time")
    assert "Kỳ trước (năm 2019): " in text and "color:#888" in text
    assert "10/14" in text  # a ratio row: both figures of 2019
    assert page.editors["staff.part_time"].text() == ""  # this period's own value is still empty


def test_copy_previous_fills_only_the_empty_figures_on_request(qtbot, window_2020, monkeypatch):
    page = window_2020.show_page("staff")
    retype(page.editors["staff.civil_servants"], "25")
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes)
    action = next(a for a in window_2020.actions() if a.objectName() == "action.copy_previous")
    assert action.text() == "&Chép số liệu kỳ trước…"
    action.trigger()
    assert asked and "từ năm 2019" in asked[0]
    values = window_2020.ws.values(Period.parse("2020"))
    assert values["staff.civil_servants"] == 25  # entered: kept
    assert values["staff.part_time"] == 14 and page.editors["staff.part_time"].text() == "14"
    assert window_2020.status.text().startswith("Đã chép ")


def test_saying_no_copies_nothing(qtbot, window_2020, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    assert window_2020.copy_previous() == []
    assert window_2020.ws.values(Period.parse("2020")).get("staff.part_time") is None
