"""The headless commands, run in-process through ``main()`` as a user would type them."""

import json

import pytest

from ebgov_desktop.cli import main
from ebgov_desktop.services.paths import resource


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_demo_check_dump_load_dump_is_identical(tmp_path, capsys):
    w, w2 = tmp_path / "w", tmp_path / "w2"
    assert run(capsys, "demo", "--data-dir", w)[0] == 0
    code, out, _ = run(capsys, "check", "--data-dir", w, "--period", "2019")
    assert code == 0 and "0 lỗi" in out
    d1, d2 = tmp_path / "d1.json", tmp_path / "d2.json"
    assert run(capsys, "dump", "--data-dir", w, "--period", "2019", "--out", d1)[0] == 0
    assert run(capsys, "load", "--data-dir", w2, d1)[0] == 0
    assert run(capsys, "dump", "--data-dir", w2, "--period", "2019", "--out", d2)[0] == 0
    assert d1.read_bytes() == d2.read_bytes()
    assert d1.read_bytes() == resource("demo", "quang-tho-2019.json").read_bytes()


def test_init_then_check(tmp_path, capsys):
    w = tmp_path / "w"
    code, out, _ = run(capsys, "init", "--data-dir", w, "--kind", "xa", "--code", "19894", "--name",
                       "Quảng Thọ", "--province", "Thừa Thiên Huế", "--district", "Quảng Điền",
                       "--period", "2019")
    assert code == 0 and "UBND xã Quảng Thọ" in out
    code, out, _ = run(capsys, "init", "--data-dir", w, "--kind", "xa", "--code", "19902", "--name",
                       "X", "--province", "Huế")
    assert code == 2
    assert run(capsys, "check", "--data-dir", w, "--period", "2019")[0] == 0


def test_check_exits_1_on_errors_and_lists_them(tmp_path, capsys):
    w = tmp_path / "w"
    run(capsys, "demo", "--data-dir", w)
    data = json.loads(resource("demo", "quang-tho-2019.json").read_text(encoding="utf-8"))
    data["values"]["staff.it_qualified"] = 30
    f = tmp_path / "bad.json"
    f.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert run(capsys, "load", "--data-dir", w, f)[0] == 0
    code, out, _ = run(capsys, "check", "--data-dir", w, "--period", "2019")
    assert code == 1
    assert "Lỗi: Cán bộ, công chức có trình độ tin học đạt chuẩn (30)" in out


@pytest.mark.parametrize("content, place", [
    (None, "không tìm thấy tệp"),
    (b"{not json", "không phải JSON"),
    (b"\xff\xfe garbage", "không phải JSON"),
    ("unknown_key", "values.staff.nope: trường không có trong biểu mẫu"),
    ("wrong_type", "values.staff.civil_servants: phải là số nguyên, không phải chuỗi"),
    ("bad_register", "register[1].kind: giá trị 'toaster' không có trong danh mục"),
    ("newer", "cần cập nhật phần mềm"),
])
def test_bad_input_is_one_vietnamese_line_exit_2_and_changes_nothing(tmp_path, capsys, content, place):
    w = tmp_path / "w"
    run(capsys, "demo", "--data-dir", w)
    f = tmp_path / "in.json"
    data = json.loads(resource("demo", "quang-tho-2019.json").read_text(encoding="utf-8"))
    if content == "unknown_key":
        data["values"]["staff.nope"] = 1
    elif content == "wrong_type":
        data["values"]["staff.civil_servants"] = "22"
    elif content == "bad_register":
        data["register"][0]["kind"] = "toaster"
    elif content == "newer":
        data["version"] = 99
    if isinstance(content, bytes):
        f.write_bytes(content)
    elif content is not None:
        f.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, out, err = run(capsys, "load", "--data-dir", w, f)
    assert code == 2
    assert place in err and err.count("\n") == 1 and err.startswith("Lỗi:")
    code, out, _ = run(capsys, "dump", "--data-dir", w, "--period", "2019", "--out", tmp_path / "o.json")
    assert (tmp_path / "o.json").read_bytes() == resource("demo", "quang-tho-2019.json").read_bytes()


def test_other_units_dataset_is_refused(tmp_path, capsys):
    w = tmp_path / "w"
    run(capsys, "init", "--data-dir", w, "--kind", "phuong", "--code", "00001", "--period", "2024", "--name", "Phúc Xá",
        "--province", "Hà Nội")
    code, _, err = run(capsys, "demo", "--data-dir", w)
    assert code == 2 and "không phải của đơn vị 00001" in err


def test_bad_period_and_missing_workspace(tmp_path, capsys):
    code, _, err = run(capsys, "check", "--data-dir", tmp_path / "none", "--period", "2019")
    assert code == 2 and "chưa có dữ liệu" in err
    with pytest.raises(SystemExit) as exc:
        main(["check", "--data-dir", str(tmp_path), "--period", "2019-Q7"])
    assert exc.value.code == 2
    assert "không hợp lệ" in capsys.readouterr().err


def test_help_is_vietnamese(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "Cách dùng" in out and "usage" not in out


def test_headless_commands_open_like_the_window_with_the_daily_backup(tmp_path, capsys):
    w = tmp_path / "w"
    run(capsys, "demo", "--data-dir", w)
    assert run(capsys, "check", "--data-dir", w, "--period", "2019")[0] == 0
    backups = list((w / "backups").glob("*.sqlite"))
    assert len(backups) == 1  # at most one start backup a day, however many commands run
    run(capsys, "check", "--data-dir", w, "--period", "2019")
    assert len(list((w / "backups").glob("*.sqlite"))) == 1


@pytest.mark.parametrize("argv, data_dir", [([], None), (["--data-dir", "D"], "D"),
                                            (["--data-dir=D"], "D")])
def test_without_a_sub_command_the_window_starts(monkeypatch, argv, data_dir):
    from ebgov_desktop.gui import app

    started = []
    monkeypatch.setattr(app, "run_gui", lambda data_dir=None: started.append(data_dir) or 0)
    assert main(argv) == 0
    assert started == [data_dir]


def test_anything_else_goes_through_the_full_parser(monkeypatch, capsys):
    from ebgov_desktop.gui import app

    monkeypatch.setattr(app, "run_gui", lambda data_dir=None: pytest.fail("the window started"))
    with pytest.raises(SystemExit) as exc:
        main(["--data-dir", "D", "--bogus"])
    assert exc.value.code == 2 and "tham số không hiểu được: --bogus" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        main(["--data-dir"])
    assert exc.value.code == 2 and "cần một giá trị" in capsys.readouterr().err
