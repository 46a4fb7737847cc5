import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from ebgov_desktop.services.datasets import demo_dataset  # noqa: E402
from ebgov_desktop.services.workspace import Workspace  # noqa: E402


@pytest.fixture
def data_dir(tmp_path):
    d = tmp_path / "data"
    d.mkdir()
    return d


@pytest.fixture
def demo_ws(data_dir):
    """A workspace holding the demo data (xã Quảng Thọ, 2019)."""
    ws = Workspace.open(data_dir)
    ws.load_dataset(demo_dataset())
    yield ws
    ws.close()
