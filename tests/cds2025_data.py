"""Figures of a commune on the 2025 template (cds-xa-2025), consistent with every rule of it.

``commune_values(n)`` varies them for the n-th commune (n = 0, 1, 2) so that a consolidation adds up
different numbers. Used by the end-to-end test (typed by keyboard) and by the province's test.
"""

from __future__ import annotations

from ebgov_desktop.domain.periods import Period

PERIOD = Period.parse("2025")


#: three communes of Huế (the list from 01/7/2025): code, name
COMMUNES = (("19867", "Quảng Điền"), ("19885", "Đan Điền"), ("19945", "Phú Vinh"))


def commune_values(n: int = 0) -> dict:
    k = n * 10
    tthc_direct, tthc_postal, online_full, online_partial = 120 + k, 8, 310 + k, 95
    online = online_full + online_partial
    received = tthc_direct + tthc_postal + online
    early, on_time, late = 260 + k, 240, 6
    resolved = early + on_time + late
    return {
        "doc.superior_line": "",
        "doc.number": f"{45 + n}",
        "doc.symbol": "BC-UBND",
        "doc.place": COMMUNES[n][1],
        "doc.date": "2025-12-18",
        "doc.period_start": "2024-12-15",
        "doc.period_end": "2025-12-14",
        "doc.title": "Kết quả phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số năm 2025",
        "doc.basis": ["Thực hiện Kế hoạch số 12/KH-SKHCN ngày 10/7/2025 của Sở Khoa học và Công nghệ, "
                      "Ủy ban nhân dân xã báo cáo kết quả năm 2025 như sau:"],
        "doc.closing": "Trên đây là báo cáo kết quả năm 2025 của Ủy ban nhân dân xã./.",
        "doc.signer_authority": "TM. ỦY BAN NHÂN DÂN",
        "doc.signer_deputy": "KT. CHỦ TỊCH",
        "doc.signer_title": "PHÓ CHỦ TỊCH",
        "doc.signer_name": ["Lê Văn Hùng", "Trần Thị Mai", "Nguyễn Đức Long"][n],
        "doc.recipients": ["Sở Khoa học và Công nghệ;", "Ban Chỉ đạo KHCN, ĐMST và CĐS xã;", "Lưu: VT."],
        "doc.receiver": "Sở Khoa học và Công nghệ tỉnh Huế",
        "comments.lead": ["Đảng ủy, Ủy ban nhân dân xã quan tâm chỉ đạo chuyển đổi số gắn với Nghị quyết "
                          "57-NQ/TW."],
        "lead.committee_set": True,
        "lead.committee_decision": "Quyết định số 25/QĐ-UBND ngày 05/7/2025",
        "lead.documents_issued": 7 + n,
        "lead.documents": ["Kế hoạch số 30/KH-UBND ngày 15/7/2025 về chuyển đổi số năm 2025"],
        "lead.tasks_assigned": 24,
        "lead.tasks_done": 21 - n,
        "comments.aware": ["Tuyên truyền trên loa truyền thanh và trang Zalo của xã."],
        "aware.news_items": 86 + k,
        "aware.classes": 12,
        "aware.people_trained": 1450 + 100 * n,
        "comments.infra": ["Hạ tầng số cơ bản đáp ứng yêu cầu."],
        "infra.households": 4210 + k,
        "infra.households_fibre": 3368,
        "infra.adults": 11250,
        "infra.adults_smartphone": 9420 + k,
        "infra.villages": 18,
        "infra.villages_mobile_bb": 18,
        "infra.villages_fibre": 16 - n,
        "infra.staff": 32,
        "infra.staff_with_pc": 30,
        "infra.tsl_connected": True,
        "infra.video_points": 2,
        "infra.video_meetings": 46 + n,
        "infra.cameras_connected": 64,
        "comments.staff": ["Cán bộ phụ trách chuyển đổi số kiêm nhiệm."],
        "staff.cds_officer": "Phan Văn Tâm, công chức Văn phòng - Thống kê",
        "staff.it_qualified": 2,
        "staff.digital_trained": 29,
        "comments.tthc": ["Tiếp tục đẩy mạnh dịch vụ công trực tuyến toàn trình."],
        "tthc.procedures": 245,
        "tthc.online_services": 212,
        "tthc.full_online": 138,
        "tthc.carried_over": 14,
        "tthc.received": received,
        "tthc.received_direct": tthc_direct,
        "tthc.received_postal": tthc_postal,
        "tthc.received_online": online,
        "tthc.online_full": online_full,
        "tthc.online_partial": online_partial,
        "tthc.resolved": resolved,
        "tthc.early": early,
        "tthc.on_time": on_time,
        "tthc.late": late,
        "tthc.pending": 14 + received - resolved,
        "tthc.pending_late": 1,
        "tthc.digitised_on_receipt": 402 + k,
        "tthc.reused_data": 188,
        "tthc.electronic_result": 455,
        "tthc.fee_dossiers": 96,
        "tthc.paid_online": 71,
        "tthc.feedback": 5,
        "tthc.feedback_on_time": 5,
        "tthc.satisfaction_pct": 98.6 - n,
        "tthc.index_766": 86.4 + n,
        "tthc.rank_766": f"{12 + n}/40",
        "comments.ops": ["Văn bản được xử lý trên phần mềm quản lý văn bản của tỉnh."],
        "ops.docs_in": 1820 + k,
        "ops.docs_out": 640,
        "ops.docs_online": 2410,
        "ops.docs_out_signed": 628,
        "ops.work_files_online_pct": 92.5,
        "comments.econ": ["Hỗ trợ hộ sản xuất đưa sản phẩm lên sàn thương mại điện tử."],
        "econ.ocop_products": 6,
        "econ.ocop_online": 4 + n,
        "econ.households_ecommerce": 37,
        "econ.households_cashless": 412 + k,
        "econ.firms": 23,
        "econ.firms_digital": 15,
        "comments.soc": ["Các tổ công nghệ số cộng đồng hoạt động ở tất cả thôn."],
        "soc.community_teams": 18,
        "soc.community_members": 94 + n,
        "soc.vneid_pct": 81.3 + n,
        "soc.adults_payment_account": 8760,
        "soc.people_digital_signature": 1325 + k,
        "comments.sec": ["Không để xảy ra sự cố mất an toàn thông tin nghiêm trọng."],
        "sec.pcs_antimalware": 28,
        "sec.incidents": 0,
        "sec.levels_set": False,
        "text.shortcomings": ["Tỷ lệ thanh toán trực tuyến còn thấp."],
        "text.causes": ["Người dân chưa quen thanh toán không dùng tiền mặt."],
        "text.next_tasks": ["Phủ cáp quang 100% thôn, tổ dân phố."],
        "text.recommendations": ["Đề nghị Sở Khoa học và Công nghệ hỗ trợ tập huấn kỹ năng số."],
        "annex.tasks": ["Thành lập tổ công nghệ số cộng đồng | 18/18 thôn | Hoàn thành",
                        "Phủ cáp quang các thôn | 16/18 thôn | Đang thực hiện",
                        "Tuyên truyền Đề án 06 | Hằng tháng | Tiếp tục duy trì",
                        "Xác định cấp độ an toàn hệ thống | Chưa triển khai | Chưa thực hiện"],
    }


def send_to_province(tmp_path, communes, period=PERIOD):
    """Communes of Huế — each ``(code, name, template, values)`` — enter their values in a workspace of
    their own (``tmp_path/xa<n>``) and send their packages on one USB stick; the province lists them
    with their keys and imports the stick. Returns the province's data folder (``tmp_path/tinh``)."""
    from ebgov_desktop.domain.units import Unit, UnitKind
    from ebgov_desktop.services import keys
    from ebgov_desktop.services import superior as sup
    from ebgov_desktop.services.packages import export_package
    from ebgov_desktop.services.paths import app_paths
    from ebgov_desktop.services.workspace import Workspace

    usb = tmp_path / "usb"
    usb.mkdir()
    for n, (code, name, template, values) in enumerate(communes):
        with Workspace.open(tmp_path / f"xa{n}") as ws:
            ws.set_unit(Unit(code=code, kind=UnitKind.XA, name=name, province="Huế", province_code="46"))
            ws.create_period(period, template)
            for key, value in values.items():
                if value not in ("", [], None):
                    ws.set_value(period, key, value)
            export_package(ws, ws.snapshot(period), usb)
    with Workspace.open(tmp_path / "tinh") as tinh:
        tinh.set_unit(Unit(code="46", kind=UnitKind.TINH, name="Huế", province="Huế", province_code="46"))
        for n, (code, name, _t, _v) in enumerate(communes):
            sup.add_expected(tinh, code, name, UnitKind.XA,
                             fingerprint=keys.fingerprint(app_paths(tmp_path / f"xa{n}")))
        sup.import_packages(tinh, sorted(usb.glob("*.ebgov")), backup=False)
    return tmp_path / "tinh"


def template_2025():
    """The program's own 2025 template (the one a new period takes)."""
    from ebgov_desktop.domain.template import builtin_dir, load_template

    return load_template(builtin_dir() / "cds-xa-2025.toml")
