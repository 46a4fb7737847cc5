"""File mistakes on the command line: exit 2 and a Vietnamese reason, never the OS's English text."""

from ebgov_desktop.cli import main


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_import_of_a_missing_path_exits_2_and_imports_nothing(tmp_path, capsys):
    d = tmp_path / "tinh"
    assert run(capsys, "init", "--data-dir", d, "--kind", "tinh", "--code", "46", "--name", "Huế",
               "--province", "Huế")[0] == 0
    code, out, err = run(capsys, "import", "--data-dir", d, tmp_path / "khong-co.ebgov")
    assert code == 2 and out == ""
    assert err.startswith("Lỗi: không tìm thấy ") and "khong-co.ebgov" in err


def test_writing_into_a_missing_folder_is_explained_in_vietnamese(tmp_path, capsys):
    d = tmp_path / "xa"
    run(capsys, "demo", "--data-dir", d)
    code, _, err = run(capsys, "dump", "--data-dir", d, "--period", "2019", "--out",
                       tmp_path / "khong" / "co.json")
    assert code == 2 and "thư mục không tồn tại" in err and "No such file" not in err
    code, _, err = run(capsys, "dump", "--data-dir", d, "--period", "2019", "--out", tmp_path)
    assert code == 2 and "đây là một thư mục" in err and "Is a directory" not in err


def test_a_missing_list_file_is_named_as_missing(tmp_path, capsys):
    d = tmp_path / "tinh"
    run(capsys, "init", "--data-dir", d, "--kind", "tinh", "--code", "46", "--name", "Huế", "--province", "Huế")
    code, _, err = run(capsys, "units", "--data-dir", d, "--import", tmp_path / "ds.xlsx")
    assert code == 2 and "Không tìm thấy tệp" in err and "hỏng" not in err


def test_a_register_file_with_2_comma_5_or_2_dot_5_as_a_quantity_is_refused_not_read_as_25(tmp_path, capsys):
    d = tmp_path / "xa"
    run(capsys, "demo", "--data-dir", d)
    f = tmp_path / "ds.csv"
    f.write_text('Tên thiết bị,Loại,Số lượng,Năm mua\nMáy in HP,Máy in,"2,5",2018\n'
                 "Máy in Canon,Máy in,2.5,2018\nMáy tính,Máy tính để bàn,1.200,2018\n", encoding="utf-8")
    code, out, _ = run(capsys, "register", "import", "--data-dir", d, "--dry-run", f)
    assert "Dòng 2, cột C (Số lượng): số lượng “2,5” không phải số nguyên dương." in out
    assert "Dòng 3, cột C (Số lượng): số lượng “2.5” không phải số nguyên dương." in out
    assert "Sẽ thêm 1 dòng" in out  # 1.200 is one thousand two hundred
