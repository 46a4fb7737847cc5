"""The official PDF of the demo data (seed 001, xã Quảng Thọ 2019), read back as a reader would."""

import re

import pypdf
import pytest

from ebgov_desktop.cli import main
from ebgov_desktop.domain.periods import Period
from ebgov_desktop.domain.tasks import TaskState
from ebgov_desktop.services.report import ReportBlocked, default_report_name, make_report
from ebgov_desktop.services.revisions import current_revision


@pytest.fixture(scope="module")
def demo_pdf(tmp_path_factory):
    from ebgov_desktop.services.datasets import demo_dataset
    from ebgov_desktop.services.workspace import Workspace

    d = tmp_path_factory.mktemp("report")
    with Workspace.open(d / "data") as ws:
        ws.load_dataset(demo_dataset())
        seen = []
        result = make_report(ws.snapshot(Period.parse("2019")), d / "demo.pdf", state=TaskState(lambda pct, _total, msg: seen.append(pct)))
        revision = current_revision(ws, Period.parse("2019"))
    assert seen[0] == 0 and seen[-1] == 100 and seen == sorted(seen)
    return result, revision


def text_of(path):
    reader = pypdf.PdfReader(path)
    return [page.extract_text() for page in reader.pages]


def flat(pages):
    return re.sub(r"\s+", " ", " ".join(pages))


SEED_001_FIGURES = [
    "22/22", "10/14", "95,5% (21/22)", "13/14 cán bộ, công chức UBND xã, đạt tỉ lệ 92,9%",
    "172 văn bản", "74 văn bản", "74/74 văn bản; đạt 100%", "988 văn bản", "442 văn bản",
    "20/22 hộp thư", "90,9%", "388/388 hồ sơ, đạt 100%", "87 hồ sơ", "42 hồ sơ", "115 TTHC",
    "103 TTHC", "12 TTHC", "10/13", "04 máy trang bị 2018, 18 máy đã qua sử dụng",
    "01 máy mới trang bị 2019, 09 máy đã qua sử dụng", "Trang bị 2015", "21/22, đạt tỉ lệ: 95,5%",
    "Năm 2016: 72 văn bản; năm 2017: 145 văn bản; năm 2018: 599 văn bản; năm 2019: 172 văn bản",
]


def test_every_figure_of_seed_001_is_printed_in_vietnamese_format(demo_pdf):
    text = flat(text_of(demo_pdf[0].path))
    missing = [f for f in SEED_001_FIGURES if f not in text]
    assert not missing, missing
    assert "95,4%" not in text  # the seed's truncated rate is not copied


def test_header_signer_and_number(demo_pdf):
    pages = text_of(demo_pdf[0].path)
    first = flat(pages[:1])
    for expected in ("UBND HUYỆN QUẢNG ĐIỀN", "ỦY BAN NHÂN DÂN", "XÃ QUẢNG THỌ",
                     "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                     "Số: 22/BC-UBND", "Quảng Thọ, ngày 12 tháng 3 năm 2019", "BÁO CÁO",
                     "Tình hình ứng dụng công nghệ thông tin năm 2019"):
        assert expected in first, expected
    text = flat(pages)
    for expected in ("Nơi nhận:", "- Thành phần đoàn kiểm tra;", "- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN",
                     "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Kim", "hiệu quả cao hơn./."):
        assert expected in text, expected


def test_sections_are_numbered_and_empty_ones_left_out(demo_pdf):
    text = flat(text_of(demo_pdf[0].path))
    assert "I. KẾT QUẢ TRIỂN KHAI" in text
    assert "II. KHÓ KHĂN, VƯỚNG MẮC" in text
    assert "III. PHƯƠNG HƯỚNG KHẮC PHỤC" in text
    assert "ĐỀ XUẤT, KIẾN NGHỊ" not in text  # the demo has no recommendations
    assert "IV." not in text


def test_data_stamp_matches_the_revision(demo_pdf):
    result, revision = demo_pdf
    text = flat(text_of(result.path))
    assert result.revision.short_digest == revision.digest[:16]
    assert f"Mã kiểm tra SHA-256: {revision.short_digest}" in text
    assert "Mã đơn vị: 19894" in text and "Phiên bản dữ liệu: 1" in text


def test_default_file_name(demo_ws):
    assert default_report_name(demo_ws.unit, "2019") == "BC_UD-CNTT_19894-QuangTho_2019.pdf"


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_report(tmp_path, capsys):
    w = tmp_path / "w"
    assert run(capsys, "demo", "--data-dir", w)[0] == 0
    out_pdf = tmp_path / "R.pdf"
    code, out, _ = run(capsys, "report", "--data-dir", w, "--period", "2019", "--out", out_pdf)
    assert code == 0 and "Đã ghi báo cáo năm 2019" in out
    assert out_pdf.read_bytes().startswith(b"%PDF")
    code, _, err = run(capsys, "report", "--data-dir", w, "--period", "2020", "--out", out_pdf)
    assert code == 2 and err.startswith("Lỗi: Chưa có kỳ báo cáo 2020")
    code, _, err = run(capsys, "report", "--data-dir", w, "--period", "2019", "--out",
                       tmp_path / "nowhere" / "R.pdf")
    assert code == 2 and "thư mục không tồn tại" in err
    assert not (tmp_path / "nowhere").exists()


def test_errors_block_the_report_unless_forced(demo_ws, tmp_path, capsys):
    demo_ws.set_value(Period.parse("2019"), "staff.it_qualified", 30)
    with pytest.raises(ReportBlocked) as info:
        make_report(demo_ws.snapshot(Period.parse("2019")), tmp_path / "x.pdf")
    assert len(info.value.errors) == 1 and not (tmp_path / "x.pdf").exists()
    data_dir = demo_ws.paths.data_dir
    code, out, _ = run(capsys, "report", "--data-dir", data_dir, "--period", "2019", "--out",
                       tmp_path / "x.pdf")
    assert code == 1 and "Lỗi: Cán bộ, công chức có trình độ tin học đạt chuẩn (30)" in out
    assert not (tmp_path / "x.pdf").exists()
    code, out, _ = run(capsys, "report", "--data-dir", data_dir, "--period", "2019", "--out",
                       tmp_path / "x.pdf", "--force")
    # a draft: its own name, never the official one, and the mark across every page
    assert code == 0 and not (tmp_path / "x.pdf").exists() and (tmp_path / "x_NHAP.pdf").exists()
    assert "BẢN NHÁP" in out and "x_NHAP.pdf" in out
    pages = pypdf.PdfReader(tmp_path / "x_NHAP.pdf").pages
    assert len(pages) > 1
    for page in pages:
        assert "BẢN NHÁP — CÒN LỖI" in page.extract_text()
    (tmp_path / "x.pdf").write_bytes(b"official")  # an official file already there is never touched
    run(capsys, "report", "--data-dir", data_dir, "--period", "2019", "--out", tmp_path / "x.pdf", "--force")
    assert (tmp_path / "x.pdf").read_bytes() == b"official"
    demo_ws.set_value(Period.parse("2019"), "staff.it_qualified", None)
    code, out, _ = run(capsys, "report", "--data-dir", data_dir, "--period", "2019", "--out",
                       tmp_path / "y.pdf", "--force")
    assert code == 0 and (tmp_path / "y.pdf").exists() and "BẢN NHÁP" not in "".join(
        p.extract_text() for p in pypdf.PdfReader(tmp_path / "y.pdf").pages)


def test_streams_are_binary_and_reportlab_settings_are_left_as_they_were(demo_pdf):
    from reportlab import rl_config

    data = demo_pdf[0].path.read_bytes()
    assert b"/FlateDecode" in data and b"/ASCII85Decode" not in data  # smaller, faster to write
    assert rl_config.useA85 == 1  # reportlab's default again for anyone else in the process


def test_a_cancelled_report_returns_none_and_leaves_no_file(tmp_path):
    """The officer's Hủy is a flag the worker polls; the service removes its own temporary file."""
    from ebgov_desktop.services.datasets import demo_dataset
    from ebgov_desktop.services.workspace import Workspace

    with Workspace.open(tmp_path / "data") as ws:
        ws.load_dataset(demo_dataset())
        state = TaskState(lambda pct, _total, _msg: pct >= 5 and state.cancel())
        assert make_report(ws.snapshot(Period.parse("2019")), tmp_path / "r.pdf", state=state) is None
    assert not (tmp_path / "r.pdf").exists() and not (tmp_path / "r.pdf.tmp").exists()
    assert state.cancelled and state.done >= 5
