"""Empty is not done: required figures (a flag per field in the template), each page's completeness, the
warnings of the check, the report and the export, and "Thiếu số liệu" on the superior's board."""

import datetime as dt

from ebgov_desktop.cli import main
from ebgov_desktop.domain.completeness import missing_required, page_completeness, required_keys
from ebgov_desktop.domain.template import default_template
from ebgov_desktop.services import superior as sup
from ebgov_desktop.services.datasets import demo_dataset

END = dt.date(2019, 12, 14)


def test_the_template_flags_the_required_figures_and_the_demo_has_them_all():
    template = default_template()
    keys = required_keys(template, END)
    assert "staff.civil_servants" in keys and "tthc.procedures_total" in keys and len(keys) == 18
    assert missing_required(template, demo_dataset().values, END) == []


def test_a_page_counts_its_figures():
    template = default_template()
    full = page_completeness(template, demo_dataset().values, "staff", END)
    assert full.entered == full.total and full.total >= 6 and full.missing_required == ()
    empty = page_completeness(template, {}, "staff", END)
    assert empty.entered == 0 and "Số cán bộ, công chức" in empty.missing_required
    assert empty.text.startswith(f"Đã nhập 0/{empty.total} chỉ tiêu; còn thiếu ")


def _empty_commune(d, capsys):
    assert main(["init", "--data-dir", str(d), "--kind", "xa", "--code", "19894", "--name", "Quảng Thọ",
                 "--province", "Thừa Thiên Huế", "--district", "Quảng Điền", "--period", "2019"]) == 0
    capsys.readouterr()


def test_check_report_and_export_say_what_is_missing(tmp_path, capsys):
    d = tmp_path / "xa"
    _empty_commune(d, capsys)
    main(["check", "--data-dir", str(d), "--period", "2019"])
    out = capsys.readouterr().out
    assert "Cảnh báo: Chưa nhập: Số cán bộ, công chức." in out
    assert main(["report", "--data-dir", str(d), "--period", "2019", "--out", str(tmp_path / "r.pdf")]) == 0
    assert "Cảnh báo: còn 18 chỉ tiêu bắt buộc chưa nhập" in capsys.readouterr().out
    usb = tmp_path / "usb"
    usb.mkdir()
    assert main(["export", "--data-dir", str(d), "--period", "2019", "--out", str(usb)]) == 0
    assert "cấp trên sẽ thấy «Thiếu số liệu»" in capsys.readouterr().out


def test_an_empty_communes_package_is_thieu_so_lieu_on_the_board_and_not_reported(tmp_path, capsys):
    d, usb, huyen = tmp_path / "xa", tmp_path / "usb", tmp_path / "huyen"
    _empty_commune(d, capsys)
    usb.mkdir()
    assert main(["export", "--data-dir", str(d), "--period", "2019", "--out", str(usb)]) == 0
    fingerprint = capsys.readouterr().out.split("Mã khóa ký của đơn vị: ")[1].split()[0]
    assert main(["init", "--data-dir", str(huyen), "--kind", "huyen", "--code", "477", "--name",
                 "Quảng Điền", "--province", "Thừa Thiên Huế", "--period", "2019"]) == 0
    main(["import", "--data-dir", str(huyen), str(usb)])
    package = next(usb.glob("*.ebgov"))  # the key confirmed by phone: the package counts by its figures
    assert main(["accept-key", "--data-dir", str(huyen), str(package), "--fingerprint", fingerprint]) == 0
    capsys.readouterr()
    assert main(["board", "--data-dir", str(huyen), "--period", "2019"]) == 0
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if "Quảng Thọ" in x)
    assert "Thiếu số liệu" in line and "Đã nhận" not in line
    assert "0/11 đơn vị cấp xã đã báo cáo" in out
    from ebgov_desktop.services.workspace import Workspace

    with Workspace.open(huyen) as ws:
        b = sup.board(ws, "2019")
        row = next(r for r in b.rows if r.unit.code == "19894")
        assert row.status.label == "Thiếu số liệu" and not row.status.reported
        assert "thiếu 18 chỉ tiêu bắt buộc" in row.reason and b.reported == 0
