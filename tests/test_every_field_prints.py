"""Must show (issue #21): on every shipped template (and the VNeID test template), each field that takes
a value, filled with a distinctive value, appears in the PDF and in the Word copy exactly as entered, in
Vietnamese format — or the template marks it ``printed = false``. A 2025 report with only the unit
filled prints no figure and no addressee that nobody entered."""

from __future__ import annotations

import datetime as dt
import re

import docx
import pytest
from pdf_read import pdf_text, squeeze
from test_template_vneid import install as install_vneid

from ebgov_desktop.domain.formatting import long_date, short_date, vn_int, vn_typed_percent
from ebgov_desktop.domain.periods import Period
from ebgov_desktop.domain.template import FieldType, Scope, builtin_dir, load_template
from ebgov_desktop.domain.units import Unit, UnitKind
from ebgov_desktop.services.report import make_docx, make_report
from ebgov_desktop.services.templates_exchange import find_template
from ebgov_desktop.services.workspace import Workspace

TEMPLATES = [("bc-ungdung-cntt", "2019"), ("cds-xa-2025", "2025"), ("thu-vneid", "2024")]
#: two decimals that a rounding to one would change (none ends in 0)
_DECIMALS = [f"{d:02d}" for d in range(11, 100) if d % 10]


def distinctive(template) -> dict:
    """A value for every period field the officer can enter, none equal to another one."""
    values = {}
    for i, f in enumerate(template.fields.values()):
        if f.scope is not Scope.PERIOD:
            continue
        if f.type is FieldType.COUNT:
            values[f.key] = 1_000 + 37 * i
        elif f.type is FieldType.PERCENT:
            values[f.key] = float(f"{10 + i % 80}.{_DECIMALS[i % len(_DECIMALS)]}")
        elif f.type is FieldType.BOOL:
            values[f.key] = True
        elif f.type is FieldType.DATE:
            values[f.key] = (dt.date(2019, 1, 1) + dt.timedelta(days=3 * i)).isoformat()
        elif f.lines_kind == "years":
            values[f.key] = [f"{2010 + i % 9}: {200 + i}", f"{2011 + i % 9}: {300 + i}"]
        elif f.lines_kind == "links":
            values[f.key] = ["*Nhóm tin số " + str(i), f"https://xa.example.gov.vn/tin-{i}"]
        elif f.choices:
            values[f.key] = [f"Nhiệm vụ thứ {i}{n} | Kết quả thứ {i}{n} | {c}"
                             for n, c in enumerate(f.choices[:2], 1)]
        elif f.type is FieldType.LINES:
            values[f.key] = [f"Dòng thứ nhất của ô {i}", f"Dòng thứ hai của ô {i}"]
        else:
            values[f.key] = f"Nội dung riêng của ô số {i}"[-f.max_length:] if f.max_length >= 25 \
                else f"Ô{i}"
    for key in ("doc.period_start", "doc.period_end", "doc.date"):  # in their order (a rule)
        values.pop(key, None)
    values |= {"doc.period_start": "2019-02-03", "doc.period_end": "2019-11-27", "doc.date": "2019-12-05"}
    return values


def expected_texts(spec, value) -> list[list[str]]:
    """What must be printed for ``value``: each inner list is a set of alternatives (one must be found)."""
    if spec.type is FieldType.COUNT:
        return [[vn_int(value)]]
    if spec.type is FieldType.PERCENT:
        return [[vn_typed_percent(value)]]
    if spec.type is FieldType.DATE:
        d = dt.date.fromisoformat(value)
        return [[short_date(d), long_date(d)]]
    if spec.type is FieldType.BOOL:
        return [[spec.yes_text]] if spec.yes_text else []  # a yes/no without words: checked by its effect
    if spec.lines_kind == "years":
        return [[f"năm {line.split(': ')[0]}: {vn_int(int(line.split(': ')[1]))}",
                 f"Năm {line.split(': ')[0]}: {vn_int(int(line.split(': ')[1]))}"] for line in value]
    if spec.lines_kind == "links":
        return [[value[0].lstrip("*")], [value[1]]]
    if spec.choices:
        return [[cell.strip()] for line in value for cell in line.split("|")]
    if spec.type is FieldType.LINES:
        return [[line] for line in value]
    return [[value]]


def found(needle: str, text: str) -> bool:
    """``needle`` in ``text`` (both without whitespace), not as a part of a longer number."""
    n = re.escape(squeeze(needle))
    return re.search(rf"(?<![\d.,]){n}(?![\d])" if needle[:1].isdigit() else n, text) is not None


def docx_text(path) -> str:
    document = docx.Document(path)
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def made(tmp_path, template_id: str, period: str, values: dict | None):
    data = tmp_path / template_id
    install_vneid(data)
    ws = Workspace.open(data)
    ws.set_unit(Unit(code="19894", kind=UnitKind.XA, name="Quảng Thọ", province="Thừa Thiên Huế",
                     province_code="46"))
    template = find_template(ws, template_id)
    p = ws.create_period(Period.parse(period), template)
    for key, value in (values or {}).items():
        ws.set_value(p, key, value)
    pdf = make_report(ws.snapshot(p), tmp_path / f"{template_id}.pdf", force=True).path
    word = make_docx(ws.snapshot(p), tmp_path / f"{template_id}.docx", force=True).path
    ws.close()
    return template, squeeze(pdf_text(pdf)), squeeze(docx_text(word))


@pytest.mark.parametrize("template_id, period", TEMPLATES)
def test_every_field_filled_prints_as_entered_in_the_pdf_and_the_word_copy(tmp_path, template_id, period):
    data = tmp_path / "probe"
    install_vneid(data)
    with Workspace.open(data) as ws:
        template = find_template(ws, template_id)
    values = distinctive(template)
    template, pdf, word = made(tmp_path, template_id, period, values)
    missing = []
    for key, value in values.items():
        spec = template.fields[key]
        if not spec.printed:
            continue
        for alternatives in expected_texts(spec, value):
            for name, text in (("PDF", pdf), ("Word", word)):
                if not any(found(a, text) for a in alternatives):
                    missing.append(f"{name}: {key} = {alternatives[0]!r}")
    assert missing == [], "\n".join(missing)
    entered = [k for k, f in template.fields.items() if f.scope is Scope.PERIOD]
    assert len(values) == len(entered)  # every field that takes a value was filled


@pytest.mark.parametrize("template_id", ["bc-ungdung-cntt", "cds-xa-2025"])
def test_every_yes_no_changes_what_is_printed(template_id):
    """A yes/no without words of its own prints through what it decides (a paragraph shown or not)."""
    from ebgov_desktop.reporting.outline import OutlineContext, render_outline

    template = load_template(next(builtin_dir().glob(f"{template_id}*.toml")))
    values = distinctive(template)
    unit = Unit(code="19894", kind=UnitKind.XA, name="Quảng Thọ", province="Huế", province_code="46")

    def text(vals):
        return repr(render_outline(OutlineContext(template, unit, Period.parse("2025"), vals)))

    for key, spec in template.fields.items():
        if spec.type is FieldType.BOOL and spec.scope is Scope.PERIOD:  # printed or deciding what is
            assert text(values) != text(dict(values, **{key: False})), key


def test_a_2025_report_with_only_the_unit_prints_no_figure_and_no_addressee(tmp_path):
    template, pdf, word = made(tmp_path, "cds-xa-2025", "2025", None)
    for text in (pdf, word):
        assert "Kínhgửi" not in text
        assert "Tìnhhìnhứngdụngcôngnghệthôngtin" not in text  # the 2019 words
        assert squeeze("Kết quả phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số năm "
                       "2025") in text  # the 2025 trích yếu, from the template
        assert squeeze("Trên đây là báo cáo kết quả phát triển khoa học, công nghệ, đổi mới sáng tạo và "
                       "chuyển đổi số năm 2025 của Ủy ban nhân dân xã Quảng Thọ./.") in text
        body = text.split("HẠTẦNGSỐ")[0]
        for heading in ("I.CÔNGTÁCLÃNHĐẠO", "KẾTQUẢTHỰCHIỆN", "BẢNGKẾTQUẢTHỰCHIỆNNHIỆMVỤ"):
            assert heading not in text  # nothing under them: left out
        assert not re.search(r"\d+/\d+\(\d", body)  # no ratio nobody entered


def test_the_addressee_and_the_signer_are_carried_to_the_next_period_and_the_title_is_the_templates(
        tmp_path):
    with Workspace.open(tmp_path / "d") as ws:
        ws.set_unit(Unit(code="19894", kind=UnitKind.XA, name="Quảng Thọ", province="Huế",
                         province_code="46"))
        template = find_template(ws, "cds-xa-2025")
        q3 = ws.create_period(Period.parse("2025-Q3"), template)
        assert ws.values(q3)["doc.title"] == ("Kết quả phát triển khoa học, công nghệ, đổi mới sáng tạo và "
                                              "chuyển đổi số quý III năm 2025")
        assert "doc.receiver" not in ws.values(q3)  # nobody entered one
        ws.set_value(q3, "doc.receiver", "Sở Khoa học và Công nghệ tỉnh Huế")
        ws.set_value(q3, "doc.signer_name", "Lê Văn Hùng")
        q4 = ws.create_period(Period.parse("2025-Q4"), template)
        values = ws.values(q4)
        assert values["doc.receiver"] == "Sở Khoa học và Công nghệ tỉnh Huế"
        assert values["doc.signer_name"] == "Lê Văn Hùng"
        assert values["doc.symbol"] == "BC-UBND" and values["doc.place"] == "Quảng Thọ"
        old = ws.create_period(Period.parse("2019"), find_template(ws, "bc-ungdung-cntt"))
        assert ws.values(old)["doc.title"] == "Tình hình ứng dụng công nghệ thông tin năm 2019"


@pytest.mark.parametrize("name", ["cds-xa-2025.toml", "bc-ungdung-cntt-2019.toml"])
def test_every_field_says_what_counts(name):
    """The window's tooltip and the F1 topic of each page: a help text for every field."""
    template = load_template(builtin_dir() / name)
    assert [k for k, f in template.fields.items() if not f.help.strip()] == []
