"""The text of a printed report, as the seed and compatibility tests compare it."""

from __future__ import annotations

import re


def squeeze(text: str) -> str:
    """``text`` without any whitespace (pypdf's line breaks and spaces are not the document's)."""
    return re.sub(r"\s+", "", text)


def pdf_text(path) -> str:
    """The PDF's text, page numbers (the first line of pages 2…) left out."""
    from pypdf import PdfReader

    pages = []
    for n, page in enumerate(PdfReader(path).pages, 1):
        lines = page.extract_text().splitlines()
        if n > 1 and lines and lines[0].strip() == str(n):
            lines = lines[1:]
        pages.append("\n".join(lines))
    return "\n".join(pages)
