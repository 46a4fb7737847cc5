"""Unknown stays unknown: a condition not given is not "Tốt"; the annex totals like with like; `check`
warns when the signature block or Nơi nhận is empty (commune and consolidated report)."""

import json

import pypdf

from ebgov_desktop.cli import main
from ebgov_desktop.domain.periods import Period
from ebgov_desktop.services.paths import resource


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def pdf_text(path) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in pypdf.PdfReader(path).pages)


def _demo_without_a_condition(tmp_path):
    data = json.loads(resource("demo", "quang-tho-2019.json").read_text(encoding="utf-8"))
    del data["register"][0]["condition"]
    f = tmp_path / "khong-ghi-tinh-trang.json"
    f.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return f, data


def test_a_condition_not_given_is_stored_and_printed_as_not_given(tmp_path, capsys):
    f, data = _demo_without_a_condition(tmp_path)
    w = tmp_path / "w"
    assert run(capsys, "load", "--data-dir", w, f)[0] == 0
    assert run(capsys, "dump", "--data-dir", w, "--period", "2019", "--out", tmp_path / "o.json")[0] == 0
    dumped = json.loads((tmp_path / "o.json").read_text(encoding="utf-8"))
    assert dumped["register"][0]["condition"] == ""
    assert run(capsys, "report", "--data-dir", w, "--period", "2019", "--out", tmp_path / "r.pdf")[0] == 0
    text = pdf_text(tmp_path / "r.pdf")
    annex = text[text.index("DANH MỤC TRANG THIẾT BỊ"):]
    first = data["register"][0]
    assert f"{first['description']} 04 2018" in annex and "Chưa ghi" in annex


def test_the_register_annex_totals_each_kind_on_its_own(demo_ws, tmp_path, capsys):
    """Like with like: each kind's total under its own rows (32 computers, 6 cameras), then the
    grand total of the items (#25 asked for it)."""
    assert run(capsys, "report", "--data-dir", demo_ws.paths.data_dir, "--period", "2019", "--out",
               tmp_path / "r.pdf")[0] == 0
    annex = pdf_text(tmp_path / "r.pdf").split("DANH MỤC TRANG THIẾT BỊ")[1]
    assert "Cộng 32" in annex and "Cộng 06" in annex
    assert annex.index("Cộng 32") < annex.index("Camera") < annex.index("Cộng 06")
    assert "Tổng cộng 45" in annex


def test_check_warns_when_the_signature_block_or_recipients_are_empty(demo_ws, tmp_path, capsys):
    d = demo_ws.paths.data_dir
    code, out, _ = run(capsys, "check", "--data-dir", d, "--period", "2019")
    assert "khối chữ ký" not in out.lower() and "Nơi nhận" not in out
    demo_ws.set_value(Period.parse("2019"), "doc.signer_name", None)
    demo_ws.set_value(Period.parse("2019"), "doc.recipients", None)
    code, out, _ = run(capsys, "check", "--data-dir", d, "--period", "2019")
    assert code == 0
    assert "Cảnh báo: Chưa nhập: Họ tên người ký." in out and "Cảnh báo: Chưa nhập: Nơi nhận." in out


def test_the_consolidated_report_warns_too(tmp_path, capsys):
    d = tmp_path / "tinh"
    run(capsys, "init", "--data-dir", d, "--kind", "tinh", "--code", "46", "--name", "Huế", "--province", "Huế",
        "--period", "2026")
    code, out, _ = run(capsys, "check", "--data-dir", d, "--period", "2026")
    assert code == 0 and "Chưa nhập: Họ tên người ký (khối chữ ký của báo cáo)." in out
    assert "Chưa nhập: Nơi nhận" in out and "Số cán bộ" not in out  # no commune figures at a tỉnh
    code, out, _ = run(capsys, "consolidate", "--data-dir", d, "--period", "2026", "--out", tmp_path / "t.pdf")
    assert code == 0 and "Cảnh báo: Chưa nhập: Họ tên người ký" in out
