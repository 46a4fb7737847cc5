"""Báo cáo > Xuất báo cáo Word (.docx)… in the real window."""

import docx
from PySide6.QtWidgets import QFileDialog

from ebgov_desktop.gui import report_actions
from ebgov_desktop.services.report import default_report_name


def test_export_word_copy(qtbot, demo_window, tmp_path, monkeypatch):
    opened, asked = [], []
    monkeypatch.setattr(report_actions, "open_in_viewer", lambda path: opened.append(path) or True)

    def save_as(parent, title, default, file_filter):
        asked.append((title, default, file_filter))
        return str(tmp_path / "ban-word"), file_filter

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_as))
    actions = demo_window.report_actions
    menu = {a.objectName(): a.text() for a in demo_window.menus["report"].actions()}
    assert menu["action.export_docx"] == "Xuất báo cáo &Word (.docx)…"
    actions.export_docx_action.trigger()
    assert asked[0][0] == "Lưu báo cáo Word" and asked[0][2] == "Tệp Word (*.docx)"
    assert asked[0][1].endswith(default_report_name(demo_window.ws.unit, "2019").replace(".pdf", ".docx"))
    assert actions.progress.windowTitle() == "Xuất báo cáo Word"
    qtbot.waitUntil(lambda: opened != [], timeout=30_000)
    out = tmp_path / "ban-word.docx"
    assert opened == [out] and out.exists()
    assert "Tình hình ứng dụng công nghệ thông tin năm 2019" in [p.text for p in docx.Document(out).paragraphs]
    qtbot.waitUntil(lambda: actions.task is None, timeout=30_000)
    assert demo_window.status.text().startswith("Đã ghi bản Word (có thể chỉnh sửa) của báo cáo năm 2019")
