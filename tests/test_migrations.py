"""A workspace of every released schema version opens, migrates to the current schema, and keeps its
data (the fixtures hold the demo data; see tests/fixtures/make_fixtures.py)."""

import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from ebgov_desktop.domain.periods import Period
from ebgov_desktop.services.backup import Reason, list_backups
from ebgov_desktop.services.datasets import dumps_pretty
from ebgov_desktop.services.paths import app_paths
from ebgov_desktop.services.startup import check_workspace, open_workspace
from ebgov_desktop.storage.schema import MIGRATIONS

FIXTURES = sorted(Path(__file__).parent.joinpath("fixtures").glob("workspace-v*.sqlite"))


def test_the_fixtures_are_released_versions_without_gaps():
    """v1 … vK with no gap; K may lag the migrations until a release adds its fixture
    (make_fixtures.py writes the current version)."""
    versions = sorted(int(re.search(r"v(\d+)", f.name).group(1)) for f in FIXTURES)
    assert versions and versions == list(range(1, versions[-1] + 1))
    assert versions[-1] <= len(MIGRATIONS._migrations)


@pytest.mark.parametrize("fixture", FIXTURES, ids=[f.stem for f in FIXTURES])
def test_fixture_migrates_with_its_data_intact(fixture, data_dir):
    with sqlite3.connect(fixture) as conn:  # a released file: only released migrations applied
        applied = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY rowid")]
    current = [m.name for m in MIGRATIONS._migrations]
    assert applied == current[: len(applied)]
    paths = app_paths(data_dir)
    shutil.copyfile(fixture, paths.workspace)
    assert check_workspace(paths).ok
    with open_workspace(paths) as ws:
        assert ws.store.pending_migrations() == []
        assert ws.store.integrity_ok()
        dump = dumps_pretty(ws.dataset(Period.parse("2019")))
    # the demo data as the fixtures were made (the demo gained seed 001's text with the templates)
    made_with = Path(__file__).parent / "fixtures" / "pre-template" / "quang-tho-2019.json"
    assert dump == made_with.read_text(encoding="utf-8")
    reasons = {b.reason for b in list_backups(paths)}
    if len(applied) < len(current):  # an older file: backed up before the migration
        assert Reason.BEFORE_MIGRATION in reasons
    assert fixture.read_bytes()  # the committed fixture itself is never touched (it was copied)
