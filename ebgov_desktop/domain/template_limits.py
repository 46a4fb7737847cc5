"""The limits of a template file, checked before its TOML is read and before anything is built from it.

A template arrives on a USB stick like a package does: whatever is in it, reading it must take time and
memory bounded by these limits and end in a Vietnamese message, never a crash (``docs/template-format.md``
§ "Giới hạn"). The shipped templates use a small part of each (about 55 KB, nesting 6, the longest text
under 400 characters, 70 outline blocks).

- ``check_text`` runs before ``tomllib``: the file's size and how deep ``[``/``{`` nest outside strings
  and comments (``tomllib`` recurses once per level: 1,000 levels raised ``RecursionError``).
- ``check_tables`` runs on the parsed (or cached) tables before the template is built: nesting, the
  length of every text, of every paragraph of the outline, and the number of entries of every list.
- ``check_identity``: an id is a short name of safe characters (it names files on other machines and
  goes into messages); a version a bounded integer (SQLite holds 64-bit integers only).
"""

from __future__ import annotations

import re
from typing import Any

from .template_model import Problem, TemplateError

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_DEPTH",
    "MAX_TEXT_CHARS",
    "MAX_PARAGRAPH_CHARS",
    "MAX_ENTRIES",
    "MAX_VERSION",
    "check_text",
    "check_tables",
    "read_toml",
    "id_problem",
    "version_problem",
]

MAX_FILE_BYTES = 1024 * 1024
MAX_DEPTH = 12
MAX_TEXT_CHARS = 4000
MAX_PARAGRAPH_CHARS = 20000
MAX_ENTRIES = 2000
#: ``[[…]]`` entries of all the lists together (counted before parsing)
MAX_TABLES = 5000
MAX_VERSION = 1_000_000
ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9_.-]{0,63}")

_TOKEN = re.compile(r"\\.|\"\"\"|'''|[\"'#\[\]{}\n.=,]", re.DOTALL)
_ARRAY_TABLE = re.compile(r"^[ \t]*\[\[", re.MULTILINE)
_PARAGRAPH_ATTRS = ("text", "fallback")


def nesting_depth(text: str) -> int:
    """How deep ``[`` and ``{`` nest outside strings and comments, plus the parts of a dotted key
    (``a.b.c = 1`` and ``[a.b.c]`` nest too: a key of 100,000 parts took tomllib 1.4 GB and minutes).
    A fast scan, not a parser."""
    depth = deepest = dots = 0
    in_key = True  # before a "=": a dot joins the parts of a key (after it, 1.5 is a number)
    state = ""  # "", '"', "'", '"""', "'''", "#"
    for m in _TOKEN.finditer(text):
        tok = m.group()
        if tok == "\n" and state in ("", "#", '"', "'"):
            state, in_key, dots = "", True, 0
        elif not state:
            if tok in ("[", "{"):
                depth += 1
                deepest = max(deepest, depth + dots)
            elif tok in ("]", "}"):
                depth = max(0, depth - 1)
            elif tok == "." and in_key:
                dots += 1
                deepest = max(deepest, depth + dots)
            elif tok == "=":
                in_key, dots = False, 0
            elif tok == ",":
                in_key, dots = True, 0
            elif tok in ('"', "'", '"""', "'''", "#"):
                state = tok
        elif state in ('"', "'"):
            if tok == state or (state == "'" and tok == "\\'"):
                state = ""
        elif tok == state:
            state = ""
    return deepest


def check_text(raw: bytes, text: str) -> str | None:
    """A Vietnamese reason when the file is too big or nests too deep to be read; None when fine."""
    if len(raw) > MAX_FILE_BYTES:
        return (f"tệp mẫu quá lớn ({len(raw) // 1024:,} KB; tối đa {MAX_FILE_BYTES // 1024:,} KB)"
                .replace(",", "."))
    tables = len(_ARRAY_TABLE.findall(text))
    if tables > MAX_TABLES:
        return f"tệp mẫu có quá nhiều khối [[…]] ({tables}; tối đa {MAX_TABLES})"
    if nesting_depth(text) > MAX_DEPTH:
        return f"tệp mẫu lồng ngoặc quá sâu (tối đa {MAX_DEPTH} mức)"
    return None


def check_tables(data: Any) -> str | None:
    """A Vietnamese reason when the parsed tables exceed a limit; None when fine (iterative walk)."""
    stack: list[tuple[Any, int, str]] = [(data, 0, "")]
    while stack:
        value, depth, attr = stack.pop()
        if depth > MAX_DEPTH:
            return f"tệp mẫu lồng nhau quá sâu (tối đa {MAX_DEPTH} mức)"
        if isinstance(value, dict):
            if len(value) > MAX_ENTRIES:
                return f"một bảng có quá nhiều mục ({len(value)}; tối đa {MAX_ENTRIES})"
            for key, item in value.items():
                if not isinstance(key, str) or len(key) > MAX_TEXT_CHARS:
                    return f"tên mục quá dài (tối đa {MAX_TEXT_CHARS} ký tự)"
                stack.append((item, depth + 1, key))
        elif isinstance(value, list):
            if len(value) > MAX_ENTRIES:
                where = f" '{attr}'" if attr and len(attr) <= 40 else ""
                return f"danh sách{where} có quá nhiều phần tử ({len(value)}; tối đa {MAX_ENTRIES})"
            stack.extend((item, depth + 1, attr) for item in value)
        elif isinstance(value, str):
            limit = MAX_PARAGRAPH_CHARS if attr in _PARAGRAPH_ATTRS else MAX_TEXT_CHARS
            if len(value) > limit:
                return (f"đoạn văn quá dài ({len(value)} ký tự; tối đa {limit})" if limit == MAX_PARAGRAPH_CHARS
                        else f"chuỗi '{attr[:40]}' quá dài ({len(value)} ký tự; tối đa {limit})")
            if "\x00" in value or not _encodes(value):
                return f"chuỗi '{attr[:40]}' có ký tự không hợp lệ (NUL hoặc mã thay thế lẻ)"
    return None


def _encodes(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate
        return False
    return True


def id_problem(value: str) -> str | None:
    """Why ``value`` cannot be a template id (None when it can)."""
    if ID_PATTERN.fullmatch(value):
        return None
    return ("'id' chỉ gồm chữ thường không dấu, chữ số, '-', '_', '.' (bắt đầu bằng chữ hoặc số, "
            "tối đa 64 ký tự)")


def version_problem(value: Any) -> str | None:
    """Why ``value`` cannot be a template version (None when it can)."""
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_VERSION:
        return f"'version' phải là số nguyên từ 1 đến {MAX_VERSION:,}".replace(",", ".")
    return None


def read_toml(raw: bytes, text: str, path: str) -> dict:
    """The tables of a template file's text, within the limits (else ``TemplateError``)."""
    import tomllib  # pure Python and slow: only when the tables are not kept (``ParseCache``)

    beyond = check_text(raw, text)
    if beyond is None:
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            m = re.search(r"line (\d+)", str(exc))
            # the parser's English ("Expected '=' after a key…") is no help to a province officer
            raise TemplateError([Problem(int(m.group(1)) if m else 0,
                                         "sai cú pháp TOML (thiếu dấu =, dấu ngoặc hay dấu nháy; "
                                         "hoặc một tên khai báo hai lần)")], path) from None
        except RecursionError:  # pragma: no cover - ``check_text`` refuses deep nesting first
            beyond = "tệp mẫu lồng ngoặc quá sâu"
        else:
            beyond = check_tables(data)
    if beyond is not None:
        raise TemplateError([Problem(0, beyond)], path)
    return data
