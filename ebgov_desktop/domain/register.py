"""The equipment register: one row per group of identical items.

The columns are the same under every template; the lists a row chooses from (kinds, conditions,
origins, user groups) are the period's template's ``[register]`` (``register_choices``).
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from .template_model import Choice, Template

__all__ = ["RegisterItem", "REGISTER_KEYS", "REGISTER_COLUMNS", "CHOICE_COLUMNS", "register_choices",
           "choice_label", "present_in", "count_by"]


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

    def present_in(self, year: int) -> bool:
        """In use during ``year``: acquired by then, not disposed before it ends."""
        if self.year_acquired is not None and self.year_acquired > year:
            return False
        return self.year_disposed is None or self.year_disposed > year


REGISTER_KEYS: tuple[str, ...] = tuple(f.name for f in fields(RegisterItem) if f.name != "id")

#: Register columns in display order (the window, the Excel copy, the import): (key, Vietnamese header).
REGISTER_COLUMNS: tuple[tuple[str, str], ...] = (
    ("kind", "Loại thiết bị"),
    ("description", "Mô tả (model)"),
    ("quantity", "Số lượng"),
    ("year_acquired", "Năm trang bị"),
    ("origin", "Khi nhận"),  # new or used when received (not where it came from)
    ("condition", "Tình trạng"),
    ("location", "Vị trí"),
    ("user_group", "Đối tượng sử dụng"),
    ("cpnet", "Kết nối CPNet"),
    ("asset_code", "Mã tài sản"),
    ("notes", "Ghi chú"),
    ("year_disposed", "Năm thanh lý"),
)

#: The columns whose value is a key of one of the template's register lists.
CHOICE_COLUMNS: tuple[str, ...] = ("kind", "condition", "origin", "user_group")


def register_choices(template: Template) -> dict[str, tuple[Choice, ...]]:
    """Column → the template's list for it (``[register]`` kinds, conditions, origins, user_groups)."""
    return {"kind": template.register_kinds, "condition": template.conditions,
            "origin": template.origins, "user_group": template.user_groups}


def choice_label(choices: tuple[Choice, ...], key: str | None) -> str:
    """The label of ``key`` in ``choices``; "" when it is not there."""
    for c in choices:
        if c.key == key:
            return c.label
    return ""


def present_in(items, year: int) -> list[RegisterItem]:
    return [i for i in items if i.present_in(year)]


def count_by(items, attribute: str) -> dict[str, int]:
    """Sum of quantities by ``kind`` or ``condition`` (the register's summary line)."""
    totals: dict[str, int] = {}
    for item in items:
        key = getattr(item, attribute) or ""
        totals[key] = totals.get(key, 0) + (item.quantity or 0)
    return totals
