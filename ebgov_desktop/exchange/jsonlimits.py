"""JSON read under fixed limits, in time and memory linear in its size, whatever its content.

The standard parser (``json``, its C scanner) does the parsing; before it runs, one bounded pre-scan
of the raw UTF-8 bytes checks what the parser would otherwise pay for in memory or recursion: nesting
depth, the number of values, the length of each string, and ``\\uD800``-style escapes of lone halves
of a surrogate pair (not Unicode text; they would later stop any encoder). The pre-scan is a fixed
number of passes of C-level byte operations, none of which can backtrack:

1. every escaped backslash ``\\\\`` is replaced by two neutral bytes, then every escaped quote
   ``\\"``: the quotes left are exactly the string delimiters of a valid document (a backslash is
   never part of a multi-byte UTF-8 character, and outside strings JSON has none);
2. a string longer than ``MAX_STRING_BYTES`` is refused; the strings are removed;
3. what is left is structure: commas and brackets are counted, and the depth is found by removing
   the innermost empty pairs ``[]`` ``{}`` once per level, at most ``MAX_DEPTH`` times (when
   nothing more can be removed the brackets do not match, and the parser says where).

For a valid document the pre-scan is exact; for an invalid one it may refuse for a limit instead of
the syntax error the parser would report, which is still a refusal with a reason. The parser's hooks
then refuse duplicate keys, over-long numbers and ``NaN`` / ``Infinity`` while parsing.
"""

from __future__ import annotations

import json
import re
from typing import Any

__all__ = ["JsonLimitError", "MAX_DEPTH", "MAX_NUMBER_CHARS", "MAX_STRING_BYTES", "MAX_VALUES",
           "load_limited"]

MAX_DEPTH = 16
MAX_NUMBER_CHARS = 24
#: bytes of one string as written in the file: 20,000 characters (the longest the schemas allow) of
#: up to six bytes each (``\\u001f``), with room to spare.
MAX_STRING_BYTES = 128 * 1024
#: values (numbers, strings, objects, arrays…) in one document: a full register (20,000 rows of 12
#: fields) and every form field fit; parsed, this many values stay well under 100 MB.
MAX_VALUES = 400_000


class JsonLimitError(ValueError):
    """The document is refused; the message is Vietnamese and names no file."""


#: a high half not followed by a low one; a low half not after a high one
_LONE_HIGH = re.compile(rb"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F])")
_LONE_LOW = re.compile(rb"\\u(?<!\\u[dD][89abAB][0-9a-fA-F]{2}\\u)[dD][c-fC-F]")
_LONG_STRING = re.compile(rb'"[^"]{%d,}' % MAX_STRING_BYTES)
_INNERMOST = re.compile(rb"\[\]|\{\}")
_NOT_STRUCTURE = bytes(b for b in range(256) if b not in b'"[]{},')
_NOT_BRACKET = bytes(b for b in range(256) if b not in b"[]{}")
_CHUNK = 1 << 18


def _structure(text: bytes) -> bytes:
    """The commas and brackets of ``text`` (escaped quotes neutralised) outside its strings. Worked
    through in chunks, so that no list of millions of pieces is ever built."""
    text = text.translate(None, _NOT_STRUCTURE)
    out = []
    inside = False
    for pos in range(0, len(text), _CHUNK):
        parts = text[pos:pos + _CHUNK].split(b'"')  # outside, inside, outside… (or the reverse)
        out.append(b"".join(parts[1::2] if inside else parts[::2]))
        if len(parts) % 2 == 0:  # an odd number of quotes: a string goes on into the next chunk
            inside = not inside
    return b"".join(out)


def prescan(raw: bytes) -> None:
    """Raise ``JsonLimitError`` if ``raw`` (UTF-8 JSON) is beyond a limit; see the module doc."""
    text = raw.replace(b"\\\\", b"__").replace(b'\\"', b"__")
    if _LONE_HIGH.search(text) or _LONE_LOW.search(text):
        raise JsonLimitError("có chuỗi chứa nửa cặp thay thế (surrogate, ví dụ \\ud800): không phải "
                             "văn bản Unicode hợp lệ")
    if _LONG_STRING.search(text):
        raise JsonLimitError("có chuỗi dài quá giới hạn "
                             f"({MAX_STRING_BYTES:,} byte)".replace(",", "."))
    structure = _structure(text)
    del text
    values = structure.count(b",") + structure.count(b"[") + structure.count(b"{") + 1
    if values > MAX_VALUES:
        raise JsonLimitError(f"có quá nhiều giá trị (hơn {MAX_VALUES:,})".replace(",", "."))
    brackets = structure.translate(None, _NOT_BRACKET)
    del structure
    for _ in range(MAX_DEPTH):
        brackets, removed = _INNERMOST.subn(b"", brackets)
        if not brackets or not removed:
            return  # within the depth, or unbalanced: the parser names the syntax error
    if _INNERMOST.search(brackets):
        raise JsonLimitError(f"lồng nhau quá sâu (quá {MAX_DEPTH} tầng)")


def _pairs(pairs: list[tuple[str, Any]]) -> dict:
    out = dict(pairs)
    if len(out) != len(pairs):
        seen: set[str] = set()
        for key, _value in pairs:
            if key in seen:
                raise JsonLimitError(f"khóa '{key[:40]}' lặp lại hai lần trong cùng một đối tượng")
            seen.add(key)
    return out


def _int(text: str) -> int:
    if len(text) > MAX_NUMBER_CHARS:
        raise JsonLimitError(f"số quá lớn ({len(text)} chữ số)")
    return int(text)


def _float(text: str) -> float:
    if len(text) > MAX_NUMBER_CHARS:
        raise JsonLimitError("số thập phân quá dài")
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise JsonLimitError("số quá lớn")
    return value


def _constant(text: str):
    raise JsonLimitError(f"giá trị '{text}' không được phép trong JSON")


def load_limited(raw: bytes) -> Any:
    """Parse UTF-8 JSON bytes within the limits. Raises ``JsonLimitError`` (a limit, not Unicode, not
    UTF-8, a BOM) or ``json.JSONDecodeError`` (syntax)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise JsonLimitError("không phải văn bản UTF-8") from None
    if text.startswith("\ufeff"):
        raise JsonLimitError("có ký tự BOM ở đầu; không đúng dạng chuẩn")
    prescan(raw)
    try:
        return json.loads(text, object_pairs_hook=_pairs, parse_int=_int, parse_float=_float,
                          parse_constant=_constant)
    except RecursionError:  # pragma: no cover - the pre-scan bounds the depth first
        raise JsonLimitError(f"lồng nhau quá sâu (quá {MAX_DEPTH} tầng)") from None
