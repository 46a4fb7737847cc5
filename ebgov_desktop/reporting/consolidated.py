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

from ..domain.consolidation import BoardRow, BoardStatus, Consolidation, completeness_sentence
from ..domain.formatting import long_date, short_date, vn_decimal, vn_int
from ..domain.periods import Period
from ..domain.template import default_template
from ..domain.units import Unit
from .fonts import register_fonts
from .template import DocumentHeader, OfficialDocument, SignatureBlock, document_number, roman, styles
from .text import clean, markup

__all__ = ["ConsolidatedData", "ConsolidatedReport", "KEY_INDICATORS", "TTHC_ROWS", "annex_widths"]

_NBSP = "\u00a0"

def key_indicators(template) -> tuple[tuple[str, str], ...]:
    """The columns of the communes × indicators annex: the template's indicators that give a short
    column title (``short``)."""
    return tuple((i.key, i.short) for i in template.indicators if i.short and i.consolidated)


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

#: The TTHC figures summed over the communes, in print order.
TTHC_ROWS = (
    "tthc.procedures_total", "tthc.level2", "tthc.level3", "tthc.level4", "tthc.full_online",
    "tthc.partial_online", "tthc.carried_over", "tthc.received_online", "tthc.received_direct",
    "tthc.received_postal", "tthc.resolved_early", "tthc.resolved_on_time", "tthc.resolved_late",
    "tthc.pending_in_time", "tthc.pending_overdue", "tthc.returned_by_post", "tthc.interconnected",
    "tthc.digitized", "tthc.dissatisfied",
)

#: Other count fields summed in the "Kết quả ứng dụng" part.
_APP_SUMS = (
    "docs.incoming_processed", "docs.outgoing_online", "docs.outgoing_signed",
    "onestop.dossiers_in_software", "onestop.dossiers_at_desk", "portal.news_posted",
    "portal.documents_posted",
)


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


def _dash(line: str) -> str:
    text = clean(line).strip()
    if not text:
        return ""
    return text if text[:1] in "-+" else "- " + text


def _pct(value) -> str:
    return "" if value is None else vn_decimal(value)


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

    # -- helpers ---------------------------------------------------------------------------------
    def _p(self, text: str, style=None):
        from .paragraph import Paragraph

        return Paragraph(markup(text), style or styles().body)

    def _lines(self, key: str, *, dashes: bool = True) -> list:
        out = []
        for line in self.data.values.get(key) or ():
            text = _dash(line) if dashes else clean(line).strip()
            if text:
                out.append(self._p(text))
        return out

    def _heading(self, text: str, level: int):
        from reportlab.lib.styles import ParagraphStyle

        from .fonts import BOLD_ITALIC
        from .paragraph import Paragraph

        st = styles()
        style = st.heading if level < 2 else ParagraphStyle("h3", parent=st.heading,
                                                            fontName=BOLD_ITALIC)
        return Paragraph(markup(text), style)

    @property
    def kind_word(self) -> str:
        """``xã`` when every commune is a xã, else ``đơn vị cấp xã``."""
        kinds = {r.unit.kind for r in self.data.rows}
        return next(iter(kinds)).label if len(kinds) == 1 else "đơn vị cấp xã"

    # -- parts -----------------------------------------------------------------------------------
    def _completeness(self) -> list:
        d = self.data
        out = [self._p(f"Kỳ báo cáo {d.period.label}: {completeness_sentence(d.rows)}.")]
        missing = [r for r in d.rows if not r.status.reported]
        if missing:
            names = []
            for r in missing:
                extra = "" if r.status is BoardStatus.MISSING else f" ({r.status.label.lower()})"
                names.append(f"{r.unit.full_name}{extra}")
            out.append(self._p(f"Các đơn vị chưa báo cáo ({vn_int(len(missing))}): "
                               f"{', '.join(names)}."))
        if d.unexpected:
            names = ", ".join(r.unit.full_name for r in d.unexpected)
            out.append(self._p(f"Đơn vị gửi báo cáo nhưng không có trong danh sách: {names}."))
        others = d.consolidation.other_template
        if others:
            names = ", ".join(f"{d.names.get(ds.unit.code, ds.unit.full_name)} (mẫu {ds.template.id} "
                              f"phiên bản {ds.template.version})" for ds in others)
            t = d.consolidation.template
            out.append(self._p(f"Các đơn vị báo cáo theo mẫu khác, không cộng vào số liệu tổng hợp theo "
                               f"mẫu {t.id} phiên bản {t.version} ({vn_int(len(others))}): {names}."))
        out.append(self._p(f"Số liệu tổng hợp dưới đây tính trên {vn_int(len(d.consolidation.datasets))} "
                           f"đơn vị đã gửi số liệu; bảng chỉ tiêu của từng đơn vị tại Phụ lục I."))
        return out

    def _register(self) -> list:
        from reportlab.platypus import Spacer

        from .tables import grid_table

        c = self.data.consolidation
        REGISTER_KINDS, CONDITIONS = c.template.register_kinds, c.template.conditions
        content = self._lines("comments.infrastructure", dashes=False)
        if not c.register:
            return content
        rows = []
        # a condition not given is its own column (never counted as "Tốt"); each kind is totalled on its
        # own row, never computers + UPS + switches in one sum
        conds = [cond.key for cond in CONDITIONS] + (
            [""] if any("" in by for by in c.register.values()) else [])
        for i, kind in enumerate((k for k in REGISTER_KINDS if k.key in c.register), 1):
            by = c.register[kind.key]
            rows.append([str(i), kind.label] + [vn_int(by.get(cond, 0)) for cond in conds]
                        + [vn_int(sum(by.values()))])
        from reportlab.lib.styles import ParagraphStyle

        keep = ParagraphStyle("keep", parent=styles().body, keepWithNext=1)
        content.append(self._p(f"Trang thiết bị công nghệ thông tin của các {self.kind_word} (tổng hợp "
                               "theo loại và tình trạng):", keep))
        unknown = len(conds) > len(CONDITIONS)
        headers = ["TT", "Loại thiết bị", "Tốt", "Xuống cấp", "Hỏng"] + (["Chưa ghi"] if unknown else []) \
            + ["Tổng số"]
        widths = [10, 70, 20, 22, 20] + ([18] if unknown else []) + [23]
        if unknown:
            widths[1] = 52
        content += [grid_table(headers, rows, widths, centre_cols=tuple(range(2, len(headers))) + (0,)),
                    Spacer(1, 8)]
        return content

    def _indicators(self) -> list:
        from reportlab.platypus import Spacer

        from .tables import grid_table

        c = self.data.consolidation
        rows = []
        for ind in (i for i in c.template.indicators if i.consolidated):
            t = c.totals.get(ind.key)
            if t is None:
                continue
            total = "" if ind.percent else f"{vn_int(t.numerator)}/{vn_int(t.denominator)}"
            rows.append([str(len(rows) + 1), ind.label, total, _pct(t.percent), _pct(t.average),
                         vn_int(t.count)])
        if not rows:
            return []
        from reportlab.lib.styles import ParagraphStyle

        keep = ParagraphStyle("keep", parent=styles().body, keepWithNext=1)
        return [self._p("Các chỉ tiêu tổng hợp (tỷ lệ chung = tổng tử số / tổng mẫu số; trung bình = "
                        f"trung bình cộng tỷ lệ của các {self.kind_word}):", keep),
                grid_table(["TT", "Chỉ tiêu", "Tổng hợp", "Tỷ lệ chung (%)", "Trung bình (%)",
                            "Số đơn vị"], rows, [10, 62, 27, 22, 22, 22], small=True,
                           centre_cols=(0, 2, 3, 4, 5)),
                Spacer(1, 8)]

    def _sum_line(self, key: str) -> list:
        found = self.data.consolidation.sums.get(key)
        if found is None:
            return []
        total, n = found
        spec = self.data.consolidation.template.fields.get(key)
        if spec is None:
            return []
        return [self._p(f"- {spec.label}: {vn_int(total)} {spec.unit} ({vn_int(n)} đơn vị có số liệu).")]

    def _applications(self) -> list:
        content: list = []
        for key in _APP_SUMS:
            content += self._sum_line(key)
        content += self._lines("comments.apps", dashes=False)
        return content

    def _tthc(self) -> list:
        from reportlab.platypus import Spacer

        from .tables import grid_table

        c = self.data.consolidation
        rows = []
        for key in TTHC_ROWS:
            found = c.sums.get(key)
            spec = c.template.fields.get(key)
            if found is None or spec is None:
                continue
            rows.append([str(len(rows) + 1), spec.label, vn_int(found[0]), spec.unit, vn_int(found[1])])
        content: list = []
        if rows:
            content.append(grid_table(["TT", "Nội dung", "Tổng số", "Đơn vị tính", "Số đơn vị"], rows,
                                      [10, 85, 25, 25, 20], centre_cols=(0, 2, 3, 4)))
            content.append(Spacer(1, 8))
        for key in ("resolved_in_time", "online_share", "satisfaction"):
            t = c.totals.get(key)
            if t is None or t.percent is None:
                continue
            ind = t.indicator
            num, den = c.template.derived.get(ind.numerator), c.template.derived.get(ind.denominator)
            what = f" ({num.label.lower()} / {den.label.lower()})" if num and den else ""
            content.append(self._p(f"- {ind.label}{what}: {vn_int(t.numerator)}/{vn_int(t.denominator)} "
                                   f"({vn_decimal(t.percent)}%); trung bình các đơn vị "
                                   f"{_pct(t.average)}%."))
        content += self._lines("comments.tthc", dashes=False)
        return content

    def parts(self) -> list[tuple[str, list]]:
        results = [
            ("Hạ tầng, trang thiết bị", self._register()),
            ("Nhân lực và các chỉ tiêu ứng dụng công nghệ thông tin", self._indicators()),
            ("Kết quả ứng dụng công nghệ thông tin", self._applications()),
            ("Thủ tục hành chính và dịch vụ công trực tuyến", self._tthc()),
        ]
        difficulties = self._lines("text.difficulties")
        causes = self._lines("text.causes")
        if causes:
            from reportlab.lib.styles import ParagraphStyle

            from .fonts import ITALIC

            style = ParagraphStyle("group", parent=styles().body, fontName=ITALIC, keepWithNext=1)
            difficulties += [self._p("Nguyên nhân:", style)] + causes
        return [
            (f"TÌNH HÌNH BÁO CÁO CỦA CÁC {self.kind_word.upper()}", self._completeness()),
            ("KẾT QUẢ TỔNG HỢP", results),
            ("KHÓ KHĂN, VƯỚNG MẮC", difficulties),
            ("PHƯƠNG HƯỚNG, GIẢI PHÁP", self._lines("text.directions")),
            ("ĐỀ XUẤT, KIẾN NGHỊ", self._lines("text.recommendations")),
        ]

    def body_story(self) -> list:
        d = self.data
        story = self._lines("doc.basis", dashes=False)
        if not story:
            story.append(self._p(
                f"{self.issuer[:1].upper() + self.issuer[1:]} tổng hợp tình hình ứng dụng công nghệ thông "
                f"tin, chính quyền điện tử của các {self.kind_word} {d.period.label} từ số liệu các đơn vị "
                "gửi về như sau:"))
        n = 0
        for title, content in self.parts():
            if content and isinstance(content[0], tuple):  # numbered sub-parts
                shown = [(t, c) for t, c in content if c]
                if not shown:
                    continue
                n += 1
                story.append(self._heading(f"{roman(n)}. {title}", 0))
                for i, (sub, items) in enumerate(shown, 1):
                    story.append(self._heading(f"{i}. {sub}", 1))
                    story += items
            elif content:
                n += 1
                story.append(self._heading(f"{roman(n)}. {title}", 0))
                story += content
        return story

    # -- annexes ---------------------------------------------------------------------------------
    def _annex_subtitle(self) -> str:
        when = f" ngày {short_date(self.date)}" if self.date else ""
        ref = f" {self.number_ref}" if self.number_ref else ""
        return f"(Kèm theo Báo cáo{ref}{when} của {self.issuer})"

    def indicator_rows(self) -> list[list[str]]:
        """The communes × key indicators table as printed (percentages; "-" when not reported)."""
        c = self.data.consolidation
        KEY_INDICATORS = key_indicators(c.template)
        rows = []
        for i, ds in enumerate(c.datasets, 1):
            values = c.indicators.get(ds.unit.code, {})
            row = [str(i), self.data.names.get(ds.unit.code, ds.unit.full_name)]
            for key, _label in KEY_INDICATORS:
                iv = values.get(key)
                row.append("-" if iv is None or iv.percent is None else vn_decimal(iv.percent, 2))
            rows.append(row)
        total = ["", "Tổng cộng"]  # as the window and the Excel sheet name it
        average = ["", "Trung bình các đơn vị"]
        for key, _label in KEY_INDICATORS:
            t = c.totals.get(key)
            total.append("-" if t is None or t.percent is None else vn_decimal(t.percent))
            average.append("-" if t is None or t.average is None else vn_decimal(t.average))
        return rows + [total, average]

    def annex_story(self) -> list:
        from .tables import grid_table

        c = self.data.consolidation
        story: list = []
        KEY_INDICATORS = key_indicators(c.template)
        if c.datasets and KEY_INDICATORS:
            rows = self.indicator_rows()
            n = len(rows)
            story += self.annex_heading(1, f"CHỈ TIÊU ỨNG DỤNG CÔNG NGHỆ THÔNG TIN CỦA CÁC "
                                           f"{self.kind_word.upper()} (%)", self._annex_subtitle())
            widths = [10, *annex_widths([label for _k, label in KEY_INDICATORS])]
            table = grid_table(["TT", "Đơn vị"] + [label for _k, label in KEY_INDICATORS], rows,
                               widths, small=True,
                               centre_cols=(0,) + tuple(range(2, 2 + len(KEY_INDICATORS))),
                               bold_rows=(n - 2, n - 1),
                               keep_last=3)  # the two total rows stay with the last commune
            story.append(table)
        board_rows = list(self.data.rows) + list(self.data.unexpected)
        if board_rows:
            story += self.annex_heading(2 if c.datasets else 1, "TÌNH HÌNH GỬI BÁO CÁO CỦA CÁC ĐƠN VỊ",
                                        self._annex_subtitle())
            rows = []
            for i, r in enumerate(board_rows, 1):
                when = _date(r.received_at[:10]) if r.received_at else None
                status = r.status.label + ("" if r.expected else " (ngoài danh sách)")
                rows.append([str(i), r.unit.code, r.unit.full_name, status,
                             "" if r.revision is None else str(r.revision),
                             short_date(when) if when else ""])
            story.append(grid_table(["TT", "Mã", "Đơn vị", "Tình trạng", "Lần gửi", "Ngày nhận"], rows,
                                    [10, 16, 55, 42, 16, 26], small=True, centre_cols=(0, 1, 4, 5)))
        return story
