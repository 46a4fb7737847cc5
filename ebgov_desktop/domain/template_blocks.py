"""The outline's block kinds: one registry entry per kind holds what a block of that kind may write
(its attributes, its ``options``, the keys of its ``rows`` and ``columns``) and its check.

As pyxform keeps one table entry per question type (``question_type_dictionary.py``) and names every
parameter it does not know (``parameters_generic.py``), a block's unknown attribute, option, row key
or column key is refused by name, with its line and, when one is close, "có phải … không?" (edit
distance ≤ 2, as pyxform's ``sheet_misspellings.py``). Adding a block kind is one entry here plus its
renderer (``reporting/outline.py`` for the commune report, ``reporting/consolidated_outline.py`` for
the superior's); a test checks that every kind has one.
"""

from __future__ import annotations

import re
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping, NamedTuple

from .template_model import PLACEHOLDER, Block, FieldType

if TYPE_CHECKING:  # pragma: no cover
    from .template import Locator, Template

__all__ = ["BlockKind", "BLOCK_KINDS", "kind_names", "register_kind", "did_you_mean", "read_outline",
           "check_outline", "printed_keys", "OPTION_TYPES"]


# -- "did you mean" -----------------------------------------------------------------------------------

def _distance(a: str, b: str, limit: int = 2) -> int:
    """Levenshtein distance of ``a`` and ``b`` (``limit + 1`` as soon as it is larger than ``limit``)."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def did_you_mean(name: str, allowed: Iterable[str]) -> str:
    """`` (có phải 'text'?)`` when one allowed name is at edit distance ≤ 2, else ``""``."""
    best = min(((_distance(name, a), a) for a in sorted(allowed) if a != name), default=(3, ""))
    return f" (có phải '{best[1]}'?)" if best[0] <= 2 else ""


# -- the registry ---------------------------------------------------------------------------------------

#: what an option takes: "strings" (a list of texts), "numbers" (a list of numbers), "bool", "int"
OPTION_TYPES = ("strings", "numbers", "bool", "int")


class BlockKind(NamedTuple):
    name: str
    #: what the kind prints, in a few words (``docs/template-format.md`` lists them)
    description: str
    #: the attributes a block of this kind may write, besides ``type``
    attrs: frozenset[str]
    #: option name → what it takes (one of ``OPTION_TYPES``)
    options: Mapping[str, str] = MappingProxyType({})
    #: the keys an entry of ``rows`` / ``columns`` may have
    row_keys: frozenset[str] = frozenset()
    column_keys: frozenset[str] = frozenset()
    #: "commune" (the commune report's ``[[outline]]``), "consolidated" (``[[consolidated]]``) or "both"
    outline: str = "commune"
    #: structure (heading, subheading): numbered and printed when something under it is
    structural: bool = False
    #: the kind's own check, beyond the generic ones (names exist, placeholders, ``when``)
    check: Callable[[Block, "_Check"], None] | None = None
    #: the attributes whose value is a field key (``key``) or keys (``keys``) the block prints
    needs_key: bool = False


def _opts(**kinds: str) -> Mapping[str, str]:
    return MappingProxyType(kinds)


_TEXT = frozenset({"text", "when"})


def _check_heading(b: Block, c: "_Check") -> None:
    if not 1 <= b.level <= 3:
        c.problem(c.attr_line("level"), "tiêu đề cần 'level' 1 (I.), 2 (1.) hoặc 3 (a))")
    if not b.text.strip():
        c.problem(c.line, "tiêu đề thiếu 'text'")


def _check_lines_key(b: Block, c: "_Check") -> None:
    spec = c.fields.get(b.key)
    if spec is not None and spec.type is not FieldType.LINES:
        c.problem(c.attr_line("key"), f"khối '{b.type}' cần trường kiểu lines/links")


def _check_keys(b: Block, c: "_Check", *, indicators: bool = False, any_known: bool = False) -> None:
    for key in b.keys:
        if key in c.indicator_keys and (indicators or any_known):
            continue
        if key not in c.known:
            c.problem(c.attr_line("keys"), (f"chỉ số '{key}' không có" if indicators and not any_known
                                            else f"khối '{b.type}': trường '{key}' không có")
                      + did_you_mean(key, c.known | c.indicator_keys))


def _check_register_rows(b: Block, c: "_Check") -> None:
    for i, row in enumerate(b.rows):
        line = c.row_line("rows", i)
        for key in row.get("kinds", []):
            if key not in c.kinds:
                c.problem(line, f"loại thiết bị '{key}' không có trong [register]" + did_you_mean(key, c.kinds))
        ind = row.get("indicator")
        if ind and ind not in c.indicator_keys:
            c.problem(line, f"chỉ số '{ind}' không có" + did_you_mean(ind, c.indicator_keys))
        group = row.get("user_group")
        if group and group not in c.groups:
            c.problem(line, f"đối tượng sử dụng '{group}' không có trong [register]")


def _check_chart(b: Block, c: "_Check") -> None:
    for key in b.keys:
        if key not in c.indicator_keys and key not in c.known:
            c.problem(c.attr_line("keys"), f"chỉ số '{key}' không có" + did_you_mean(key, c.indicator_keys))


_COMMUNE = (
    BlockKind("heading", "tiêu đề đánh số I., 1., a) (in khi có nội dung dưới nó)",
              frozenset({"level", "text"}), structural=True, check=_check_heading),
    BlockKind("subheading", "tiêu đề nghiêng không đánh số", frozenset({"text", "fallback", "style"}),
              structural=True),
    BlockKind("paragraph", "một đoạn văn có chỗ điền {mã}",
              _TEXT | {"fallback", "bullet", "style"}),
    BlockKind("narrative", "các dòng một trường kiểu lines, mỗi dòng một đoạn",
              frozenset({"key", "bullet", "style", "when"}), needs_key=True, check=_check_lines_key,
              outline="both"),
    BlockKind("lines", "các dòng một trường kiểu lines, gạch đầu dòng",
              frozenset({"key", "bullet", "style", "when"}), needs_key=True, check=_check_lines_key,
              outline="both"),
    BlockKind("figures", "mỗi trường hay chỉ số một dòng «Tên: giá trị»",
              frozenset({"keys", "bullet", "when"}), check=lambda b, c: _check_keys(b, c, indicators=True)),
    BlockKind("table", "bảng TT | Nội dung | Số lượng | Đơn vị tính của các trường",
              _TEXT | {"keys", "options"}, options=_opts(headers="strings", widths="numbers"),
              check=_check_keys),
    BlockKind("links", "danh sách liên kết của một trường kiểu links",
              _TEXT | {"key"}, needs_key=True, check=_check_lines_key),
    BlockKind("chart", "biểu đồ thanh các chỉ số (%)", frozenset({"keys", "title", "options", "when"}),
              options=_opts(min_items="int"), check=_check_chart),
    BlockKind("register_table", "bảng tổng hợp sổ thiết bị", _TEXT | {"rows", "options"},
              options=_opts(headers="strings", widths="numbers", rest="bool", show_empty="bool"),
              row_keys=frozenset({"indicator", "user_group", "kinds", "label"}),
              check=_check_register_rows),
    BlockKind("annex", "phụ lục sau chữ ký: bảng các dòng một trường kiểu lines (ô cách nhau bằng |)",
              frozenset({"key", "title", "columns", "when"}), column_keys=frozenset({"title", "width"}),
              check=_check_lines_key),
)



def _figure_keys(want: str):
    """A check that every key of ``keys`` (or of ``columns``) is a figure the consolidation sums:
    "count" a count field, "rate" an indicator with a numerator, "typed" a typed-percent indicator,
    "any" either a count field or an indicator."""
    def check(b: Block, c: "_Check") -> None:
        from .template_model import FieldType

        indicators = {i.key: i for i in c.t.indicators}
        keys = b.keys + tuple(col.get("key", "") for col in b.columns)
        attr = "columns" if b.columns else "keys"
        for key in keys:
            ind, spec = indicators.get(key), c.fields.get(key)
            ok = {"count": spec is not None and spec.type is FieldType.COUNT,
                  "rate": ind is not None and bool(ind.numerator),
                  "typed": ind is not None and bool(ind.percent),
                  "indicator": ind is not None,
                  "any": ind is not None or (spec is not None and spec.type is FieldType.COUNT),
                  "yes": spec is not None and spec.type is FieldType.BOOL}[want]
            if not ok:
                what = {"count": "trường số đếm", "rate": "chỉ số có tử số, mẫu số",
                        "typed": "chỉ số nhập tỷ lệ trực tiếp", "indicator": "chỉ số",
                        "any": "trường số đếm hay chỉ số", "yes": "trường có/không"}[want]
                c.problem(c.attr_line(attr), f"khối '{b.type}': '{key}' không phải {what}"
                          + did_you_mean(key, set(indicators) | set(c.fields)))
    return check


_CONSOLIDATED = (
    BlockKind("report_status", "ai đã báo cáo, ai chưa, ai theo mẫu khác (bị để ra ngoài)",
              frozenset(), outline="consolidated"),
    BlockKind("register_summary", "sổ thiết bị cộng theo loại và tình trạng", frozenset({"text", "options"}),
              options=_opts(conditions="strings"), outline="consolidated"),
    BlockKind("indicator_summary", "bảng chỉ số: tổng tử số/tổng mẫu số, tỷ lệ chung, trung bình, số đơn vị",
              frozenset({"text", "keys"}), outline="consolidated", check=_figure_keys("indicator")),
    BlockKind("sum_lines", "mỗi trường số đếm một dòng: tổng các đơn vị (số đơn vị có số liệu)",
              frozenset({"keys"}), outline="consolidated", check=_figure_keys("count")),
    BlockKind("yes_lines", "mỗi trường có/không một dòng: số đơn vị trả lời có / số đơn vị có số liệu",
              frozenset({"keys"}), outline="consolidated", check=_figure_keys("yes")),
    BlockKind("sum_table", "bảng tổng các trường số đếm: TT | Nội dung | Tổng số | Đơn vị tính | Số đơn vị",
              frozenset({"text", "keys", "options"}), options=_opts(headers="strings", widths="numbers"),
              outline="consolidated", check=_figure_keys("count")),
    BlockKind("rate_lines", "mỗi tỷ lệ một dòng: tổng tử số/tổng mẫu số (%), số đơn vị",
              frozenset({"keys", "options"}), options=_opts(average="bool"), outline="consolidated",
              check=_figure_keys("rate")),
    BlockKind("average_lines", "mỗi tỷ lệ nhập trực tiếp một dòng: trung bình, số đơn vị",
              frozenset({"keys"}), outline="consolidated", check=_figure_keys("typed")),
    BlockKind("communes_table", "phụ lục: bảng các đơn vị × các số liệu chọn (columns)",
              frozenset({"title", "columns"}), column_keys=frozenset({"key", "title"}),
              outline="consolidated", check=_figure_keys("any")),
    BlockKind("report_table", "phụ lục: tình hình gửi báo cáo của từng đơn vị", frozenset({"title"}),
              outline="consolidated"),
)

#: every block kind by name (commune outline and consolidated outline)
BLOCK_KINDS: dict[str, BlockKind] = {k.name: k for k in _COMMUNE + _CONSOLIDATED}


def register_kind(kind: BlockKind) -> BlockKind:
    """Add a block kind to the registry (one entry; its renderer goes beside the others)."""
    BLOCK_KINDS[kind.name] = kind
    return kind


def kind_names(outline: str = "commune") -> tuple[str, ...]:
    """The block kinds an outline may use: its own, and the structural ones and paragraphs."""
    return tuple(k.name for k in BLOCK_KINDS.values() if k.outline in (outline, "both") or k.structural
                 or k.name == "paragraph")


# -- reading -----------------------------------------------------------------------------------------

_ATTR_LINE = {}


def _inner_line(loc: "Locator", table: str, index: int, container: str, attr: str, nth: int = 0) -> int:
    """The line of ``attr = …`` inside the block's ``container`` (an inline table or a list of them):
    the ``nth`` such line after ``container =``, else the container's line."""
    start = loc.key(table, index, container)
    if not start:
        return loc.table(table, index)
    pattern = _ATTR_LINE.get(attr)
    if pattern is None:
        pattern = _ATTR_LINE[attr] = re.compile(rf"(^|[\s{{,]){re.escape(attr)}\s*=")
    end = loc.table(table, index + 1) or len(loc.lines) + 1
    found = -1
    for i in range(start - 1, min(end - 1, len(loc.lines))):
        text = loc.lines[i] if i != start - 1 else loc.lines[i].split("=", 1)[-1]
        if pattern.search(text):
            found += 1
            if found == nth:
                return i + 1
    return start


def _unknown(reader, table: dict, allowed: frozenset[str], line: Callable[[str], int], what: str) -> None:
    for attr in table:
        if attr not in allowed and attr != "type":
            reader.problem(line(attr), f"'{attr}' không dùng được trong {what}"
                           + (did_you_mean(attr, allowed) or
                              " (dùng: " + ", ".join(sorted(allowed)) + ")"))


def _entries(reader, b: dict, attr: str, allowed: frozenset[str], where: tuple[str, int],
             kind: str) -> tuple[Mapping[str, Any], ...]:
    value = b.get(attr, [])
    loc = reader.loc
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        reader.problem(loc.key(*where, attr), f"'{attr}' phải là danh sách {{ … }}")
        return ()
    if value and not allowed:
        reader.problem(loc.key(*where, attr), f"khối '{kind}' không có '{attr}'")
        return ()
    seen: dict[str, int] = {}
    for entry in value:
        for key in entry:
            if key not in allowed:
                nth = seen.get(key, 0)
                seen[key] = nth + 1
                reader.problem(_inner_line(loc, *where, attr, key, nth),
                               f"'{key}' không dùng được trong '{attr}' của khối '{kind}'"
                               + (did_you_mean(key, allowed) or " (dùng: " + ", ".join(sorted(allowed)) + ")"))
    return tuple(MappingProxyType(dict(x)) for x in value)


def _options(reader, b: dict, spec: BlockKind, where: tuple[str, int]) -> Mapping[str, Any]:
    options = b.get("options", {})
    loc = reader.loc
    if "options" not in spec.attrs:
        return MappingProxyType({})  # refused as an attribute of the block
    if not isinstance(options, dict):
        reader.problem(loc.key(*where, "options"), "'options' phải là một bảng { … }")
        return MappingProxyType({})
    for name, value in options.items():
        line = _inner_line(loc, *where, "options", name)
        kind = spec.options.get(name)
        if kind is None:
            allowed = sorted(spec.options)
            reader.problem(line, f"'{name}' không dùng được trong 'options' của khối '{spec.name}'"
                           + (did_you_mean(name, allowed)
                              or (" (dùng: " + ", ".join(allowed) + ")" if allowed else "")))
        elif kind == "bool" and not isinstance(value, bool):
            reader.problem(line, f"'{name}' phải là true hoặc false")
        elif kind == "int" and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
            reader.problem(line, f"'{name}' phải là số nguyên")
        elif kind == "strings" and (not isinstance(value, list) or not all(isinstance(v, str) for v in value)):
            reader.problem(line, f"'{name}' phải là danh sách chuỗi")
        elif kind == "numbers" and (not isinstance(value, list) or not all(
                isinstance(v, (int, float)) and not isinstance(v, bool) and v > 0 for v in value)):
            reader.problem(line, f"'{name}' phải là danh sách số dương (mm)")
    return MappingProxyType(dict(options))


def read_outline(reader, table: str = "outline") -> list[Block]:
    """The blocks of ``[[outline]]`` (or ``[[consolidated]]``), every unknown name refused by name."""
    loc = reader.loc
    names = kind_names("consolidated" if table == "consolidated" else "commune")
    out = []
    for i, b in reader.items(table):
        w = (table, i)
        btype = reader.text(b, "type", w, required=True)
        spec = BLOCK_KINDS.get(btype) if btype in names else None
        if btype and spec is None:
            reader.problem(loc.key(*w, "type"), f"loại khối '{btype}' không có"
                           + (did_you_mean(btype, names) or " (dùng: " + ", ".join(names) + ")"))
        allowed = spec.attrs if spec is not None else frozenset().union(
            *(BLOCK_KINDS[n].attrs for n in names))
        _unknown(reader, b, allowed, lambda attr, w=w: loc.key(*w, attr),
                 f"khối '{btype}'" if spec is not None else f"[[{table}]]")
        blevel = b.get("level", 0)
        if isinstance(blevel, bool) or not isinstance(blevel, int) or not 0 <= blevel <= 3:
            reader.problem(loc.key(*w, "level"), "'level' phải là 1 (I.), 2 (1.) hoặc 3 (a))")
            blevel = 1
        spec = spec or BlockKind(btype, "", frozenset())
        out.append(Block(
            type=btype, line=loc.table(table, i), text=reader.text(b, "text", w), level=blevel,
            key=reader.text(b, "key", w), keys=reader.keys(b, "keys", w), bullet=reader.text(b, "bullet", w),
            style=reader.text(b, "style", w), fallback=reader.text(b, "fallback", w),
            title=reader.text(b, "title", w), when=reader.text(b, "when", w),
            rows=_entries(reader, b, "rows", spec.row_keys, w, btype),
            columns=_entries(reader, b, "columns", spec.column_keys, w, btype),
            options=_options(reader, b, spec, w)))
    return out


# -- checking ----------------------------------------------------------------------------------------

#: what the superior writes itself for its consolidated report (its report page edits them): the
#: only keys a ``lines`` / ``narrative`` block of ``[[consolidated]]`` may print
SUPERIOR_TEXT_KEYS = ("comments.infrastructure", "comments.apps", "comments.tthc", "text.difficulties",
                      "text.causes", "text.directions", "text.recommendations")

#: placeholders that are not fields: the unit's names and the period
SPECIAL_PLACEHOLDERS = {
    "unit.council": "Ủy ban nhân dân xã Quảng Thọ",
    "unit.short_council": "UBND xã Quảng Thọ",
    "unit.full_name": "xã Quảng Thọ",
    "unit.kind_name": "xã",
    "period.label": "năm 2019",
    "period.year": "2019",
    "communes.kind": "xã",  # the consolidated report: "xã" when every commune is a xã, else "đơn vị cấp xã"
}
#: formats of a field placeholder ``{key:format}``
FIELD_FORMATS = {"", "pad2", "date", "long_date", "lower", "upper", "percent", "list"}
#: formats of an indicator placeholder: x/y (p%) · x/y · p% · x · y
INDICATOR_FORMATS = {"", "ratio", "percent", "num", "den", "ratio2", "percent2", "den2"}


class _Check:
    """What a block kind's check reads (the template's names) and where it writes its problems."""

    def __init__(self, t: "Template", loc: "Locator", known: set[str], fields: dict, out: list,
                 table: str = "outline"):
        self.t, self.loc, self.known, self.fields, self.out, self.table = t, loc, known, fields, out, table
        self.indicator_keys = {ind.key for ind in t.indicators}
        self.kinds = {c.key for c in t.register_kinds}
        self.groups = {c.key for c in t.user_groups}
        self.index = 0
        self.line = 0

    def problem(self, line: int, message: str) -> None:
        from .template_model import Problem

        self.out.append(Problem(line or self.line, message))

    def attr_line(self, attr: str) -> int:
        return self.loc.key(self.table, self.index, attr) or self.line

    def row_line(self, attr: str, nth: int) -> int:
        """The line of the ``nth`` entry of ``rows`` (one entry a line, as the shipped templates write)."""
        start = self.loc.key(self.table, self.index, attr)
        if not start:
            return self.line
        count = -1
        for i in range(start - 1, len(self.loc.lines)):
            if "{" in self.loc.lines[i]:
                count += 1
                if count == nth:
                    return i + 1
        return start


def _check_placeholders(b: Block, c: _Check) -> None:
    for text, attr in ((b.text, "text"), (b.fallback, "fallback"), (b.title, "title")):
        for m in PLACEHOLDER.finditer(text or ""):
            name, fmt = m.group(2), m.group(3) or ""
            if name in c.indicator_keys:
                if fmt not in INDICATOR_FORMATS:
                    c.problem(c.attr_line(attr), f"cách in '{fmt}' không dùng được cho chỉ số '{name}'")
            elif name in c.known or name in SPECIAL_PLACEHOLDERS:
                if fmt not in FIELD_FORMATS:
                    c.problem(c.attr_line(attr), f"cách in '{fmt}' không dùng được cho trường '{name}'")
            else:
                c.problem(c.attr_line(attr), f"chỗ điền '{{{name}}}' không ứng với trường hay chỉ số nào"
                          + did_you_mean(name, c.known | c.indicator_keys))


def check_outline(t: "Template", loc: "Locator", known: set[str], fields: dict, out: list,
                  blocks: tuple[Block, ...] | None = None, table: str = "outline") -> None:
    """Every block's generic checks (placeholders, ``key``, ``when``) and its kind's own check."""
    c = _Check(t, loc, known, fields, out, table)
    blocks = t.outline if blocks is None else blocks
    heading_seen = False
    for i, b in enumerate(blocks):
        c.index, c.line = i, loc.table(table, i)
        spec = BLOCK_KINDS.get(b.type)
        if spec is None:
            continue  # refused when read
        heading_seen = heading_seen or b.type == "heading"
        _check_placeholders(b, c)
        if spec.needs_key and not b.key:
            c.problem(c.line, f"khối '{b.type}' cần 'key'")
        if b.key and table == "consolidated" and b.key not in SUPERIOR_TEXT_KEYS:
            c.problem(c.attr_line("key"), f"khối '{b.type}': '{b.key}' không phải phần cấp trên tự viết (dùng: "
                      + ", ".join(SUPERIOR_TEXT_KEYS) + ")")
            continue
        if b.key and b.key not in known and table != "consolidated":
            c.problem(c.attr_line("key"), f"khối '{b.type}': trường '{b.key}' không có"
                      + did_you_mean(b.key, known))
        if b.when and b.when.lstrip("!") not in known:
            c.problem(c.attr_line("when"), f"điều kiện 'when': trường '{b.when.lstrip('!')}' không có"
                      + did_you_mean(b.when.lstrip("!"), known))
        if spec.check is not None and (not b.key or b.key in known or table == "consolidated"):
            spec.check(b, c)
    if blocks and not heading_seen:
        c.problem(loc.table(table, 0), "dàn ý báo cáo chưa có tiêu đề nào (type = \"heading\")")


# -- what the outline prints -----------------------------------------------------------------------------

#: what an indicator placeholder's format prints of the indicator's figures
_FORMAT_PARTS = {"": ("numerator", "denominator", "percent"), "ratio": ("numerator", "denominator"),
                 "num": ("numerator",), "den": ("denominator",), "ratio2": ("numerator", "denominator2"),
                 "den2": ("denominator2",), "percent": ("percent",), "percent2": ()}


_NOWHERE = BlockKind("", "", frozenset())


def printed_keys(t: "Template", blocks: Iterable[Block] | None = None) -> set[str]:
    """The fields whose value the outline prints as entered (a placeholder, a block's ``key`` or
    ``keys``, an indicator's figures in a ratio, a register row's ratio)."""
    indicators = {ind.key: ind for ind in t.indicators}
    out: set[str] = set()

    def indicator(key: str, parts: Iterable[str]) -> None:
        ind = indicators[key]
        out.update(k for k in (getattr(ind, p) for p in parts) if k)

    for b in t.outline if blocks is None else blocks:
        if BLOCK_KINDS.get(b.type, _NOWHERE).outline == "consolidated":
            continue
        for text in (b.text, b.fallback, b.title):
            for m in PLACEHOLDER.finditer(text or ""):
                name, fmt = m.group(2), m.group(3) or ""
                if name in indicators:
                    indicator(name, _FORMAT_PARTS.get(fmt, ()))
                else:
                    out.add(name)
        if b.type == "chart":
            continue  # a bar is a rounded percentage, not the figures as entered
        for key in ((b.key,) if b.key else ()) + b.keys:
            if key in indicators:
                indicator(key, _FORMAT_PARTS[""])
            else:
                out.add(key)
        for row in b.rows:
            if row.get("indicator") in indicators:
                indicator(row["indicator"], ("numerator", "denominator"))
    return out
