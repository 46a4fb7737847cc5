"""Input never changes meaning silently: "2,5" is refused (not 25), letters get a hint at once, a text
longer than its field is shown whole with its limit and refused, never cut."""

import pytest
from gui_keys import focus, leave, retype, type_text

from ebgov_desktop.domain.formatting import parse_vn_int
from ebgov_desktop.domain.periods import Period


@pytest.mark.parametrize("text", ["2,5", "2.5", "12.34", "1.2345", "3,338"])
def test_a_count_that_is_not_a_whole_number_is_refused(text):
    with pytest.raises(ValueError):
        parse_vn_int(text)


def test_grouped_counts_still_read():
    assert parse_vn_int("3.338") == 3338 and parse_vn_int("1.234.567") == 1234567 and parse_vn_int("25") == 25


def test_2_comma_5_in_a_whole_number_field_is_refused_with_a_message(qtbot, demo_window):
    page = demo_window.show_page("staff")
    editor = page.editors["staff.civil_servants"]
    before = demo_window.ws.values(Period.parse("2019"))["staff.civil_servants"]
    retype(editor, "2,5")
    assert editor.text() == "2,5"  # what was typed stays visible (no key swallowed)
    assert demo_window.ws.values(Period.parse("2019"))["staff.civil_servants"] == before  # not 25
    assert editor.mark[0] == "input" and "'2,5' không phải là số nguyên" in editor.mark[1]
    assert "dấu phẩy" in editor.mark[1]
    check = demo_window.show_page("check")
    rows = [check.tree.topLevelItem(i).text(0) + " " + check.tree.topLevelItem(i).text(1)
            for i in range(check.tree.topLevelItemCount())]
    assert any(r.startswith("Chưa lưu Số cán bộ, công chức: '2,5'") for r in rows), rows


def test_letters_in_a_number_field_get_a_visible_hint_while_typing(qtbot, demo_window):
    page = demo_window.show_page("staff")
    editor = page.editors["staff.part_time"]
    focus(editor)
    type_text(editor, "1x")
    assert editor.mark is not None and editor.mark[0] == "input"
    assert "chỉ nhập chữ số" in editor.mark[1] and "“x”" in editor.mark[1]
    assert "chỉ nhập chữ số" in editor.toolTip()


def test_a_text_longer_than_its_field_is_shown_whole_with_its_limit_and_refused(qtbot, demo_window):
    page = demo_window.show_page("unit_doc")
    editor = page.editors["doc.symbol"]
    before = demo_window.ws.values(Period.parse("2019"))["doc.symbol"]
    long_text = "BC-UBND-" + "X" * 40
    focus(editor)
    editor.selectAll()
    editor.insert(long_text)  # a paste
    editor.textEdited.emit(editor.text())
    assert editor.text() == long_text  # nothing cut
    assert f"dài {len(long_text)} ký tự, tối đa 40 ký tự" in editor.mark[1]
    leave(editor)
    assert demo_window.ws.values(Period.parse("2019"))["doc.symbol"] == before
