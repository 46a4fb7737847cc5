"""The background runner: results, progress, cancel and errors reach the GUI thread."""

import threading

from ebgov_desktop.gui.tasks import run_task


def test_result_and_progress_arrive_on_the_gui_thread(qtbot):
    seen = []

    def work(state, n):
        for i in range(n):
            state.set_progress(i + 1, n, f"bước {i + 1}")
        return threading.current_thread() is not threading.main_thread()

    finished = []  # callbacks are given to run_task: a quick worker may be done before it returns
    run_task(work, 3, on_progress=lambda *a: seen.append(a), on_finished=lambda: finished.append(1))
    qtbot.waitUntil(lambda: finished == [1])
    task_result = []
    run_task(work, 2, on_done=task_result.append)
    qtbot.waitUntil(lambda: task_result == [True])
    assert (3, 3, "bước 3") in seen


def test_a_failing_worker_is_reported_not_lost(qtbot):
    errors = []

    def work(state):
        raise OSError("ổ USB đã bị rút")

    run_task(work, on_error=lambda exc, tb: errors.append((exc, tb)))
    qtbot.waitUntil(lambda: bool(errors))
    assert isinstance(errors[0][0], OSError) and "work" in errors[0][1]


def test_cancel_is_seen_by_the_worker(qtbot):
    started, results = threading.Event(), []
    go = threading.Event()

    def work(state):
        started.set()
        go.wait(5)
        return "dừng" if state.cancelled else "xong"

    task = run_task(work, on_done=results.append)
    assert started.wait(5)
    task.cancel()
    go.set()
    qtbot.waitUntil(lambda: bool(results))
    assert results == ["dừng"]


def test_an_unhandled_worker_error_goes_to_the_crash_path(qtbot, monkeypatch):
    from ebgov_desktop.gui import crash

    reported = []
    monkeypatch.setattr(crash, "report_exception", lambda exc, context="", tb=None: reported.append(exc))

    def work(state):
        raise ValueError("hỏng")

    run_task(work)
    qtbot.waitUntil(lambda: bool(reported))
    assert str(reported[0]) == "hỏng"


def test_show_progress_on_a_dialog_and_on_a_bar(qtbot):
    from PySide6.QtWidgets import QProgressBar, QProgressDialog

    from ebgov_desktop.gui.tasks import show_progress

    dialog = QProgressDialog("", "Hủy", 0, 0)
    qtbot.addWidget(dialog)
    show_progress(dialog, 3, 10, "Đang nhập xã Quảng Thọ")
    assert (dialog.maximum(), dialog.value(), dialog.labelText()) == (10, 3, "Đang nhập xã Quảng Thọ")
    bar = QProgressBar()
    qtbot.addWidget(bar)
    show_progress(bar, 12, 0)  # no total yet: never beyond the end
    assert (bar.maximum(), bar.value()) == (1, 1)
