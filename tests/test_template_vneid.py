"""Must show: a template that adds one indicator (VNeID activation, a numerator and a denominator) and
nothing else works end to end with no Python changed: the window shows its fields (objectName = key,
tests/gui/test_gui_template_vneid.py), numerator > denominator is an error though no rule was written,
the PDF prints ``x/y (p%)``, the package carries it, and the superior's consolidated table, PDF annex
and Excel sheet have its column."""

from __future__ import annotations

from pathlib import Path

from test_template_compat import confirmed_district  # noqa: E402

from ebgov_desktop.domain.periods import Period
from ebgov_desktop.domain.units import Unit, UnitKind

HERE = Path(__file__).parent
BASE = HERE.parents[0] / "resources" / "templates" / "bc-ungdung-cntt-2019.toml"
ADDITION = HERE / "templates" / "vneid-addition.toml"
MARKER = '[[outline]]\ntype = "heading"\nlevel = 3\ntext = "Đánh giá mức độ chuyển đổi"'
DISTRICT = Unit(code="476", kind=UnitKind.HUYEN, name="Quảng Điền", province="Thừa Thiên Huế",
                province_code="46")


def vneid_template_text() -> str:
    """The 2019 template under another id, valid from 2024, with the addition put before d)."""
    text = BASE.read_text(encoding="utf-8")
    text = text.replace('id = "bc-ungdung-cntt"', 'id = "thu-vneid"', 1)
    text = text.replace("valid_from = 2019-01-01", "valid_from = 2024-01-01", 1)
    assert MARKER in text
    return text.replace(MARKER, ADDITION.read_text(encoding="utf-8") + MARKER, 1)


def install(data_dir: Path) -> None:
    (data_dir / "templates").mkdir(parents=True, exist_ok=True)
    (data_dir / "templates" / "thu-vneid-1.toml").write_text(vneid_template_text(), encoding="utf-8")


def commune(data_dir: Path, code: str, name: str, vneid: int | None, population: int | None):
    from ebgov_desktop.services.datasets import demo_dataset
    from ebgov_desktop.services.workspace import Workspace

    install(data_dir)
    ws = Workspace.open(data_dir)
    unit = demo_dataset().unit.with_changes(code=code, name=name)
    ws.set_unit(unit)
    if vneid is None:  # a commune that kept the 2019 template
        from ebgov_desktop.domain.template import default_template

        p = ws.create_period(Period.parse("2024"), template=default_template())
    else:
        p = ws.create_period(Period.parse("2024"))  # the newest template valid on 2024: thu-vneid
        ws.set_value(p, "soc.vneid_activated", vneid)
        ws.set_value(p, "soc.population_14", population)
    ws.set_value(p, "doc.number", "15")
    return ws


def test_the_addition_is_a_valid_template(tmp_path):
    from ebgov_desktop.domain.template_check import check_file

    path = tmp_path / "thu-vneid-1.toml"
    path.write_text(vneid_template_text(), encoding="utf-8")
    assert check_file(path) == []


def test_period_field_rule_and_report(tmp_path):
    from pypdf import PdfReader

    from ebgov_desktop.services.report import make_report

    with commune(tmp_path / "x", "19894", "Quảng Thọ", 900, 1000) as ws:
        t = ws.template(Period.parse("2024"))
        assert (t.id, t.version) == ("thu-vneid", 1)
        assert ws.values(Period.parse("2024"))["soc.vneid_activated"] == 900
        assert ws.indicators(Period.parse("2024"))["vneid_activated"].text == "900/1.000 (90%)"
        assert ws.errors(Period.parse("2024")) == []
        # numerator > denominator: an error, though the template wrote no rule for it
        ws.set_value(Period.parse("2024"), "soc.vneid_activated", 1200)
        (error,) = ws.errors(Period.parse("2024"))
        assert error.rule_id == "vneid_activated"
        assert error.keys == ("soc.vneid_activated", "soc.population_14")
        assert error.message == ("Người dân đã kích hoạt tài khoản định danh điện tử VNeID mức 2 "
                                 "(1.200) không được lớn hơn dân số từ đủ 14 tuổi trở lên (1.000).")
        ws.set_value(Period.parse("2024"), "soc.vneid_activated", 900)
        out = make_report(ws.snapshot(Period.parse("2024")), tmp_path / "r.pdf").path
        text = " ".join(" ".join(p.extract_text() for p in PdfReader(out).pages).split())
        assert ("+ Tỷ lệ người dân có tài khoản định danh điện tử VNeID mức 2 đã kích hoạt: "
                "900/1.000 (90%).") in text


def test_package_carries_it_and_the_superior_consolidates_it(tmp_path):
    import zipfile

    from openpyxl import load_workbook
    from pypdf import PdfReader

    from ebgov_desktop.services import superior as sup
    from ebgov_desktop.services.packages import export_package
    from ebgov_desktop.services.workspace import Workspace

    usb = tmp_path / "usb"
    usb.mkdir()
    for i, (code, name, vneid, pop) in enumerate((("19894", "Quảng Thọ", 900, 1000),
                                                  ("19897", "Quảng Phú", 450, 600),
                                                  ("19900", "Quảng Vinh", None, None))):
        with commune(tmp_path / f"c{i}", code, name, vneid, pop) as ws:
            result = export_package(ws, ws.snapshot(Period.parse("2024")), usb)
            with zipfile.ZipFile(result.path) as z:
                data = z.read("data.json").decode("utf-8")
            if i < 2:
                assert '"soc.vneid_activated":' in data and '"template":{"digest":' in data
                assert '"id":"thu-vneid"' in data
            else:  # the 2019 template: dataset version 1, as before templates
                assert '"template"' not in data and '"version":1' in data

    install(tmp_path / "h")  # the province sent the template to the district too
    with Workspace.open(tmp_path / "h") as ws:
        ws.set_unit(DISTRICT)
        confirmed_district(ws, sorted(usb.iterdir()), tmp_path)
        report = sup.import_packages(ws, [usb], backup=False)
        assert [r.outcome.value for r in report.results] == ["new", "new", "new"], \
            [r.reason for r in report.results]
        view = sup.consolidated(ws, "2024")
        c = view.consolidation
        assert (c.template.id, len(c.datasets)) == ("thu-vneid", 2)
        assert [ds.unit.code for ds in c.other_template] == ["19900"]  # named, not summed
        t = c.totals["vneid_activated"]
        assert (t.numerator, t.denominator, str(t.percent), str(t.average)) == (1350, 1600, "84.4", "82.5")
        headers, rows = sup.consolidated_table(view)
        label = "Tỷ lệ người dân có tài khoản VNeID mức 2 đã kích hoạt"
        col = headers.index(f"{label} (%)")
        assert [r[col] for r in rows] == [90.0, 75.0, 84.4, 82.5, 2]  # … over 2 communes
        book = load_workbook(sup.write_consolidated_workbook(view, tmp_path / "t.xlsx"))
        sheet = book["Chỉ tiêu các đơn vị"]
        assert [cell.value for cell in sheet[1]][col] == f"{label} (%)"
        assert [sheet.cell(row=r, column=col + 1).value for r in range(2, 7)] == [90.0, 75.0, 84.4, 82.5, 2]
        ws.create_period(Period.parse("2024"))
        pdf = sup.make_consolidated_report(ws, "2024", tmp_path / "r.pdf").path
        text = " ".join(" ".join(p.extract_text() for p in PdfReader(pdf).pages).split())
        annex = text[text.index("CHỈ TIÊU ỨNG DỤNG CÔNG NGHỆ THÔNG TIN CỦA CÁC"):]
        assert "VNeID mức 2" in annex
        assert "90 " in annex and "75 " in annex and "84,4" in annex
        assert f"{label} 1.350/1.600 84,4 82,5 2" in text
        # the templates by their title and version in words, never their codes
        assert (f"Các đơn vị báo cáo theo mẫu khác, không cộng vào số liệu tổng hợp theo mẫu «{c.template.title}», "
                f"phiên bản 1 (1): xã Quảng Vinh (mẫu «{c.other_template[0].template.title}», phiên bản 1).") \
            in text
        assert "thu-vneid" not in text and "bc-ungdung-cntt" not in text
