"""What the program loads before its window is first painted: only what that window needs.

A fresh process starts the program as the launcher does (``cli.main``, no sub-command) on the demo
workspace and reports, from the first paint of the main window, which modules it had loaded. The lazy
paths checked here are easy to break by one import at the top of a module; each one costs the officer
start-up time (bench/startup.py measures it).
"""

import json
import os
import subprocess
import sys

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout

from ebgov_desktop.domain.template import FieldType, default_template
from ebgov_desktop.gui import fields

_CHILD = r"""
import json, os, sys
from ebgov_desktop.cli import main
from PySide6 import QtCore
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QMainWindow

class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and obj.isWidgetType() \
                and isinstance(obj.window(), QMainWindow):
            window = obj.window()
            print(json.dumps({"modules": sorted(sys.modules), "qt_namespace": "Qt" in QtCore.__dict__,
                              "title": window.windowTitle(), "pages": sorted(window.pages),
                              "actions": sorted(a.objectName() for a in window.actions())}))
            sys.stdout.flush()
            os._exit(0)
        return False

from ebgov_desktop.gui.app import application
app = application()
watcher = FirstPaint()
app.installEventFilter(watcher)
sys.exit(main(["--data-dir", sys.argv[1]]))
"""


def _first_paint(data_dir) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([sys.executable, "-c", _CHILD, str(data_dir)], capture_output=True,
                          text=True, encoding="utf-8", env=dict(env, PYTHONIOENCODING="utf-8"), timeout=120)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.splitlines()[-1])


def test_the_window_is_painted_before_anything_it_does_not_need_is_loaded(demo_ws, data_dir):
    demo_ws.close()
    seen = _first_paint(data_dir)
    assert seen["title"] == "UBND xã Quảng Thọ — Báo cáo năm 2019"
    assert seen["pages"] == ["unit_doc"]  # the other pages are built right after the first paint
    # the menus are complete at once: report, export and backup actions with their shortcuts
    assert {"action.export_pdf", "action.print", "action.export_usb", "action.backup",
            "action.undo", "action.quit"} <= set(seen["actions"])
    loaded = set(seen["modules"])
    # the sub-commands' modules (the full argument parser) only when a sub-command is given
    assert not {m for m in loaded if m.startswith("ebgov_desktop.cli.") and m != "ebgov_desktop.cli._vi"}
    # heavy libraries and what only menus, dialogs or other pages use
    for name in ("reportlab", "cryptography", "openpyxl", "sqlite_utils", "logging.handlers",
                 "subprocess", "platform", "ebgov_desktop.reporting", "ebgov_desktop.exchange",
                 "ebgov_desktop.gui.register", "ebgov_desktop.gui.backup_dialog",
                 "ebgov_desktop.gui.export_dialog", "ebgov_desktop.gui.welcome",
                 # the old-font converter's tables (8 ms) only on a paste; undo only on Ctrl+Z
                 "ebgov_desktop.domain.legacy_text", "ebgov_desktop.services.undo",
                 # the form is read from the parsed-template cache (storage.template_cache), not
                 # parsed again from TOML; labels are escaped without the html module's tables
                 "tomllib", "html"):
        assert name not in loaded, f"{name} is loaded before the window is first painted"
    # naming anything in Qt's ``Qt`` namespace builds all of it (~15 ms): not before the first paint
    # (e.g. QAction.setShortcut does; window_actions uses setShortcuts)
    assert not seen["qt_namespace"], "Qt's Qt namespace was built before the first paint"


def test_numbers_are_right_aligned_and_pages_never_scroll_sideways(qtbot):
    """fields.py sets these through Qt's property system as plain numbers: they are Qt's values."""
    count = fields.make_editor(next(f for f in default_template().fields.values()
                                    if f.type is FieldType.COUNT))
    qtbot.addWidget(count)
    assert count.alignment() == Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    page = fields.FieldPage("tthc", lambda: {}, template=default_template())
    qtbot.addWidget(page)
    assert page.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    forms = page.findChildren(QFormLayout)
    assert forms and all(form.labelAlignment() == Qt.AlignmentFlag.AlignRight
                         | Qt.AlignmentFlag.AlignVCenter for form in forms)
