"""Start-up time: process start → first painted main window, against a bare PySide6 window.

    .venv/bin/python bench/startup.py [--runs 7]

The program starts through its entry point (``ebgov_desktop.cli.main``, as the launcher of the bundle
does) and opens a workspace holding the demo report and a 500-item register; the floor is a bare
PySide6 ``QMainWindow`` with four tabs, measured in the same run. Each sample is a fresh process; the
parent times from spawning it to the child's line "painted" (sent from the first paint event of the
``QMainWindow``). Prints both medians and the ratio (goal ≤ 1.5×), and which heavy
modules (reportlab, cryptography, openpyxl, sqlite_utils) the program had imported by then (goal: none).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("reportlab", "cryptography", "openpyxl", "sqlite_utils")

# The first paint is caught by a ``paintEvent`` set on the QMainWindow class (the window's own paint
# event starts the first paint pass), not by an event filter on the application: a Python filter there
# makes PySide6 wrap the receiver of every event, and wrapping one of Qt's private objects (the popup of
# a combo box) makes it create some 160 enum types, 30 ms that neither program pays without the filter.
_CHILD_COMMON = r"""
import os, sys
from PySide6.QtWidgets import QMainWindow

def _first_paint(self, event):
    heavy = [m for m in %r if m in sys.modules]
    sys.stdout.write("painted " + ",".join(heavy) + "\n")
    sys.stdout.flush()
    os._exit(0)

QMainWindow.paintEvent = _first_paint
"""

# ``--app-filter``: the way this bench measured before (to compare with figures quoted then): the same
# Python filter on every event of the application, in both programs.
APP_FILTER = r"""
from PySide6.QtCore import QEvent, QObject

class _EveryEvent(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and obj.isWidgetType() and isinstance(obj.window(), QMainWindow):
            pass
        return False

_every_event = _EveryEvent()
app.installEventFilter(_every_event)
"""

CHILD_BARE = _CHILD_COMMON % (HEAVY,) + r"""
from PySide6.QtWidgets import QApplication, QLabel, QTabWidget
app = QApplication(sys.argv[:1])
#FILTER
w = QMainWindow()
tabs = QTabWidget()
for name in ("Một", "Hai", "Ba", "Bốn"):
    tabs.addTab(QLabel(name), name)
w.setCentralWidget(tabs)
w.resize(1366, 768)
w.show()
app.exec()
"""

# The program starts as the launcher does (``ebgov_desktop.cli.main``, no sub-command) and imports its
# modules in its own order; the harness's PySide6 imports come after, so they cost it nothing.
CHILD_APP = r"""
from ebgov_desktop.cli import main
from ebgov_desktop.gui import app as gui_app
""" + _CHILD_COMMON % (HEAVY,) + r"""
app = gui_app.application()
#FILTER
sys.exit(main(["--data-dir", sys.argv[1]]))
"""


def make_workspace(data_dir: Path, rows: int = 500) -> None:
    sys.path.insert(0, str(ROOT))
    from ebgov_desktop.domain.register import RegisterItem
    from ebgov_desktop.services.datasets import demo_dataset
    from ebgov_desktop.services.workspace import Workspace

    with Workspace.open(data_dir) as ws:
        ds = demo_dataset()
        kinds = ("computer_desktop", "printer", "scanner", "camera", "ups", "switch")
        extra = [RegisterItem(kind=kinds[i % len(kinds)], description=f"Thiết bị số {i}",
                              quantity=1 + i % 3, year_acquired=2010 + i % 10,
                              condition=("tot", "xuong_cap", "hong")[i % 3],
                              location=f"Phòng {i % 12}", asset_code=f"TS-{i:04d}")
                 for i in range(rows - len(ds.register))]
        ds.register = ds.register + extra
        ws.load_dataset(ds)
        assert len(ws.register_items()) == rows


def sample(code: str, *args: str, pycache: Path | None = None) -> tuple[float, str]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    if pycache is not None:  # bytecode compiled once and reused, as the bundle ships it
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(pycache)
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, env=env, cwd=ROOT, text=True)
    line = proc.stdout.readline()
    elapsed = time.perf_counter() - start
    proc.wait(timeout=30)
    if not line.startswith("painted"):
        raise SystemExit(f"the child did not paint a window (exit {proc.returncode})")
    return elapsed, line.split(" ", 1)[1].strip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--compile-each-time", action="store_true",
                        help="no cached bytecode (PYTHONDONTWRITEBYTECODE): every start compiles "
                             "the program's sources, which the bundle never does")
    parser.add_argument("--app-filter", action="store_true",
                        help="measure as this bench did before 2026-11-29: with a Python event filter on "
                             "the application in both programs (it costs both, the program more)")
    args = parser.parse_args()
    filt = APP_FILTER if args.app_filter else ""
    child_bare, child_app = CHILD_BARE.replace("#FILTER", filt), CHILD_APP.replace("#FILTER", filt)
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        make_workspace(data_dir)
        cache = None if args.compile_each_time else Path(tmp) / "pycache"
        sample(child_bare, pycache=cache)  # warm the file cache (and bytecode) once for both
        sample(child_app, str(data_dir), pycache=cache)
        bare, ours, heavy = [], [], set()
        for _ in range(args.runs):
            bare.append(sample(child_bare, pycache=cache)[0])
            t, loaded = sample(child_app, str(data_dir), pycache=cache)
            ours.append(t)
            heavy.update(filter(None, loaded.split(",")))
    b, o = statistics.median(bare), statistics.median(ours)
    print(f"bare PySide6 window, four tabs:          {b * 1000:7.0f} ms (median of {args.runs})")
    print(f"ebgov window, demo + 500-item register:  {o * 1000:7.0f} ms (median of {args.runs})")
    print(f"ratio: {o / b:.2f}×  (goal ≤ 1.5×); bytecode "
          + ("compiled at every start" if args.compile_each_time else "cached, as in the bundle")
          + "; the template read from the parsed-template cache, as from the second start"
          + ("; with the former application-wide event filter" if args.app_filter else ""))
    print("heavy modules imported at start: " + (", ".join(sorted(heavy)) or "none"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
