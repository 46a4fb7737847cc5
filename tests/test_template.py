"""The template engine: the 2019 template is today's form; the checker names every problem with its
line; ``template check`` exits 2 on a bad template."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ebgov_desktop.domain.template import (
    TemplateError,
    builtin_dir,
    default_template,
    load_template,
    parse_template,
)
from ebgov_desktop.domain.template_check import check_file

MINIMAL = """\
[template]
id = "thu"
version = 1
title = "Mẫu thử"

[[pages]]
key = "p"
label = "Trang"

[[sections]]
key = "s"
label = "Mục"
page = "p"

[[fields]]
key = "a.total"
label = "Tổng số"
type = "count"
section = "s"

[[fields]]
key = "a.part"
label = "Trong đó"
type = "count"
section = "s"

[[indicators]]
key = "share"
label = "Tỷ lệ"
numerator = "a.part"
denominator = "a.total"

[[outline]]
type = "heading"
level = 1
text = "KẾT QUẢ"

[[outline]]
type = "paragraph"
text = "Tỷ lệ: {share}."
"""


def test_the_2019_template_holds_todays_form():
    t = default_template()
    assert (t.id, t.version, t.level) == ("bc-ungdung-cntt", 1, "xa")
    assert len(t.digest) == 64
    assert t.fields["staff.civil_servants"].label == "Số cán bộ, công chức"
    assert t.fields["staff.civil_servants"].minimum == 0
    assert t.fields["unit.code"].required
    assert [p.label for p in t.pages][-1] == "Kiểm tra"
    assert check_file(builtin_dir() / "bc-ungdung-cntt-2019.toml") == []


def test_a_small_template_parses_and_is_cached(tmp_path):
    path = tmp_path / "thu.toml"
    path.write_text(MINIMAL, encoding="utf-8")
    t = load_template(path)
    assert t.indicators[0].numerator == "a.part"
    assert load_template(path) is t  # same path, same bytes: parsed once
    path.write_text(MINIMAL.replace("Mẫu thử", "Mẫu thử 2"), encoding="utf-8")
    assert load_template(path).title == "Mẫu thử 2"  # the digest changed: read again


def problems_of(text: str) -> list[tuple[int, str]]:
    with pytest.raises(TemplateError) as exc:
        parse_template(text.encode("utf-8"), "x.toml")
    return [(p.line, p.message) for p in exc.value.problems]


def line_of(text: str, needle: str, nth: int = 1) -> int:
    found = [i for i, line in enumerate(text.splitlines(), 1) if needle in line]
    return found[nth - 1]


def test_every_problem_is_named_with_its_line():
    bad = (MINIMAL
           .replace('key = "a.part"', 'key = "a.total"')  # duplicate key
           .replace('numerator = "a.part"', 'numerator = "a.parts"')  # unknown field
           .replace('text = "Tỷ lệ: {share}."', 'text = "Tỷ lệ: {shares}."')  # unknown placeholder
           + '\n[[rules]]\nid = "r1"\nkind = "at_most"\nleft = ["a.totl"]\nright = ["a.total"]\n'
           + '\n[[fields]]\nkey = "b"\nlabel = "B"\ntype = "percent"\nsection = "s"\nmin = 50\nmax = 10\n')
    found = problems_of(bad)
    messages = " | ".join(m for _l, m in found)
    assert (line_of(bad, 'key = "a.total"', 2), "mã 'a.total' bị trùng (đã dùng trong [[fields]])") in found
    assert (line_of(bad, 'numerator = "a.parts"'), "trường 'a.parts' không có") in found
    assert (line_of(bad, "{shares}"),
            "chỗ điền '{shares}' không ứng với trường hay chỉ số nào (có phải 'share'?)") in found
    assert (line_of(bad, '["a.totl"]'),
            "quy tắc 'r1': trường 'a.totl' không có (có phải 'a.total'?)") in found
    assert (line_of(bad, "max = 10"), "giới hạn sai: min (50) lớn hơn max (10)") in found
    assert all(line > 0 for line, _m in found), messages


def test_syntax_error_and_unknown_names_have_lines():
    found = problems_of(MINIMAL.replace('label = "Trang"', 'label = "Trang'))
    assert found[0][0] == line_of(MINIMAL, 'label = "Trang"') and "cú pháp" in found[0][1]
    found = problems_of(MINIMAL.replace('type = "count"', 'type = "số"', 1)
                        .replace('section = "s"\n', 'section = "s"\nlabell = "x"\n', 1))
    assert (line_of(MINIMAL, 'type = "count"'),
            "kiểu 'số' không có (dùng: count, percent, yesno, date, text, lines, links, years)") in found
    assert any("mục 'labell' không có trong [[fields]]" in m for _l, m in found)


def test_template_check_command_exits_2_and_lists_problems(tmp_path):
    path = tmp_path / "sai.toml"
    path.write_text(MINIMAL.replace('denominator = "a.total"', 'denominator = "a.tong"'),
                    encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "ebgov_desktop", "template", "check", str(path)],
                         capture_output=True, text=True, encoding="utf-8")
    assert run.returncode == 2
    assert f"{path}:{line_of(MINIMAL, 'denominator = ')}: trường 'a.tong' không có" in run.stderr
    good = tmp_path / "dung.toml"
    good.write_text(MINIMAL, encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "ebgov_desktop", "template", "check", str(good)],
                         capture_output=True, text=True, encoding="utf-8")
    assert run.returncode == 0 and "hợp lệ" in run.stdout


def test_template_list_and_show():
    run = subprocess.run([sys.executable, "-m", "ebgov_desktop", "template", "list"],
                         capture_output=True, text=True, encoding="utf-8")
    assert run.returncode == 0 and "bc-ungdung-cntt\tphiên bản 1" in run.stdout
    run = subprocess.run([sys.executable, "-m", "ebgov_desktop", "template", "show", "khong-co"],
                         capture_output=True, text=True, encoding="utf-8")
    assert run.returncode == 2 and "không có mẫu 'khong-co'" in run.stderr


def test_builtin_dir_is_in_the_repository():
    assert Path(builtin_dir(), "bc-ungdung-cntt-2019.toml").is_file()


def test_the_complete_small_template_of_the_guide_is_valid(tmp_path):
    guide = (Path(__file__).parents[1] / "docs" / "template-format.md").read_text(encoding="utf-8")
    example = guide[guide.index("## 11."):].split("```toml\n", 1)[1].split("\n```", 1)[0]
    path = tmp_path / "vidu.toml"
    path.write_text(example + "\n", encoding="utf-8")
    assert check_file(path) == []
    t = load_template(path)
    assert [i.key for i in t.indicators] == ["teams_per_village", "vneid"]
    assert t.indicators[1].percent == "soc.vneid_pct"
