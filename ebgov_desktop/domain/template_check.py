"""Cross-checks of a template: every name it uses exists, keys are unique, bounds make sense.

Each problem is a Vietnamese sentence with the line it concerns (found by scanning the text, since
``tomllib`` gives no line numbers for keys). ``check_file`` is what ``ebgov-desktop template check``
prints.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from .system_errors import os_reason
from .template_blocks import (  # noqa: F401 - re-exported
    FIELD_FORMATS,
    INDICATOR_FORMATS,
    SPECIAL_PLACEHOLDERS,
    check_outline,
    did_you_mean,
    printed_keys,
)

if TYPE_CHECKING:  # pragma: no cover
    from .template import Derived, Field, Locator, Problem, Template

__all__ = ["cross_check", "check_file", "check_file_warnings", "unprinted_fields", "SPECIAL_PLACEHOLDERS",
           "FIELD_FORMATS", "INDICATOR_FORMATS"]


def _numeric(template_fields: dict, derived: dict, key: str) -> bool:
    if key in derived:
        return True
    f = template_fields.get(key)
    return f is not None and (f.is_numeric or f.lines_kind == "years")


class _Names(NamedTuple):
    """The template's names every check reads."""

    fields: dict
    derived: dict
    known: set


def _problem(out: list, line: int, message: str) -> None:
    from .template import Problem

    out.append(Problem(line, message))


def _check_unique(t: "Template", loc: "Locator", fields, derived, out: list) -> None:
    """Keys are unique (fields, derived figures and indicators share one name space), and so are
    pages, sections and rule ids."""
    seen: dict[str, str] = {}
    for table, items in (("fields", fields), ("derived", derived), ("indicators", t.indicators)):
        for i, item in enumerate(items):
            key = item.key
            if not key:
                continue
            if key in seen:
                _problem(out, loc.key(table, i, "key"), f"mã '{key}' bị trùng (đã dùng trong [[{seen[key]}]])")
            else:
                seen[key] = table
            if key in SPECIAL_PLACEHOLDERS:
                _problem(out, loc.key(table, i, "key"), f"mã '{key}' là tên dành riêng của chương trình")
    for table, items in (("pages", t.pages), ("sections", t.sections)):
        keys: set[str] = set()
        for i, item in enumerate(items):
            if item.key in keys:
                _problem(out, loc.key(table, i, "key"), f"mã '{item.key}' bị trùng trong [[{table}]]")
            keys.add(item.key)
    rule_ids: set[str] = {ind.key for ind in t.indicators} | {"counts_nonnegative"}
    for i, rule in enumerate(t.rules):
        if rule.id in rule_ids:
            _problem(out, loc.key("rules", i, "id"),
                     f"mã quy tắc '{rule.id}' bị trùng (mỗi chỉ số đã có quy tắc tử số ≤ mẫu số "
                     "mang mã của nó)")
        rule_ids.add(rule.id)
    page_keys = {p.key for p in t.pages}
    for i, s in enumerate(t.sections):
        if s.page and s.page not in page_keys:
            _problem(out, loc.key("sections", i, "page"), f"trang '{s.page}' không có trong [[pages]]"
                     + did_you_mean(s.page, page_keys))


def _check_field(f: "Field", raw: dict, w: tuple, loc: "Locator", names: _Names, sections: set,
                 out: list) -> None:
    from .template import FieldType

    if f.section and f.section not in sections:
        _problem(out, loc.key(*w, "section"), f"mục '{f.section}' không có trong [[sections]]"
                 + did_you_mean(f.section, sections))
    if f.fallback and f.fallback not in names.known:
        _problem(out, loc.key(*w, "fallback"), f"trường thay thế '{f.fallback}' không có")
    if ("min" in raw or "max" in raw) and not f.is_numeric:
        _problem(out, loc.key(*w, "min") or loc.key(*w, "max"), f"'{f.key}' không phải số nên không có min/max")
    if f.minimum is not None and f.maximum is not None and f.minimum > f.maximum:
        _problem(out, loc.key(*w, "max"), f"giới hạn sai: min ({f.minimum:g}) lớn hơn max ({f.maximum:g})")
    if f.type is FieldType.COUNT and f.minimum is not None and f.minimum < 0:
        _problem(out, loc.key(*w, "min"), "số đếm không thể nhỏ hơn 0")
    if f.type is FieldType.PERCENT and ((f.minimum or 0) < 0 or (f.maximum or 0) > 100):
        _problem(out, loc.key(*w, "max") or loc.key(*w, "min"), "tỷ lệ phần trăm phải trong 0–100")
    if f.regime and f.regime not in ("levels", "online"):
        _problem(out, loc.key(*w, "regime"), "'regime' phải là levels (mức 2, 3, 4) hoặc online")
    if f.choices and (f.type is not FieldType.LINES or f.lines_kind):
        _problem(out, loc.key(*w, "choices"), f"'{f.key}': 'choices' chỉ dùng cho trường kiểu lines "
                                              "(các ô cách nhau bằng dấu |)")


def _check_derived(loc: "Locator", derived, names: _Names, out: list) -> None:
    for i, d in enumerate(derived):
        for attr, keys in (("plus", d.plus), ("minus", d.minus)):
            for key in keys:
                if key not in names.known:
                    _problem(out, loc.key("derived", i, attr), f"trường '{key}' không có"
                             + did_you_mean(key, names.known))
                elif not _numeric(names.fields, names.derived, key):
                    _problem(out, loc.key("derived", i, attr), f"'{key}' không phải số nên không cộng được")
        if not d.plus:
            _problem(out, loc.key("derived", i, "plus") or loc.table("derived", i), "thiếu 'plus'")
    _check_derived_cycles(loc, derived, out)


def _check_derived_cycles(loc: "Locator", derived, out: list) -> None:
    """A derived figure never depends on itself, directly or through others (it recursed without end
    when computed: issue #24)."""
    parts = {d.key: [k for k in d.plus + d.minus] for d in derived}
    for i, d in enumerate(derived):
        seen, todo = set(), list(parts[d.key])
        while todo:
            key = todo.pop()
            if key == d.key:
                _problem(out, loc.key("derived", i, "plus") or loc.table("derived", i),
                         f"số '{d.key}' được tính từ chính nó (vòng lặp giữa các [[derived]])")
                break
            if key in parts and key not in seen:
                seen.add(key)
                todo.extend(parts[key])


def _check_indicators(t: "Template", loc: "Locator", names: _Names, out: list) -> None:
    from .template import FieldType

    for i, ind in enumerate(t.indicators):
        w = ("indicators", i)
        if ind.percent:
            if ind.numerator or ind.denominator:
                _problem(out, loc.key(*w, "percent"), "chỉ số nhập trực tiếp (percent) không có tử số, mẫu số")
            f = names.fields.get(ind.percent)
            if f is None:
                _problem(out, loc.key(*w, "percent"), f"trường '{ind.percent}' không có")
            elif f.type is not FieldType.PERCENT:
                _problem(out, loc.key(*w, "percent"), f"'{ind.percent}' phải có kiểu percent")
            continue
        if not ind.numerator or not ind.denominator:
            _problem(out, loc.table("indicators", i), f"chỉ số '{ind.key}' cần numerator và denominator "
                                                      "(hoặc percent)")
        for attr, key in (("numerator", ind.numerator), ("denominator", ind.denominator),
                          ("denominator2", ind.denominator2)):
            if key and key not in names.known:
                _problem(out, loc.key(*w, attr), f"trường '{key}' không có" + did_you_mean(key, names.known))
            elif key and not _numeric(names.fields, names.derived, key):
                _problem(out, loc.key(*w, attr), f"'{key}' không phải số")


#: the sides each rule kind needs: l = left, r = right
_RULE_NEEDS = {"at_most": "lr", "equal": "lr", "change": "", "required": "l", "equal_previous": "lr",
               "date_order": "lr", "register_rows": "", "register_count": "r", "regime": "", "bounds": ""}


def _check_rules(t: "Template", loc: "Locator", names: _Names, out: list) -> None:
    from .template import FieldType

    for i, rule in enumerate(t.rules):
        w = ("rules", i)
        for attr, keys in (("left", rule.left), ("right", rule.right)):
            for key in keys:
                if key not in names.known:
                    _problem(out, loc.key(*w, attr), f"quy tắc '{rule.id}': trường '{key}' không có"
                             + did_you_mean(key, names.known))
        need = _RULE_NEEDS.get(rule.kind, "")
        for side, attr, keys in (("l", "left", rule.left), ("r", "right", rule.right)):
            if side in need and not keys:
                _problem(out, loc.key(*w, attr) or loc.table("rules", i), f"quy tắc '{rule.id}' thiếu '{attr}'")
        for key in rule.left + rule.right:
            if rule.kind in ("at_most", "equal", "change") and key in names.known \
                    and not _numeric(names.fields, names.derived, key):
                _problem(out, loc.key(*w, "left"), f"quy tắc '{rule.id}': '{key}' không phải số")
            f = names.fields.get(key)
            if rule.kind == "date_order" and f is not None and f.type is not FieldType.DATE:
                _problem(out, loc.key(*w, "left"), f"quy tắc '{rule.id}': '{key}' không phải ngày")


def cross_check(t: "Template", data: dict, loc: "Locator", fields: list["Field"],
                derived: list["Derived"]) -> list["Problem"]:
    """Every cross-reference of the template: each part's own check, the outline's by block kind."""
    out: list = []
    all_fields = {f.key: f for f in fields}
    all_derived = {d.key: d for d in derived}
    names = _Names(all_fields, all_derived, set(all_fields) | set(all_derived))
    _check_unique(t, loc, fields, derived, out)
    sections = {s.key for s in t.sections}
    for i, f in enumerate(fields):
        _check_field(f, data["fields"][i], ("fields", i), loc, names, sections, out)
    _check_derived(loc, derived, names, out)
    _check_indicators(t, loc, names, out)
    _check_rules(t, loc, names, out)
    check_outline(t, loc, names.known, all_fields, out)
    if t.consolidated:
        check_outline(t, loc, names.known, all_fields, out, t.consolidated, "consolidated")
    kinds = {c.key for c in t.register_kinds}
    for key in t.computer_kinds:
        if key not in kinds:
            _problem(out, loc.key("register", None, "computer_kinds"), f"loại thiết bị '{key}' không có")
    return out


#: fields the page's frame prints (header, addressee, signature, Nơi nhận, basis, closing): not the
#: outline's business
FRAME_KEYS = frozenset({
    "doc.number", "doc.symbol", "doc.place", "doc.date", "doc.title", "doc.superior_line",
    "doc.signer_authority", "doc.signer_deputy", "doc.signer_title", "doc.signer_name",
    "doc.recipients", "doc.basis", "doc.closing", "doc.addressee",
    "unit.name", "unit.kind",  # the header's "ỦY BAN NHÂN DÂN / XÃ …" and every {unit.…} placeholder
})


def unprinted_fields(t: "Template", loc: "Locator | None" = None) -> list["Problem"]:
    """A warning "nhập được nhưng không in ra" for every field the officer can enter that neither
    the outline nor the page's frame prints, unless the template marks it ``printed = false``."""
    from .template import Locator, Problem

    if loc is None:
        try:
            loc = Locator(Path(t.path).read_text(encoding="utf-8")) if t.path else None
        except OSError:
            loc = None
    printed = printed_keys(t) | FRAME_KEYS
    out = []
    for i, f in enumerate(t.fields.values()):
        if f.printed and f.key not in printed:
            line = loc.key("fields", i, "key") if loc is not None else 0
            out.append(Problem(line, f"trường '{f.key}' ({f.label}) nhập được nhưng không in ra "
                                     "(in nó trong [[outline]], hoặc ghi printed = false nếu cố ý)"))
    return out


def check_file(path: str | os.PathLike) -> list["Problem"]:
    """Every problem of the template file at ``path`` (empty: the template is usable)."""
    from .template import Problem, TemplateError, parse_template

    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        return [Problem(0, f"không đọc được tệp {p}: {os_reason(exc)}")]
    try:
        parse_template(raw, str(p))
    except TemplateError as exc:
        return list(exc.problems)
    return []


def check_file_warnings(path: str | os.PathLike) -> list["Problem"]:
    """What ``template check`` warns about in a usable template (fields entered and never printed)."""
    from .template import Locator, TemplateError, parse_template

    p = Path(path)
    try:
        raw = p.read_bytes()
        t = parse_template(raw, str(p))
    except (OSError, TemplateError):
        return []
    return unprinted_fields(t, Locator(raw.decode("utf-8")))
