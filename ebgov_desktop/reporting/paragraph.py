"""reportlab's ``Paragraph``, measured once per width: the paragraph of every PDF the program prints.

reportlab measures a paragraph (``wrap``: its lines broken at the width) each time it is asked, and it
asks twice for many of ours: a heading kept with what follows (``keepWithNext``) is measured inside
the ``KeepTogether`` group reportlab makes, then again when placed; so are the closing kept with the
signature and the annex headings; a ``Table`` measures its cells' paragraphs, then again when it
draws them. The lines depend only on the width (not on the height offered), so a second call with
the same width returns the first result, unless ``split`` dropped the lines meanwhile (reportlab
then deletes ``blPara``, and the paragraph is measured afresh).

Kept for its measured gain: the demo report (23 pages) builds 3 to 4 ms faster, 3 to 5 % of its time
(``bench/report.py`` prints it: 2.7 ms of 90 in its run, 4.2 ms of 83 in 21 paired runs, 2026-11-29),
with the same bytes out; ``tests/test_dependencies.py`` builds a document with both classes and fails
if the bytes ever differ.

Imported lazily (it imports reportlab), like ``datatable``.
"""

from __future__ import annotations

from reportlab.platypus import Paragraph as _ReportlabParagraph

__all__ = ["Paragraph", "pieces", "PIECE_CHARS"]

#: the longest text laid out as one reportlab paragraph (its line breaking is quadratic in the length)
PIECE_CHARS = 4000


def pieces(text: str, limit: int = PIECE_CHARS) -> list[str]:
    """``text`` cut into pieces of at most ``limit`` characters, after a sentence's end where there
    is one in the piece's second half, else after a space, else anywhere (a word of 5,000 letters)."""
    out = []
    while len(text) > limit:
        cut = text.rfind(". ", limit // 2, limit)
        cut = cut + 1 if cut >= 0 else text.rfind(" ", limit // 2, limit)
        cut = cut if cut > 0 else limit
        out.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    return out + [text] if text or not out else out


class Paragraph(_ReportlabParagraph):
    def wrap(self, availWidth, availHeight):
        done = self.__dict__.get("_measured")
        if done is not None and done[0] == availWidth and done[1] is self.__dict__.get("blPara"):
            return done[2]
        size = super().wrap(availWidth, availHeight)
        self._measured = (availWidth, self.__dict__.get("blPara"), size)
        return size
