"""The outline's block registry: every block kind is one entry (attributes, options, row and column
keys, check) plus its renderer; ``template check`` refuses an unknown name in a block, in its
``options`` and in its ``rows`` / ``columns``, each with its line, and warns about a field the officer
can enter that nothing prints."""

from __future__ import annotations

import subprocess
import sys

from test_template import MINIMAL, line_of, problems_of

from ebgov_desktop.domain.template_blocks import BLOCK_KINDS, did_you_mean, kind_names
from ebgov_desktop.reporting.outline import RENDERERS

REGISTER = """
[register]
kinds = [{ key = "pc", label = "Máy tính" }]
user_groups = [{ key = "cbcc", label = "Cán bộ, công chức" }]

[[outline]]
type = "register_table"
text = "Trang thiết bị:"
options = { rest = true, show_emtpy = true }
rows = [
  { kinds = ["pc"], label = "Máy tính" },
  { kind = ["pc"], label = "Máy tính xách tay" },
]

[[outline]]
type = "heading"
level = 2
txt = "Phụ lục"

[[outline]]
type = "annex"
key = "a.lines"
title = "PHỤ LỤC"
columns = [
  { title = "TT", width = 12 },
  { titel = "Nội dung", width = 150 },
]
"""
LINES_FIELD = '\n[[fields]]\nkey = "a.lines"\nlabel = "Các dòng"\ntype = "lines"\nsection = "s"\n'


def check(tmp_path, text: str) -> subprocess.CompletedProcess:
    path = tmp_path / "mau.toml"
    path.write_text(text, encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "ebgov_desktop", "template", "check", str(path)],
                          capture_output=True, text=True, encoding="utf-8")


def test_template_check_refuses_unknown_names_in_a_block_its_options_and_its_rows_with_their_lines(
        tmp_path):
    text = MINIMAL.replace("[[outline]]", LINES_FIELD + "\n[[outline]]", 1) + REGISTER
    run = check(tmp_path, text)
    assert run.returncode == 2
    path = tmp_path / "mau.toml"
    err = run.stderr
    assert (f"{path}:{line_of(text, 'txt = ')}: 'txt' không dùng được trong khối 'heading' "
            "(có phải 'text'?)") in err
    assert (f"{path}:{line_of(text, 'show_emtpy')}: 'show_emtpy' không dùng được trong 'options' của "
            "khối 'register_table' (có phải 'show_empty'?)") in err
    assert (f"{path}:{line_of(text, '{ kind = ')}: 'kind' không dùng được trong 'rows' của khối "
            "'register_table' (có phải 'kinds'?)") in err
    assert (f"{path}:{line_of(text, 'titel')}: 'titel' không dùng được trong 'columns' của khối "
            "'annex' (có phải 'title'?)") in err
    assert "tiêu đề thiếu 'text'" in err  # and the heading, without its text, says so
    assert "Có 5 lỗi trong mẫu" in err


def test_an_attribute_another_kind_takes_is_refused_where_it_would_be_ignored():
    # ``when`` on a heading, ``options`` on a paragraph: nothing would read them
    text = MINIMAL.replace('level = 1\n', 'level = 1\nwhen = "a.total"\n') \
        .replace('text = "Tỷ lệ: {share}."', 'text = "Tỷ lệ: {share}."\noptions = { widths = [10] }')
    found = problems_of(text)
    assert (line_of(text, "when = "), "'when' không dùng được trong khối 'heading' (dùng: level, text)") \
        in found
    assert any(line == line_of(text, "options = ") and "'options' không dùng được trong khối 'paragraph'"
               in m for line, m in found)


def test_an_option_of_the_wrong_type_is_named():
    text = MINIMAL + '\n[[outline]]\ntype = "table"\nkeys = ["a.total"]\noptions = { widths = "10" }\n'
    assert (line_of(text, "widths"), "'widths' phải là danh sách số dương (mm)") in problems_of(text)


def test_the_block_kind_that_printed_nothing_is_gone_and_a_typo_is_named():
    text = MINIMAL + '\n[[outline]]\ntype = "tthc_table"\n'
    assert any(line == line_of(text, '"tthc_table"') and "loại khối 'tthc_table' không có" in m
               for line, m in problems_of(text))
    text = MINIMAL + '\n[[outline]]\ntype = "paragrph"\ntext = "x"\n'
    assert (line_of(text, '"paragrph"'), "loại khối 'paragrph' không có (có phải 'paragraph'?)") \
        in problems_of(text)


def test_every_block_kind_has_its_renderer():
    commune = [k for k in kind_names("commune") if not BLOCK_KINDS[k].structural]
    assert commune and [k for k in commune if k not in RENDERERS] == []
    assert "tthc_table" not in BLOCK_KINDS


def test_did_you_mean_stops_at_edit_distance_two():
    assert did_you_mean("colums", ["columns", "rows"]) == " (có phải 'columns'?)"
    assert did_you_mean("colxxxs", ["columns"]) == ""


def test_a_field_entered_and_never_printed_is_a_warning_with_its_line_unless_marked(tmp_path):
    text = MINIMAL.replace("[[outline]]", LINES_FIELD + "\n[[outline]]", 1)
    run = check(tmp_path, text)
    path = tmp_path / "mau.toml"
    assert run.returncode == 0, run.stderr
    line = line_of(text, 'key = "a.lines"')
    assert (f"{path}:{line}: cảnh báo: trường 'a.lines' (Các dòng) nhập "
            "được nhưng không in ra") in run.stderr
    assert "a.part" not in run.stderr and "a.total" not in run.stderr  # printed by {share}
    assert "1 cảnh báo" in run.stdout
    run = check(tmp_path, text.replace('type = "lines"\n', 'type = "lines"\nprinted = false\n'))
    assert run.returncode == 0 and "cảnh báo" not in run.stderr + run.stdout


def test_the_shipped_templates_print_every_field_they_let_the_officer_enter_or_say_why_not():
    from ebgov_desktop.domain.template import builtin_dir
    from ebgov_desktop.domain.template_check import check_file_warnings

    found = check_file_warnings(builtin_dir() / "cds-xa-2025.toml")
    assert found == []
