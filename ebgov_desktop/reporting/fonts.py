"""The bundled Liberation Serif (Times New Roman metrics, full Vietnamese, SIL OFL), registered once.

The caller (services) says where the font files are: this package never looks for resources itself.
"""

from __future__ import annotations

import threading
from pathlib import Path

from ..domain.errors import UserError

__all__ = ["REGULAR", "BOLD", "ITALIC", "BOLD_ITALIC", "FAMILY", "FontError", "register_fonts",
           "has_glyph", "all_drawable", "FONT_FILES"]

FAMILY = "LiberationSerif"
REGULAR = "LiberationSerif"
BOLD = "LiberationSerif-Bold"
ITALIC = "LiberationSerif-Italic"
BOLD_ITALIC = "LiberationSerif-BoldItalic"

FONT_FILES = {
    REGULAR: "LiberationSerif-Regular.ttf",
    BOLD: "LiberationSerif-Bold.ttf",
    ITALIC: "LiberationSerif-Italic.ttf",
    BOLD_ITALIC: "LiberationSerif-BoldItalic.ttf",
}

_lock = threading.Lock()
_registered_from: Path | None = None
_cmap: frozenset[int] = frozenset()
_chars: frozenset[str] = frozenset()  # the same as characters, with "\n": tested in one C call


class FontError(UserError, RuntimeError):
    """The bundled fonts are missing or unreadable (a broken installation)."""


def register_fonts(fonts_dir: str | Path) -> None:
    """Register the four styles and the family with reportlab; later calls do nothing."""
    global _registered_from, _cmap, _chars
    if _registered_from is not None:
        return
    with _lock:
        if _registered_from is not None:
            return
        from reportlab.lib.fonts import addMapping
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        fonts_dir = Path(fonts_dir)
        cmap: set[int] | None = None
        for name, filename in FONT_FILES.items():
            path = fonts_dir / filename
            try:
                font = TTFont(name, str(path))
            except Exception as exc:  # missing file, truncated file …
                raise FontError(
                    f"Không đọc được phông chữ {filename} trong {fonts_dir}. "
                    "Hãy cài đặt lại chương trình.") from exc
            pdfmetrics.registerFont(font)
            glyphs = set(font.face.charToGlyph)
            cmap = glyphs if cmap is None else cmap & glyphs  # a char must exist in every style
        pdfmetrics.registerFontFamily(FAMILY, normal=REGULAR, bold=BOLD, italic=ITALIC,
                                      boldItalic=BOLD_ITALIC)
        for bold, italic, name in ((0, 0, REGULAR), (1, 0, BOLD), (0, 1, ITALIC), (1, 1, BOLD_ITALIC)):
            addMapping(FAMILY, bold, italic, name)
        _cmap = frozenset(cmap or ())
        _chars = frozenset(map(chr, _cmap)) | {"\n"}
        _registered_from = fonts_dir


def has_glyph(ch: str) -> bool:
    """True when every style of the bundled font can draw ``ch`` (fonts must be registered)."""
    if not _cmap:
        raise RuntimeError("register_fonts() must run before text is prepared")
    return ord(ch) in _cmap


def all_drawable(text: str) -> bool:
    """True when every character of ``text`` is a line break or has a glyph in every style."""
    if not _chars:
        raise RuntimeError("register_fonts() must run before text is prepared")
    return _chars.issuperset(text)
