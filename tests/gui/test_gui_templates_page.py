"""The superior window's "Biểu mẫu" page: list, import, check, preview the form, write signed to USB."""

import pytest
from PySide6.QtCore import Qt
from template_samples import small_template

from ebgov_desktop.domain.units import Unit, UnitKind
from ebgov_desktop.services import keys
from ebgov_desktop.services.settings import Settings
from ebgov_desktop.services.templates_exchange import import_template
from ebgov_desktop.services.workspace import Workspace


@pytest.fixture
def province(data_dir):
    ws = Workspace.open(data_dir)
    ws.set_unit(Unit(code="46", kind=UnitKind.TINH, name="Huế", province="Huế", province_code="46"))
    yield ws
    ws.close()


@pytest.fixture
def window(qtbot, province, paths):
    from ebgov_desktop.gui.superior.window import SuperiorWindow

    w = SuperiorWindow(province, Settings(paths.settings_file))
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    return w


def cells(page):
    model = page.proxy
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


def test_the_page_lists_templates_and_imports_a_file(qtbot, window, tmp_path):
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.AltModifier)
    page = window.templates_page
    assert window.current_page_key() == "templates" and window.tabs.tabText(4) == "Biểu mẫu"
    ids = [row[0] for row in cells(page)]
    assert "bc-ungdung-cntt" in ids
    path = tmp_path / "bc-thu.toml"
    path.write_text(small_template(), encoding="utf-8")
    page.import_file(path)
    row = next(r for r in cells(page) if r[0] == "bc-thu")
    assert row[1:] == ["1", "xã", "từ 01/07/2025", "nhập từ tệp", "Báo cáo thử nghiệm"]
    assert "Đã nhập biểu mẫu «Báo cáo thử nghiệm»" in page.status.text()
    assert page.selected().template_id == "bc-thu"


def test_a_file_with_problems_is_checked_and_not_imported(qtbot, window, tmp_path):
    page = window.show_page("templates")
    bad = tmp_path / "hong.toml"
    bad.write_text(small_template().replace("{a.total}", "{khong.co}"), encoding="utf-8")
    dialog = page.check_file(bad)
    qtbot.addWidget(dialog)
    problems = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    assert problems and problems[0].startswith("Dòng ") and "khong.co" in problems[0]
    assert "có 1 lỗi" in dialog.message.text()
    page.import_file(bad)
    assert "không dùng được" in page.status.text()
    assert "bc-thu" not in [r[0] for r in cells(page)]
    good = tmp_path / "tot.toml"
    good.write_text(small_template(), encoding="utf-8")
    assert page.check_file(good).message.text() == "tot.toml: biểu mẫu hợp lệ, không có lỗi."


def test_a_field_entered_but_never_printed_is_warned_about_in_the_window(qtbot, window, tmp_path):
    from ebgov_desktop.domain.template import builtin_dir

    page = window.show_page("templates")
    text = (builtin_dir() / "cds-xa-2025.toml").read_text(encoding="utf-8")
    extra = ('\n[[fields]]\nkey = "thu.khong_in"\nlabel = "Số liệu không in"\ntype = "count"\n'
             'section = "' + text.split('section = "', 1)[1].split('"', 1)[0] + '"\n')
    path = tmp_path / "thu.toml"
    path.write_text(text.replace('id = "cds-xa-2025"', 'id = "cds-thu"', 1) + extra, encoding="utf-8")
    dialog = page.check_file(path)
    qtbot.addWidget(dialog)
    assert "dùng được, nhưng có 1 cảnh báo" in dialog.message.text()
    assert "nhập được nhưng không in ra" in dialog.list.item(0).text()


def test_preview_builds_the_form_from_the_template(qtbot, window, province, tmp_path):
    path = tmp_path / "bc-thu.toml"
    path.write_text(small_template(), encoding="utf-8")
    import_template(province, path)
    page = window.show_page("templates")
    page.select("bc-thu")
    dialog = page.preview()
    qtbot.addWidget(dialog)
    assert dialog.tabs.count() == 1 and dialog.tabs.tabText(0) == "Trang"
    editor = dialog.findChild(type(dialog.pages["p"].editors["a.total"]), "a.total")
    assert editor is not None and editor.text() != ""


def test_export_writes_the_signed_file_and_shows_the_fingerprint(qtbot, window, province, tmp_path):
    usb = tmp_path / "usb"
    usb.mkdir()
    page = window.show_page("templates")
    page.select("bc-ungdung-cntt")
    result = page.export(usb)
    assert result.path == usb / "BM_bc-ungdung-cntt_v1.toml" and result.path.is_file()
    assert keys.fingerprint(province.paths) in page.status.text()
    assert result.path.read_bytes().startswith(b"# ebgov-signed-template 1\n")


def test_sample_pdf_of_the_2025_template_with_example_figures(qtbot, window, tmp_path, monkeypatch):
    import pypdf

    from ebgov_desktop.gui.superior import templates_page

    opened = []
    monkeypatch.setattr("ebgov_desktop.gui.report_actions.open_in_viewer", opened.append)
    page = window.show_page("templates")
    page.select("cds-xa-2025")
    assert page.selected().validity == "từ 01/07/2025"
    out = tmp_path / "mau.pdf"
    assert page.sample_pdf(out) is not None
    qtbot.waitUntil(lambda: not window.busy)
    assert opened == [out] and page.status.text() == f"Đã làm PDF mẫu: {out}"
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(out).pages)
    assert "KẾT QUẢ THỰC HIỆN" in text and "Kính gửi" not in text  # an example without a receiver
    assert templates_page.HEADERS[3] == "Hiệu lực"


def test_preview_of_the_2025_template_has_every_field_page(qtbot, window):
    from ebgov_desktop.domain.template import Scope

    page = window.show_page("templates")
    page.select("cds-xa-2025")
    dialog = page.preview()
    qtbot.addWidget(dialog)
    labels = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    assert labels == ["Đơn vị && văn bản", "Lãnh đạo, chỉ đạo", "Nhận thức && hạ tầng số", "Nhân lực số",
                      "Thủ tục hành chính", "Điều hành", "Kinh tế, xã hội số, ATTT", "Đánh giá && phụ lục"]
    template = dialog.pages["lead"].template
    shown = {k for p in dialog.pages.values() for k in p.editors}
    assert {k for k, f in template.fields.items() if f.scope is Scope.PERIOD} <= shown
