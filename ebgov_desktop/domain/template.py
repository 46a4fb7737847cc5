"""Report templates: the form and the printed report's outline as data (``docs/template-format.md``).

A template is a TOML file (``resources/templates/<id>-<version>.toml``) read with the standard library's
``tomllib`` into the frozen dataclasses of ``template_model.py`` (re-exported here). Everything a period's data means comes from its template:
the fields the window shows (pages, sections, type, unit, bounds, required, help), the derived figures
and indicators, the rules (structured data, never code), the equipment register's lists and the outline
the report prints. The template's identity is (id, version, SHA-256 of the file's bytes); a period is
bound to it.

``parse_template(raw)`` returns the template or raises ``TemplateError`` holding every problem, each
with its line (``template_check.py`` does the cross-checks); ``load_template(path)`` caches parsed
templates by path and digest, so reading one at start-up costs one ``stat`` and one hash after the
first time.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import os
import re
import sys
import threading
from pathlib import Path
from types import MappingProxyType
from typing import Any, Protocol

from . import template_trust as _trust
from .template_blocks import did_you_mean, read_outline
from .template_limits import check_tables, id_problem, read_toml, version_problem

# the model (template_model.py) is re-exported: callers import it from here
from .template_model import (  # noqa: F401
    FORMAT_VERSION,
    PLACEHOLDER,
    RULE_KINDS,
    TYPE_NAMES,
    Block,
    Choice,
    Derived,
    Field,
    FieldType,
    Indicator,
    Page,
    Problem,
    RuleSpec,
    Scope,
    Section,
    Template,
    TemplateError,
    TemplateRef,
)

__all__ = [
    "FORMAT_VERSION",
    "FieldType",
    "Scope",
    "Page",
    "Section",
    "Field",
    "Derived",
    "Indicator",
    "Choice",
    "RuleSpec",
    "Block",
    "TemplateRef",
    "Template",
    "Problem",
    "TemplateError",
    "parse_template",
    "load_template",
    "template_digest",
    "set_parse_cache",
    "ParseCache",
    "PLACEHOLDER",
]



def template_digest(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


# -- lines of keys in the text (tomllib gives none) ---------------------------------------------------

_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\-]+)\s*\]\]?")


class Locator:
    """Finds the line of the n-th ``[[name]]`` table and of a key inside it, by scanning the text."""

    def __init__(self, text: str):
        self.lines = text.splitlines()
        #: the lines of every table header, by name: ``[[outline]]`` → [12, 18, …]
        self.headers: dict[str, list[int]] = {}
        for i, line in enumerate(self.lines, 1):
            if line.lstrip().startswith("["):  # most lines are not headers: no regex for them
                m = _HEADER.match(line)
                if m:
                    self.headers.setdefault(m.group(2), []).append(i)

    def table(self, name: str, index: int | None = None) -> int:
        lines = self.headers.get(name, ())
        if index is None:
            return lines[0] if lines else 0
        return lines[index] if 0 <= index < len(lines) else 0

    def key(self, name: str, index: int | None, attr: str) -> int:
        start = self.table(name, index)
        if not start:
            return 0
        pattern = re.compile(rf"^\s*{re.escape(attr)}\s*=")
        for i in range(start, len(self.lines)):
            if i > start - 1 and _HEADER.match(self.lines[i]) and i + 1 != start:
                break
            if pattern.match(self.lines[i]):
                return i + 1
        return start

    def text(self, needle: str, after: int = 0) -> int:
        for i in range(max(after - 1, 0), len(self.lines)):
            if needle in self.lines[i]:
                return i + 1
        return 0


# -- parsing -------------------------------------------------------------------------------------------

class _Reader:
    """Reads the TOML tables into dataclasses, collecting problems instead of stopping at the first."""

    def __init__(self, data: dict, loc: Locator):
        self.data = data
        self.loc = loc
        self.problems: list[Problem] = []

    def problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(line, message))

    def items(self, name: str) -> list[tuple[int, dict]]:
        value = self.data.get(name, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.problem(self.loc.table(name), f"'{name}' phải là các bảng [[{name}]]")
            return []
        return list(enumerate(value))

    def text(self, table: dict, attr: str, where: tuple[str, int | None], *, required: bool = False,
             default: str = "") -> str:
        value = table.get(attr, default)
        if not isinstance(value, str):
            self.problem(self.loc.key(*where, attr), f"'{attr}' phải là chuỗi trong dấu ngoặc kép")
            return default
        if required and not value.strip():
            self.problem(self.loc.key(*where, attr) or self.loc.table(*where),
                         f"thiếu '{attr}' trong [[{where[0]}]]")
        return value

    def keys(self, table: dict, attr: str, where: tuple[str, int | None]) -> tuple[str, ...]:
        value = table.get(attr, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(self.loc.key(*where, attr), f"'{attr}' phải là danh sách mã trường")
            return ()
        return tuple(value)

    def number(self, table: dict, attr: str, where: tuple[str, int | None]) -> float | None:
        value = table.get(attr)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.problem(self.loc.key(*where, attr), f"'{attr}' phải là một số")
            return None
        return value

    def flag(self, table: dict, attr: str, where: tuple[str, int | None], default: bool) -> bool:
        value = table.get(attr, default)
        if not isinstance(value, bool):
            self.problem(self.loc.key(*where, attr), f"'{attr}' phải là true hoặc false")
            return default
        return value

    def unknown(self, table: dict, allowed: set[str], where: tuple[str, int | None]) -> None:
        for attr in table:
            if attr not in allowed:
                self.problem(self.loc.key(*where, attr), f"mục '{attr}' không có trong [[{where[0]}]]"
                             + (did_you_mean(attr, allowed) or " (viết sai tên?)"))

    def choices(self, value: Any, line: int, what: str) -> tuple[Choice, ...]:
        if not isinstance(value, list):
            self.problem(line, f"'{what}' phải là danh sách {{ key = …, label = … }}")
            return ()
        out = []
        for v in value:
            if not isinstance(v, dict) or not isinstance(v.get("key"), str) \
                    or not isinstance(v.get("label"), str):
                self.problem(line, f"mỗi mục của '{what}' cần key và label (chuỗi)")
                continue
            out.append(Choice(v["key"], v["label"]))
        return tuple(out)


_FIELD_ATTRS = {"key", "label", "type", "section", "unit", "help", "scope", "min", "max", "fallback",
                "regime", "required", "max_length", "basis", "yes", "no", "choices", "printed",
                "default"}
_INDICATOR_ATTRS = {"key", "label", "numerator", "denominator", "denominator2", "percent", "paired",
                    "consolidated", "short"}
_RULE_ATTRS = {"id", "kind", "severity", "title", "left", "right", "factor", "compare", "partial",
               "message"}

def _date(value: Any) -> _dt.date | None:
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    return None


def _build(data: dict, raw_text: str, digest: str, path: str) -> tuple[Template | None, list[Problem]]:
    loc = Locator(raw_text)
    r = _Reader(data, loc)
    head = data.get("template")
    if not isinstance(head, dict):
        r.problem(0, "thiếu bảng [template] (id, version, title…)")
        head = {}
    hw = ("template", None)
    tid = r.text(head, "id", hw, required=True)
    if tid and id_problem(tid):  # an id names no file, but goes into messages and packages
        r.problem(loc.key("template", None, "id"), id_problem(tid))
    version = head.get("version", 0)
    if version_problem(version):
        r.problem(loc.key("template", None, "version") or loc.table("template"), version_problem(version))
        version = 1
    fmt = head.get("format", FORMAT_VERSION)
    if fmt != FORMAT_VERSION:
        r.problem(loc.key("template", None, "format"),
                  f"định dạng mẫu {fmt} không được chương trình này hỗ trợ (cần {FORMAT_VERSION})")
    title = r.text(head, "title", hw, required=True)
    level = r.text(head, "level", hw, default="xa")
    if level not in ("xa", "huyen", "tinh"):
        r.problem(loc.key("template", None, "level"), f"cấp '{level}' không hợp lệ (xa, huyen, tinh)")
    valid_from, valid_to = _date(head.get("valid_from")), _date(head.get("valid_to"))
    for attr, value in (("valid_from", valid_from), ("valid_to", valid_to)):
        if attr in head and value is None:
            r.problem(loc.key("template", None, attr), f"'{attr}' phải là ngày dạng 2019-01-01")
    if valid_from and valid_to and valid_from > valid_to:
        r.problem(loc.key("template", None, "valid_to"), "'valid_to' trước 'valid_from'")
    periods = r.keys(head, "periods", hw)
    r.unknown(head, {"id", "version", "format", "title", "level", "valid_from", "valid_to", "periods",
                     "description"}, hw)

    pages = tuple(Page(r.text(p, "key", ("pages", i), required=True),
                       r.text(p, "label", ("pages", i), required=True)) for i, p in r.items("pages"))
    sections = tuple(Section(r.text(s, "key", ("sections", i), required=True),
                             r.text(s, "label", ("sections", i), required=True),
                             r.text(s, "page", ("sections", i), required=True))
                     for i, s in r.items("sections"))

    fields: list[Field] = []
    for i, f in r.items("fields"):
        w = ("fields", i)
        r.unknown(f, _FIELD_ATTRS, w)
        type_name = r.text(f, "type", w, required=True)
        if type_name not in TYPE_NAMES:
            r.problem(loc.key(*w, "type"), f"kiểu '{type_name}' không có (dùng: "
                      + ", ".join(TYPE_NAMES) + ")")
            type_name = "text"
        ftype, lines_kind = TYPE_NAMES[type_name]
        scope = r.text(f, "scope", w, default="period")
        if scope not in ("unit", "period"):
            r.problem(loc.key(*w, "scope"), "'scope' phải là unit hoặc period")
            scope = "period"
        basis = r.text(f, "basis", w, default="period")
        if basis not in ("period", "cumulative"):
            r.problem(loc.key(*w, "basis"), "'basis' phải là period (trong kỳ) hoặc cumulative (lũy kế)")
        minimum, maximum = r.number(f, "min", w), r.number(f, "max", w)
        if ftype is FieldType.COUNT and minimum is None:
            minimum = 0
        if ftype is FieldType.PERCENT:
            minimum = 0 if minimum is None else minimum
            maximum = 100 if maximum is None else maximum
        max_length = f.get("max_length", 20_000)
        if isinstance(max_length, bool) or not isinstance(max_length, int) or max_length < 1:
            r.problem(loc.key(*w, "max_length"), "'max_length' phải là số nguyên dương")
            max_length = 20_000
        fields.append(Field(
            key=r.text(f, "key", w, required=True), label=r.text(f, "label", w, required=True),
            type=ftype, section=r.text(f, "section", w, required=True), unit=r.text(f, "unit", w),
            help=r.text(f, "help", w), scope=Scope(scope), minimum=minimum, maximum=maximum,
            fallback=r.text(f, "fallback", w) or None, regime=r.text(f, "regime", w) or None,
            required=r.flag(f, "required", w, False), max_length=max_length, lines_kind=lines_kind,
            basis=basis, yes_text=r.text(f, "yes", w), no_text=r.text(f, "no", w),
            choices=tuple(c.strip() for c in r.keys(f, "choices", w) if c.strip()),
            printed=r.flag(f, "printed", w, True), default=r.text(f, "default", w),
        ))

    derived = []
    for i, d in r.items("derived"):
        w = ("derived", i)
        r.unknown(d, {"key", "label", "plus", "minus"}, w)
        derived.append(Derived(r.text(d, "key", w, required=True), r.text(d, "label", w, required=True),
                               r.keys(d, "plus", w), r.keys(d, "minus", w)))

    indicators = []
    for i, d in r.items("indicators"):
        w = ("indicators", i)
        r.unknown(d, _INDICATOR_ATTRS, w)
        indicators.append(Indicator(
            key=r.text(d, "key", w, required=True), label=r.text(d, "label", w, required=True),
            numerator=r.text(d, "numerator", w), denominator=r.text(d, "denominator", w),
            paired=r.flag(d, "paired", w, True), percent=r.text(d, "percent", w),
            denominator2=r.text(d, "denominator2", w),
            consolidated=r.flag(d, "consolidated", w, True), short=r.text(d, "short", w)))

    rules = []
    for i, d in r.items("rules"):
        w = ("rules", i)
        r.unknown(d, _RULE_ATTRS, w)
        kind = r.text(d, "kind", w, required=True)
        if kind and kind not in RULE_KINDS:
            r.problem(loc.key(*w, "kind"), f"loại quy tắc '{kind}' không có (dùng: "
                      + ", ".join(RULE_KINDS) + ")")
        severity = r.text(d, "severity", w, default="error")
        if severity not in ("error", "warning"):
            r.problem(loc.key(*w, "severity"), "'severity' phải là error (lỗi) hoặc warning (cảnh báo)")
            severity = "error"
        factor = r.number(d, "factor", w)
        if factor is not None and factor <= 0:
            r.problem(loc.key(*w, "factor"), "'factor' phải lớn hơn 0 (0.5 = 50%)")
        compare = r.text(d, "compare", w, default="last_year")
        if compare not in ("last_year", "previous"):
            r.problem(loc.key(*w, "compare"), "'compare' phải là last_year hoặc previous")
        rules.append(RuleSpec(
            id=r.text(d, "id", w, required=True), kind=kind, severity=severity,
            title=r.text(d, "title", w), left=r.keys(d, "left", w), right=r.keys(d, "right", w),
            factor=0.5 if factor is None else float(factor), compare=compare,
            partial=r.flag(d, "partial", w, False), message=r.text(d, "message", w)))

    outline = read_outline(r)
    consolidated = read_outline(r, "consolidated") if "consolidated" in data else []

    register = data.get("register", {})
    if not isinstance(register, dict):
        r.problem(loc.table("register"), "'register' phải là bảng [register]")
        register = {}
    rl = loc.table("register")
    kinds = r.choices(register.get("kinds", []), loc.key("register", None, "kinds") or rl, "kinds")
    conditions = r.choices(register.get("conditions", []),
                           loc.key("register", None, "conditions") or rl, "conditions")
    origins = r.choices(register.get("origins", []), loc.key("register", None, "origins") or rl,
                        "origins")
    groups = r.choices(register.get("user_groups", []),
                       loc.key("register", None, "user_groups") or rl, "user_groups")
    computer_kinds = frozenset(r.keys(register, "computer_kinds", ("register", None)))

    template = Template(
        id=tid, version=version, title=title, level=level, valid_from=valid_from, valid_to=valid_to,
        digest=digest, pages=pages, sections=sections,
        fields=MappingProxyType({f.key: f for f in fields}),
        derived=MappingProxyType({d.key: d for d in derived}),
        indicators=tuple(indicators), rules=tuple(rules), outline=tuple(outline),
        register_kinds=kinds, conditions=conditions, origins=origins, user_groups=groups,
        computer_kinds=computer_kinds, periods=periods,
        description=head.get("description", "") if isinstance(head.get("description"), str) else "",
        path=path, consolidated=tuple(consolidated),
    )
    from .template_check import cross_check

    problems = r.problems + cross_check(template, data, loc, fields, derived)
    problems.sort(key=lambda p: p.line)
    return template, problems


class ParseCache(Protocol):
    """Where parsed tables are kept between runs, by the digest of the file (storage implements it)."""

    def get(self, digest: str) -> dict | None: ...

    def put(self, digest: str, tables: dict) -> None: ...


_parse_cache: ParseCache | None = None


def set_parse_cache(cache: ParseCache | None) -> None:
    """Keep parsed tables in ``cache`` (None: parse every file every time). The template is always
    built and checked from the tables, whichever way they came."""
    global _parse_cache
    _parse_cache = cache


def parse_template(raw: bytes, path: str = "") -> Template:
    """The template in ``raw`` (the file's bytes); TemplateError lists every problem with its line."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise TemplateError([Problem(0, "tệp mẫu phải là văn bản UTF-8")], path) from None
    digest = template_digest(raw)
    cache = _parse_cache
    data = cache.get(digest) if cache is not None else None
    fresh = data is None or check_tables(data) is not None
    if fresh:  # limits first (``template_limits``), then ``tomllib``: only when the tables are not kept
        data = read_toml(raw, text, path)
    template, problems = _build(data, text, digest, path)
    if problems:
        raise TemplateError(problems, path)
    if fresh and cache is not None:
        cache.put(digest, data)
    elif not fresh:  # compared with the file's own text before printing (``template_trust.confirmed``)
        _trust.from_cache[digest] = (raw, path)
    return template


_cache: dict[tuple[str, str], Template] = {}
_cache_lock = threading.Lock()


def load_template(path: str | os.PathLike) -> Template:
    """The template in the file at ``path``, parsed once per (path, digest)."""
    p = Path(path)
    raw = p.read_bytes()
    key = (str(p.resolve()), template_digest(raw))
    with _cache_lock:
        found = _cache.get(key)
    if found is not None:
        return found
    template = parse_template(raw, str(p))
    with _cache_lock:
        _cache[key] = template
    return template


def derived_rules(template: Template) -> tuple[RuleSpec, ...]:
    """numerator ≤ denominator (and ≤ the second denominator) of every indicator: never written."""
    out = []
    for ind in template.indicators:
        for den in (ind.denominator, ind.denominator2):
            if ind.numerator and den:
                rid = ind.key if den == ind.denominator else f"{ind.key}.2"
                out.append(RuleSpec(id=rid, kind="at_most", left=(ind.numerator,), right=(den,),
                                    title=f"{template.label(ind.numerator)} ≤ "
                                          f"{template.label(den).lower()}",
                                    derived_from=ind.key))
    return tuple(out)


def required_rules(template: Template) -> tuple[RuleSpec, ...]:
    """A warning for every period field the template flags ``required`` and left empty (fields of one
    legal regime only are left to the page's completeness display): derived, never written."""
    keys = tuple(f.key for f in template.fields.values()
                 if f.scope is Scope.PERIOD and f.required and not f.regime)
    if not keys:
        return ()
    return (RuleSpec(id="required_figures", kind="required", severity="warning", left=keys,
                     title="Các chỉ tiêu bắt buộc đã được nhập"),)


def all_rules(template: Template) -> tuple[RuleSpec, ...]:
    """The bounds rule, the indicators' derived rules, the required figures, then the rules the
    template wrote."""
    bounds = RuleSpec(id="counts_nonnegative", kind="bounds",
                      title="Mọi số liệu trong giới hạn của trường (số đếm ≥ 0, tỷ lệ 0–100)")
    return (bounds,) + derived_rules(template) + required_rules(template) + template.rules


# -- the templates the program knows ------------------------------------------------------------------

#: the template of every period made before templates existed (package format 1, old workspaces)
LEGACY_ID = "bc-ungdung-cntt"
LEGACY_VERSION = 1


def builtin_dir() -> Path:
    """``resources/templates`` of a checkout or of a PyInstaller bundle (as ``services.paths``)."""
    bundle = getattr(sys, "_MEIPASS", None)
    root = Path(bundle) if bundle else Path(__file__).resolve().parents[2]
    return root / "resources" / "templates"


def editions_dir() -> Path:
    """``resources/templates/editions``: the bytes earlier releases shipped of the program's own
    templates (see its README), found only by their SHA-256."""
    return builtin_dir() / "editions"


class TemplateLibrary:
    """The templates found in some folders (the program's own first, then a workspace's)."""

    def __init__(self, dirs: tuple[Path, ...] | list[Path] = ()):
        self.dirs = tuple(Path(d) for d in dirs) or (builtin_dir(),)

    def all(self) -> list[Template]:
        """Every usable template; a broken file is skipped (``template check`` names its problems)."""
        out: dict[tuple[str, int], Template] = {}
        for d in self.dirs:
            if not d.is_dir():
                continue
            for p in sorted(d.glob("*.toml")):
                try:
                    t = load_template(p)
                except (OSError, TemplateError):
                    continue
                out.setdefault((t.id, t.version), t)
        return sorted(out.values(), key=lambda t: (t.id, t.version))

    def find(self, template_id: str, version: int | None = None) -> Template | None:
        """The template of that id (and version; the newest when None)."""
        found = [t for t in self.all() if t.id == template_id
                 and (version is None or t.version == version)]
        return max(found, key=lambda t: t.version) if found else None

    def by_ref(self, ref: TemplateRef) -> Template | None:
        """That id, version and digest: another file of the same id and version never stands in."""
        if not ref.digest:
            return self.find(ref.id, ref.version)
        # an earlier release's edition of the program's own template is that template, not another
        return _trust.with_digest((*self.dirs, editions_dir()), ref.id, ref.version, ref.digest)

    def newest_valid(self, day: _dt.date, level: str = "xa") -> Template | None:
        """The newest template valid on ``day`` for ``level`` (the default of a new period)."""
        found = [t for t in self.all() if t.level == level and t.valid_on(day)]
        return max(found, key=lambda t: (t.valid_from or _dt.date.min, t.version)) if found else None


_default: Template | None = None


def default_template() -> Template:
    """The 2019 commune template: today's form, and the template of every period made before."""
    global _default
    if _default is None:
        _default = load_template(builtin_dir() / "bc-ungdung-cntt-2019.toml")
    return _default


# -- resolving a period's template ------------------------------------------------------------------

_extra_dirs: list[Path] = []
_resolved: dict[tuple[str, int, str], Template | None] = {}


def add_template_dir(path: str | os.PathLike) -> None:
    """Also look for templates in ``path`` (a workspace's ``templates/`` folder)."""
    p = Path(path)
    if p not in _extra_dirs:
        _extra_dirs.append(p)
        _resolved.clear()


def resolve(template_id: str, version: int, digest: str = "") -> Template | None:
    """The template of that id and version (and SHA-256 if given) in the program's and added folders."""
    if template_id == LEGACY_ID and version == LEGACY_VERSION:
        if not digest or digest == default_template().digest:
            return default_template()
    key = (template_id, version, digest)
    if key not in _resolved:
        _resolved[key] = TemplateLibrary((builtin_dir(), *_extra_dirs)).by_ref(
            TemplateRef(template_id, version, digest))
    return _resolved[key]


def known_field(key: str) -> Field | None:
    """The field ``key`` in the default template or any template read so far (storage decodes
    values by it; a key means the same in every template that has it)."""
    found = default_template().fields.get(key)
    if found is not None:
        return found
    with _cache_lock:
        templates = list(_cache.values())
    for t in templates:
        found = t.fields.get(key)
        if found is not None:
            return found
    return None


def is_legacy(t: Template) -> bool:
    """The 2019 template: every period made before templates, and package format 1, use it."""
    return t.id == LEGACY_ID and t.version == LEGACY_VERSION
