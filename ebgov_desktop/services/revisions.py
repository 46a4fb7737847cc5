"""Which revision a period's data has: it goes up only when the data changed since the last export,
and it never goes down, not even after a backup is restored or the program is reinstalled from one.

The report prints the revision and digest of the data it was made from; the USB package of the same
data carries the same digest. Both ask this module.

The highest revision sent for each period is kept twice: in the workspace (with the data) and in
``keys/sent-revisions.json`` beside the signing key, which a restore never lowers: restoring a backup
replaces the workspace only, a copy written by "Sao lưu ra USB…" carries the file with the key, and a
restore from such a copy merges it (the higher revision of each period wins). So the superior never
receives two different packages with the same revision, nor a correction "older" than what it has.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ..domain.dataset import Dataset
from ..domain.periods import Period
from .paths import AppPaths
from .workspace import Workspace

__all__ = ["Revision", "current_revision", "record_export", "sent_revisions", "merge_sent_revisions",
           "SENT_FILE"]

SENT_FILE = "sent-revisions.json"


@dataclass(frozen=True)
class Revision:
    number: int  # 1, 2, …
    digest: str  # SHA-256 (hex) of the dataset's canonical JSON
    exported: bool  # True when a package with exactly this data was already written
    highest_sent: int = 0  # the highest revision ever sent for the period (0: none)

    @property
    def short_digest(self) -> str:
        return self.digest[:16]


def _key(period: Period) -> str:
    return f"export.{period.code}"


def _sent_file(paths: AppPaths) -> Path:
    return paths.keys_dir / SENT_FILE


def _read_sent(path: Path) -> dict[str, dict]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: v for k, v in data.items() if isinstance(v, dict) and isinstance(v.get("revision"), int)
            and isinstance(v.get("digest"), str)}


def sent_revisions(paths: AppPaths) -> dict[str, dict]:
    """Period code → ``{"revision": n, "digest": …}``: the highest revision sent, as kept beside the key."""
    return _read_sent(_sent_file(paths))


def _write_sent(paths: AppPaths, data: dict[str, dict]) -> None:
    from ..storage.atomic import atomic_write

    paths.keys_dir.mkdir(parents=True, exist_ok=True)
    atomic_write(_sent_file(paths), data=json.dumps(data, sort_keys=True, indent=1).encode("utf-8"))


def merge_sent_revisions(paths: AppPaths, other: Path) -> None:
    """Take in another ``sent-revisions.json`` (from a USB copy being restored): higher wins."""
    mine = sent_revisions(paths)
    changed = False
    for period, entry in _read_sent(other).items():
        if entry["revision"] > mine.get(period, {}).get("revision", 0):
            mine[period] = entry
            changed = True
    if changed:
        _write_sent(paths, mine)


def current_revision(ws: Workspace, period: Period, dataset: Dataset | None = None) -> Revision:
    """The revision the data has now: the last exported one if unchanged, else one more than the
    highest ever sent (the workspace's record and the one beside the key, which a restore cannot
    lower). ``dataset``: the period's dataset when the caller has just read it (it is not read again)."""
    digest = (dataset if dataset is not None else ws.dataset(period)).digest()
    last = ws.store.get_setting(_key(period))
    # a workspace opened on a backup file has no key folder beside it
    sent = sent_revisions(ws.paths).get(period.code) if ws.paths is not None else None
    top = max(last["revision"] if last else 0, sent["revision"] if sent else 0)
    if sent is not None and sent["digest"] == digest and sent["revision"] == top:
        return Revision(top, digest, True, top)
    if last is not None and last["digest"] == digest and last["revision"] == top:
        return Revision(top, digest, True, top)
    return Revision(top + 1, digest, False, top)


def record_export(ws: Workspace, period: Period, digest: str, revision: int) -> None:
    """Remember that ``revision`` with ``digest`` was exported (called after the file is verified):
    in the workspace and beside the key."""
    ws.store.set_setting(_key(period), {"revision": revision, "digest": digest})
    sent = sent_revisions(ws.paths)
    if revision >= sent.get(period.code, {}).get("revision", 0):
        sent[period.code] = {"revision": revision, "digest": digest}
        _write_sent(ws.paths, sent)
