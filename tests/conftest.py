import atexit
import os
import shutil
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# parsed templates are kept in a folder of this run (and its child processes), not the user's cache
_CACHE = tempfile.mkdtemp(prefix="ebgov-test-cache-")
os.environ["EBGOV_CACHE_DIR"] = _CACHE
atexit.register(shutil.rmtree, _CACHE, True)

import pytest  # noqa: E402

from ebgov_desktop.domain.periods import Period  # noqa: E402
from ebgov_desktop.services.datasets import demo_dataset  # noqa: E402
from ebgov_desktop.services.workspace import Workspace  # noqa: E402


@pytest.fixture
def data_dir(tmp_path):
    d = tmp_path / "data"
    d.mkdir()
    return d


@pytest.fixture
def former_package(demo_ws, tmp_path):
    """The demo commune's 2019 package on a USB folder: what a merged commune brings."""
    from ebgov_desktop.services.packages import export_package

    usb = tmp_path / "usb"
    usb.mkdir()
    return export_package(demo_ws, demo_ws.snapshot(Period.parse("2019")), usb).path


@pytest.fixture
def demo_ws(data_dir):
    """A workspace holding the demo data (xã Quảng Thọ, 2019)."""
    ws = Workspace.open(data_dir)
    ws.load_dataset(demo_dataset())
    yield ws
    ws.close()


@pytest.fixture(autouse=True)
def _no_worker_outlives_its_test():
    """A background task left running would leak into the next test (the global pool has as many
    threads as cores) or touch Qt while the interpreter shuts down."""
    yield
    import sys

    if "PySide6.QtCore" in sys.modules:
        from PySide6.QtCore import QThreadPool

        assert QThreadPool.globalInstance().waitForDone(30_000), "a background task never finished"
