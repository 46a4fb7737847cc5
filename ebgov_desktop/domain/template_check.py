"""Cross-checks of a template: every name it uses exists, keys are unique, bounds make sense.

Each problem is a Vietnamese sentence with the line it concerns (found by scanning the text, since
``tomllib`` gives no line numbers for keys). ``check_file`` is what ``ebgov-desktop template check``
prints.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from .template import Derived, Field, Locator, Problem, Template

__all__ = ["cross_check", "check_file", "SPECIAL_PLACEHOLDERS", "FIELD_FORMATS", "INDICATOR_FORMATS"]

#: placeholders that are not fields: the unit's names and the period
SPECIAL_PLACEHOLDERS = {
    "unit.council": "Ủy ban nhân dân xã Quảng Thọ",
    "unit.short_council": "UBND xã Quảng Thọ",
    "unit.full_name": "xã Quảng Thọ",
    "unit.kind_name": "xã",
    "period.label": "năm 2019",
    "period.year": "2019",
}
#: formats of a field placeholder ``{key:format}``
FIELD_FORMATS = {"", "pad2", "date", "long_date", "lower", "percent", "list"}
#: formats of an indicator placeholder: x/y (p%) · x/y · p% · x · y
INDICATOR_FORMATS = {"", "ratio", "percent", "num", "den", "ratio2", "percent2", "den2"}


def _numeric(template_fields: dict, derived: dict, key: str) -> bool:
    if key in derived:
        return True
    f = template_fields.get(key)
    return f is not None and (f.is_numeric or f.lines_kind == "years")


def cross_check(t: "Template", data: dict, loc: "Locator", fields: list["Field"],
                derived: list["Derived"]) -> list["Problem"]:
    from .template import PLACEHOLDER, FieldType, Problem

    out: list[Problem] = []

    def problem(line: int, message: str) -> None:
        out.append(Problem(line, message))

    # unique keys (fields, derived figures and indicators share one name space)
    seen: dict[str, str] = {}
    for table, items, attr in (("fields", fields, "key"), ("derived", derived, "key"),
                               ("indicators", t.indicators, "key")):
        for i, item in enumerate(items):
            key = item.key
            if not key:
                continue
            if key in seen:
                problem(loc.key(table, i, attr), f"mã '{key}' bị trùng (đã dùng trong [[{seen[key]}]])")
            else:
                seen[key] = table
            if key in SPECIAL_PLACEHOLDERS:
                problem(loc.key(table, i, attr), f"mã '{key}' là tên dành riêng của chương trình")
    for table, items in (("pages", t.pages), ("sections", t.sections)):
        keys: set[str] = set()
        for i, item in enumerate(items):
            if item.key in keys:
                problem(loc.key(table, i, "key"), f"mã '{item.key}' bị trùng trong [[{table}]]")
            keys.add(item.key)
    rule_ids: set[str] = {ind.key for ind in t.indicators} | {"counts_nonnegative"}
    for i, rule in enumerate(t.rules):
        if rule.id in rule_ids:
            problem(loc.key("rules", i, "id"),
                    f"mã quy tắc '{rule.id}' bị trùng (mỗi chỉ số đã có quy tắc tử số ≤ mẫu số "
                    "mang mã của nó)")
        rule_ids.add(rule.id)

    page_keys = {p.key for p in t.pages}
    section_keys = {s.key for s in t.sections}
    for i, s in enumerate(t.sections):
        if s.page and s.page not in page_keys:
            problem(loc.key("sections", i, "page"), f"trang '{s.page}' không có trong [[pages]]")
    all_fields = {f.key: f for f in fields}
    all_derived = {d.key: d for d in derived}
    known = set(all_fields) | set(all_derived)

    for i, f in enumerate(fields):
        w = ("fields", i)
        if f.section and f.section not in section_keys:
            problem(loc.key(*w, "section"), f"mục '{f.section}' không có trong [[sections]]")
        if f.fallback and f.fallback not in known:
            problem(loc.key(*w, "fallback"), f"trường thay thế '{f.fallback}' không có")
        has_bounds = "min" in data["fields"][i] or "max" in data["fields"][i]
        if has_bounds and not f.is_numeric:
            problem(loc.key(*w, "min") or loc.key(*w, "max"),
                    f"'{f.key}' không phải số nên không có min/max")
        if f.minimum is not None and f.maximum is not None and f.minimum > f.maximum:
            problem(loc.key(*w, "max"), f"giới hạn sai: min ({f.minimum:g}) lớn hơn max ({f.maximum:g})")
        if f.type is FieldType.COUNT and f.minimum is not None and f.minimum < 0:
            problem(loc.key(*w, "min"), "số đếm không thể nhỏ hơn 0")
        if f.type is FieldType.PERCENT and ((f.minimum or 0) < 0 or (f.maximum or 0) > 100):
            problem(loc.key(*w, "max") or loc.key(*w, "min"), "tỷ lệ phần trăm phải trong 0–100")
        if f.regime and f.regime not in ("levels", "online"):
            problem(loc.key(*w, "regime"), "'regime' phải là levels (mức 2, 3, 4) hoặc online")
        if f.choices and (f.type is not FieldType.LINES or f.lines_kind):
            problem(loc.key(*w, "choices"), f"'{f.key}': 'choices' chỉ dùng cho trường kiểu lines "
                                            "(các ô cách nhau bằng dấu |)")

    for i, d in enumerate(derived):
        for attr, keys in (("plus", d.plus), ("minus", d.minus)):
            for key in keys:
                if key not in known:
                    problem(loc.key("derived", i, attr), f"trường '{key}' không có")
                elif not _numeric(all_fields, all_derived, key):
                    problem(loc.key("derived", i, attr), f"'{key}' không phải số nên không cộng được")
        if not d.plus:
            problem(loc.key("derived", i, "plus") or loc.table("derived", i), "thiếu 'plus'")

    for i, ind in enumerate(t.indicators):
        w = ("indicators", i)
        if ind.percent:
            if ind.numerator or ind.denominator:
                problem(loc.key(*w, "percent"),
                        "chỉ số nhập trực tiếp (percent) không có tử số, mẫu số")
            f = all_fields.get(ind.percent)
            if f is None:
                problem(loc.key(*w, "percent"), f"trường '{ind.percent}' không có")
            elif f.type is not FieldType.PERCENT:
                problem(loc.key(*w, "percent"), f"'{ind.percent}' phải có kiểu percent")
            continue
        if not ind.numerator or not ind.denominator:
            problem(loc.table("indicators", i), f"chỉ số '{ind.key}' cần numerator và denominator "
                                                "(hoặc percent)")
        for attr, key in (("numerator", ind.numerator), ("denominator", ind.denominator),
                          ("denominator2", ind.denominator2)):
            if key and key not in known:
                problem(loc.key(*w, attr), f"trường '{key}' không có")
            elif key and not _numeric(all_fields, all_derived, key):
                problem(loc.key(*w, attr), f"'{key}' không phải số")

    needs = {"at_most": "lr", "equal": "lr", "change": "", "required": "l", "equal_previous": "lr",
             "date_order": "lr", "register_rows": "", "register_count": "r", "regime": "",
             "bounds": ""}
    for i, rule in enumerate(t.rules):
        w = ("rules", i)
        for attr, keys in (("left", rule.left), ("right", rule.right)):
            for key in keys:
                if key not in known:
                    problem(loc.key(*w, attr), f"quy tắc '{rule.id}': trường '{key}' không có")
        need = needs.get(rule.kind, "")
        if "l" in need and not rule.left:
            problem(loc.key(*w, "left") or loc.table("rules", i), f"quy tắc '{rule.id}' thiếu 'left'")
        if "r" in need and not rule.right:
            problem(loc.key(*w, "right") or loc.table("rules", i), f"quy tắc '{rule.id}' thiếu 'right'")
        if rule.kind in ("at_most", "equal", "change"):
            for key in rule.left + rule.right:
                if key in known and not _numeric(all_fields, all_derived, key):
                    problem(loc.key(*w, "left"), f"quy tắc '{rule.id}': '{key}' không phải số")
        if rule.kind == "date_order":
            for key in rule.left + rule.right:
                f = all_fields.get(key)
                if f is not None and f.type is not FieldType.DATE:
                    problem(loc.key(*w, "left"), f"quy tắc '{rule.id}': '{key}' không phải ngày")

    indicator_keys = {ind.key for ind in t.indicators}
    kinds = {c.key for c in t.register_kinds}
    groups = {c.key for c in t.user_groups}
    heading_seen = False
    for i, b in enumerate(t.outline):
        w = ("outline", i)
        line = loc.table("outline", i)
        if b.type == "heading":
            heading_seen = True
            if not 1 <= b.level <= 3:
                problem(loc.key(*w, "level") or line, "tiêu đề cần 'level' 1 (I.), 2 (1.) hoặc 3 (a))")
            if not b.text.strip():
                problem(line, "tiêu đề thiếu 'text'")
        for text, attr in ((b.text, "text"), (b.fallback, "fallback"), (b.title, "title")):
            for m in PLACEHOLDER.finditer(text or ""):
                name, fmt = m.group(2), m.group(3) or ""
                if name in indicator_keys:
                    if fmt not in INDICATOR_FORMATS:
                        problem(loc.key(*w, attr) or line,
                                f"cách in '{fmt}' không dùng được cho chỉ số '{name}'")
                elif name in known or name in SPECIAL_PLACEHOLDERS:
                    if fmt not in FIELD_FORMATS:
                        problem(loc.key(*w, attr) or line,
                                f"cách in '{fmt}' không dùng được cho trường '{name}'")
                else:
                    problem(loc.key(*w, attr) or line,
                            f"chỗ điền '{{{name}}}' không ứng với trường hay chỉ số nào")
        for key in ((b.key,) if b.key else ()) + b.keys:
            if b.type == "chart" or (b.type == "figures" and key in indicator_keys):
                if key not in indicator_keys and key not in known:
                    problem(loc.key(*w, "keys") or line, f"chỉ số '{key}' không có")
                continue
            if key not in known:
                problem(loc.key(*w, "key") or loc.key(*w, "keys") or line,
                        f"khối '{b.type}': trường '{key}' không có")
            elif b.type in ("narrative", "lines", "links") and all_fields[key].type is not \
                    FieldType.LINES:
                problem(loc.key(*w, "key") or line, f"khối '{b.type}' cần trường kiểu lines/links")
        for row in b.rows:
            for key in row.get("kinds", []):
                if key not in kinds:
                    problem(line, f"loại thiết bị '{key}' không có trong [register]")
            ind = row.get("indicator")
            if ind and ind not in indicator_keys:
                problem(line, f"chỉ số '{ind}' không có")
            group = row.get("user_group")
            if group and group not in groups:
                problem(line, f"đối tượng sử dụng '{group}' không có trong [register]")
        if b.when and b.when.lstrip("!") not in known:
            problem(loc.key(*w, "when") or line, f"điều kiện 'when': trường '{b.when.lstrip('!')}' không có")
        if b.type in ("narrative", "lines", "links") and not b.key:
            problem(line, f"khối '{b.type}' cần 'key'")
    if t.outline and not heading_seen:
        problem(loc.table("outline", 0), "dàn ý báo cáo chưa có tiêu đề nào (type = \"heading\")")
    for key in t.computer_kinds:
        if key not in kinds:
            problem(loc.key("register", None, "computer_kinds"), f"loại thiết bị '{key}' không có")
    return out


def check_file(path: str | os.PathLike) -> list["Problem"]:
    """Every problem of the template file at ``path`` (empty: the template is usable)."""
    from .template import Problem, TemplateError, parse_template

    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        return [Problem(0, f"không đọc được tệp {p}: {exc.strerror or exc}")]
    try:
        parse_template(raw, str(p))
    except TemplateError as exc:
        return list(exc.problems)
    return []
