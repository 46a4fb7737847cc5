"""Engine: a lines field whose lines end in one of fixed ``choices`` (an annex's assessment column)."""

from template_samples import small_template

from ebgov_desktop.domain.periods import Period
from ebgov_desktop.domain.rules import Figures, RuleContext, evaluate
from ebgov_desktop.domain.template import parse_template
from ebgov_desktop.domain.template_check import check_file

ANNEX = '''
[[fields]]
key = "annex.tasks"
label = "Nhiệm vụ"
type = "lines"
section = "s"
choices = ["Hoàn thành", "Chưa thực hiện"]
'''


def test_each_line_ends_in_one_of_the_choices():
    t = parse_template((small_template() + ANNEX).encode())
    assert t.fields["annex.tasks"].choices == ("Hoàn thành", "Chưa thực hiện")

    def messages(lines):
        ctx = RuleContext(Period.parse("2025"), Figures({"annex.tasks": lines}, t), [])
        return [f.message for f in evaluate(ctx) if f.is_error]

    assert messages(["Lắp camera | 12 camera | Hoàn thành", "Tổ CNS|Chưa thực hiện"]) == []
    assert messages(["Lắp camera | Xong", "Tổ CNS"]) == [
        "Nhiệm vụ, dòng 1: đánh giá «Xong» không thuộc các lựa chọn: Hoàn thành, Chưa thực hiện.",
        "Nhiệm vụ, dòng 2: thiếu phần đánh giá (ghi sau dấu |, một trong: Hoàn thành, Chưa thực hiện)."]


def test_choices_belong_to_a_lines_field(tmp_path):
    path = tmp_path / "x.toml"
    path.write_text(small_template().replace('type = "count"', 'type = "count"\nchoices = ["Có"]'),
                    encoding="utf-8")
    (problem,) = check_file(path)
    assert "'choices' chỉ dùng cho trường kiểu lines" in problem.message and problem.line > 0
