"""The default form (the 2019 template) under its old names: a thin façade over ``template.py``.

Every field, section, indicator, rule and register list now lives in the template file
``resources/templates/bc-ungdung-cntt-2019.toml``; code that works on one period's data should use
that period's template (``Template.fields`` …). These names stay for the code that serves every
template alike (unit fields, document fields, the register) and for periods made before templates.
"""

from __future__ import annotations

from .template import (
    Choice,
    Derived,
    Field,
    FieldType,
    Indicator,
    Page,
    Scope,
    Section,
    default_template,
)

__all__ = [
    "FORM_VERSION",
    "FieldType",
    "Scope",
    "Page",
    "Section",
    "Field",
    "Derived",
    "Indicator",
    "Choice",
    "PAGES",
    "SECTIONS",
    "FIELDS",
    "DERIVED",
    "INDICATORS",
    "REGISTER_KINDS",
    "CONDITIONS",
    "ORIGINS",
    "USER_GROUPS",
    "COMPUTER_KINDS",
    "SUPERIOR_OFFICES",
    "REGISTER_COLUMNS",
    "field",
    "fields_in_section",
    "sections_on_page",
    "choice_label",
]

FORM_VERSION = 1

_T = default_template()
PAGES = _T.pages
SECTIONS = _T.sections
FIELDS = _T.fields
DERIVED = _T.derived
INDICATORS = _T.indicators
REGISTER_KINDS = _T.register_kinds
CONDITIONS = _T.conditions
ORIGINS = _T.origins
#: Who a computer serves; the report's two ratio rows are made from it.
USER_GROUPS = _T.user_groups
COMPUTER_KINDS = _T.computer_kinds

#: Offices of a superior level that print the consolidated report under their own name (the line
#: above is the people's committee: "UBND TỈNH …" / "UBND HUYỆN …"). Suggestions; any name may be typed.
SUPERIOR_OFFICES: tuple[Choice, ...] = (
    Choice("so_khcn", "Sở Khoa học và Công nghệ"),
    Choice("so_tttt", "Sở Thông tin và Truyền thông"),
    Choice("van_phong_ubnd", "Văn phòng Ủy ban nhân dân"),
    Choice("phong_vhtt", "Phòng Văn hóa và Thông tin"),
    Choice("phong_vhkhtt", "Phòng Văn hóa, Khoa học và Thông tin"),
)

#: Register columns in display order: (key, Vietnamese header).
REGISTER_COLUMNS: tuple[tuple[str, str], ...] = (
    ("kind", "Loại thiết bị"),
    ("description", "Mô tả (model)"),
    ("quantity", "Số lượng"),
    ("year_acquired", "Năm trang bị"),
    ("origin", "Khi nhận"),
    ("condition", "Tình trạng"),
    ("location", "Vị trí"),
    ("user_group", "Đối tượng sử dụng"),
    ("cpnet", "Kết nối CPNet"),
    ("asset_code", "Mã tài sản"),
    ("notes", "Ghi chú"),
    ("year_disposed", "Năm thanh lý"),
)


def field(key: str) -> Field:
    """The field of ``key``; KeyError names the key."""
    return FIELDS[key]


def fields_in_section(section: str) -> list[Field]:
    return _T.fields_in_section(section)


def sections_on_page(page: str) -> list[Section]:
    return _T.sections_on_page(page)


def choice_label(choices: tuple[Choice, ...], key: str | None) -> str:
    for c in choices:
        if c.key == key:
            return c.label
    return ""
