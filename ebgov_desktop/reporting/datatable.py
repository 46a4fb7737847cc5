"""A ruled data table that lays itself out: the long tables of the reports (the register annex, the
communes' indicators) without reportlab's general ``Table``.

It looks like the ``Table`` + ``Paragraph`` cells it replaces (same fonts, sizes, leading, paddings,
0.5 pt grid, centred or left-aligned cells, middle vertical alignment, bold header row repeated on
every page), but every row is measured once with cached word widths, the table splits itself across
pages, and each page is drawn as one grid path and one text object.

Text arrives already cleaned (``text.clean``: NFC, undrawable characters as ``□``) and is drawn as
strings, never parsed as markup, so whatever the officer typed prints verbatim. Runs of spaces
collapse and words wider than the column are broken at the column width, as a ``Paragraph`` does.

Kept (rather than reportlab's ``Table``) for its measured gain: the 200-row register table builds
about 14× faster than the same rows as a ``Table`` of ``Paragraph`` cells (35 ms against 504 ms;
``bench/report.py`` prints the ratio, measured 2026-11-29). It relies on reportlab internals
(``font.face.charWidths``, ``Flowable.split``/``wrap``): ``tests/test_dependencies.py`` fails loudly if
they change, and ``pyproject.toml`` pins reportlab to the minor versions tested.

Imported lazily (it imports reportlab): only ``tables.grid_table`` uses it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.platypus import Flowable

__all__ = ["DataTable", "CellStyle", "wrap_text", "text_width"]

#: a row of more lines than this may be split at the foot of a page (shorter rows move whole)
LONG_ROW_LINES = 8
#: lines kept together on each side when a long row is split
MIN_SPLIT_LINES = 2


class _FontMetrics:
    """Advance widths of one registered TrueType font in 1/1000 em, with a cache of word widths."""

    __slots__ = ("font", "_get", "_default", "_words")

    def __init__(self, font):
        self.font = font
        self._get = font.face.charWidths.get
        self._default = font.face.defaultWidth
        self._words: dict[str, float] = {}

    def width(self, text: str) -> float:
        """Width of ``text`` in 1/1000 of the font size (same sum as ``pdfmetrics.stringWidth``)."""
        w = self._words.get(text)
        if w is None:
            get, dw = self._get, self._default
            w = sum([get(ord(ch), dw) for ch in text])
            if len(self._words) > 50_000:
                self._words.clear()
            self._words[text] = w
        return w


_METRICS: dict[str, _FontMetrics] = {}
#: white space as reportlab's Paragraph knows it: no-break space excluded, zero-width space included
_split_on_white = re.compile("(?:[^\\S\xa0]|\u200b)+").split


def _metrics(font_name: str) -> _FontMetrics:
    font = getFont(font_name)
    m = _METRICS.get(font_name)
    if m is None or m.font is not font:
        m = _METRICS[font_name] = _FontMetrics(font)
    return m


def text_width(text: str, font_name: str, size: float) -> float:
    """Width in points, equal to ``pdfmetrics.stringWidth`` for the registered TrueType font."""
    return _metrics(font_name).width(text) * size / 1000


def _split_word(word: str, m: _FontMetrics, room: float, limit: float) -> list[tuple[str, float]]:
    """Break a word wider than ``limit`` into pieces: the first fits ``room``, the others ``limit``
    (widths in font units). Every piece holds at least one character except possibly the first."""
    pieces: list[tuple[str, float]] = []
    get, dw = m._get, m._default
    cur: list[str] = []
    cur_w = 0.0
    for ch in word:
        cw = get(ord(ch), dw)
        if cur_w + cw > room and (cur or not pieces and cw <= limit):
            pieces.append(("".join(cur), cur_w))
            cur, cur_w, room = [], 0.0, limit
        cur.append(ch)
        cur_w += cw
    pieces.append(("".join(cur), cur_w))
    return pieces


def _words(text: str) -> list[str]:
    """Words as ``Paragraph`` splits them: on white space, but never on a no-break space."""
    if "\xa0" in text or "\u200b" in text:
        return [w for w in _split_on_white(text) if w]
    return text.split()


def wrap_text(text: str, font_name: str, size: float, max_width: float,
              space_shrink: float = 0.0) -> list[tuple[str, float]]:
    """Lines of ``text`` within ``max_width`` points as (line, width in points): greedy on words like
    ``Paragraph`` (which lets each space of a line shrink by ``space_shrink`` of its width);
    ``\\n`` is a line break; runs of spaces collapse; long words are broken."""
    return _wrap(text, _metrics(font_name), size, max_width, space_shrink)


def _wrap(text: str, m: _FontMetrics, size: float, max_width: float,
          space_shrink: float) -> list[tuple[str, float]]:
    scale = size / 1000
    limit = max_width / scale
    space = m.width(" ")
    shrink = space * space_shrink
    lines: list[tuple[str, float]] = []
    for para in text.split("\n"):
        words = _words(para)
        if not words:
            lines.append(("", 0.0))
            continue
        whole = words[0] if len(words) == 1 else " ".join(words)
        whole_w = m.width(whole)
        if whole_w <= limit + shrink * (len(words) - 1):  # the usual cell: one line
            lines.append((whole, whole_w * scale))
            continue
        cur: list[str] = []
        cur_w = 0.0
        for word in words:
            ww = m.width(word)
            if not cur:
                if ww <= limit:
                    cur, cur_w = [word], ww
                    continue
            elif cur_w + space + ww <= limit + shrink * len(cur):
                cur.append(word)
                cur_w += space + ww
                continue
            elif ww <= limit:
                lines.append((" ".join(cur), cur_w * scale))
                cur, cur_w = [word], ww
                continue
            # a word wider than the column: fill this line, then whole lines, keep the tail open
            room = limit - (cur_w + space if cur else 0.0)
            pieces = _split_word(word, m, room, limit)
            first, first_w = pieces[0]
            if first:
                if cur:
                    cur.append(first)
                    cur_w += space + first_w
                else:
                    cur, cur_w = [first], first_w
            if cur:
                lines.append((" ".join(cur), cur_w * scale))
            for piece, pw in pieces[1:-1]:
                lines.append((piece, pw * scale))
            last, last_w = pieces[-1] if len(pieces) > 1 else ("", 0.0)
            cur, cur_w = ([last], last_w) if last else ([], 0.0)
        if cur:
            lines.append((" ".join(cur), cur_w * scale))
    while len(lines) > 1 and not lines[-1][0]:
        lines.pop()
    return lines or [("", 0.0)]


@dataclass(frozen=True)
class CellStyle:
    font: str
    bold_font: str
    size: float
    leading: float
    pad_x: float = 3
    pad_top: float = 2
    pad_bottom: float = 3
    line_width: float = 0.5
    space_shrink: float = 0.05  # reportlab's ParagraphStyle.spaceShrinkage


class _Row:
    """A measured row: per cell its lines (text, width); ``top`` when it is part of a split row."""

    __slots__ = ("bold", "cells", "height", "top")

    def __init__(self, bold: bool, cells: list[list[tuple[str, float]]], style: CellStyle,
                 top: bool = False):
        self.bold = bold
        self.cells = cells
        self.top = top
        self.height = max(len(c) for c in cells) * style.leading + style.pad_top + style.pad_bottom

    @property
    def lines(self) -> int:
        return max(len(c) for c in self.cells)


class _Encoder:
    """Text of one font → PDF string operators, as ``font.splitString`` + escaping would give them.

    reportlab gives each new character a code in a subset of the document's font the first time it
    is split; after that a string whose characters are all known and in one subset is encoded with
    one ``str.translate`` instead of a loop over its characters."""

    __slots__ = ("font", "doc", "escape", "byte", "subsets", "tables")

    def __init__(self, font, doc, escape):
        self.font, self.doc, self.escape = font, doc, escape
        self.byte = [escape(bytes([b])) for b in range(256)]  # code → escaped PDF string text
        self.subsets: list[set[str]] = []  # characters known in each subset
        self.tables: list[dict[int, str]] = []  # their str.translate tables

    def runs(self, text: str) -> list[tuple[tuple[str, int], str]]:
        name = self.font.fontName
        for subset, chars in enumerate(self.subsets):
            if chars.issuperset(text):
                return [((name, subset), f"({text.translate(self.tables[subset])}) Tj")]
        runs = self.font.splitString(text, self.doc)
        chars = iter(text)
        for subset, codes in runs:
            while len(self.subsets) <= subset:
                self.subsets.append(set())
                self.tables.append({})
            known, table = self.subsets[subset], self.tables[subset]
            for code in codes:  # one code per character, in order
                ch = next(chars)
                if ch not in known and ch != "\xa0":  # (a no-break space is drawn as a space)
                    known.add(ch)
                    table[ord(ch)] = self.byte[code]
        return [((name, subset), f"({self.escape(codes)}) Tj") for subset, codes in runs]


class DataTable(Flowable):
    """A ruled table of text cells with fixed column widths; the header row repeats on every page.

    ``rows`` are lists of cleaned strings; ``bold_rows`` (indices into rows) print bold; ``centre_cols``
    centre their cells; the last ``keep_last`` rows are kept on one page. A row that does not fit the
    rest of a page moves whole to the next one, unless it has more than ``LONG_ROW_LINES`` lines (or
    is taller than a page): then it is split between lines. A table narrower than the frame is
    centred, as reportlab's ``Table``.
    """

    def __init__(self, header: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float],
                 style: CellStyle, *, centre_cols: Sequence[int] = (), bold_rows: Sequence[int] = (),
                 keep_last: int = 0):
        super().__init__()
        self.hAlign = "CENTER"
        self.header = list(header)
        self.rows = [list(r) for r in rows]
        self.widths = [float(w) for w in widths]
        self.style = style
        self.centre = frozenset(centre_cols)
        self.bold_rows = frozenset(bold_rows)
        self.keep_last = keep_last
        self._head: _Row | None = None
        self._body: list[_Row] | None = None
        self._tail_from = 0  # index in _body from which rows belong to the kept tail

    # -- measuring -------------------------------------------------------------------------------
    def _measure_row(self, texts: Sequence[str], font: str, bold: bool, seen: dict) -> _Row:
        st = self.style
        m = _metrics(font)
        size, shrink, pad2 = st.size, st.space_shrink, 2 * st.pad_x
        cells = []
        for c, w in enumerate(self.widths):
            text = texts[c] if c < len(texts) else ""
            lines = seen.get((font, c, text))  # a column repeats its values (kinds, places, years)
            if lines is None:
                lines = seen[font, c, text] = _wrap(text, m, size, w - pad2, shrink)
            cells.append(lines)
        return _Row(bold, cells, st)

    def _measure(self) -> None:
        if self._body is not None:
            return
        st = self.style
        seen: dict = {}
        self._head = self._measure_row(self.header, st.bold_font, True, seen)
        body = []
        for r, texts in enumerate(self.rows):
            bold = r in self.bold_rows
            body.append(self._measure_row(texts, st.bold_font if bold else st.font, bold, seen))
        self._body = body
        self._tail_from = len(body) - self.keep_last if self.keep_last else len(body)

    @classmethod
    def _part(cls, parent: "DataTable", body: list[_Row], tail_from: int) -> "DataTable":
        part = cls.__new__(cls)
        Flowable.__init__(part)
        part.hAlign = parent.hAlign
        part.header, part.rows, part.widths = parent.header, [], parent.widths
        part.style, part.centre, part.bold_rows = parent.style, parent.centre, parent.bold_rows
        part.keep_last = parent.keep_last
        part._head, part._body, part._tail_from = parent._head, body, tail_from
        return part

    # -- platypus --------------------------------------------------------------------------------
    def wrap(self, availWidth, availHeight):
        self._measure()
        self.width = sum(self.widths)
        self.height = self._head.height + sum(r.height for r in self._body)
        return self.width, self.height

    def split(self, availWidth, availHeight):
        self._measure()
        st = self.style
        body = self._body
        room = availHeight - self._head.height
        if room <= 0 or not body:
            return []
        used = 0.0
        n = 0
        while n < len(body) and used + body[n].height <= room + 1e-6:
            used += body[n].height
            n += 1
        if n == len(body):  # fits but for rounding: let it go over whole rather than loop
            return []
        if self._tail_from < n < len(body) and self._tail_from > 0:
            n = self._tail_from  # the kept tail goes over with the row before it
            used = sum(r.height for r in body[:n])
        row = body[n]
        fit = int((room - used - st.pad_top - st.pad_bottom + 1e-6) // st.leading)
        if n == 0:
            split_here = fit >= 1
            fit = min(fit, row.lines - 1)
        else:
            split_here = (row.lines > LONG_ROW_LINES and fit >= MIN_SPLIT_LINES
                          and row.lines - fit >= MIN_SPLIT_LINES and n < self._tail_from)
        if split_here and fit >= 1:
            head = _Row(row.bold, [c[:fit] or [("", 0.0)] for c in row.cells], st, top=True)
            rest = _Row(row.bold, [c[fit:] or [("", 0.0)] for c in row.cells], st, top=True)
            first, second = body[:n] + [head], [rest] + body[n + 1:]
        elif n == 0:
            return []
        else:
            first, second = body[:n], body[n:]
        tail = self._tail_from - (len(body) - len(second))
        return [self._part(self, first, len(first)), self._part(self, second, max(tail, 0))]

    def draw(self):
        canv = self.canv
        st = self.style
        doc = canv._doc
        escape = canv._escape
        # encoded strings of this document: the same text is drawn many times (labels, places …)
        encoded = doc.__dict__.setdefault("_ebgov_table_text", {})
        encoders = {name: encoded[name] for name in (st.font, st.bold_font) if name in encoded}
        widths = self.widths
        xs = [0.0]
        for w in widths:
            xs.append(xs[-1] + w)
        total_w = xs[-1]
        rows = [self._head] + self._body
        size, leading = st.size, st.leading
        ops = ["BT"]
        current = None  # (font name, subset) in force in the text object
        fonts = {False: getFont(st.font), True: getFont(st.bold_font)}
        size_str = f"{size:.2f} Tf"
        y_top = self.height
        row_tops = []
        pad_top, pad_bottom, pad_x = st.pad_top, st.pad_bottom, st.pad_x
        centre = self.centre
        append = ops.append
        for r, row in enumerate(rows):
            row_tops.append(y_top)
            font = fonts[row.bold]
            fname = font.fontName
            top, height = row.top, row.height
            for c, lines in enumerate(row.cells):
                if top:
                    y = y_top - pad_top - size
                else:  # middle, exactly as reportlab's Table places cell text
                    y = y_top - height + (pad_bottom + height - pad_top + len(lines) * leading) / 2 - size
                centred = r == 0 or c in centre
                x0 = xs[c] + pad_x
                room = widths[c] - 2 * pad_x
                mid = x0 + room / 2
                for text, w in lines:
                    if text:
                        squeeze = w > room + 1e-8 and " " in text
                        if squeeze:  # a line over by its shrunk spaces: shrink them, as reportlab
                            append(f"{(room - w) / text.count(' '):.4f} Tw")
                            x = x0
                        else:
                            x = mid - w / 2 if centred else x0
                        runs = encoded.get((fname, text))
                        if runs is None:
                            encoder = encoders.get(fname)
                            if encoder is None:
                                encoder = encoders[fname] = encoded[fname] = _Encoder(font, doc, escape)
                            runs = encoded[fname, text] = encoder.runs(text)
                        if len(runs) == 1 and runs[0][0] == current:  # the usual line: one op
                            append(f"1 0 0 1 {x:.3f} {y:.3f} Tm {runs[0][1]}")
                        else:
                            append(f"1 0 0 1 {x:.3f} {y:.3f} Tm")
                            for key, show in runs:
                                if key != current:
                                    select = encoded.get(key)
                                    if select is None:
                                        select = encoded[key] = font.getSubsetInternalName(key[1], doc)
                                    append(f"{select} {size_str}")
                                    current = key
                                append(show)
                        if squeeze:
                            append("0 Tw")
                    y -= leading
            y_top -= height
        ops.append("ET")
        # the grid: every row boundary across, every column boundary down
        bottom = y_top
        grid = [f"{st.line_width:.2f} w"]
        for y in row_tops + [bottom]:
            grid.append(f"0 {y:.3f} m {total_w:.3f} {y:.3f} l")
        for x in xs:
            grid.append(f"{x:.3f} {self.height:.3f} m {x:.3f} {bottom:.3f} l")
        grid.append("S")
        canv.saveState()
        canv.setFillColorRGB(0, 0, 0)
        canv.setStrokeColorRGB(0, 0, 0)
        canv.addLiteral("\n".join(grid))
        canv.addLiteral("\n".join(ops))
        canv.restoreState()
