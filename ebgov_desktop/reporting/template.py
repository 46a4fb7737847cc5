"""The page of every report the program prints (Nghị định 30/2020/NĐ-CP, Phụ lục I).

``OfficialDocument`` is a template method over plain data: it owns the A4 page, the margins, the
two-column header, ``BÁO CÁO`` and the trích yếu, the page numbers, the closing sentence, the Nơi nhận
+ signature block and the order of annexes. A report (the commune report, the consolidated report)
only gives its header and signature data, ``body_story()`` and ``annex_story()``.
"""

from __future__ import annotations

import os
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..domain.tasks import TaskState
from .fonts import BOLD, BOLD_ITALIC, ITALIC, REGULAR, register_fonts
from .text import clean, markup

__all__ = [
    "MARGINS_MM",
    "NATIONAL_NAME",
    "MOTTO",
    "RECIPIENTS_LABEL",
    "ANNEX_LABEL",
    "recipient_lines",
    "annex_label",
    "DocumentHeader",
    "SignatureBlock",
    "OfficialDocument",
    "styles",
]

#: top, bottom, left, right (Nghị định 30/2020 defaults)
MARGINS_MM = (20, 20, 30, 15)
#: the fixed words of the page (the PDF and the Word copy print these same strings)
NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
RECIPIENTS_LABEL = "Nơi nhận:"
ANNEX_LABEL = "Phụ lục"
BODY_SIZE = 14
#: called with (percent 0–100, Vietnamese status text)


@dataclass(frozen=True)
class DocumentHeader:
    """What the first-page header prints; every text exactly as it should appear."""

    unit_lines: tuple[str, ...]  # ("ỦY BAN NHÂN DÂN", "XÃ QUẢNG THỌ"), bold, upper case
    number: str  # "Số: 22/BC-UBND"
    place_date: str  # "Quảng Thọ, ngày 12 tháng 3 năm 2019"
    title: str = ""  # trích yếu
    superior_line: str = ""  # optional: "UBND HUYỆN QUẢNG ĐIỀN"
    doc_type: str = "BÁO CÁO"


@dataclass(frozen=True)
class SignatureBlock:
    authority_lines: tuple[str, ...]  # ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")
    signer_name: str
    recipients: tuple[str, ...] = ()


@dataclass
class _Styles:
    body: object
    heading: object
    plain_centre: object
    cell: object
    cell_centre: object
    cell_head: object
    small_cell: object
    small_cell_centre: object
    small_cell_head: object
    italic_centre: object
    heading_centre: object


_STYLES: _Styles | None = None


def styles() -> _Styles:
    """Paragraph styles of the program's documents (fonts must be registered)."""
    global _STYLES
    if _STYLES is not None:
        return _STYLES
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm

    body = ParagraphStyle("body", fontName=REGULAR, fontSize=BODY_SIZE, leading=18,
                          alignment=TA_JUSTIFY, firstLineIndent=1.27 * cm, spaceAfter=6,
                          splitLongWords=1)
    heading = ParagraphStyle("heading", parent=body, fontName=BOLD, keepWithNext=1)
    cell = ParagraphStyle("cell", fontName=REGULAR, fontSize=12, leading=14.5, alignment=TA_LEFT,
                          splitLongWords=1)
    small = ParagraphStyle("small", parent=cell, fontSize=10, leading=12)
    _STYLES = _Styles(
        body=body,
        heading=heading,
        plain_centre=ParagraphStyle("plain_centre", parent=body, firstLineIndent=0,
                                    alignment=TA_CENTER, spaceAfter=0),
        cell=cell,
        cell_centre=ParagraphStyle("cell_centre", parent=cell, alignment=TA_CENTER),
        cell_head=ParagraphStyle("cell_head", parent=cell, fontName=BOLD, alignment=TA_CENTER),
        small_cell=small,
        small_cell_centre=ParagraphStyle("small_cell_centre", parent=small, alignment=TA_CENTER),
        small_cell_head=ParagraphStyle("small_cell_head", parent=small, fontName=BOLD,
                                       alignment=TA_CENTER),
        italic_centre=ParagraphStyle("italic_centre", parent=body, fontName=ITALIC,
                                     firstLineIndent=0, alignment=TA_CENTER),
        heading_centre=ParagraphStyle("heading_centre", parent=heading, firstLineIndent=0,
                                      alignment=TA_CENTER, spaceAfter=0),
    )
    return _STYLES


def _rule_flowable():
    from reportlab.platypus import Flowable

    class CentredRule(Flowable):
        """A solid line of a given length, centred in the width it is given."""

        def __init__(self, length: float, thickness: float = 0.6, space_before: float = 4,
                     space_after: float = 3):
            super().__init__()
            self.length = length
            self.thickness = thickness
            self.space_before = space_before
            self.space_after = space_after
            self._avail = length

        def wrap(self, availWidth, availHeight):
            self._avail = availWidth
            self.length = min(self.length, availWidth)
            return availWidth, self.space_before + self.thickness + self.space_after

        def draw(self):
            x0 = (self._avail - self.length) / 2
            y = self.space_after + self.thickness / 2
            self.canv.setLineWidth(self.thickness)
            self.canv.line(x0, y, x0 + self.length, y)

    return CentredRule


#: the header and signature tables: top-aligned cells without padding, text placed as on the page
_FRAME_TABLE = [
    ("FONT", (0, 0), (-1, -1), REGULAR, 10),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("LEFTPADDING", (0, 0), (-1, -1), 0),
    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
    ("TOPPADDING", (0, 0), (-1, -1), 0),
]


def recipient_lines(recipients) -> list[str]:
    """The Nơi nhận lines as printed: blank ones dropped, each starting with ``- ``."""
    out = []
    for line in recipients or ():
        text = clean(line).strip()
        if text:
            out.append(text if text.startswith("-") else "- " + text)
    return out


def annex_label(number: int | None) -> str:
    """``Phụ lục`` (the only annex) or ``Phụ lục II``."""
    return ANNEX_LABEL + (f" {_roman(number)}" if number else "")


def document_number(number: str, symbol: str) -> tuple[str, str]:
    """(the header's ``Số: 05/BC-UBND``, the annexes' reference ``05/BC-UBND``). A number below 10 has
    two digits (NĐ 30); without a number the header leaves room to write it by hand and the reference
    is empty (never ``Số:/BC-UBND``)."""
    number = clean(number or "").strip()
    symbol = clean(symbol or "").strip() or "BC-UBND"
    if number.isdigit() and len(number) < 2:
        number = number.zfill(2)
    if not number:
        return "Số:" + "\u00a0" * 8 + f"/{symbol}", ""
    return f"Số: {number}/{symbol}", f"{number}/{symbol}"


def _fitting_size(text: str, font: str, size: float, width: float, smallest: float = 11) -> float:
    """``size``, or a little smaller (by half points, not below ``smallest``) until ``text`` fits."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    while size > smallest and stringWidth(text, font, size) > width:
        size -= 0.5
    return size


def last_line_width(text: str, font: str, size: float, width: float) -> float:
    """The width of the last line ``text`` takes when wrapped at word boundaries into ``width``."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    line = ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and stringWidth(candidate, font, size) > width:
            line = word
        else:
            line = candidate
    return min(stringWidth(line, font, size), width)


class OfficialDocument:
    """Base of every printed report: subclasses give the data and the body."""

    #: what the PDF's metadata calls the author program
    creator = "ebgov-desktop"
    #: a text drawn across every page (a draft: ``BẢN NHÁP — CÒN LỖI``); empty for the official copy
    draft = ""

    def __init__(self, fonts_dir: str | os.PathLike, header: DocumentHeader,
                 signature: SignatureBlock, *, closing: str = "", subject: str = "",
                 author: str = ""):
        register_fonts(fonts_dir)
        self.header = header
        self.signature = signature
        self.closing = closing
        self.subject = subject
        self.author = author
        self.pages = 0

    # -- what a report provides ------------------------------------------------------------------
    def body_story(self) -> list:
        raise NotImplementedError

    def annex_story(self) -> list:
        """The annexes after the signature; each starts a page."""
        return []

    def stamp_story(self) -> list:
        """The data box that ends the report (none by default); it is never alone on a page."""
        return []

    # -- geometry --------------------------------------------------------------------------------
    @staticmethod
    def frame_box() -> tuple[float, float, float, float]:
        """(x, y, width, height) of the text block in points."""
        from reportlab.lib.pagesizes import A4
        from reportlab.lib.units import mm

        top, bottom, left, right = (m * mm for m in MARGINS_MM)
        width, height = A4
        return left, bottom, width - left - right, height - top - bottom

    @property
    def text_width(self) -> float:
        return self.frame_box()[2]

    # -- building blocks -------------------------------------------------------------------------
    def header_story(self) -> list:
        from reportlab.lib.enums import TA_CENTER
        from reportlab.lib.styles import ParagraphStyle
        from reportlab.pdfbase.pdfmetrics import stringWidth
        from reportlab.platypus import Spacer, Table, TableStyle

        from .paragraph import Paragraph

        h = self.header
        rule = _rule_flowable()
        width = self.text_width
        left_w, right_w = width * 0.40, width * 0.60
        centre = dict(alignment=TA_CENTER, firstLineIndent=0, spaceAfter=0, splitLongWords=1)
        s13 = ParagraphStyle("h13", fontName=REGULAR, fontSize=13, leading=15.5, **centre)
        s13b = ParagraphStyle("h13b", parent=s13, fontName=BOLD)
        s14b = ParagraphStyle("h14b", fontName=BOLD, fontSize=14, leading=17, **centre)
        s14i = ParagraphStyle("h14i", fontName=ITALIC, fontSize=14, leading=17, **centre)

        left: list = []
        if clean(h.superior_line).strip():
            left.append(Paragraph(markup(h.superior_line), s13))
        # an office's name is not broken mid-name: a line too long for the column is set a little
        # smaller (down to 11 pt) before it may wrap
        sizes = [_fitting_size(clean(line), BOLD, 13, left_w) for line in h.unit_lines]
        unit_text = "<br/>".join(markup(line) if size == 13 else f'<font size="{size}">{markup(line)}</font>'
                                 for line, size in zip(h.unit_lines, sizes))
        left.append(Paragraph(unit_text, s13b))
        last_unit = clean(h.unit_lines[-1] if h.unit_lines else "")
        last_size = sizes[-1] if sizes else 13
        # a third of the name, at least 12 mm, but never longer than the name's (last) line
        shown = last_line_width(last_unit, BOLD, last_size, left_w)
        left.append(rule(min(max(stringWidth(last_unit, BOLD, last_size) / 3, 12 * 2.835), shown)))

        motto = MOTTO
        right = [
            Paragraph(NATIONAL_NAME, s13b),
            Paragraph(motto, s14b),
            rule(stringWidth(motto, BOLD, 14)),
        ]
        table = Table(
            [[left, right], [Paragraph(markup(h.number), s13), Paragraph(markup(h.place_date), s14i)]],
            colWidths=[left_w, right_w],
        )
        table.setStyle(TableStyle(_FRAME_TABLE + [("BOTTOMPADDING", (0, 0), (-1, -1), 2)]))
        story = [table, Spacer(1, 16), Paragraph(markup(h.doc_type), s14b)]
        if clean(h.title).strip():
            story += [Paragraph(markup(h.title), s14b)]
            title_w = min(stringWidth(clean(h.title), BOLD, 14), width * 0.9)
            story.append(rule(max(title_w / 3, 20 * 2.835)))
        story.append(Spacer(1, 10))
        return story

    def closing_story(self) -> list:
        from .paragraph import Paragraph

        if not clean(self.closing).strip():
            return []
        return [Paragraph(markup(self.closing), styles().body)]

    def signature_story(self) -> list:
        from reportlab.lib.enums import TA_CENTER, TA_LEFT
        from reportlab.lib.styles import ParagraphStyle
        from reportlab.lib.units import mm
        from reportlab.platypus import Spacer, Table, TableStyle

        from .paragraph import Paragraph

        sig = self.signature
        half = self.text_width / 2
        recip_head = ParagraphStyle("recip_head", fontName=BOLD_ITALIC, fontSize=12, leading=14,
                                    alignment=TA_LEFT)
        recip = ParagraphStyle("recip", fontName=REGULAR, fontSize=11, leading=13, alignment=TA_LEFT,
                               splitLongWords=1)
        auth = ParagraphStyle("auth", fontName=BOLD, fontSize=14, leading=17, alignment=TA_CENTER,
                              splitLongWords=1)
        left: list = []
        if sig.recipients:
            left.append(Paragraph(RECIPIENTS_LABEL, recip_head))
            for text in recipient_lines(sig.recipients):
                left.append(Paragraph(markup(text), recip))
        right: list = [Paragraph(markup(line), auth) for line in sig.authority_lines
                       if clean(line).strip()]
        right.append(Spacer(1, 30 * mm))
        right.append(Paragraph(markup(sig.signer_name), auth))
        table = Table([[left or "", right]], colWidths=[half, half], splitInRow=1)
        table.setStyle(TableStyle(_FRAME_TABLE))
        return [Spacer(1, 8), table]

    def annex_heading(self, number: int | None, title: str, subtitle: str = "") -> list:
        """``Phụ lục I`` / title / (kèm theo …), starting a new page."""
        from reportlab.platypus import PageBreak, Spacer

        from .paragraph import Paragraph

        st = styles()
        label = annex_label(number)
        out = [PageBreak(), Paragraph(label, st.heading_centre),
               Paragraph(markup(title), st.heading_centre)]
        if subtitle:
            out.append(Paragraph(markup(subtitle), st.italic_centre))
        out.append(Spacer(1, 6))
        return out

    # -- building --------------------------------------------------------------------------------
    def story(self) -> list:
        from reportlab.platypus import KeepTogether

        # the signature is never alone on its page: it is kept with the closing paragraph (NĐ 30).
        # One KeepTogether, none inside it: a nested one measures as 0xffffff high, so the pair
        # always went to a page of its own, leaving most of the page before it blank.
        # Without annexes the data box joins them: alone on a last page it said nothing of the report
        # it belongs to. After annexes it is kept whole at their end.
        annex, stamp = self.annex_story(), self.stamp_story()
        closing = self.closing_story() + self.signature_story()
        if not annex:
            return self.header_story() + self.body_story() + [KeepTogether(closing + stamp)]
        return (self.header_story() + self.body_story() + [KeepTogether(closing)] + annex
                + ([KeepTogether(stamp)] if stamp else []))

    def _on_page(self, canvas, doc) -> None:
        from reportlab.lib.pagesizes import A4
        from reportlab.lib.units import mm

        page = canvas.getPageNumber()
        if self.draft:  # a draft made while errors remain: marked across every page
            canvas.saveState()
            canvas.setFont(BOLD, 40)
            canvas.setFillColorRGB(0.85, 0.2, 0.2, alpha=0.28)
            canvas.translate(A4[0] / 2, A4[1] / 2)
            canvas.rotate(55)
            canvas.drawCentredString(0, 0, self.draft)
            canvas.restoreState()
        if page > 1:  # Nghị định 30: numbers centred in the top margin, hidden on page 1
            x, _y, w, _h = self.frame_box()
            canvas.saveState()
            canvas.setFont(REGULAR, 13)
            canvas.drawCentredString(x + w / 2, A4[1] - 13 * mm, str(page))
            canvas.restoreState()

    def build(self, out: str | os.PathLike | object, state: TaskState | None = None) -> int:
        """Write the PDF to ``out`` (a path or a binary file); return the number of pages. With
        ``state``: progress 5–100 %, and ``Cancelled`` raised between two flowables once it is
        cancelled (the caller removes what was written)."""
        from reportlab.lib.pagesizes import A4
        from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

        x, y, w, h = self.frame_box()
        target = str(out) if isinstance(out, (str, Path)) else out
        doc = BaseDocTemplate(
            target, pagesize=A4, leftMargin=x, bottomMargin=y, rightMargin=A4[0] - x - w,
            topMargin=A4[1] - y - h, title=clean(self.header.title or self.header.doc_type),
            author=clean(self.author), subject=clean(self.subject), creator=self.creator,
            initialFontName=REGULAR, initialFontSize=BODY_SIZE, pageCompression=1,
        )
        frame = Frame(x, y, w, h, id="body", leftPadding=0, rightPadding=0, topPadding=0,
                      bottomPadding=0)
        doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=self._on_page)])
        if state is not None:
            state.check()
            doc.setProgressCallBack(_progress_adapter(state))
        story = self.story()
        with _binary_streams():
            doc.build(story)
        self.pages = doc.page
        if state is not None:
            state.set_progress(100, 100, "Đã tạo xong báo cáo.")
        return self.pages


_a85_lock = threading.Lock()
_a85_users = 0
_a85_saved = None


@contextmanager
def _binary_streams():
    """Our PDFs keep their compressed streams binary: reportlab's default wraps them in ASCII85,
    a quarter bigger and slow to encode without its C accelerator. The setting is process-wide, so
    it is changed only while one of our documents is built and restored when the last one ends."""
    global _a85_users, _a85_saved
    from reportlab import rl_config

    with _a85_lock:
        if _a85_users == 0:
            _a85_saved = rl_config.useA85
            rl_config.useA85 = 0
        _a85_users += 1
    try:
        yield
    finally:
        with _a85_lock:
            _a85_users -= 1
            if _a85_users == 0:
                rl_config.useA85 = _a85_saved


def _progress_adapter(task: TaskState):
    """reportlab's (kind, value) callbacks → percent 5–95, never going back, each step once; the cancel
    flag is polled here, the one point inside reportlab's layout loop where our code runs."""
    seen = {"total": 0, "last": -1}

    def report(pct: int) -> None:
        if pct > seen["last"]:
            seen["last"] = pct
            task.set_progress(pct, 100, "Đang dàn trang báo cáo…")

    def on_progress(kind, value):
        task.check()
        if kind == "SIZE_EST":
            seen["total"] = max(int(value), 1)
            report(5)
        elif kind == "PROGRESS" and seen["total"]:
            report(min(95, 5 + int(90 * min(value, seen["total"]) / seen["total"])))

    return on_progress


_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
          (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def _roman(n: int) -> str:
    out = []
    for value, letters in _ROMAN:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


roman = _roman
