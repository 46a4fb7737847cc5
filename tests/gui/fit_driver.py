"""Opens every top-level window and dialog of the program on the screen Qt was started with and prints,
as one JSON line each, whether it fits the screen's work area and which of its labels and buttons are
cut short. Run by ``test_gui_fit.py`` in a child process per screen (an offscreen screen of a given
size, ``QT_SCALE_FACTOR`` for the scaling); not a test module itself.

    python fit_driver.py WORK_DIR
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtCore import QRect
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QTabWidget,
    QWidget,
)


def _cut_short(top: QWidget) -> list[str]:
    """Labels and buttons on ``top`` whose text does not fit their width (Qt clips it silently)."""
    out = []
    for w in top.findChildren(QLabel):
        if not w.isVisibleTo(top) or w.wordWrap() or not w.text() or w.pixmap() is not None \
                and not w.pixmap().isNull():
            continue
        text = w.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
        if "<" in text:  # rich text: its own layout
            continue
        widest = max(w.fontMetrics().horizontalAdvance(line) for line in text.split("\n"))
        if widest > w.contentsRect().width() + 1:
            out.append(f"nhãn «{text[:60]}» ({widest} > {w.contentsRect().width()} px)")
    for b in top.findChildren(QAbstractButton):
        if b.isVisibleTo(top) and b.text() and b.sizeHint().width() > b.width() + 1:
            out.append(f"nút «{b.text()[:60]}» ({b.sizeHint().width()} > {b.width()} px)")
    return out


def _report(name: str, top: QWidget) -> None:
    app = QApplication.instance()
    top.show()
    for _ in range(5):
        app.processEvents()
    screen = top.screen() or app.primaryScreen()
    area: QRect = screen.availableGeometry()
    frame = top.frameGeometry()
    print(json.dumps({
        "name": name,
        "fits": area.contains(frame),
        "frame": [frame.x(), frame.y(), frame.width(), frame.height()],
        "area": [area.x(), area.y(), area.width(), area.height()],
        "cut": _cut_short(top),
    }, ensure_ascii=False), flush=True)


def _pages(name: str, window, keys) -> None:
    """The window once per page: each page must fit and show its labels whole."""
    tabs: QTabWidget = window.findChild(QTabWidget, "pages")
    for key in keys:
        window.show_page(key)
        _report(f"{name}:{key}", window)
    assert tabs is not None


def main(work: Path) -> None:
    from ebgov_desktop.gui.app import application

    _app = application()  # kept alive while the windows are made
    # the welcome dialog of a first start
    from ebgov_desktop.gui.welcome import WelcomeDialog
    from ebgov_desktop.services.datasets import demo_dataset
    from ebgov_desktop.services.paths import app_paths
    from ebgov_desktop.services.settings import Settings
    from ebgov_desktop.services.workspace import Workspace

    fresh = app_paths(work / "fresh").ensure()
    _report("welcome", WelcomeDialog(fresh))

    # the commune window, as at a first start (no remembered geometry), on the demo data
    paths = app_paths(work / "commune").ensure()
    ws = Workspace.open(paths=paths)
    ws.load_dataset(demo_dataset())
    from ebgov_desktop.gui.main_window import MainWindow

    window = MainWindow(ws, Settings(paths.settings_file))
    window.build_all_pages()
    _pages("commune", window, window.page_keys)

    from ebgov_desktop.gui.help_window import DataPlaceDialog, HelpWindow

    _report("help", HelpWindow(window))
    _report("data_place", DataPlaceDialog(ws.paths, window))

    from ebgov_desktop.gui.dialogs import BlockingErrorsDialog, NewPeriodDialog

    _report("new_period", NewPeriodDialog(ws.periods(), window))
    _report("blocking_errors", BlockingErrorsDialog(
        "Chưa xuất được dữ liệu", "Hãy sửa các lỗi sau rồi xuất lại:",
        ["Số máy tính trong sổ thiết bị khác số máy tính đã khai báo"] * 3, window))

    from ebgov_desktop.gui.export_dialog import ExportDialog
    from ebgov_desktop.services.packages import export_preview

    _report("export", ExportDialog(ws, window.period, export_preview(ws, ws.snapshot(window.period)), window))

    from ebgov_desktop.gui.backup_dialog import BackupDialog

    _report("backup", BackupDialog(ws.paths, ws.store, window))

    from ebgov_desktop.services.packages import export_package

    usb = work / "usb"
    usb.mkdir(exist_ok=True)
    package = export_package(ws, ws.snapshot(window.period), usb).path
    from ebgov_desktop.gui.merge_dialog import preview_dialog

    merge = preview_dialog(window, package)
    if merge is not None:
        _report("merge", merge)

    from ebgov_desktop.services.report import make_report

    pdf = work / "report.pdf"
    make_report(ws.snapshot(window.period), pdf)
    from ebgov_desktop.gui.print_preview import PrintPreviewDialog

    _report("preview", PrintPreviewDialog(pdf, "Báo cáo", window))

    from ebgov_desktop.domain.template import builtin_dir
    from ebgov_desktop.gui.template_import import TemplateImportDialog

    _report("template_import", TemplateImportDialog(ws, builtin_dir() / "cds-xa-2025.toml", window))

    from ebgov_desktop.gui.crash import CrashDialog

    _report("crash", CrashDialog("Chương trình gặp lỗi khi lưu số liệu.", "Traceback …\n" * 40, None,
                                 window))

    from ebgov_desktop.gui.startup_check import StartupCheckDialog
    from ebgov_desktop.services.startup import check_workspace

    broken = app_paths(work / "broken").ensure()
    broken.workspace.write_bytes(b"not a database at all" * 100)
    _report("startup_check", StartupCheckDialog(check_workspace(broken)))

    # the superior window and its import dialog
    from ebgov_desktop.domain.units import Unit, UnitKind

    sup_paths = app_paths(work / "province").ensure()
    sws = Workspace.open(paths=sup_paths)
    sws.set_unit(Unit(code="46", kind=UnitKind.TINH, name="Huế", province="Huế"))
    from ebgov_desktop.gui.superior.window import SuperiorWindow

    superior = SuperiorWindow(sws, Settings(sup_paths.settings_file))
    _pages("superior", superior, list(superior.pages))
    from ebgov_desktop.gui.superior.import_dialog import ImportDialog

    _report("superior_import", ImportDialog(superior))
    print(json.dumps({"name": "done"}), flush=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
