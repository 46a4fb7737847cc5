"""The equipment register: one row per group of identical items."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from .catalogue import COMPUTER_KINDS

__all__ = ["RegisterItem", "REGISTER_KEYS", "present_in", "count_by"]


@dataclass(frozen=True)
class RegisterItem:
    kind: str
    description: str = ""
    quantity: int | None = 1
    year_acquired: int | None = None
    origin: str = ""  # "moi" / "da_qua_su_dung" / ""
    condition: str = "tot"
    location: str = ""
    user_group: str = ""  # "cbcc" / "khong_chuyen_trach" / "chung" / ""
    cpnet: int | None = None  # computers of this row connected to CPNet
    asset_code: str = ""
    notes: str = ""
    year_disposed: int | None = None
    #: storage id; never part of a dataset file
    id: int | None = None

    def to_dict(self) -> dict:
        """The row as a dataset file holds it (no storage id). Plain getattr: asdict deep-copies."""
        return {key: getattr(self, key) for key in REGISTER_KEYS}

    def with_changes(self, **changes) -> "RegisterItem":
        return replace(self, **changes)

    @property
    def is_computer(self) -> bool:
        return self.kind in COMPUTER_KINDS

    def present_in(self, year: int) -> bool:
        """In use during ``year``: acquired by then, not disposed before it ends."""
        if self.year_acquired is not None and self.year_acquired > year:
            return False
        return self.year_disposed is None or self.year_disposed > year


REGISTER_KEYS: tuple[str, ...] = tuple(f.name for f in fields(RegisterItem) if f.name != "id")


def present_in(items, year: int) -> list[RegisterItem]:
    return [i for i in items if i.present_in(year)]


def count_by(items, attribute: str) -> dict[str, int]:
    """Sum of quantities by ``kind`` or ``condition`` (the register's summary line)."""
    totals: dict[str, int] = {}
    for item in items:
        key = getattr(item, attribute) or ""
        totals[key] = totals.get(key, 0) + (item.quantity or 0)
    return totals
