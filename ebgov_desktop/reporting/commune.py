"""The commune report (báo cáo tình hình ứng dụng CNTT, chính quyền điện tử) from one period's data.

Everything printed comes from a ``Dataset`` (values, register, explanations), the findings of the rules
and the stamp of the data revision. What was never entered is left out, and the numbering of the
sections closes up.
"""

from __future__ import annotations

import datetime as _dt
import os
from dataclasses import dataclass, field
from typing import Sequence

from ..domain.catalogue import CONDITIONS, FIELDS, ORIGINS, REGISTER_KINDS, choice_label
from ..domain.dataset import Dataset
from ..domain.formatting import long_date, pad2, short_date, vn_decimal, vn_int, vn_percent
from ..domain.register import RegisterItem
from ..domain.rules import Figures, Finding, IndicatorValue, compute_indicators
from .fonts import register_fonts
from .template import DocumentHeader, OfficialDocument, SignatureBlock, roman, styles
from .text import clean, markup

__all__ = ["DataStamp", "CommuneReport", "hien_trang", "equipment_rows"]

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


@dataclass
class _Part:
    """A numbered heading and what it holds; a part with nothing in it is not printed."""

    title: str
    content: list = field(default_factory=list)
    children: list["_Part"] = field(default_factory=list)
    trailing: list = field(default_factory=list)

    def has_content(self) -> bool:
        return bool(self.content) or any(c.has_content() for c in self.children)


# -- the "Hiện trạng" sentence -------------------------------------------------------------------

_USED = "da_qua_su_dung"


def _group(items: Sequence[RegisterItem]) -> list[tuple[str, int | None, int]]:
    """(origin, year, quantity) groups in print order: by year, then used items last."""
    totals: dict[tuple[str, int | None], int] = {}
    for item in items:
        key = (item.origin or "", item.year_acquired)
        totals[key] = totals.get(key, 0) + (item.quantity or 0)
    order = sorted(totals, key=lambda k: (k[0] == _USED, k[1] is None, k[1] or 0, k[0]))
    return [(origin, year, totals[(origin, year)]) for origin, year in order]


def _phrase(origin: str, year: int | None, *, count: str = "") -> str:
    """``04 máy trang bị 2018`` / ``18 máy đã qua sử dụng`` / ``Trang bị 2018`` (no count)."""
    if origin == _USED:
        words = "đã qua sử dụng" + (f" (trang bị {year})" if year else "")
    elif year:
        words = f"trang bị {year}"
    elif origin == "moi":
        words = "mới"
    else:
        words = ""
    if count:
        return f"{count} {words}".strip()
    return words[:1].upper() + words[1:]


def hien_trang(items: Sequence[RegisterItem], *, unit_word: str = "", always_count: bool = False) -> str:
    """The "Hiện trạng" sentence of a table row made from its register rows."""
    groups = [g for g in _group(items) if g[2] > 0]
    if not groups:
        return ""
    if len(groups) == 1 and not always_count:
        return _phrase(groups[0][0], groups[0][1])
    parts = []
    for origin, year, qty in groups:
        count = f"{pad2(qty)} {unit_word}".strip()
        parts.append(_phrase(origin, year, count=count))
    return ", ".join(p for p in parts if p)


_SHORT_CONDITIONS = {"xuong_cap": "xuống cấp", "hong": "hỏng"}


def _remarks(items: Sequence[RegisterItem], unit_word: str = "") -> str:
    """Ghi chú: how many are worn or broken, and the notes the officer wrote."""
    out = []
    for cond in ("xuong_cap", "hong"):
        qty = sum(i.quantity or 0 for i in items if i.condition == cond)
        if qty:
            out.append(f"{pad2(qty)} {unit_word + ' ' if unit_word else ''}{_SHORT_CONDITIONS[cond]}")
    notes = []
    for item in items:
        note = clean(item.notes).strip()
        if note and note not in notes:
            notes.append(note)
    return "; ".join(out + notes)


@dataclass(frozen=True)
class EquipmentRow:
    label: str
    quantity: str
    status: str
    remarks: str
    is_ratio: bool = False


def equipment_rows(register: Sequence[RegisterItem], indicators: dict[str, IndicatorValue]
                   ) -> list[EquipmentRow]:
    """The equipment table: the ratio rows first, then one row per kind present in the register."""
    rows: list[EquipmentRow] = []
    used: set[int] = set()
    for key, group, label in (
        ("computers_per_civil_servant", "cbcc", "Tỷ lệ máy tính/cán bộ, công chức"),
        ("computers_per_part_time", "khong_chuyen_trach",
         "Tỷ lệ máy tính/người hoạt động không chuyên trách"),
    ):
        ind = indicators.get(key)
        if ind is None:
            continue
        members = [i for i, item in enumerate(register) if item.is_computer and item.user_group == group]
        used.update(members)
        items = [register[i] for i in members]
        rows.append(EquipmentRow(label, f"{vn_int(ind.numerator)}/{vn_int(ind.denominator)}",
                                 hien_trang(items, unit_word="máy", always_count=True),
                                 _remarks(items, "máy"), is_ratio=True))
    cpnet = indicators.get("computers_on_cpnet")
    if cpnet is not None:
        rows.append(EquipmentRow(
            "Tỷ lệ máy tính của cán bộ, công chức kết nối mạng truyền số liệu chuyên dùng (CPNet)",
            f"{vn_int(cpnet.numerator)}/{vn_int(cpnet.denominator)}",
            f"Đạt {vn_percent(cpnet.numerator, cpnet.denominator)}" if cpnet.denominator else "",
            "", is_ratio=True))
    for kind in REGISTER_KINDS:
        items = [item for i, item in enumerate(register) if item.kind == kind.key and i not in used]
        if not items:
            continue
        total = sum(i.quantity or 0 for i in items)
        word = "máy" if items[0].is_computer else ""
        rows.append(EquipmentRow(kind.label, pad2(total), hien_trang(items, unit_word=word),
                                 _remarks(items, word)))
    return rows


# -- the report ----------------------------------------------------------------------------------

def _date(value) -> _dt.date | None:
    try:
        return _dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _dash(line: str) -> str:
    text = clean(line).strip()
    if not text:
        return ""
    return text if text[:1] in "-+" else "- " + text


class CommuneReport(OfficialDocument):
    """Báo cáo của UBND xã / phường / thị trấn / đặc khu for one period."""

    def __init__(self, fonts_dir: str | os.PathLike, dataset: Dataset, *,
                 findings: Sequence[Finding] = (), stamp: DataStamp | None = None):
        register_fonts(fonts_dir)  # before any text is cleaned
        self.ds = dataset
        self.values = dataset.values
        self.figures = Figures(dataset.values)
        self.indicators = compute_indicators(self.figures)
        self.findings = list(findings)
        self.stamp = stamp
        unit = dataset.unit
        v = self.values
        number = clean(v.get("doc.number", "")).strip()
        symbol = clean(v.get("doc.symbol", "")).strip() or "BC-UBND"
        number_line = f"Số: {number}/{symbol}" if number else f"Số:{_NBSP * 8}/{symbol}"
        place = clean(v.get("doc.place", "")).strip() or unit.name
        date = _date(v.get("doc.date"))
        when = long_date(date) if date else f"ngày{_NBSP * 6}tháng{_NBSP * 6}năm {dataset.period.year}"
        self.title = clean(v.get("doc.title", "")).strip() or \
            f"Tình hình ứng dụng công nghệ thông tin {dataset.period.label}"
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
        super().__init__(fonts_dir, header, signature, closing=closing,
                         subject=f"Báo cáo {unit.short_council_name}, {dataset.period.label}",
                         author=unit.council_name)

    # -- small helpers ---------------------------------------------------------------------------
    def _p(self, text: str, style=None):
        from reportlab.platypus import Paragraph

        return Paragraph(markup(text), style or styles().body)

    def _lines(self, key: str, *, dashes: bool = True) -> list:
        out = []
        for line in self.values.get(key) or ():
            text = _dash(line) if dashes else clean(line).strip()
            if text:
                out.append(self._p(text))
        return out

    def _count(self, key: str, label: str | None = None) -> list:
        value = self.figures.get(key)
        if value is None:
            return []
        spec = FIELDS.get(key)
        unit = spec.unit if spec is not None else ""
        return [self._p(f"- {label or spec.label}: {vn_int(value)}{' ' + unit if unit else ''}.")]

    def _ratio(self, key: str, label: str | None = None) -> list:
        ind = self.indicators.get(key)
        if ind is None:
            return []
        return [self._p(f"- {label or ind.indicator.label}: {ind.text}.")]

    def _italic_group(self, title: str, content: list) -> list:
        if not content:
            return []
        from reportlab.platypus import Paragraph

        st = styles()
        from reportlab.lib.styles import ParagraphStyle

        from .fonts import ITALIC

        style = ParagraphStyle("group", parent=st.body, fontName=ITALIC, keepWithNext=1)
        return [Paragraph(markup(title), style)] + content

    # -- sections --------------------------------------------------------------------------------
    def _infrastructure(self) -> _Part:
        from reportlab.platypus import Spacer

        content = self._lines("comments.infrastructure", dashes=False)
        rows = equipment_rows(self.ds.register, self.indicators)
        if rows:
            content.append(self._p(
                f"Hạ tầng, trang thiết bị phục vụ ứng dụng công nghệ thông tin trong hoạt động của "
                f"{self.ds.unit.council_name} gồm:"))
            from .tables import grid_table

            table = grid_table(
                ["TT", "Loại trang thiết bị", "Số lượng", "Hiện trạng", "Ghi chú"],
                [[str(i), r.label, r.quantity, r.status, r.remarks] for i, r in enumerate(rows, 1)],
                [11, 62, 21, 46, 25], centre_cols=(0, 2),
            )
            content += [table, Spacer(1, 8)]
        return _Part("Hạ tầng, trang thiết bị", content)

    def _staff(self) -> _Part:
        content = self._lines("comments.staff")
        officer = clean(self.values.get("staff.it_officer", "")).strip()
        if officer:
            full = self.values.get("staff.it_officer_full_time")
            how = {True: " (chuyên trách)", False: " (kiêm nhiệm)"}.get(full, "")
            content.append(self._p(f"- Công chức phụ trách công nghệ thông tin: {officer}{how}."))
        content += self._ratio("it_qualified", "Cán bộ, công chức có trình độ tin học đạt chuẩn")
        return _Part("Nhân lực công nghệ thông tin", content)

    def _policy(self) -> _Part:
        return _Part("Môi trường chính sách", self._lines("policy.documents"))

    def _applications(self) -> _Part:
        content: list = []
        content += self._italic_group("Quản lý văn bản và điều hành", (
            self._ratio("document_accounts",
                        "Cán bộ, công chức được cấp tài khoản sử dụng phần mềm quản lý văn bản và "
                        "điều hành")
            + self._count("docs.incoming_processed")
            + self._count("docs.outgoing_online")
            + self._count("docs.incoming_stored")
            + self._count("docs.outgoing_stored")
            + self._percent("docs.fully_electronic_pct")))
        content += self._italic_group("Chữ ký số", self._ratio("outgoing_signed"))
        content += self._italic_group("Thư điện tử công vụ", (
            self._ratio("mailboxes", "Hộp thư điện tử công vụ được cấp / tổng số cán bộ, công chức")
            + self._ratio("mailboxes_in_use", "Hộp thư thường xuyên sử dụng / tổng số cán bộ, công chức")
            + ([] if "mailboxes" in self.indicators else self._count("email.mailboxes"))))
        content += self._italic_group("Một cửa điện tử", (
            self._ratio("onestop_in_software",
                        "Hồ sơ TTHC tiếp nhận, giải quyết trên phần mềm một cửa điện tử / tổng số "
                        "hồ sơ tiếp nhận tại Bộ phận một cửa")
            + ([] if "onestop_in_software" in self.indicators
               else self._count("onestop.dossiers_in_software"))
            + self._count("onestop.surveyed")
            + self._ratio("satisfaction")))
        content += self._italic_group("Phần mềm nội bộ đang sử dụng", self._lines("software.internal"))
        content += self._lines("comments.apps", dashes=False)
        return _Part("Quản lý văn bản, chữ ký số, thư điện tử, một cửa điện tử và phần mềm nội bộ",
                     content)

    def _percent(self, key: str) -> list:
        value = self.figures.get(key)
        if value is None:
            return []
        return [self._p(f"- {FIELDS[key].label}: {vn_decimal(value)}%.")]

    def _portal(self) -> _Part:
        content: list = []
        exists = self.values.get("portal.exists")
        url = clean(self.values.get("portal.url", "")).strip()
        kind = self.ds.unit.kind.label
        if exists is True or url:
            content.append(self._p(f"- {kind[:1].upper() + kind[1:]} có Trang thông tin điện tử"
                                   + (f": {url}." if url else ".")))
        elif exists is False:
            content.append(self._p(f"- {kind[:1].upper() + kind[1:]} chưa có Trang thông tin điện tử."))
        content += self._count("portal.news_posted") + self._count("portal.documents_posted")
        content += self._lines("comments.portal", dashes=False)
        return _Part("Trang thông tin điện tử", content)

    _TTHC_ROWS = (
        "tthc.procedures_total", "tthc.level2", "tthc.level3", "tthc.level4", "tthc.full_online",
        "tthc.partial_online", "tthc.carried_over", "tthc.received_online", "tthc.received_direct",
        "tthc.received_postal", "tthc.resolved_early", "tthc.resolved_on_time", "tthc.resolved_late",
        "tthc.pending_in_time", "tthc.pending_overdue", "tthc.returned_by_post", "tthc.interconnected",
        "tthc.digitized", "tthc.dissatisfied",
    )

    def _tthc(self) -> _Part:
        from reportlab.platypus import Spacer

        from .tables import grid_table

        rows = []
        for key in self._TTHC_ROWS:
            value = self.figures.get(key)
            if value is None:
                continue
            spec = FIELDS[key]
            rows.append([spec.label, vn_int(value), spec.unit])
        content: list = []
        if rows:
            start, end = _date(self.values.get("doc.period_start")), _date(self.values.get("doc.period_end"))
            if start and end:
                content.append(self._p(f"Số liệu từ ngày {short_date(start)} đến ngày {short_date(end)}:"))
            content.append(grid_table(["TT", "Nội dung", "Số lượng", "Đơn vị tính"],
                                      [[str(i)] + r for i, r in enumerate(rows, 1)],
                                      [11, 104, 25, 25], centre_cols=(0, 2, 3)))
            content.append(Spacer(1, 8))
        content += self._ratio("resolved_in_time")
        content += self._ratio("online_share")
        content += self._lines("comments.tthc", dashes=False)
        return _Part("Thủ tục hành chính và dịch vụ công trực tuyến", content)

    def _chart(self) -> list:
        from reportlab.platypus import KeepTogether, Spacer

        from .tables import indicator_chart

        items = [(_upper_first(ind.indicator.label.removeprefix("Tỷ lệ ")), ind.percent)
                 for ind in self.indicators.values() if ind.percent is not None]
        if len(items) < 2:
            return []
        title = self._p("Biểu đồ: Một số chỉ tiêu ứng dụng công nghệ thông tin (%)", styles().italic_centre)
        return [Spacer(1, 6), KeepTogether([indicator_chart(items, self.text_width), title])]

    def parts(self) -> list[_Part]:
        results = _Part("KẾT QUẢ TRIỂN KHAI", children=[
            _Part("Điều kiện sẵn sàng ứng dụng công nghệ thông tin",
                  children=[self._infrastructure(), self._staff(), self._policy()]),
            _Part("Kết quả ứng dụng công nghệ thông tin", children=[self._applications(),
                                                                     self._portal()]),
            self._tthc(),
        ])
        if results.has_content():
            results.trailing = self._chart()
        difficulties = _Part("KHÓ KHĂN, VƯỚNG MẮC", self._lines("text.difficulties"))
        causes = self._lines("text.causes")
        if causes:
            difficulties.content += self._italic_group("Nguyên nhân:", causes)
        return [
            results,
            difficulties,
            _Part("PHƯƠNG HƯỚNG, GIẢI PHÁP", self._lines("text.directions")),
            _Part("ĐỀ XUẤT, KIẾN NGHỊ", self._lines("text.recommendations")),
        ]

    def _render(self, parts: list[_Part], level: int) -> list:
        from reportlab.lib.styles import ParagraphStyle
        from reportlab.platypus import Paragraph

        from .fonts import BOLD_ITALIC

        st = styles()
        heading = [st.heading, st.heading,
                   ParagraphStyle("h3", parent=st.heading, fontName=BOLD_ITALIC)][min(level, 2)]
        out: list = []
        shown = [p for p in parts if p.has_content()]
        for n, part in enumerate(shown, 1):
            number = [f"{roman(n)}.", f"{n}.", f"{chr(ord('a') + n - 1)})"][min(level, 2)]
            out.append(Paragraph(f"{number} {markup(part.title)}", heading))
            out += part.content
            out += self._render(part.children, level + 1)
            out += part.trailing
        return out

    def body_story(self) -> list:
        basis = self._lines("doc.basis", dashes=False)
        return basis + self._render(self.parts(), 0)

    # -- annexes ---------------------------------------------------------------------------------
    def _annex_subtitle(self) -> str:
        when = f" ngày {short_date(self.date)}" if self.date else ""
        return (f"(Kèm theo Báo cáo {self.number_line.removeprefix('Số: ').replace(_NBSP, '')}"
                f"{when} của {self.ds.unit.council_name})")

    def annex_story(self) -> list:
        from reportlab.platypus import Spacer

        from .tables import data_stamp, grid_table

        annexes: list[tuple[str, list]] = []
        explanations = self.ds.explanations
        kept = [f for f in self.findings if not f.is_error and clean(explanations.get(f.id, "")).strip()]
        if kept:
            annexes.append(("GIẢI TRÌNH CÁC CẢNH BÁO KHI KIỂM TRA SỐ LIỆU", [grid_table(
                ["TT", "Cảnh báo", "Giải trình của đơn vị"],
                [[str(i), f.message, explanations[f.id]] for i, f in enumerate(kept, 1)],
                [11, 72, 82], centre_cols=(0,))]))
        if self.ds.register:
            rows = []
            for i, item in enumerate(self.ds.register, 1):
                notes = clean(item.notes).strip()
                if clean(item.asset_code).strip():
                    notes = (notes + "; " if notes else "") + f"Mã TS: {clean(item.asset_code).strip()}"
                rows.append([
                    str(i), choice_label(REGISTER_KINDS, item.kind), item.description,
                    pad2(item.quantity) if item.quantity is not None else "",
                    str(item.year_acquired or ""), choice_label(ORIGINS, item.origin),
                    choice_label(CONDITIONS, item.condition), item.location, notes,
                ])
            total = sum(i.quantity or 0 for i in self.ds.register)
            rows.append(["", "Tổng cộng", "", pad2(total), "", "", "", "", ""])
            annexes.append(("DANH MỤC TRANG THIẾT BỊ CÔNG NGHỆ THÔNG TIN", [grid_table(
                ["TT", "Loại thiết bị", "Mô tả (model)", "Số lượng", "Năm trang bị", "Nguồn gốc",
                 "Tình trạng", "Vị trí", "Ghi chú"],
                rows, [8, 30, 27, 11, 11, 16, 18, 25, 19], small=True, centre_cols=(0, 3, 4),
                bold_rows=(len(rows) - 1,))]))
        story: list = []
        many = len(annexes) > 1
        for n, (title, content) in enumerate(annexes, 1):
            story += self.annex_heading(n if many else None, title, self._annex_subtitle())
            story += content
        if self.stamp is not None:
            s = self.stamp
            story += [Spacer(1, 14), data_stamp([
                "Dữ liệu của báo cáo này",
                f"Mã đơn vị: {s.unit_code}",
                f"Kỳ báo cáo: {s.period_label} ({s.period_code})",
                f"Phiên bản dữ liệu: {s.revision}",
                f"Mã kiểm tra SHA-256: {s.short_digest}",
            ], s.qr_value, self.text_width)]
        return story
