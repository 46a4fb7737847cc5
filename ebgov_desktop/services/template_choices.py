"""Choosing a new period's template: the latest version of each template of the unit's level, the
default the one in force on the period's last day (moved out of ``templates_exchange``, which
re-exports it)."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

__all__ = ["TemplateChoice", "template_choices", "template_in_force"]


# -- choosing a new period's template ----------------------------------------------------------------

@dataclass(frozen=True)
class TemplateChoice:
    template_id: str
    version: int
    label: str  # Vietnamese, for the dialogs' list


def template_choices(data_dir, period, level: str = "xa") -> tuple[list[TemplateChoice], int]:
    """The templates a new period of ``level`` may use (the latest version of each), and the index of
    the default one: the newest valid on the period's last day (so a period after 01/7/2025 gets the
    2025 template), else the newest of all."""
    from .templates import library

    lib = library(data_dir)
    newest: dict[str, object] = {}
    for t in lib.all():  # a later version replaces the earlier one for new periods
        if t.level == level and (t.id not in newest or t.version > newest[t.id].version):
            newest[t.id] = t
    found = list(newest.values())
    if not found:
        return [], -1
    _start, end = period.default_range()
    valid = [t for t in found if t.valid_on(end)]
    default = max(valid or found, key=lambda t: (t.valid_from or _dt.date.min, t.version))
    found.sort(key=lambda t: (t.valid_from or _dt.date.min, t.id, t.version), reverse=True)
    choices = []
    for t in found:
        year = f"mẫu {t.valid_from.year}" if t.valid_from else "mẫu"
        when = f"từ {t.valid_from:%d/%m/%Y}" if t.valid_from else "không giới hạn"
        if t.valid_to:
            when += f" đến {t.valid_to:%d/%m/%Y}"
        choices.append(TemplateChoice(t.id, t.version,
                                      f"{year}: {t.title} (phiên bản {t.version}, hiệu lực {when})"))
    index = next(i for i, t in enumerate(found) if (t.id, t.version) == (default.id, default.version))
    return choices, index


def template_in_force(data_dir, period, template_id: str, version: int) -> str:
    """"" when the template ``template_id`` / ``version`` is the one in force on the period's last day;
    else a Vietnamese sentence saying why not and naming the one that is (for the first-start dialog):
    out of its dates, or replaced by a template in force from a later date (the 2019 template, which
    has no end date, for a 2026 report)."""
    from .templates import library

    lib = library(data_dir)
    chosen = lib.find(template_id, version)
    _start, end = period.default_range()
    if chosen is None:
        return ""
    current = lib.newest_valid(end, chosen.level)
    if chosen.valid_on(end):
        if current is None or current.id == chosen.id \
                or (current.valid_from or _dt.date.min) <= (chosen.valid_from or _dt.date.min):
            return ""
        return (f"Mẫu «{chosen.title}» đã được thay bằng mẫu «{current.title}» từ "
                f"{current.valid_from:%d/%m/%Y}: báo cáo {period.label} nên dùng mẫu mới.")
    if chosen.valid_to is not None and chosen.valid_to < end:
        why = f"hết hiệu lực từ {chosen.valid_to + _dt.timedelta(days=1):%d/%m/%Y}"
    else:
        why = f"chỉ có hiệu lực từ {chosen.valid_from:%d/%m/%Y}"
    instead = f" Báo cáo {period.label} nên dùng mẫu «{current.title}»." if current else ""
    return f"Mẫu «{chosen.title}» {why}.{instead}"
