"""Which revision a period's data has: it goes up only when the data changed since the last export.

The report prints the revision and digest of the data it was made from; the USB package of the same
data carries the same digest. Both ask this module.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..domain.dataset import Dataset
from ..domain.periods import Period
from .workspace import Workspace

__all__ = ["Revision", "current_revision", "record_export"]


@dataclass(frozen=True)
class Revision:
    number: int  # 1, 2, …
    digest: str  # SHA-256 (hex) of the dataset's canonical JSON
    exported: bool  # True when a package with exactly this data was already written

    @property
    def short_digest(self) -> str:
        return self.digest[:16]


def _key(period: Period | str) -> str:
    return f"export.{period}"


def current_revision(ws: Workspace, period: Period | str, dataset: Dataset | None = None) -> Revision:
    """The revision the data has now: the last exported one if unchanged, else the next one.
    ``dataset``: the period's dataset when the caller has just read it (it is not read again)."""
    digest = (dataset if dataset is not None else ws.dataset(period)).digest()
    last = ws.store.get_setting(_key(period))
    if last is None:
        return Revision(1, digest, False)
    if last["digest"] == digest:
        return Revision(last["revision"], digest, True)
    return Revision(last["revision"] + 1, digest, False)


def record_export(ws: Workspace, period: Period | str, digest: str, revision: int) -> None:
    """Remember that ``revision`` with ``digest`` was exported (called after the file is verified)."""
    ws.store.set_setting(_key(period), {"revision": revision, "digest": digest})
