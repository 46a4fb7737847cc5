"""The document settings a period starts with, from its template: the trích yếu, the symbol, the place.

A template's text field may say ``default = "Kết quả … {period.label}"``; a new period takes that text
with ``{period.label}``, ``{period.year}``, ``{unit.name}``, ``{unit.full_name}``, ``{unit.council}``
and ``{unit.short_council}`` filled in. Nothing here is printed that the template or the officer did not
write: a field without a default starts empty.
"""

from __future__ import annotations

from typing import Any

from .template import PLACEHOLDER, FieldType, Template

__all__ = ["fill", "document_defaults", "default_title"]


def _specials(unit: Any, period: Any) -> dict[str, str]:
    return {
        "period.label": period.label,
        "period.year": str(period.year),
        "unit.name": unit.name,
        "unit.full_name": unit.full_name,
        "unit.council": unit.council_name,
        "unit.short_council": unit.short_council_name,
    }


def fill(text: str, unit: Any, period: Any) -> str:
    """``text`` with the period's and the unit's placeholders filled (others are left as written)."""
    specials = _specials(unit, period)

    def one(m):
        value = specials.get(m.group(2))
        if value is None:
            return m.group(0)
        return value[:1].upper() + value[1:] if m.group(1) else value

    return PLACEHOLDER.sub(one, text)


def document_defaults(template: Template, unit: Any, period: Any) -> dict[str, str]:
    """The text fields a new period of ``template`` starts with (their ``default``), filled in."""
    return {f.key: fill(f.default, unit, period) for f in template.fields.values()
            if f.default and f.type is FieldType.TEXT}


def default_title(template: Template, unit: Any, period: Any) -> str:
    """The trích yếu printed when the officer left it empty: the template's default for ``doc.title``,
    else the template's own title ("Báo cáo kết quả …") without "Báo cáo", with the period."""
    spec = template.fields.get("doc.title")
    if spec is not None and spec.default:
        return fill(spec.default, unit, period)
    title = template.title.removeprefix("Báo cáo ").removeprefix("báo cáo ").strip()
    return f"{title[:1].upper()}{title[1:]} {period.label}"
