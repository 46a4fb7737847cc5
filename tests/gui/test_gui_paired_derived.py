"""A paired indicator whose denominator is a computed figure: the window is built (no KeyError), the
computed denominator is shown read-only beside the typed numerator, and it follows the typing."""

from pathlib import Path

from gui_keys import retype
from gui_windows import shown_window

HERE = Path(__file__).parents[1]
BASE = HERE.parent / "resources" / "templates" / "bc-ungdung-cntt-2019.toml"
ADDITION = HERE / "templates" / "paired-derived-addition.toml"
MARKER = "[[indicators]]\n"


def template_text() -> str:
    text = BASE.read_text(encoding="utf-8")
    text = text.replace('id = "bc-ungdung-cntt"', 'id = "thu-paired-derived"', 1)
    text = text.replace("valid_from = 2019-01-01", "valid_from = 2024-01-01", 1)
    assert MARKER in text
    return text.replace(MARKER, ADDITION.read_text(encoding="utf-8") + "\n" + MARKER, 1)


def test_the_test_template_is_valid(tmp_path):
    from ebgov_desktop.domain.template_check import check_file

    path = tmp_path / "thu-paired-derived-1.toml"
    path.write_text(template_text(), encoding="utf-8")
    assert check_file(path) == []


def test_paired_indicator_with_a_computed_denominator_shows_it_read_only(qtbot, tmp_path):
    from PySide6.QtWidgets import QLabel

    from ebgov_desktop.domain.periods import Period
    from ebgov_desktop.services.datasets import demo_dataset
    from ebgov_desktop.services.workspace import Workspace

    data = tmp_path / "data"
    (data / "templates").mkdir(parents=True)
    (data / "templates" / "thu-paired-derived-1.toml").write_text(template_text(), encoding="utf-8")
    ws = Workspace.open(data)
    ws.set_unit(demo_dataset().unit.with_changes(code="19894", name="Quảng Thọ"))
    p = ws.create_period(Period.parse("2024"))
    for key, value in (("tthc.received_online", 30), ("tthc.received_direct", 60),
                       ("tthc.received_postal", 10)):
        ws.set_value(p, key, value)
    window = shown_window(qtbot, ws, data / "settings.json")
    window.build_all_pages()
    page = window.show_page("tthc")
    result = page.findChild(QLabel, "indicator.received_online_paired")
    assert result is not None and result.text() == "→ 30%"
    row = next(r for r in page.ratio_rows if r.indicator.key == "received_online_paired")
    assert row.denominator is None and row.mirror.text() == "100"  # computed, nothing to type
    assert "Hồ sơ mới tiếp nhận" in row.mirror.toolTip()
    retype(page.editors["tthc.received_online"], "130")
    assert row.mirror.text() == "200" and result.text() == "→ 65%"
    ws.close()
