"""Text on its way to the page: NFC, characters the font lacks shown as a placeholder, markup escaped.

Whatever the officer typed (``<``, ``&``, quotes, emoji, control characters, line breaks) must print as
typed or, when the font cannot draw it, as ``□`` — and never break the build.
"""

from __future__ import annotations

import unicodedata
from xml.sax.saxutils import escape

from .fonts import all_drawable, has_glyph

__all__ = ["PLACEHOLDER", "clean", "markup", "markup_lines"]

#: Drawn in place of a character the font has no glyph for (an emoji, a control character).
PLACEHOLDER = "\u25a1"  # □

_ESCAPES = {'"': "&quot;"}


def clean(text: object) -> str:
    """NFC; tabs become spaces; \\r\\n and \\r become \\n; every other undrawable char → ``□``."""
    s = unicodedata.normalize("NFC", "" if text is None else str(text))
    if "\r" in s:
        s = s.replace("\r\n", "\n").replace("\r", "\n")
    if "\t" in s:
        s = s.replace("\t", "    ")
    if all_drawable(s):
        return s
    out = []
    for ch in s:
        if ch == "\n" or has_glyph(ch):
            out.append(ch)
        elif unicodedata.category(ch) == "Cf" and ch not in "\u00ad":
            continue  # invisible format characters (zero-width joiner, variation selector, BOM)
        else:
            out.append(PLACEHOLDER)
    return "".join(out)


def markup(text: object) -> str:
    """Paragraph markup that prints ``text`` literally; line breaks stay line breaks."""
    return escape(clean(text), _ESCAPES).replace("\n", "<br/>")


def markup_lines(lines) -> list[str]:
    return [markup(line) for line in lines or ()]
