"""Must show (the window's part): a period on a template that adds the VNeID indicator shows its two
fields on their page, objectName = key, side by side with the percentage; numerator > denominator is
marked as an error at both fields with no rule written. No Python changed for it."""

import sys
from pathlib import Path

from gui_keys import retype
from gui_windows import shown_window

sys.path.insert(0, str(Path(__file__).parents[1]))
from test_template_vneid import commune  # noqa: E402


def test_window_shows_the_added_indicator_and_marks_its_derived_error(qtbot, tmp_path):

    ws = commune(tmp_path / "data", "19894", "Quảng Thọ", 900, 1000)
    window = shown_window(qtbot, ws, tmp_path / "data" / "settings.json")
    window.build_all_pages()
    page = window.show_page("tthc")
    num, den = page.editors["soc.vneid_activated"], page.editors["soc.population_14"]
    assert (num.objectName(), den.objectName()) == ("soc.vneid_activated", "soc.population_14")
    assert (num.text(), den.text()) == ("900", "1.000")
    result = page.findChild(type(page.computed_label), "indicator.vneid_activated")
    assert result is not None and result.text() == "→ 90%"
    assert "Công an xã" in num.toolTip()  # the template's help text
    retype(num, "1200")
    assert num.mark[0] == "error" and den.mark[0] == "error"
    assert "không được lớn hơn dân số từ đủ 14 tuổi trở lên (1.000)" in num.toolTip()
    check = window.show_page("check")
    assert "vneid_activated" in [getattr(e, "rule_id", "") for e in check.entries()]
    retype(num, "950")
    assert num.mark is None
    ws.close()
