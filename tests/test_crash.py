"""The crash path: an exception in a slot or in a background worker shows the Vietnamese dialog and
lands, with its traceback, in the rotating log."""

import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QPushButton

from ebgov_desktop.gui import crash
from ebgov_desktop.services import logs
from ebgov_desktop.services.paths import app_paths


@pytest.fixture
def hooked(qtbot, data_dir):
    log_path = logs.setup_logging(app_paths(data_dir))
    crash.install_excepthook(log_path)
    yield log_path
    crash.uninstall_excepthook()
    logs.stop_logging()


def _dialog(qtbot):
    qtbot.waitUntil(lambda: crash.current_dialog() is not None and crash.current_dialog().isVisible())
    return crash.current_dialog()


@pytest.mark.qt_no_exception_capture
def test_exception_in_a_slot_shows_the_dialog_and_is_logged(qtbot, hooked):
    button = QPushButton("Tính")
    qtbot.addWidget(button)

    def broken_slot():
        raise ZeroDivisionError("chia cho 0 <b>trong</b> ô tỷ lệ")

    button.clicked.connect(broken_slot)
    qtbot.mouseClick(button, Qt.LeftButton)
    dialog = _dialog(qtbot)
    assert dialog.objectName() == "crashDialog"
    assert dialog.windowTitle() == "Chương trình gặp lỗi"
    text = dialog.findChild(type(dialog.message), "crashMessage").text()
    assert "ZeroDivisionError: chia cho 0 <b>trong</b> ô tỷ lệ" in text
    assert "Dữ liệu của anh/chị vẫn an toàn" in text
    assert str(hooked) in text
    details = dialog.details.toPlainText()
    assert "Traceback" in details and "broken_slot" in details

    log_text = hooked.read_text(encoding="utf-8")
    assert "Traceback" in log_text and "in broken_slot" in log_text
    assert "ZeroDivisionError: chia cho 0" in log_text

    qtbot.mouseClick(dialog.findChild(QPushButton, "copyDetails"), Qt.LeftButton)
    assert "in broken_slot" in QGuiApplication.clipboard().text()
    assert dialog.copy_button.text() == "Đã sao chép"
    qtbot.mouseClick(dialog.findChild(QPushButton, "closeCrash"), Qt.LeftButton)
    assert not dialog.isVisible()


@pytest.mark.qt_no_exception_capture
def test_exception_in_a_background_thread_shows_the_dialog_in_the_gui_thread(qtbot, hooked):
    def worker():
        raise RuntimeError("ổ USB bị rút ra giữa chừng")

    t = threading.Thread(target=worker, name="nhap-goi")
    t.start()
    t.join()
    dialog = _dialog(qtbot)
    assert dialog.thread() is QGuiApplication.instance().thread()
    assert "RuntimeError: ổ USB bị rút ra giữa chừng" in dialog.message.text()
    log_text = hooked.read_text(encoding="utf-8")
    assert "in worker" in log_text and "luồng nhap-goi" in log_text


@pytest.mark.qt_no_exception_capture
def test_a_worker_reports_its_caught_exception_the_same_way(qtbot, hooked):
    """A background runner catches the worker's exception and calls report_exception."""
    done = []

    def runner():
        try:
            {}["khóa"]
        except KeyError as exc:
            crash.report_exception(exc, "xuất báo cáo")
        done.append(True)

    t = threading.Thread(target=runner)
    t.start()
    t.join()
    dialog = _dialog(qtbot)
    assert done and "KeyError" in dialog.message.text()
    # a second failure while the dialog is open is appended, not a second window
    crash.report_exception(ValueError("lần hai"))
    qtbot.waitUntil(lambda: "Lỗi thứ 2" in dialog.details.toPlainText())
    log_text = hooked.read_text(encoding="utf-8")
    assert "Nơi xảy ra: xuất báo cáo" in log_text and "in runner" in log_text
