"""The commune report (báo cáo tình hình ứng dụng CNTT, chính quyền điện tử) from one period's data.

Everything printed comes from a ``Dataset`` (values, register, explanations), the findings of the rules
and the stamp of the data revision. What was never entered is left out, and the numbering of the
sections closes up.
"""

from __future__ import annotations

import datetime as _dt
import os
from dataclasses import dataclass
from typing import Sequence

from ..domain.dataset import Dataset
from ..domain.document import default_title
from ..domain.formatting import long_date, pad2, short_date
from ..domain.register import choice_label
from ..domain.rules import Finding
from ..domain.template import Template
from .fonts import register_fonts
from .outline import (
    Annex,
    Chart,
    Closing,
    EquipmentRow,
    Heading,
    LinkList,
    OutlineContext,
    Paragraph,
    Signature,
    Table,
    equipment_rows,
    hien_trang,
    render_outline,
)
from .template import DocumentHeader, OfficialDocument, SignatureBlock, document_number, styles
from .text import clean, markup

__all__ = ["DataStamp", "CommuneReport", "hien_trang", "equipment_rows", "EquipmentRow"]

_NBSP = "\u00a0"


@dataclass(frozen=True)
class DataStamp:
    """Which data the paper was made from (the USB package of the same data carries the same digest)."""

    unit_code: str
    period_code: str
    period_label: str
    revision: int
    short_digest: str  # first 16 hex digits of the SHA-256 of the dataset's canonical JSON

    @property
    def qr_value(self) -> str:
        return f"EBGOV|{self.unit_code}|{self.period_code}|r{self.revision}|{self.short_digest}"


# -- the report ----------------------------------------------------------------------------------

def _date(value) -> _dt.date | None:
    try:
        return _dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


#: How a register row's condition that was not given is printed (never as "Tốt").
NOT_GIVEN = "Chưa ghi"


class CommuneReport(OfficialDocument):
    """Báo cáo của UBND xã / phường / thị trấn / đặc khu for one period."""

    def __init__(self, fonts_dir: str | os.PathLike, dataset: Dataset, *,
                 template: Template, findings: Sequence[Finding] = (),
                 stamp: DataStamp | None = None):
        register_fonts(fonts_dir)  # before any text is cleaned
        self.ds = dataset
        self.template = template
        self.values = dataset.values
        self.findings = list(findings)
        self.stamp = stamp
        unit = dataset.unit
        v = self.values
        number_line, self.number_ref = document_number(v.get("doc.number", ""), v.get("doc.symbol", ""))
        place = clean(v.get("doc.place", "")).strip() or unit.name
        date = _date(v.get("doc.date"))
        when = long_date(date) if date else f"ngày{_NBSP * 6}tháng{_NBSP * 6}năm {dataset.period.year}"
        self.title = clean(v.get("doc.title", "")).strip() or \
            default_title(self.template, unit, dataset.period)
        header = DocumentHeader(
            unit_lines=("ỦY BAN NHÂN DÂN", unit.full_name.upper()),
            number=number_line,
            place_date=f"{place}, {when}",
            title=self.title,
            superior_line=clean(v.get("doc.superior_line", "")).strip(),
        )
        signature = SignatureBlock(
            authority_lines=tuple(clean(v.get(k, "")).strip() for k in
                                  ("doc.signer_authority", "doc.signer_deputy", "doc.signer_title")),
            signer_name=clean(v.get("doc.signer_name", "")).strip(),
            recipients=tuple(v.get("doc.recipients") or ()),
        )
        closing = clean(v.get("doc.closing", "")).strip() or (
            f"Trên đây là báo cáo {self.title[:1].lower() + self.title[1:]} của "
            f"{unit.council_name}./.")
        self.number_line = number_line
        self.date = date
        #: the outline rendered to plain blocks (``reporting/outline.py``); the PDF lays them out
        self.blocks = render_outline(OutlineContext(
            self.template, unit, dataset.period, dataset.values, dataset.register, closing=closing,
            signature=Signature(signature.authority_lines, signature.signer_name,
                                signature.recipients)))
        super().__init__(fonts_dir, header, signature, closing=closing,
                         subject=f"Báo cáo {unit.short_council_name}, {dataset.period.label}",
                         author=unit.council_name)

    # -- laying out the blocks -------------------------------------------------------------------
    def _p(self, text: str, style=None):
        from .paragraph import Paragraph as PDFParagraph

        return PDFParagraph(markup(text), style or styles().body)

    def _long_p(self, text: str, style) -> list:
        """One paragraph, laid out in pieces of at most ``PIECE_CHARS`` when longer (``pieces``):
        reportlab's line breaking is quadratic in a paragraph's length (80,000 characters took 7 s,
        300,000 about 100 s); the pieces follow each other without indent or space between."""
        from reportlab.lib.styles import ParagraphStyle

        from .paragraph import pieces

        parts = pieces(text)
        if len(parts) == 1:
            return [self._p(text, style)]
        inner = dict(firstLineIndent=0, spaceBefore=0)
        first = ParagraphStyle(f"{style.name}-1", parent=style, spaceAfter=0)
        middle = ParagraphStyle(f"{style.name}-2", parent=style, spaceAfter=0, **inner)
        last = ParagraphStyle(f"{style.name}-3", parent=style, **inner)
        return [self._p(part, first if i == 0 else last if i == len(parts) - 1 else middle)
                for i, part in enumerate(parts)]

    def _styles(self) -> dict:
        from reportlab.lib.styles import ParagraphStyle

        from .fonts import BOLD, BOLD_ITALIC, ITALIC

        st = styles()
        return {
            "body": st.body,
            "plain": ParagraphStyle("plain", parent=st.body, firstLineIndent=0),
            "italic": ParagraphStyle("italic", parent=st.body, fontName=ITALIC),
            "subheading": ParagraphStyle("subheading", parent=st.body, fontName=BOLD_ITALIC,
                                         keepWithNext=1),
            "link_title": ParagraphStyle("link_title", parent=st.body, fontName=BOLD,
                                         keepWithNext=1),
            "link": ParagraphStyle("link", parent=st.body, spaceAfter=2),
            1: st.heading,
            2: st.heading,
            3: ParagraphStyle("h3", parent=st.heading, fontName=BOLD_ITALIC),
        }

    def layout(self, blocks: Sequence) -> list:
        """reportlab flowables of outline blocks (``Closing``, ``Signature`` and annexes excluded)."""
        from xml.sax.saxutils import quoteattr

        from reportlab.platypus import KeepTogether, Spacer

        from .tables import grid_table, indicator_chart

        st = self._styles()
        out: list = []
        for block in blocks:
            if isinstance(block, Heading):
                out.append(self._p(f"{block.number} {block.text}", st[block.level]))
            elif isinstance(block, Paragraph):
                out.extend(self._long_p(block.text, st.get(block.style, st["body"])))
            elif isinstance(block, LinkList):
                for kind, text in block.items:
                    if kind == "url":
                        from .paragraph import Paragraph as PDFParagraph

                        url = clean(text)
                        out.append(PDFParagraph(f"<link href={quoteattr(url)}>{markup(url)}</link>",
                                               st["link"]))
                    else:
                        out.append(self._p(text, st["link_title"] if kind == "title" else st["body"]))
            elif isinstance(block, Table):
                out += [grid_table(block.headers, block.rows, block.widths_mm, small=block.small,
                                   centre_cols=block.centre_cols, bold_rows=block.bold_rows),
                        Spacer(1, 8)]
            elif isinstance(block, Chart):
                title = self._p(block.title, styles().italic_centre)
                out += [Spacer(1, 6), KeepTogether([indicator_chart(list(block.items), self.text_width),
                                                    title])]
            elif isinstance(block, (Closing, Signature, Annex)):
                continue
        return out

    def basis(self) -> list[Paragraph]:
        """The basis paragraphs (căn cứ) that open the body, before the outline (none when the
        outline places the opening itself)."""
        if any(b.key == "doc.basis" for b in self.template.outline):
            return []
        return [Paragraph(clean(line).strip()) for line in self.values.get("doc.basis") or ()
                if clean(line).strip()]

    def body_blocks(self) -> list:
        """Everything between the header and the closing sentence, as outline blocks."""
        return self.basis() + [b for b in self.blocks if not isinstance(b, (Closing, Signature, Annex))]

    def body_story(self) -> list:
        return self.layout(self.body_blocks())

    # -- annexes ---------------------------------------------------------------------------------
    def annex_subtitle(self) -> str:
        when = f" ngày {short_date(self.date)}" if self.date else ""
        ref = f" số {self.number_ref}" if self.number_ref else ""
        return f"(Kèm theo Báo cáo{ref}{when} của {self.ds.unit.council_name})"

    def annexes(self) -> list[Annex]:
        """Every annex as outline blocks, in print order: the template's, the explained warnings, the
        whole register. (The PDF and the Word copy lay out this same list.)"""
        annexes = [b for b in self.blocks if isinstance(b, Annex)]
        explanations = self.ds.explanations
        kept = [f for f in self.findings if not f.is_error and clean(explanations.get(f.id, "")).strip()]
        if kept:
            annexes.append(Annex("GIẢI TRÌNH CÁC CẢNH BÁO KHI KIỂM TRA SỐ LIỆU", (Table(
                ("TT", "Cảnh báo", "Giải trình của đơn vị"),
                tuple((str(i), f.message, explanations[f.id]) for i, f in enumerate(kept, 1)),
                (11, 72, 82), centre_cols=(0,)),)))
        if self.ds.register:
            t = self.template  # the period's lists: a province's own kinds print with their labels
            # grouped by kind in the template's order (the officer's order within a kind), each kind
            # followed by its total; like with like, then one grand total of the items
            order = [k.key for k in t.register_kinds]
            order += [k for k in dict.fromkeys(i.kind for i in self.ds.register) if k not in order]
            several = len({i.kind for i in self.ds.register}) > 1  # one kind: its total is the total
            rows, bold = [], []
            number = 0
            for kind in order:
                items = [i for i in self.ds.register if i.kind == kind]
                if not items:
                    continue
                for item in items:
                    number += 1
                    notes = clean(item.notes).strip()
                    if clean(item.asset_code).strip():
                        notes = (notes + "; " if notes else "") + f"Mã TS: {clean(item.asset_code).strip()}"
                    rows.append((
                        str(number), choice_label(t.register_kinds, item.kind) or item.kind, item.description,
                        pad2(item.quantity) if item.quantity is not None else "",
                        str(item.year_acquired or ""), choice_label(t.origins, item.origin),
                        choice_label(t.conditions, item.condition) or NOT_GIVEN, item.location, notes,
                    ))
                if several:  # "Cộng" under the kind's rows (the rows above name the kind)
                    bold.append(len(rows))
                    rows.append(("", "Cộng", "", pad2(sum(i.quantity or 0 for i in items)),
                                  "", "", "", "", ""))
            bold.append(len(rows))
            rows.append(("", "Tổng cộng", "", pad2(sum(i.quantity or 0 for i in self.ds.register)),
                          "", "", "", "", ""))
            annexes.append(Annex("DANH MỤC TRANG THIẾT BỊ CÔNG NGHỆ THÔNG TIN", (Table(
                ("TT", "Loại thiết bị", "Mô tả (model)", "Số lượng", "Năm trang bị", "Khi nhận",
                 "Tình trạng", "Vị trí", "Ghi chú"),
                # widths (mm, 165 in all) so that "Hỏng, cần thay thế/thanh lý" and "Năm trang bị"
                # take two lines, not five and three
                tuple(rows), (8, 25, 25, 11, 15, 14, 27, 21, 19), small=True, centre_cols=(0, 3, 4),
                bold_rows=tuple(bold)),)))
        return annexes

    def stamp_lines(self) -> list[str]:
        """The data stamp's lines (the QR code holds ``stamp.qr_value``); empty without a stamp."""
        if self.stamp is None:
            return []
        s = self.stamp
        return ["Dữ liệu của báo cáo này", f"Mã đơn vị: {s.unit_code}",
                f"Kỳ báo cáo: {s.period_label} ({s.period_code})", f"Phiên bản dữ liệu: {s.revision}",
                f"Mã kiểm tra SHA-256: {s.short_digest}"]

    def annex_story(self) -> list:
        annexes = self.annexes()
        story: list = []
        many = len(annexes) > 1
        for n, annex in enumerate(annexes, 1):
            story += self.annex_heading(n if many else None, annex.title, self.annex_subtitle())
            story += self.layout(annex.blocks)
        return story

    def stamp_story(self) -> list:
        from reportlab.platypus import Spacer

        from .tables import data_stamp

        if self.stamp is None:
            return []
        return [Spacer(1, 14), data_stamp(self.stamp_lines(), self.stamp.qr_value, self.text_width)]

