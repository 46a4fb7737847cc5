"""The form as data: every field, register kind, condition, derived figure and indicator.

This module is the one place where a field of ``spec/FIELDS.md`` lives. The window builds its pages from
it, the rules read it, the report and the exchange format read values by its keys. Adding an indicator
is one entry here.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from types import MappingProxyType

__all__ = [
    "FORM_VERSION",
    "FieldType",
    "Scope",
    "Page",
    "Section",
    "Field",
    "Derived",
    "Indicator",
    "Choice",
    "PAGES",
    "SECTIONS",
    "FIELDS",
    "DERIVED",
    "INDICATORS",
    "REGISTER_KINDS",
    "CONDITIONS",
    "ORIGINS",
    "USER_GROUPS",
    "COMPUTER_KINDS",
    "SUPERIOR_OFFICES",
    "REGISTER_COLUMNS",
    "field",
    "fields_in_section",
    "sections_on_page",
]

FORM_VERSION = 1


class FieldType(str, Enum):
    COUNT = "count"  # whole number ≥ 0
    TEXT = "text"  # one line
    BOOL = "bool"  # có / không
    DATE = "date"  # ISO yyyy-mm-dd in storage and files
    PERCENT = "percent"  # 0–100, one decimal
    LINES = "lines"  # a list of plain-text lines (paragraphs, "- " items)


class Scope(str, Enum):
    UNIT = "unit"  # set once for the workspace
    PERIOD = "period"  # one value per reporting period


@dataclass(frozen=True)
class Page:
    key: str
    label: str


@dataclass(frozen=True)
class Section:
    key: str
    label: str
    page: str


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    type: FieldType
    section: str
    unit: str = ""
    help: str = ""
    scope: Scope = Scope.PERIOD
    minimum: float | None = None
    maximum: float | None = None
    #: Another key whose value stands in when this one is empty (a default denominator).
    fallback: str | None = None
    #: "levels" = mức 2/3/4 (before 01/8/2022), "online" = toàn trình / một phần (from then).
    regime: str | None = None
    optional: bool = True
    max_length: int = 20_000

    @property
    def is_numeric(self) -> bool:
        return self.type in (FieldType.COUNT, FieldType.PERCENT)


@dataclass(frozen=True)
class Derived:
    """A figure computed from fields: empty unless every part is entered."""

    key: str
    label: str
    plus: tuple[str, ...]
    minus: tuple[str, ...] = ()


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    numerator: str
    denominator: str
    #: Show the pair side by side on the entry page ("22 / 22 → 100%").
    paired: bool = True


@dataclass(frozen=True)
class Choice:
    key: str
    label: str


PAGES: tuple[Page, ...] = (
    Page("unit_doc", "Đơn vị & văn bản"),
    Page("equipment", "Thiết bị"),
    Page("staff", "Nhân lực & chính sách"),
    Page("apps", "Ứng dụng CNTT"),
    Page("tthc", "Thủ tục hành chính"),
    Page("assessment", "Đánh giá"),
    Page("check", "Kiểm tra"),
)

SECTIONS: tuple[Section, ...] = (
    Section("unit", "Đơn vị", "unit_doc"),
    Section("doc", "Văn bản báo cáo", "unit_doc"),
    Section("signer", "Ký ban hành và nơi nhận", "unit_doc"),
    Section("staff", "Nhân lực công nghệ thông tin", "staff"),
    Section("policy", "Môi trường chính sách", "staff"),
    Section("docs", "Quản lý văn bản, điều hành và chữ ký số", "apps"),
    Section("email", "Thư điện tử công vụ", "apps"),
    Section("onestop", "Một cửa điện tử", "apps"),
    Section("portal", "Trang thông tin điện tử", "apps"),
    Section("software", "Phần mềm nội bộ", "apps"),
    Section("tthc_services", "Thủ tục hành chính và dịch vụ công trực tuyến", "tthc"),
    Section("tthc_dossiers", "Tình hình giải quyết hồ sơ", "tthc"),
    Section("text", "Đánh giá chung", "assessment"),
)

_C, _T, _B, _D, _P, _L = (
    FieldType.COUNT,
    FieldType.TEXT,
    FieldType.BOOL,
    FieldType.DATE,
    FieldType.PERCENT,
    FieldType.LINES,
)
_U = Scope.UNIT
_NN = 0  # counts are ≥ 0

_FIELD_LIST: tuple[Field, ...] = (
    # A. Unit
    Field("unit.code", "Mã đơn vị hành chính", _T, "unit", scope=_U, optional=False,
          help="Mã đơn vị hành chính theo danh mục của Tổng cục Thống kê (5 chữ số), ví dụ 19894.",
          max_length=5),
    Field("unit.kind", "Loại đơn vị", _T, "unit", scope=_U, optional=False,
          help="Xã, phường, thị trấn (trước 01/7/2025) hoặc đặc khu."),
    Field("unit.name", "Tên đơn vị", _T, "unit", scope=_U, optional=False,
          help="Chỉ ghi tên riêng, ví dụ: Quảng Thọ.", max_length=200),
    Field("unit.district", "Huyện / thị xã / thành phố (cấp huyện)", _T, "unit", scope=_U,
          help="Bỏ trống đối với báo cáo từ ngày 01/7/2025 (không còn cấp huyện).", max_length=200),
    Field("unit.province", "Tỉnh / thành phố", _T, "unit", scope=_U, optional=False, max_length=200),
    Field("unit.province_code", "Mã tỉnh", _T, "unit", scope=_U, help="2 chữ số, ví dụ 46.",
          max_length=2),
    # B. Report document
    Field("doc.superior_line", "Cơ quan cấp trên (dòng trên tên đơn vị)", _T, "doc",
          help="Tùy chọn, ví dụ: UBND HUYỆN QUẢNG ĐIỀN. Bỏ trống thì không in.", max_length=200),
    Field("doc.number", "Số", _T, "doc", help="Ví dụ 22; in ra: Số: 22/BC-UBND.", max_length=20),
    Field("doc.symbol", "Ký hiệu", _T, "doc", help="Mặc định BC-UBND.", max_length=40),
    Field("doc.place", "Địa danh", _T, "doc", help="Mặc định là tên đơn vị.", max_length=200),
    Field("doc.date", "Ngày ban hành", _D, "doc"),
    Field("doc.period_start", "Số liệu từ ngày", _D, "doc",
          help="Mặc định theo Nghị định 09/2019/NĐ-CP: từ ngày 15/12 năm trước."),
    Field("doc.period_end", "Số liệu đến ngày", _D, "doc",
          help="Mặc định theo Nghị định 09/2019/NĐ-CP: đến ngày 14/12 năm báo cáo."),
    Field("doc.title", "Trích yếu", _T, "doc", max_length=500,
          help="Ví dụ: Tình hình ứng dụng công nghệ thông tin năm 2019."),
    Field("doc.basis", "Căn cứ / mở đầu", _L, "doc",
          help="Mỗi dòng là một đoạn văn mở đầu báo cáo."),
    Field("doc.closing", "Câu kết", _T, "doc", max_length=2000,
          help="Ví dụ: Trên đây là báo cáo … ./."),
    Field("doc.signer_authority", "Thẩm quyền ký", _T, "signer", help="Ví dụ: TM. ỦY BAN NHÂN DÂN.",
          max_length=200),
    Field("doc.signer_deputy", "Ký thay", _T, "signer", help="Ví dụ: KT. CHỦ TỊCH.", max_length=200),
    Field("doc.signer_title", "Chức vụ người ký", _T, "signer", help="Ví dụ: PHÓ CHỦ TỊCH.",
          max_length=200),
    Field("doc.signer_name", "Họ tên người ký", _T, "signer", max_length=200),
    Field("doc.recipients", "Nơi nhận", _L, "signer",
          help="Mỗi dòng một nơi nhận, ví dụ: Thành phần đoàn kiểm tra; … Lưu: VT."),
    # D. Staff and IT capacity
    Field("staff.civil_servants", "Số cán bộ, công chức", _C, "staff", "người", minimum=_NN),
    Field("staff.civil_servants_with_computer", "Cán bộ, công chức được trang bị máy tính", _C,
          "staff", "người", minimum=_NN),
    Field("staff.part_time", "Số người hoạt động không chuyên trách", _C, "staff", "người",
          minimum=_NN),
    Field("staff.part_time_with_computer", "Người hoạt động không chuyên trách được trang bị máy tính",
          _C, "staff", "người", minimum=_NN),
    Field("staff.it_qualified", "Cán bộ, công chức có trình độ tin học đạt chuẩn", _C, "staff",
          "người", minimum=_NN),
    Field("staff.it_officer", "Công chức phụ trách CNTT (họ tên, chức danh)", _T, "staff",
          max_length=300),
    Field("staff.it_officer_full_time", "Phụ trách CNTT chuyên trách", _B, "staff",
          help="Có: chuyên trách; Không: kiêm nhiệm."),
    Field("staff.computers_on_cpnet", "Máy tính kết nối mạng CPNet", _C, "staff", "máy", minimum=_NN),
    Field("staff.computers_total_for_cpnet", "Tổng số máy tính của cán bộ, công chức", _C, "staff",
          "máy", minimum=_NN, help="Mẫu số của tỷ lệ máy tính kết nối mạng CPNet."),
    Field("comments.staff", "Nhận xét về nhân lực", _L, "staff"),
    Field("policy.documents", "Văn bản chỉ đạo, kế hoạch đã ban hành", _L, "policy",
          help="Mỗi dòng một văn bản, ví dụ: Kế hoạch số 94/KH-UBND ngày 24/12/2018 về …"),
    # E. Software and electronic documents
    Field("docs.accounts", "CBCC được cấp tài khoản phần mềm quản lý văn bản và điều hành", _C,
          "docs", "người", minimum=_NN),
    Field("docs.accounts_base", "Tổng số CBCC thuộc diện sử dụng phần mềm", _C, "docs", "người",
          minimum=_NN, fallback="staff.civil_servants",
          help="Bỏ trống thì lấy số cán bộ, công chức."),
    Field("docs.incoming_processed", "Văn bản đến đã nhận và xử lý trên phần mềm", _C, "docs",
          "văn bản", minimum=_NN),
    Field("docs.outgoing_online", "Văn bản đi đưa lên môi trường mạng", _C, "docs", "văn bản",
          minimum=_NN),
    Field("docs.outgoing_signed", "Văn bản đi được ký số", _C, "docs", "văn bản", minimum=_NN),
    Field("docs.incoming_stored", "Văn bản đến lưu trữ trên phần mềm (lũy kế)", _C, "docs",
          "văn bản", minimum=_NN),
    Field("docs.outgoing_stored", "Văn bản đi lưu trữ trên phần mềm (lũy kế)", _C, "docs",
          "văn bản", minimum=_NN),
    Field("docs.fully_electronic_pct", "Tỷ lệ văn bản trao đổi hoàn toàn dưới dạng điện tử", _P,
          "docs", "%", minimum=0, maximum=100),
    Field("email.mailboxes", "Hộp thư điện tử công vụ được cấp", _C, "email", "hộp thư", minimum=_NN),
    Field("email.regular_users", "Hộp thư thường xuyên sử dụng", _C, "email", "hộp thư", minimum=_NN),
    Field("email.base", "Tổng số CBCC (mẫu số thư điện tử)", _C, "email", "người", minimum=_NN,
          fallback="staff.civil_servants", help="Bỏ trống thì lấy số cán bộ, công chức."),
    Field("onestop.dossiers_in_software", "Hồ sơ TTHC xử lý trên phần mềm một cửa điện tử", _C,
          "onestop", "hồ sơ", minimum=_NN),
    Field("onestop.dossiers_at_desk", "Tổng hồ sơ tiếp nhận tại Bộ phận một cửa", _C, "onestop",
          "hồ sơ", minimum=_NN),
    Field("onestop.surveyed", "Hồ sơ được khảo sát mức độ hài lòng", _C, "onestop", "hồ sơ",
          minimum=_NN),
    Field("portal.exists", "Có Trang / Cổng thông tin điện tử", _B, "portal"),
    Field("portal.url", "Địa chỉ Trang thông tin điện tử", _T, "portal", max_length=500),
    Field("portal.news_posted", "Tin, bài đăng tải", _C, "portal", "tin, bài", minimum=_NN),
    Field("portal.documents_posted", "Văn bản đăng tải", _C, "portal", "văn bản", minimum=_NN),
    Field("comments.portal", "Nhận xét về Trang thông tin điện tử", _L, "portal"),
    Field("software.internal", "Phần mềm nội bộ đang sử dụng", _L, "software",
          help="Mỗi dòng một phần mềm, ví dụ: Phần mềm quản lý cán bộ, công chức."),
    # F. Administrative procedures and online public services
    Field("tthc.procedures_total", "Tổng số TTHC thuộc thẩm quyền giải quyết", _C, "tthc_services",
          "thủ tục", minimum=_NN),
    Field("tthc.level2", "DVC trực tuyến mức độ 2", _C, "tthc_services", "thủ tục", minimum=_NN,
          regime="levels", help="Theo Nghị định 43/2011/NĐ-CP (kỳ báo cáo trước 01/8/2022)."),
    Field("tthc.level3", "DVC trực tuyến mức độ 3", _C, "tthc_services", "thủ tục", minimum=_NN,
          regime="levels", help="Theo Nghị định 43/2011/NĐ-CP (kỳ báo cáo trước 01/8/2022)."),
    Field("tthc.level4", "DVC trực tuyến mức độ 4", _C, "tthc_services", "thủ tục", minimum=_NN,
          regime="levels", help="Theo Nghị định 43/2011/NĐ-CP (kỳ báo cáo trước 01/8/2022)."),
    Field("tthc.full_online", "DVC trực tuyến toàn trình", _C, "tthc_services", "thủ tục",
          minimum=_NN, regime="online", help="Theo Nghị định 42/2022/NĐ-CP (từ 01/8/2022)."),
    Field("tthc.partial_online", "DVC trực tuyến một phần", _C, "tthc_services", "thủ tục",
          minimum=_NN, regime="online", help="Theo Nghị định 42/2022/NĐ-CP (từ 01/8/2022)."),
    Field("tthc.carried_over", "Hồ sơ kỳ trước chuyển qua", _C, "tthc_dossiers", "hồ sơ",
          minimum=_NN),
    Field("tthc.received_online", "Mới tiếp nhận trực tuyến", _C, "tthc_dossiers", "hồ sơ",
          minimum=_NN),
    Field("tthc.received_direct", "Mới tiếp nhận trực tiếp", _C, "tthc_dossiers", "hồ sơ",
          minimum=_NN),
    Field("tthc.received_postal", "Mới tiếp nhận qua bưu chính công ích", _C, "tthc_dossiers",
          "hồ sơ", minimum=_NN),
    Field("tthc.resolved_early", "Đã giải quyết trước hạn", _C, "tthc_dossiers", "hồ sơ",
          minimum=_NN),
    Field("tthc.resolved_on_time", "Đã giải quyết đúng hạn", _C, "tthc_dossiers", "hồ sơ",
          minimum=_NN),
    Field("tthc.resolved_late", "Đã giải quyết quá hạn", _C, "tthc_dossiers", "hồ sơ", minimum=_NN),
    Field("tthc.pending_in_time", "Đang giải quyết trong hạn", _C, "tthc_dossiers", "hồ sơ",
          minimum=_NN),
    Field("tthc.pending_overdue", "Đang giải quyết quá hạn", _C, "tthc_dossiers", "hồ sơ",
          minimum=_NN),
    Field("tthc.returned_by_post", "Trả kết quả qua bưu chính công ích", _C, "tthc_dossiers",
          "hồ sơ", minimum=_NN),
    Field("tthc.interconnected", "Hồ sơ một cửa liên thông", _C, "tthc_dossiers", "hồ sơ",
          minimum=_NN),
    Field("tthc.digitized", "Hồ sơ được số hóa", _C, "tthc_dossiers", "hồ sơ", minimum=_NN),
    Field("tthc.dissatisfied", "Ý kiến không hài lòng", _C, "tthc_dossiers", "ý kiến", minimum=_NN),
    Field("comments.tthc", "Nhận xét về giải quyết TTHC", _L, "tthc_dossiers"),
    # G. Assessment text
    Field("comments.infrastructure", "Nhận xét về hạ tầng, trang thiết bị", _L, "text"),
    Field("comments.apps", "Nhận xét về kết quả ứng dụng CNTT", _L, "text"),
    Field("text.difficulties", "Khó khăn, vướng mắc", _L, "text"),
    Field("text.causes", "Nguyên nhân", _L, "text"),
    Field("text.directions", "Phương hướng, giải pháp", _L, "text"),
    Field("text.recommendations", "Đề xuất, kiến nghị", _L, "text"),
)

FIELDS: MappingProxyType = MappingProxyType({f.key: f for f in _FIELD_LIST})

DERIVED: MappingProxyType = MappingProxyType({d.key: d for d in (
    Derived("tthc.received", "Hồ sơ mới tiếp nhận",
            ("tthc.received_online", "tthc.received_direct", "tthc.received_postal")),
    Derived("tthc.total_to_handle", "Tổng số hồ sơ phải giải quyết",
            ("tthc.carried_over", "tthc.received_online", "tthc.received_direct",
             "tthc.received_postal")),
    Derived("tthc.resolved", "Hồ sơ đã giải quyết",
            ("tthc.resolved_early", "tthc.resolved_on_time", "tthc.resolved_late")),
    Derived("tthc.resolved_in_time", "Hồ sơ giải quyết trước hạn và đúng hạn",
            ("tthc.resolved_early", "tthc.resolved_on_time")),
    Derived("tthc.pending", "Hồ sơ đang giải quyết", ("tthc.pending_in_time", "tthc.pending_overdue")),
    Derived("tthc.handled", "Hồ sơ đã và đang giải quyết",
            ("tthc.resolved_early", "tthc.resolved_on_time", "tthc.resolved_late",
             "tthc.pending_in_time", "tthc.pending_overdue")),
    Derived("tthc.online_levels", "DVC trực tuyến (mức 2, 3, 4)",
            ("tthc.level2", "tthc.level3", "tthc.level4")),
    Derived("tthc.online_services", "DVC trực tuyến (toàn trình, một phần)",
            ("tthc.full_online", "tthc.partial_online")),
    Derived("onestop.satisfied", "Hồ sơ hài lòng", ("onestop.surveyed",), ("tthc.dissatisfied",)),
)})

INDICATORS: tuple[Indicator, ...] = (
    Indicator("computers_per_civil_servant", "Tỷ lệ máy tính / cán bộ, công chức",
              "staff.civil_servants_with_computer", "staff.civil_servants"),
    Indicator("computers_per_part_time", "Tỷ lệ máy tính / người hoạt động không chuyên trách",
              "staff.part_time_with_computer", "staff.part_time"),
    Indicator("it_qualified", "Tỷ lệ CBCC có trình độ tin học đạt chuẩn",
              "staff.it_qualified", "staff.civil_servants"),
    Indicator("document_accounts", "Tỷ lệ CBCC có tài khoản phần mềm quản lý văn bản",
              "docs.accounts", "docs.accounts_base"),
    Indicator("outgoing_signed", "Tỷ lệ văn bản đi được ký số",
              "docs.outgoing_signed", "docs.outgoing_online"),
    Indicator("mailboxes", "Tỷ lệ hộp thư điện tử công vụ được cấp / CBCC",
              "email.mailboxes", "email.base"),
    Indicator("mailboxes_in_use", "Tỷ lệ hộp thư thường xuyên sử dụng / CBCC",
              "email.regular_users", "email.base"),
    Indicator("onestop_in_software", "Tỷ lệ hồ sơ xử lý trên phần mềm một cửa điện tử",
              "onestop.dossiers_in_software", "onestop.dossiers_at_desk"),
    Indicator("resolved_in_time", "Tỷ lệ hồ sơ giải quyết trước hạn và đúng hạn",
              "tthc.resolved_in_time", "tthc.resolved", paired=False),
    Indicator("online_share", "Tỷ lệ hồ sơ tiếp nhận trực tuyến",
              "tthc.received_online", "tthc.received", paired=False),
    Indicator("computers_on_cpnet", "Tỷ lệ máy tính kết nối mạng CPNet",
              "staff.computers_on_cpnet", "staff.computers_total_for_cpnet"),
    Indicator("satisfaction", "Tỷ lệ hài lòng", "onestop.satisfied", "onestop.surveyed",
              paired=False),
)

REGISTER_KINDS: tuple[Choice, ...] = (
    Choice("computer_desktop", "Máy tính để bàn"),
    Choice("computer_laptop", "Máy tính xách tay"),
    Choice("server", "Máy chủ"),
    Choice("printer", "Máy in"),
    Choice("scanner", "Máy quét (scan)"),
    Choice("photocopier", "Máy photocopy"),
    Choice("ups", "Bộ lưu điện (UPS)"),
    Choice("camera", "Camera quan sát"),
    Choice("kiosk", "Kiosk tra cứu thông tin, đánh giá mức độ hài lòng"),
    Choice("barcode_reader", "Thiết bị đọc mã vạch"),
    Choice("queue_display", "Màn hình hiển thị kết quả giải quyết TTHC"),
    Choice("led_board", "Màn hình cỡ lớn / bảng LED lịch công tác"),
    Choice("switch", "Thiết bị chuyển mạch (switch)"),
    Choice("wifi", "Thiết bị phát Wi-Fi"),
    Choice("firewall", "Tường lửa / giám sát truy nhập mạng LAN"),
    Choice("lightning_protection", "Chống sét lan truyền mạng LAN"),
    Choice("video_conference", "Phòng / thiết bị họp trực tuyến"),
    Choice("internet_link", "Kết nối Internet băng rộng (xDSL/FTTH/Leased Line)"),
    Choice("government_network", "Mạng truyền số liệu chuyên dùng (CPNet)"),
    Choice("other", "Thiết bị khác"),
)

CONDITIONS: tuple[Choice, ...] = (
    Choice("tot", "Tốt"),
    Choice("xuong_cap", "Xuống cấp, cần nâng cấp"),
    Choice("hong", "Hỏng, cần thay thế/thanh lý"),
)

ORIGINS: tuple[Choice, ...] = (
    Choice("moi", "Mới"),
    Choice("da_qua_su_dung", "Đã qua sử dụng"),
)

#: Who a computer serves; the report's two ratio rows are made from it.
USER_GROUPS: tuple[Choice, ...] = (
    Choice("cbcc", "Cán bộ, công chức"),
    Choice("khong_chuyen_trach", "Người hoạt động không chuyên trách"),
    Choice("chung", "Dùng chung"),
)

#: Offices of a superior level that print the consolidated report under their own name (the line
#: above is the people's committee: "UBND TỈNH …" / "UBND HUYỆN …"). Suggestions; any name may be typed.
SUPERIOR_OFFICES: tuple[Choice, ...] = (
    Choice("so_khcn", "Sở Khoa học và Công nghệ"),
    Choice("so_tttt", "Sở Thông tin và Truyền thông"),
    Choice("van_phong_ubnd", "Văn phòng Ủy ban nhân dân"),
    Choice("phong_vhtt", "Phòng Văn hóa và Thông tin"),
    Choice("phong_vhkhtt", "Phòng Văn hóa, Khoa học và Thông tin"),
)

COMPUTER_KINDS = frozenset({"computer_desktop", "computer_laptop"})

#: Register columns in display order: (key, Vietnamese header).
REGISTER_COLUMNS: tuple[tuple[str, str], ...] = (
    ("kind", "Loại thiết bị"),
    ("description", "Mô tả (model)"),
    ("quantity", "Số lượng"),
    ("year_acquired", "Năm trang bị"),
    ("origin", "Nguồn gốc"),
    ("condition", "Tình trạng"),
    ("location", "Vị trí"),
    ("user_group", "Đối tượng sử dụng"),
    ("cpnet", "Kết nối CPNet"),
    ("asset_code", "Mã tài sản"),
    ("notes", "Ghi chú"),
    ("year_disposed", "Năm thanh lý"),
)

_SECTION_KEYS = {s.key for s in SECTIONS}
_PAGE_KEYS = {p.key for p in PAGES}
assert all(s.page in _PAGE_KEYS for s in SECTIONS)
assert all(f.section in _SECTION_KEYS for f in _FIELD_LIST)
assert len(FIELDS) == len(_FIELD_LIST), "duplicate field key"


def field(key: str) -> Field:
    """The field of ``key``; KeyError names the key."""
    return FIELDS[key]


def fields_in_section(section: str) -> list[Field]:
    return [f for f in _FIELD_LIST if f.section == section]


def sections_on_page(page: str) -> list[Section]:
    return [s for s in SECTIONS if s.page == page]


def choice_label(choices: tuple[Choice, ...], key: str | None) -> str:
    for c in choices:
        if c.key == key:
            return c.label
    return ""
