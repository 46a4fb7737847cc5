"""Opening an up-to-date workspace uses sqlite3 only; sqlite-utils is loaded when migrations must run."""

import os
import subprocess
import sys

from ebgov_desktop.storage import Store
from ebgov_desktop.storage.store import KNOWN_MIGRATIONS


def test_known_migrations_name_every_migration_of_the_schema():
    from sqlite_utils import Database

    from ebgov_desktop.storage.schema import MIGRATIONS

    names = tuple(m.name for m in MIGRATIONS.pending(Database(memory=True)))
    assert KNOWN_MIGRATIONS == names, (
        "a migration was added to storage/schema.py: add its name to KNOWN_MIGRATIONS in "
        "storage/store.py, or an up-to-date-looking workspace would never get it")


_CHILD = r"""
import sys
from ebgov_desktop.domain.periods import Period
from ebgov_desktop.services.workspace import Workspace
with Workspace.open(sys.argv[1]) as ws:
    ws.set_value(Period.parse("2019"), "tthc.digitized", 7)
    assert ws.values(Period.parse("2019"))["tthc.digitized"] == 7
    print(ws.unit.name, "sqlite_utils" in sys.modules)
"""


def test_an_up_to_date_workspace_opens_and_saves_without_sqlite_utils(demo_ws, data_dir):
    demo_ws.close()
    out = subprocess.run([sys.executable, "-c", _CHILD, str(data_dir)], capture_output=True, text=True,
                         encoding="utf-8", env=dict(os.environ, PYTHONIOENCODING="utf-8"), check=True).stdout
    assert out.split() == ["Quảng", "Thọ", "False"]


def test_a_new_workspace_is_migrated_and_db_still_works(tmp_path):
    with Store(tmp_path / "w.sqlite") as store:
        assert store.pending_migrations() == []
        assert {"unit", "period", "value", "_sqlite_migrations"} <= set(store.table_names())
        assert set(store.db.table_names()) == set(store.table_names())
        assert store.db.conn is store.conn


def test_nested_transactions_roll_back_together(tmp_path):
    with Store(tmp_path / "w.sqlite") as store:
        store.create_period("2019")
        try:
            with store.transaction():
                store.set_setting("a", 1)
                with store.transaction():
                    store.set_setting("b", 2)
                raise RuntimeError
        except RuntimeError:
            pass
        assert store.get_setting("a") is None and store.get_setting("b") is None
        store.set_setting("c", 3)  # outside a transaction: committed at once
    with Store(tmp_path / "w.sqlite") as store:
        assert store.get_setting("c") == 3 and store.period_codes() == ["2019"]
