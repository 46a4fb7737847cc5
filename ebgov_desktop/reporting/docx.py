"""The commune report as a Word document (python-docx), for the officer to finish the wording in Word.

It lays out the SAME content the PDF lays out, never a second copy of the report's wording: the
report's ``DocumentHeader`` and ``SignatureBlock``, its closing sentence, ``body_blocks()`` (the basis
paragraphs and the template's outline rendered to plain blocks, ``reporting/outline.py``),
``annexes()`` (outline blocks too) and ``stamp_lines()``; the page's fixed words come from
``reporting/template.py``. The page is set up as an official document per Nghị định 30/2020: A4,
margins top 20 / bottom 20 / left 30 / right 15 mm, Times New Roman 14 (the font Word users have;
Liberation Serif, which the PDF embeds, has its metrics), the two-column header and the Nơi nhận +
signature as borderless tables, page numbers centred in the top margin from page 2 on (a different
first page). The PDF stays the official, digest-stamped output: the document's properties say this is
an editable copy (nothing on the page says so, except a draft's mark).
"""

from __future__ import annotations

import datetime as _dt
import os
from pathlib import Path
from typing import Sequence

from ..domain.formatting import vn_decimal
from .outline import Chart, Heading, LinkList, Paragraph, Table
from .template import MARGINS_MM, MOTTO, NATIONAL_NAME, RECIPIENTS_LABEL, annex_label, recipient_lines
from .text import clean

__all__ = ["FONT", "build_docx", "write_docx", "EDITABLE_NOTE"]

FONT = "Times New Roman"
BODY_PT = 14
#: what the document's properties say about it
EDITABLE_NOTE = ("Bản Word có thể chỉnh sửa của báo cáo, do chương trình ebgov-desktop tạo. Bản chính thức "
                 "là tệp PDF do chương trình in (có mã kiểm tra số liệu).")
_A4_MM = (210, 297)


def _text_width_mm() -> float:
    _top, _bottom, left, right = MARGINS_MM
    return _A4_MM[0] - left - right


class _Writer:
    """One Word document being written; every method adds to the end of the body."""

    def __init__(self, report):
        from docx import Document

        self.report = report
        self.doc = Document()
        self._filled: set[int] = set()  # table cells whose first paragraph is taken
        self._templates: dict = {}  # (style id, bold) → a cell paragraph to copy
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        self._valign = OxmlElement("w:vAlign")
        self._valign.set(qn("w:val"), "center")
        self._keep: list = []  # (their elements, so that the ids stay theirs)
        self._setup_page()
        self._setup_styles()

    # -- page and styles ---------------------------------------------------------------------------
    def _setup_page(self) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Mm, Pt

        top, bottom, left, right = MARGINS_MM
        section = self.doc.sections[0]
        section.page_width, section.page_height = Mm(_A4_MM[0]), Mm(_A4_MM[1])
        section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
        section.left_margin, section.right_margin = Mm(left), Mm(right)
        section.header_distance = Mm(10)
        section.different_first_page_header_footer = True  # no number on page 1
        p = section.header.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self._field(p, "PAGE", Pt(13))
        draft = getattr(self.report, "draft", "")
        if draft:  # a draft made while errors remain says so on every page, the first too
            for header in (section.header, section.first_page_header):
                mark = header.add_paragraph() if header is section.header else header.paragraphs[0]
                mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
                run = mark.add_run(draft)
                run.bold = True
                run.font.size = Pt(16)
                from docx.shared import RGBColor

                run.font.color.rgb = RGBColor(0xD0, 0x30, 0x30)

    @staticmethod
    def _set_font(style_or_run_element, name: str) -> None:
        """The font for every script (Vietnamese letters are "complex" for some Word versions), and no
        theme font overriding it."""
        from docx.oxml.ns import qn

        rpr = style_or_run_element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            from docx.oxml import OxmlElement

            fonts = OxmlElement("w:rFonts")
            rpr.insert(0, fonts)
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attr), None)
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attr), name)

    def _setup_styles(self) -> None:
        from docx.shared import Pt, RGBColor

        styles = self.doc.styles
        normal = styles["Normal"]
        normal.font.size = Pt(BODY_PT)
        self._set_font(normal.element, FONT)
        pf = normal.paragraph_format
        pf.space_before, pf.space_after, pf.line_spacing = Pt(0), Pt(0), 1.0
        for level in (1, 2, 3):
            st = styles[f"Heading {level}"]
            self._set_font(st.element, FONT)
            st.font.size = Pt(BODY_PT)
            st.font.bold = True
            st.font.italic = level == 3
            st.font.color.rgb = RGBColor(0, 0, 0)
            hp = st.paragraph_format
            hp.space_before, hp.space_after, hp.line_spacing = Pt(0), Pt(6), 1.15
            hp.keep_with_next = True
            hp.first_line_indent = None
        for name in ("Title", "Subtitle"):
            self._set_font(styles[name].element, FONT)
        # table cells: one paragraph style each (an officer restyles every table at once in Word, and a
        # cell costs one attribute instead of a paragraph's worth of direct formatting)
        from docx.enum.style import WD_STYLE_TYPE
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        self.cell_styles = {}
        for small in (False, True):
            for kind in ("left", "centre", "head"):
                name = "Ô bảng" + (" nhỏ" if small else "") + {"left": "", "centre": " (giữa)",
                                                               "head": " (tiêu đề)"}[kind]
                st = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
                st.base_style = normal
                st.font.size = Pt(10 if small else 12)
                st.font.bold = kind == "head"
                st.paragraph_format.alignment = (WD_ALIGN_PARAGRAPH.LEFT if kind == "left"
                                                 else WD_ALIGN_PARAGRAPH.CENTER)
                st.paragraph_format.space_after = Pt(0)
                st.paragraph_format.line_spacing = 1.0
                self.cell_styles[(small, kind)] = st

    @staticmethod
    def _field(paragraph, code: str, size) -> None:
        """A field (``PAGE``) that Word computes: begin, instruction, end."""
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        run = paragraph.add_run()
        run.font.size = size
        for kind, text in (("begin", None), (None, f" {code} "), ("end", None)):
            if kind:
                el = OxmlElement("w:fldChar")
                el.set(qn("w:fldCharType"), kind)
            else:
                el = OxmlElement("w:instrText")
                el.set(qn("xml:space"), "preserve")
                el.text = text
            run._r.append(el)

    # -- paragraphs --------------------------------------------------------------------------------
    def para(self, text: str = "", *, container=None, size: float = BODY_PT, bold=False, italic=False,
             align: str = "justify", indent: bool = True, after: float = 6, line: float = 1.15,
             style: str | None = None):
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Cm, Pt

        target = container if container is not None else self.doc
        if container is not None and id(container._tc) not in self._filled:
            p = container.paragraphs[0]  # a new table cell has one empty paragraph: use it
            self._filled.add(id(container._tc))
            self._keep.append(container._tc)
            if style:
                p.style = style
        else:
            p = target.add_paragraph(style=style)
        p.alignment = {"justify": WD_ALIGN_PARAGRAPH.JUSTIFY, "centre": WD_ALIGN_PARAGRAPH.CENTER,
                       "left": WD_ALIGN_PARAGRAPH.LEFT}[align]
        pf = p.paragraph_format
        pf.first_line_indent = Cm(1.27) if indent else None
        pf.space_after = Pt(after)
        pf.line_spacing = line
        if text:
            lines = clean(text).split("\n")
            for n, part in enumerate(lines):
                run = p.add_run(part)
                run.font.size = Pt(size)
                run.bold = bold or None
                run.italic = italic or None
                if n < len(lines) - 1:
                    run.add_break()
        return p

    def rule(self, container, length_mm: float, width_mm: float):
        """A short centred line under a heading: an empty paragraph's bottom border, indented."""
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Mm, Pt

        p = self.para(container=container, align="centre", indent=False, after=0, line=1.0)
        side = max(0.0, (width_mm - length_mm) / 2)
        pf = p.paragraph_format
        pf.left_indent, pf.right_indent = Mm(side), Mm(side)
        pf.line_spacing = Pt(2)  # exactly: the line sits right under the text above
        pf.space_after = Pt(3)
        ppr = p._p.get_or_add_pPr()
        border = OxmlElement("w:pBdr")
        bottom = OxmlElement("w:bottom")
        for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "0"), ("w:color", "000000")):
            bottom.set(qn(key), value)
        border.append(bottom)
        ppr.append(border)
        mark = OxmlElement("w:rPr")  # the paragraph mark as small as the line
        size = OxmlElement("w:sz")
        size.set(qn("w:val"), "4")
        mark.append(size)
        ppr.append(mark)
        return p

    # -- tables ------------------------------------------------------------------------------------
    def _table(self, rows: int, widths_mm: Sequence[float], *, grid: bool):
        from docx.enum.table import WD_TABLE_ALIGNMENT
        from docx.shared import Mm

        table = self.doc.add_table(rows=rows, cols=len(widths_mm))
        if grid:
            table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        for col, w in zip(table.columns, widths_mm):
            col.width = Mm(w)  # the grid, and every cell of the column
        return table

    @staticmethod
    def _row_flag(row, tag: str) -> None:
        from docx.oxml import OxmlElement

        row._tr.get_or_add_trPr().append(OxmlElement(tag))

    @staticmethod
    def _no_cell_margins(table, twips: int = 0) -> None:
        """Left and right cell margins (Word's default 1.9 mm squeezes narrow columns)."""
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        tbl_pr = table._tbl.tblPr
        mar = OxmlElement("w:tblCellMar")
        for side in ("left", "right"):
            el = OxmlElement(f"w:{side}")
            el.set(qn("w:w"), str(twips))
            el.set(qn("w:type"), "dxa")
            mar.append(el)
        tbl_pr.append(mar)

    def grid(self, block: Table) -> None:
        widths = list(block.widths_mm)
        scale = min(1.0, _text_width_mm() / sum(widths)) if widths else 1.0
        table = self._table(1 + len(block.rows), [w * scale for w in widths], grid=True)
        self._no_cell_margins(table, 57)  # 1 mm, as the PDF's cells
        self._row_flag(table.rows[0], "w:tblHeader")  # the header row repeats on every page
        rows = list(table.rows)
        head = self.cell_styles[(block.small, "head")]
        for cell, text in zip(rows[0].cells, block.headers):
            self._cell(cell, text, head)
        left, centre = self.cell_styles[(block.small, "left")], self.cell_styles[(block.small, "centre")]
        for r, (row, values) in enumerate(zip(rows[1:], block.rows)):
            self._row_flag(row, "w:cantSplit")
            bold = r in block.bold_rows
            for c, (cell, text) in enumerate(zip(row.cells, values)):
                self._cell(cell, str(text), centre if c in block.centre_cols else left, bold=bold)
        self.para(after=0, line=1.0, indent=False)

    def _cell(self, cell, text: str, style, *, bold: bool = False) -> None:
        """A table cell's text in its style, centred vertically: a copy of a ready-made paragraph (a
        register of hundreds of rows; python-docx's own calls cost half a millisecond a cell)."""
        import copy

        from docx.oxml.ns import qn

        key = (style.style_id, bold)
        template = self._templates.get(key)
        if template is None:
            from docx.oxml import OxmlElement

            template = OxmlElement("w:p")
            ppr = template.get_or_add_pPr()
            ppr.style = style.style_id
            run = template.add_r()
            if bold:
                run.get_or_add_rPr().append(OxmlElement("w:b"))
            t = OxmlElement("w:t")
            t.set(qn("xml:space"), "preserve")
            run.append(t)
            self._templates[key] = template
        tc = cell._tc
        p = copy.deepcopy(template)
        lines = clean(text).split("\n")
        t = p[-1][-1]
        t.text = lines[0]
        for line in lines[1:]:  # a line break the officer typed stays one
            from docx.oxml import OxmlElement

            br = OxmlElement("w:br")
            p[-1].append(br)
            more = copy.deepcopy(t)
            more.text = line
            p[-1].append(more)
        tc.replace(tc.find(qn("w:p")), p)
        tc.get_or_add_tcPr().append(copy.deepcopy(self._valign))

    def chart(self, block: Chart) -> None:
        """The indicator chart as a small table of its bars' labels and values (Word has no reportlab
        drawing); its title under it, as in the PDF."""
        table = Table(("Chỉ tiêu", "Tỷ lệ"),
                      tuple((label, vn_decimal(pct, 2) + "%") for label, pct in block.items),
                      (120, 30), centre_cols=(1,))
        self.grid(table)
        self.para(block.title, italic=True, align="centre", indent=False)

    # -- the document ------------------------------------------------------------------------------
    def header(self) -> None:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        from .fonts import BOLD

        h = self.report.header
        width = _text_width_mm()
        left_w, right_w = width * 0.40, width * 0.60
        table = self._table(2, (left_w, right_w), grid=False)
        self._no_cell_margins(table)
        left, right = table.rows[0].cells
        if clean(h.superior_line).strip():
            self.para(h.superior_line, container=left, size=13, align="centre", indent=False, after=0,
                      line=1.0)
        self.para("\n".join(h.unit_lines), container=left, size=13, bold=True, align="centre",
                  indent=False, after=0, line=1.0)
        last = clean(h.unit_lines[-1] if h.unit_lines else "")
        self.rule(left, max(stringWidth(last, BOLD, 13) / 3 / 2.835, 12), left_w)
        self.para(NATIONAL_NAME, container=right, size=13, bold=True, align="centre", indent=False,
                  after=0, line=1.0)
        self.para(MOTTO, container=right, size=14, bold=True, align="centre", indent=False, after=0,
                  line=1.0)
        self.rule(right, stringWidth(MOTTO, BOLD, 14) / 2.835, right_w)
        number, place = table.rows[1].cells
        self.para(h.number, container=number, size=13, align="centre", indent=False, after=0, line=1.0)
        self.para(h.place_date, container=place, size=14, italic=True, align="centre", indent=False,
                  after=0, line=1.0)
        self.para(after=6, indent=False)
        self.para(h.doc_type, bold=True, align="centre", indent=False, after=0)
        if clean(h.title).strip():
            self.para(h.title, bold=True, align="centre", indent=False, after=0)
            title_mm = min(stringWidth(clean(h.title), BOLD, 14) / 2.835, width * 0.9)
            self.rule(None, max(title_mm / 3, 20), width)
        self.para(after=6, indent=False)

    def blocks(self, blocks: Sequence) -> None:
        for block in blocks:
            if isinstance(block, Heading):
                p = self.doc.add_paragraph(f"{block.number} {clean(block.text)}".strip(),
                                           style=f"Heading {min(block.level, 3)}")
                p.paragraph_format.first_line_indent = None
            elif isinstance(block, Paragraph):
                style = block.style
                self.para(block.text, italic=style in ("italic", "subheading"), bold=style == "subheading",
                          indent=style != "plain")
            elif isinstance(block, LinkList):
                for kind, text in block.items:
                    self.para(text, bold=kind == "title", after=2 if kind == "url" else 6)
            elif isinstance(block, Table):
                self.grid(block)
            elif isinstance(block, Chart):
                self.chart(block)

    def closing_and_signature(self) -> None:
        from docx.shared import Mm

        r = self.report
        if clean(r.closing).strip():
            self.para(r.closing).paragraph_format.keep_with_next = True
        sig = r.signature
        half = _text_width_mm() / 2
        table = self._table(1, (half, half), grid=False)
        self._no_cell_margins(table)
        self._row_flag(table.rows[0], "w:cantSplit")  # kept on one page
        left, right = table.rows[0].cells
        lines = recipient_lines(sig.recipients)
        if lines:
            self.para(RECIPIENTS_LABEL, container=left, size=12, bold=True, italic=True, align="left",
                      indent=False, after=0, line=1.0)
            for line in lines:
                self.para(line, container=left, size=11, align="left", indent=False, after=0, line=1.0)
        for line in sig.authority_lines:
            if clean(line).strip():
                self.para(line, container=right, bold=True, align="centre", indent=False, after=0,
                          line=1.0)
        gap = self.para(container=right, indent=False, after=0, line=1.0)
        gap.paragraph_format.space_before = Mm(30)  # room for the signature and the seal
        self.para(sig.signer_name, container=right, bold=True, align="centre", indent=False, after=0)

    def annexes(self) -> None:
        annexes = self.report.annexes()
        many = len(annexes) > 1
        for n, annex in enumerate(annexes, 1):
            label = self.para(annex_label(n if many else None), bold=True, align="centre", indent=False,
                              after=0)
            label.paragraph_format.page_break_before = True
            self.para(annex.title, bold=True, align="centre", indent=False, after=0)
            self.para(self.report.annex_subtitle(), italic=True, align="centre", indent=False)
            self.blocks(annex.blocks)

    def stamp(self) -> None:
        lines = self.report.stamp_lines()
        if not lines:
            return
        self.para(after=6, indent=False)
        table = self._table(1, (_text_width_mm() * 0.6,), grid=True)
        cell = table.rows[0].cells[0]
        for n, line in enumerate(lines):
            self.para(line, container=cell, size=11, bold=n == 0, align="left", indent=False, after=0,
                      line=1.0)

    def properties(self) -> None:
        r = self.report
        props = self.doc.core_properties
        props.title = clean(r.header.title or r.header.doc_type)
        props.subject = clean(r.subject)
        props.author = clean(r.author)
        props.last_modified_by = clean(r.author)
        props.category = "Bản có thể chỉnh sửa"
        props.content_status = ("BẢN NHÁP — CÒN LỖI; " if getattr(r, "draft", "") else "") + \
            "Bản có thể chỉnh sửa; bản chính thức là PDF"
        props.keywords = "ebgov; báo cáo; bản có thể chỉnh sửa"
        stamp = getattr(r, "stamp", None)
        digest = f" Mã kiểm tra số liệu của bản PDF: {stamp.short_digest} (phiên bản {stamp.revision})." \
            if stamp else ""
        props.comments = EDITABLE_NOTE + digest
        props.language = "vi-VN"
        now = _dt.datetime.now(_dt.UTC).replace(microsecond=0, tzinfo=None)
        props.created = props.modified = now
        props.revision = 1

    def build(self):
        self.header()
        self.blocks(self.report.body_blocks())
        self.closing_and_signature()
        self.annexes()
        self.stamp()
        self.properties()
        return self.doc


def build_docx(report):
    """The Word document (python-docx ``Document``) of ``report`` (a ``CommuneReport``: its header,
    blocks, signature and annexes); ``.save(path or binary file)`` writes it."""
    return _Writer(report).build()


def write_docx(report, out: str | os.PathLike | object) -> None:
    """Write ``report`` as .docx to ``out`` (a path or a binary file)."""
    build_docx(report).save(str(out) if isinstance(out, (str, Path)) else out)
