"""The Báo cáo menu driven in the real window: PDF export, print, USB export, the key's fingerprint."""

import re
from pathlib import Path

import pypdf
import pytest
from gui_keys import retype
from PySide6.QtWidgets import QFileDialog

from ebgov_desktop.domain.periods import Period
from ebgov_desktop.gui import export_dialog as export_module
from ebgov_desktop.gui import report_actions
from ebgov_desktop.gui.dialogs import BlockingErrorsDialog
from ebgov_desktop.services import keys, packages
from ebgov_desktop.services.packages import TargetDir


def pdf_text(path) -> str:
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in pypdf.PdfReader(path).pages))


@pytest.fixture
def viewer(monkeypatch):
    opened = []
    monkeypatch.setattr(report_actions, "open_in_viewer", lambda path: opened.append(path) or True)
    return opened


def type_into(window, key: str, text: str) -> None:
    page = window.show_page(window.page_of(key))
    editor = page.editors[key]
    retype(editor, text)


def make_error(window) -> None:
    """More civil servants with a computer than civil servants: a rule error."""
    type_into(window, "staff.civil_servants_with_computer", "99")
    assert any(f.is_error for f in window.findings())


def test_report_actions_sit_in_the_bao_cao_menu_with_shortcuts(demo_window):
    menu = demo_window.menus["report"]
    texts = {a.objectName(): (a.text(), a.shortcut().toString()) for a in menu.actions()}
    assert texts["action.export_pdf"] == ("Xuất báo cáo &PDF…", "Ctrl+E")
    assert texts["action.print"] == ("&In…", "Ctrl+P")
    assert texts["action.export_usb"] == ("Xuất dữ liệu ra &USB…", "Ctrl+U")


def test_export_pdf_saves_where_chosen_shows_progress_and_opens_the_viewer(
        qtbot, demo_window, tmp_path, monkeypatch, viewer):
    asked = []
    out = tmp_path / "bao cao" / "BC.pdf"
    out.parent.mkdir()

    def save_dialog(parent, caption, start, filters):
        asked.append((caption, Path(start).name, filters))
        return str(out), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_dialog))
    demo_window.findChild(type(demo_window.report_actions.export_pdf_action),
                          "action.export_pdf").trigger()
    assert asked == [("Lưu báo cáo PDF", "BC_UD-CNTT_19894-QuangTho_2019.pdf", "Tệp PDF (*.pdf)")]
    actions = demo_window.report_actions
    progress = actions.progress
    assert progress.isVisible() and progress.windowTitle() == "Xuất báo cáo PDF"
    assert not actions.export_pdf_action.isEnabled()  # one report at a time
    qtbot.waitUntil(lambda: viewer == [out], timeout=30000)
    qtbot.waitUntil(lambda: actions.task is None)
    assert not progress.isVisible() and progress.maximum() == 100
    assert progress.labelText() != "Đang làm báo cáo PDF…"  # the worker's steps were shown
    text = pdf_text(out)
    assert "Số: 22/BC-UBND" in text and "Quảng Thọ" in text
    assert not list(out.parent.glob("*.tmp"))
    assert "Đã ghi báo cáo năm 2019" in demo_window.status.text()
    assert actions.export_pdf_action.isEnabled()


def test_export_pdf_cancelled_in_the_file_dialog_does_nothing(demo_window, monkeypatch, viewer):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a: ("", "")))
    demo_window.report_actions.export_pdf_action.trigger()
    assert demo_window.report_actions.task is None and viewer == []


def test_cancel_in_the_progress_dialog_leaves_no_file(qtbot, demo_window, tmp_path, monkeypatch,
                                                      viewer):
    import threading

    from ebgov_desktop.services import report

    out = tmp_path / "BC.pdf"
    go, real = threading.Event(), report.make_report

    def held(*a, **k):
        go.wait(10)
        return real(*a, **k)

    monkeypatch.setattr(report, "make_report", held)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a: (str(out), "")))
    actions = demo_window.report_actions
    actions.export_pdf_action.trigger()
    actions.progress.canceled.emit()  # the Hủy button
    go.set()
    qtbot.waitUntil(lambda: actions.task is None, timeout=30000)
    assert viewer == [] and list(tmp_path.glob("BC.pdf*")) == []
    assert demo_window.status.text() == "Đã hủy xuất báo cáo PDF."


def test_errors_block_printing_and_are_listed(qtbot, demo_window):
    make_error(demo_window)
    errors = [f.message for f in demo_window.findings() if f.is_error]
    demo_window.report_actions.print_action.trigger()
    dialog = demo_window.findChild(BlockingErrorsDialog, "blocking_errors")
    assert dialog.isVisible() and dialog.windowTitle() == "Chưa in được báo cáo"
    assert dialog.errors() == errors
    assert f"còn {len(errors)} lỗi nên chưa in được" in dialog.message.text()
    assert demo_window.report_actions.task is None and demo_window.report_actions.preview_dialog is None
    dialog.checks_button.click()
    assert demo_window.current_page_key() == "check"


def test_export_pdf_with_errors_asks_first(qtbot, demo_window, tmp_path, monkeypatch, viewer):
    make_error(demo_window)
    out = tmp_path / "xem-lai.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a: (str(out), "")))
    actions = demo_window.report_actions
    actions.export_pdf_action.trigger()
    dialog = actions.errors_dialog
    assert dialog.proceed_button.text() == "Vẫn xuất để &xem lại" and actions.task is None
    dialog.proceed_button.click()
    draft = tmp_path / "xem-lai_NHAP.pdf"  # a draft under its own name, marked on every page
    qtbot.waitUntil(lambda: viewer == [draft], timeout=30000)
    assert not out.exists()
    import pypdf

    assert all("BẢN NHÁP — CÒN LỖI" in p.extract_text() for p in pypdf.PdfReader(draft).pages)


# -- USB ---------------------------------------------------------------------------------------------

@pytest.fixture
def usb(tmp_path, monkeypatch):
    stick = tmp_path / "USB_XA"
    stick.mkdir()
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setattr(packages, "candidate_target_dirs", lambda: [
        TargetDir(stick, f"Ổ đĩa rời (USB): {stick}", True),
        TargetDir(home, f"Thư mục của người dùng: {home}", False)])
    return stick


def open_export(demo_window):
    demo_window.report_actions.export_usb_action.trigger()
    dialog = demo_window.report_actions.export_dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def write(qtbot, dialog) -> str:
    dialog.findChild(type(dialog.write_button), "export.write").click()
    qtbot.waitUntil(lambda: dialog.task is None, timeout=30000)
    return dialog.message.text()


def test_usb_export_preview_write_and_revisions(qtbot, demo_window, usb):
    dialog = open_export(demo_window)
    assert dialog.targets.item(0).text() == f"Ổ đĩa rời (USB): {usb}"
    assert dialog.targets.item(0).font().bold() and dialog.target() == usb
    assert dialog.no_usb.isHidden()  # a stick is there: no "plug it in" hint
    assert dialog.file_name.text() == "46_19894_2019_r1.ebgov"
    assert dialog.revision.text() == "1 (lần đầu gửi số liệu kỳ này)"
    fingerprint = keys.fingerprint(demo_window.ws.paths)
    assert dialog.fingerprint.text() == fingerprint and len(fingerprint) == 24
    assert dialog.digest.text() == demo_window.ws.dataset(Period.parse("2019")).digest()[:16]

    message = write(qtbot, dialog)
    assert message.startswith(f"Đã ghi gói dữ liệu: {usb / '46_19894_2019_r1.ebgov'}\nLần gửi 1, ")
    assert fingerprint in message
    assert sorted(p.name for p in usb.iterdir()) == ["46_19894_2019_r1.ebgov"]
    assert dialog.revision.text() == "1 (số liệu không đổi từ lần gửi trước)"
    assert "lần gửi 1" in demo_window.status.text()

    write(qtbot, dialog)  # again, unchanged: still r1
    assert sorted(p.name for p in usb.iterdir()) == ["46_19894_2019_r1.ebgov"]
    dialog.close()

    type_into(demo_window, "tthc.digitized", "5")
    dialog = open_export(demo_window)
    assert dialog.file_name.text() == "46_19894_2019_r2.ebgov"
    assert dialog.revision.text() == "2 (số liệu đã thay đổi từ lần gửi 1)"  # one line; the why is its tooltip
    assert "Lần gửi 2" in write(qtbot, dialog)
    assert sorted(p.name for p in usb.iterdir()) == ["46_19894_2019_r1.ebgov",
                                                    "46_19894_2019_r2.ebgov"]


def test_usb_export_to_a_folder_chosen_by_hand(qtbot, demo_window, usb, tmp_path, monkeypatch):
    other = tmp_path / "khac"
    other.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a: str(other)))
    monkeypatch.setattr(packages, "candidate_target_dirs", lambda: [
        TargetDir(tmp_path, f"Thư mục của người dùng: {tmp_path}", False)])
    dialog = open_export(demo_window)
    assert dialog.no_usb.isVisible() and "Tìm lại ổ USB" in dialog.no_usb.text()
    dialog.browse_button.click()
    assert dialog.target() == other
    write(qtbot, dialog)
    assert [p.name for p in other.iterdir()] == ["46_19894_2019_r1.ebgov"]
    assert dialog.no_usb.isHidden()  # written: no orange "no USB stick" beside the green success
    assert list(usb.iterdir()) == []


def test_usb_export_refused_while_errors_remain(qtbot, demo_window, usb):
    make_error(demo_window)
    demo_window.report_actions.export_usb_action.trigger()
    refusal = demo_window.report_actions.errors_dialog
    assert refusal.windowTitle() == "Chưa xuất được dữ liệu"
    assert refusal.errors() == [f.message for f in demo_window.findings() if f.is_error]
    assert demo_window.report_actions.export_dialog is None
    assert list(usb.iterdir()) == []


def test_a_full_drive_shows_the_vietnamese_message_and_leaves_no_file(qtbot, demo_window, usb,
                                                                        monkeypatch):
    import errno

    def full(*a, **k):
        raise OSError(errno.ENOSPC, "No space left on device")

    dialog = open_export(demo_window)
    monkeypatch.setattr(packages.os, "fsync", full)
    message = write(qtbot, dialog)
    assert message.startswith(f"Ổ đĩa {usb} đã đầy, không ghi được gói dữ liệu.")
    assert list(usb.iterdir()) == []
    assert dialog.write_button.isEnabled()  # the officer can plug in another stick and retry


def test_a_pulled_out_drive_shows_the_vietnamese_message(qtbot, demo_window, usb):
    dialog = open_export(demo_window)
    usb.rmdir()
    message = write(qtbot, dialog)
    assert "(USB đã bị rút ra?)" in message and not usb.exists()


def test_the_fingerprint_is_in_help_information(demo_window):
    box = demo_window.about()
    assert f"Mã khóa ký của đơn vị: {keys.fingerprint(demo_window.ws.paths)}" in box.text()
    box.close()


def test_export_dialog_failure_of_an_unexpected_kind_goes_to_the_crash_path(qtbot, demo_window, usb,
                                                                          monkeypatch):
    from ebgov_desktop.gui import crash

    reported = []
    monkeypatch.setattr(crash, "report_exception", lambda exc, context="": reported.append(exc))

    def broken(*a, **k):
        raise KeyError("hỏng")

    monkeypatch.setattr(export_module.packages, "export_package", broken)
    dialog = open_export(demo_window)
    write(qtbot, dialog)
    assert isinstance(reported[0], KeyError)
