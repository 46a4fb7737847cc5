"""The consolidated report of the superior level (huyện / tỉnh) over its communes' datasets.

Same page as every report (``OfficialDocument``); the header is the superior body's. Everything printed
comes from plain data: the superior workspace's period values (document settings and the text the
officer wrote), the board rows and the ``Consolidation`` of the communes' datasets.
"""

from __future__ import annotations

import datetime as _dt
import os
from dataclasses import dataclass, field
from typing import Sequence

from ..domain.consolidation import BoardRow, Consolidation
from ..domain.formatting import long_date, short_date
from ..domain.periods import Period
from ..domain.template import default_template
from ..domain.units import Unit
from .consolidated_outline import ConsolidatedContext, key_indicators, render_consolidated
from .fonts import register_fonts
from .outline import Heading, Paragraph, Table
from .template import DocumentHeader, OfficialDocument, SignatureBlock, document_number, styles
from .text import clean, markup

__all__ = ["ConsolidatedData", "ConsolidatedReport", "KEY_INDICATORS", "annex_widths", "key_indicators"]

_NBSP = "\u00a0"


def annex_widths(labels: Sequence[str], name: float = 39, share: float = 116,
                 least_name: float = 30) -> list[float]:
    """Widths in mm of the annex's unit-name column and its indicator columns (``labels``, their
    headers). The indicators share ``share`` equally, but no column is narrower than the longest word
    of its header (bold, small, with the cell's padding), so that a header is never broken inside a
    word ("VNeI / D"); what they need beyond ``share`` is taken from the name column, down to
    ``least_name`` (past that, the equal shares as before)."""
    from reportlab.lib.units import mm

    from .datatable import CellStyle, text_width
    from .fonts import BOLD

    size, pad = styles().small_cell_head.fontSize, 2 * CellStyle.pad_x
    equal = share / len(labels)
    widths = [max([equal] + [(text_width(word, BOLD, size) + pad) / mm + 0.1 for word in clean(label).split()])
              for label in labels]
    over = sum(widths) - share
    if over <= 0:
        return [name] + widths
    if name - over < least_name:  # too many indicators for their words: equal shares, as before
        return [name] + [equal] * len(labels)
    return [name - over] + widths


#: The 2019 template's annex columns (key, short column header).
KEY_INDICATORS: tuple[tuple[str, str], ...] = key_indicators(default_template())

@dataclass
class ConsolidatedData:
    """Everything the consolidated report prints, as plain data."""

    unit: Unit  # the superior unit (huyện / tỉnh)
    period: Period
    values: dict  # the superior workspace's period values: doc.*, text.*, comments.*
    rows: Sequence[BoardRow]  # the board: one row per expected commune
    consolidation: Consolidation
    names: dict[str, str]  # unit code → full name ("xã Quảng Thọ")
    header_lines: tuple[str, tuple[str, ...]] = ("", ())  # (line above, unit lines)
    issuer: str = ""  # "Ủy ban nhân dân huyện Quảng Điền" / "Sở Khoa học và Công nghệ"
    unexpected: Sequence[BoardRow] = field(default_factory=list)


def _date(value) -> _dt.date | None:
    try:
        return _dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


class ConsolidatedReport(OfficialDocument):
    """Báo cáo tổng hợp tình hình ứng dụng CNTT của các đơn vị cấp xã, for one period."""

    def __init__(self, fonts_dir: str | os.PathLike, data: ConsolidatedData):
        register_fonts(fonts_dir)
        self.data = data
        v = data.values
        unit = data.unit
        self.number_line, self.number_ref = document_number(v.get("doc.number", ""), v.get("doc.symbol", ""))
        place = clean(v.get("doc.place", "")).strip() or unit.name
        self.date = _date(v.get("doc.date"))
        when = long_date(self.date) if self.date else \
            f"ngày{_NBSP * 6}tháng{_NBSP * 6}năm {data.period.year}"
        self.title = clean(v.get("doc.title", "")).strip() or \
            f"Tổng hợp tình hình ứng dụng công nghệ thông tin cấp xã {data.period.label}"
        above, lines = data.header_lines
        header = DocumentHeader(
            unit_lines=tuple(lines) or ("ỦY BAN NHÂN DÂN", unit.full_name.upper()),
            number=self.number_line,
            place_date=f"{place}, {when}",
            title=self.title,
            superior_line=clean(v.get("doc.superior_line", "")).strip() or above,
        )
        signature = SignatureBlock(
            authority_lines=tuple(clean(v.get(k, "")).strip() for k in
                                  ("doc.signer_authority", "doc.signer_deputy", "doc.signer_title")),
            signer_name=clean(v.get("doc.signer_name", "")).strip(),
            recipients=tuple(v.get("doc.recipients") or ()),
        )
        self.issuer = data.issuer or unit.council_name
        closing = clean(v.get("doc.closing", "")).strip() or (
            f"Trên đây là báo cáo {self.title[:1].lower() + self.title[1:]} của {self.issuer}./.")
        super().__init__(fonts_dir, header, signature, closing=closing,
                         subject=f"Báo cáo tổng hợp, {data.period.label}", author=self.issuer)

        #: the template's consolidated outline rendered to plain blocks (``consolidated_outline.py``)
        self.blocks, self.annexes = render_consolidated(self.context())

    def context(self) -> ConsolidatedContext:
        d = self.data
        return ConsolidatedContext(d.consolidation, d.period, d.rows, d.unexpected, d.names, d.values,
                                   widths=lambda labels: annex_widths(labels))

    # -- laying out the blocks -------------------------------------------------------------------
    def _p(self, text: str, style=None):
        from .paragraph import Paragraph as PDFParagraph

        return PDFParagraph(markup(text), style or styles().body)

    def _styles(self) -> dict:
        from reportlab.lib.styles import ParagraphStyle

        from .fonts import BOLD_ITALIC, ITALIC

        st = styles()
        return {"body": st.body, "keep": ParagraphStyle("keep", parent=st.body, keepWithNext=1),
                "subheading": ParagraphStyle("group", parent=st.body, fontName=ITALIC, keepWithNext=1),
                "h2": ParagraphStyle("h3", parent=st.heading, fontName=BOLD_ITALIC)}

    def layout(self, blocks) -> list:
        from reportlab.platypus import Spacer

        from .tables import grid_table

        st, out = self._styles(), []
        for block in blocks:
            if isinstance(block, Heading):
                out.append(self._p(f"{block.number} {block.text}",
                                   styles().heading if block.level < 2 else st["h2"]))
            elif isinstance(block, Paragraph):
                out.append(self._p(block.text, st.get(block.style, st["body"])))
            elif isinstance(block, Table):
                out.append(grid_table(list(block.headers), [list(r) for r in block.rows], list(block.widths_mm),
                                      small=block.small, centre_cols=block.centre_cols,
                                      bold_rows=block.bold_rows, keep_last=block.keep_last))
                if not self.annexing:
                    out.append(Spacer(1, 8))
        return out

    annexing = False

    def body_story(self) -> list:
        d = self.data
        story = [self._p(clean(line).strip()) for line in d.values.get("doc.basis") or () if clean(line).strip()]
        if not story:
            issuer = self.issuer[:1].upper() + self.issuer[1:]
            lead = self.title[:1].lower() + self.title[1:]
            if lead.startswith("tổng hợp ") and "ứng dụng công nghệ thông tin" not in lead:
                # the opening follows the report's own title (the 2025 template's words)
                opening = f"{issuer} {lead} từ số liệu các đơn vị gửi về như sau:"
            else:
                opening = (f"{issuer} tổng hợp tình hình ứng dụng công nghệ thông tin, chính quyền điện tử "
                           f"của các {self.context().kind_word} {d.period.label} từ số liệu các đơn vị gửi "
                           "về như sau:")
            story.append(self._p(opening))
        return story + self.layout(self.blocks)

    # -- annexes ---------------------------------------------------------------------------------
    def _annex_subtitle(self) -> str:
        when = f" ngày {short_date(self.date)}" if self.date else ""
        ref = f" số {self.number_ref}" if self.number_ref else ""
        return f"(Kèm theo Báo cáo{ref}{when} của {self.issuer})"

    def annex_story(self) -> list:
        story: list = []
        self.annexing = True
        try:
            for n, annex in enumerate(self.annexes, 1):
                story += self.annex_heading(n, annex.title, self._annex_subtitle())
                story += self.layout(annex.blocks)
        finally:
            self.annexing = False
        return story
