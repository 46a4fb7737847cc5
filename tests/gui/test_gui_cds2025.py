"""Must show (issue #16): a commune of a province after 01/7/2025 is created with the welcome dialog and
gets the 2025 template; every field of the template is typed by keyboard; the PDF is printed (every
heading and figure, Vietnamese format, read back as text) and the data exported to USB; the province
imports three such communes and consolidates them by the template (PDF and Excel read back)."""

import datetime as dt
import re

import pypdf
from cds2025_data import COMMUNES, PERIOD, commune_values
from gui_keys import choose_in_cell, focus, press, retype, type_cell, type_text
from gui_windows import shown_window
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QWidget

from ebgov_desktop.domain.formatting import vn_decimal, vn_int
from ebgov_desktop.domain.periods import Period
from ebgov_desktop.domain.template import FieldType, Scope
from ebgov_desktop.domain.units import Unit, UnitKind
from ebgov_desktop.gui import report_actions
from ebgov_desktop.services import keys, packages
from ebgov_desktop.services import superior as sup
from ebgov_desktop.services.packages import TargetDir, export_package
from ebgov_desktop.services.paths import app_paths
from ebgov_desktop.services.templates_exchange import find_template
from ebgov_desktop.services.workspace import Workspace

HUE = "46"


def text_of(path) -> str:
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in pypdf.PdfReader(path).pages))


def as_typed(spec, value) -> str:
    """What the officer types for a stored value."""
    if spec.type is FieldType.COUNT:
        return vn_int(value)
    if spec.type is FieldType.PERCENT:
        return vn_decimal(value)
    if spec.type is FieldType.DATE:
        d = dt.date.fromisoformat(value)
        return f"{d.day}/{d.month}/{d.year}"
    if spec.type is FieldType.LINES:
        return "\n".join(value)
    if spec.type is FieldType.BOOL:
        return "Có" if value else "Không"
    return value


def welcome_commune(qtbot, paths):
    """The welcome dialog: report year 2025, Huế, xã Quảng Điền found without diacritics."""
    from ebgov_desktop.gui.welcome import WelcomeDialog

    dialog = WelcomeDialog(paths)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.year.setValue(2025)
    assert dialog.template_box.currentData() == ("cds-xa-2025", 1)  # the template follows the date
    assert dialog.template_box.currentText().startswith("mẫu 2025: ")
    dialog.province_box.setCurrentIndex(dialog.province_box.findData(HUE))
    focus(dialog.search)
    type_text(dialog.search, "quang dien")
    rows = [dialog.results.item(i).text() for i in range(dialog.results.count())]
    dialog.results.setCurrentRow(next(i for i, r in enumerate(rows) if r.startswith(COMMUNES[0][0])))
    assert dialog.inputs["unit.district"].text() == ""  # no district level after 01/7/2025
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.problem.text()
    return shown_window(qtbot, dialog.workspace, paths.settings_file, dialog.period)


def go_to_page(qtbot, window, key):
    """Alt+1 … Alt+9 switch pages."""
    qtbot.keyClick(window, Qt.Key(Qt.Key.Key_1 + window.page_keys.index(key)),
                   Qt.KeyboardModifier.AltModifier)
    assert window.current_page_key() == key


def type_every_field(qtbot, window, values):
    template = window.template
    typed = 0
    for key, spec in template.fields.items():
        value = values.get(key)
        if spec.scope is not Scope.PERIOD or value in (None, "", []):
            continue
        go_to_page(qtbot, window, window.page_of(key))
        editor = window.findChild(QWidget, key)
        assert editor is not None and editor.isVisible(), key
        if spec.choices:  # the task annex: a table, one row per task
            for row, line in enumerate(value):
                qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
                *cells, choice = [c.strip() for c in line.split("|")]
                for col, cell in enumerate(cells):
                    type_cell(editor.table, row, col, cell)
                choose_in_cell(editor.table, row, len(cells), choice)
        elif spec.type is FieldType.BOOL:
            focus(editor)
            type_text(editor, as_typed(spec, value))
            press(editor, Qt.Key.Key_Tab)
        else:
            retype(editor, as_typed(spec, value))
        assert window.ws.values(PERIOD).get(key) == value, key
        typed += 1
    return typed


def other_commune(tmp_path, n) -> Workspace:
    """Communes 2 and 3: the same template, their own figures (entered through the service)."""
    code, name = COMMUNES[n]
    ws = Workspace.open(tmp_path / f"xa{n}")
    ws.set_unit(Unit(code=code, kind=UnitKind.XA, name=name, province="Huế", province_code=HUE))
    ws.create_period(PERIOD, find_template(ws, "cds-xa-2025"))
    for key, value in commune_values(n).items():
        if value not in ("", []):
            ws.set_value(PERIOD, key, value)
    return ws


def test_a_2025_commune_typed_printed_exported_and_consolidated(qtbot, tmp_path, monkeypatch):
    paths = app_paths(tmp_path / "xa0").ensure()
    window = welcome_commune(qtbot, paths)
    assert window.template.id == "cds-xa-2025" and window.ws.template(PERIOD).id == "cds-xa-2025"
    assert window.windowTitle() == "UBND xã Quảng Điền — Báo cáo năm 2025"

    values = commune_values(0)
    typed = type_every_field(qtbot, window, values)
    expected = {k for k, f in window.template.fields.items()
                if f.scope is Scope.PERIOD and values.get(k) not in (None, "", [])}
    assert typed == len(expected) == 99
    assert [f.message for f in window.findings() if f.is_error] == []

    # the PDF, through Báo cáo > Xuất báo cáo PDF…
    out = tmp_path / "BC_2025.pdf"
    opened = []
    monkeypatch.setattr(report_actions, "open_in_viewer", lambda path: opened.append(path) or True)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a: (str(out), "")))
    window.report_actions.export_pdf_action.trigger()
    qtbot.waitUntil(lambda: opened == [out], timeout=60000)
    text = text_of(out)
    for heading in ("I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO, ĐIỀU HÀNH VÀ THỂ CHẾ SỐ", "II. KẾT QUẢ THỰC HIỆN",
                    "1. Nhận thức số", "2. Hạ tầng số", "3. Nhân lực số", "4. Chính quyền số",
                    "a) Thủ tục hành chính, dịch vụ công trực tuyến", "b) Điều hành, xử lý văn bản",
                    "5. Kinh tế số", "6. Xã hội số", "7. An toàn thông tin",
                    "III. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN", "IV. NHIỆM VỤ, GIẢI PHÁP KỲ TỚI",
                    "V. ĐỀ XUẤT, KIẾN NGHỊ", "BẢNG KẾT QUẢ THỰC HIỆN NHIỆM VỤ"):
        assert heading in text, heading
    v = values
    for figure in (
            "Kính gửi: Sở Khoa học và Công nghệ tỉnh Huế.", "Số: 45/BC-UBND",
            "Quảng Điền, ngày 18 tháng 12 năm 2025",
            "Số liệu báo cáo tính từ ngày 15/12/2024 đến ngày 14/12/2025; các số liệu ghi “lũy kế”",
            "đã thành lập (kiện toàn) (Quyết định số 25/QĐ-UBND ngày 05/7/2025)",
            "(lũy kế): 7 văn bản", "Nhiệm vụ được giao đã hoàn thành: 21/24 (87,5%) nhiệm vụ.",
            "(lũy kế): 86 tin, bài", "Lượt người dân được hướng dẫn kỹ năng số (lũy kế): 1.450 lượt",
            "Hộ có Internet cáp quang: 3.368/4.210 (80%) hộ.",
            "điện thoại thông minh: 9.420/11.250 (83,7%) người.",
            "băng rộng di động: 18/18 (100%).", "Thôn, tổ dân phố được phủ cáp quang: 16/18 (88,9%).",
            "Cán bộ, công chức được trang bị máy tính: 30/32 (93,8%) người.",
            "Mạng truyền số liệu chuyên dùng: đã kết nối.", "Camera an ninh đã kết nối: 64 camera.",
            "Phan Văn Tâm, công chức Văn phòng - Thống kê", "bồi dưỡng kỹ năng số: 29/32 (90,6%) người.",
            "245 thủ tục.", "TTHC có dịch vụ công trực tuyến: 212 thủ tục.",
            "TTHC có dịch vụ công trực tuyến toàn trình: 138 thủ tục.",
            f"Hồ sơ tiếp nhận trong kỳ: {vn_int(v['tthc.received'])} hồ sơ.",
            "+ Nộp trực tiếp: 120 hồ sơ.", "+ Nộp trực tuyến: 405 hồ sơ.",
            "+ Hồ sơ trực tuyến toàn trình: 310 hồ sơ.", "+ Hồ sơ trực tuyến một phần: 95 hồ sơ.",
            f"Hồ sơ đã giải quyết: {vn_int(v['tthc.resolved'])} hồ sơ.", "+ Giải quyết trước hạn: 260 hồ sơ.",
            "+ Giải quyết đúng hạn: 240 hồ sơ.", "+ Giải quyết quá hạn: 6 hồ sơ.",
            "(trên số hồ sơ đã giải quyết): 500/506 (98,8%)",
            "theo cách tính của Bộ chỉ số 766",
            "Tỷ lệ hồ sơ trực tuyến: 405/533 (76%).",
            "Tỷ lệ hài lòng của người dân, doanh nghiệp (Cổng dịch vụ công): 98,6%.",
            "đạt 86,4% số điểm tối đa.", "Thứ hạng Bộ chỉ số 766 của xã trong tỉnh: 12/40.",
            "Văn bản đến: 1.820 văn bản.", "Văn bản đi: 640 văn bản.",
            "Văn bản đi được ký số: 628/640 (98,1%) văn bản.", "(trừ hồ sơ mật): 92,5%.",
            "Sản phẩm OCOP có trên sàn thương mại điện tử: 4/6 (66,7%) sản phẩm.",
            "Tổ công nghệ số cộng đồng: 18 tổ.", "Thành viên tổ công nghệ số cộng đồng: 94 người.",
            "VNeID mức 2 đã kích hoạt (số liệu Công an xã): 81,3%.",
            "Xác định cấp độ an toàn hệ thống thông tin: chưa xác định.",
            "Phủ cáp quang các thôn", "16/18 thôn", "Hoàn thành", "Đang thực hiện", "Tiếp tục duy trì",
            "Chưa thực hiện", "Lê Văn Hùng"):
        assert figure in text, figure
    on_time_766 = v["tthc.carried_over"] + v["tthc.received"] - v["tthc.late"] - v["tthc.pending_late"]
    assert f"{vn_int(on_time_766)}/{vn_int(v['tthc.carried_over'] + v['tthc.received'])}" in text

    # the USB package, through Báo cáo > Xuất dữ liệu ra USB…
    usb = tmp_path / "USB"
    usb.mkdir()
    monkeypatch.setattr(packages, "candidate_target_dirs",
                        lambda: [TargetDir(usb, f"Ổ đĩa rời (USB): {usb}", True)])
    window.report_actions.export_usb_action.trigger()
    dialog = window.report_actions.export_dialog
    dialog.findChild(type(dialog.write_button), "export.write").click()
    qtbot.waitUntil(lambda: dialog.task is None, timeout=60000)
    assert dialog.message.text().startswith(f"Đã ghi gói dữ liệu: {usb / f'{HUE}_19867_2025_r1.ebgov'}")
    dialog.close()
    window.close()

    # two more communes, then the province imports the three and consolidates
    for n in (1, 2):
        with other_commune(tmp_path, n) as ws:
            export_package(ws, ws.snapshot(PERIOD), usb)
    files = sorted(usb.glob("*.ebgov"))
    assert len(files) == 3
    # a fourth commune kept the 2019 form for 2025: listed apart, not added in
    with Workspace.open(tmp_path / "xa3") as old_form:
        old_form.set_unit(Unit(code="19918", kind=UnitKind.XA, name="Phú Hồ", province="Huế",
                               province_code=HUE))
        old_form.create_period(PERIOD, find_template(old_form, "bc-ungdung-cntt"))
        old_form.set_value(PERIOD, "staff.civil_servants", 20)
        files.append(export_package(old_form, old_form.snapshot(PERIOD), usb).path)
    with Workspace.open(tmp_path / "tinh") as tinh:
        tinh.set_unit(Unit(code=HUE, kind=UnitKind.TINH, name="Huế", province="Huế", province_code=HUE))
        for n, (code, name) in enumerate(COMMUNES + (("19918", "Phú Hồ"),)):  # keys checked by phone
            sup.add_expected(tinh, code, name, UnitKind.XA,
                             fingerprint=keys.fingerprint(app_paths(tmp_path / f"xa{n}")))
        report = sup.import_packages(tinh, files, backup=False)
        assert [r.outcome.value for r in report.results] == ["new"] * 4
        tinh_paths = tinh.paths
    pdf, xlsx = tmp_path / "tong-hop.pdf", tmp_path / "tong-hop.xlsx"
    sup.export_consolidated(None, PERIOD, pdf, xlsx=xlsx, paths=tinh_paths)
    text = text_of(pdf)
    fibre = [commune_values(n)["infra.households_fibre"] for n in range(3)]
    households = [commune_values(n)["infra.households"] for n in range(3)]
    assert f"{vn_int(sum(fibre))}/{vn_int(sum(households))}" in text  # Σ numerators / Σ denominators
    for _code, name in COMMUNES:
        assert name in text
    from ebgov_desktop.domain.template import builtin_dir, default_template, load_template

    new, old = load_template(builtin_dir() / "cds-xa-2025.toml"), default_template()
    assert (f"Các đơn vị báo cáo theo mẫu khác, không cộng vào số liệu tổng hợp theo mẫu «{new.title}», "
            f"phiên bản 1 (1): xã Phú Hồ (mẫu «{old.title}», phiên bản 1).") in text  # in words, no code
    assert "cds-xa-2025" not in text and "bc-ungdung-cntt" not in text
    assert "Tổng hợp kết quả phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số cấp xã" \
           " năm 2025" in text
    wb = load_workbook(xlsx)
    sheet = [list(r) for r in wb["Chỉ tiêu các đơn vị"].iter_rows(values_only=True)]
    headers = sheet[0]
    assert "Tỷ lệ hộ có Internet cáp quang — tử số" in headers
    assert not any("Tỷ lệ máy tính / cán bộ, công chức" in str(h) for h in headers)  # not the 2019 form
    col = headers.index("Tỷ lệ hộ có Internet cáp quang — tử số")
    by_code = {row[0]: row for row in sheet[1:] if row[0]}
    assert [by_code[code][col] for code, _n in COMMUNES] == fibre and "19918" not in by_code
    total = next(row for row in sheet[1:] if row[1] == "Tổng cộng")
    assert total[col] == sum(fibre) and total[col + 1] == sum(households)


def test_welcome_offers_the_template_of_the_year_and_the_officer_may_change_it(qtbot, tmp_path):
    from ebgov_desktop.gui.welcome import WelcomeDialog

    paths = app_paths(tmp_path / "d").ensure()
    dialog = WelcomeDialog(paths)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.year.setValue(2024)
    assert dialog.template_box.currentData() == ("bc-ungdung-cntt", 1)  # older periods keep 2019
    dialog.year.setValue(2025)
    assert dialog.template_box.currentData() == ("cds-xa-2025", 1)
    focus(dialog.template_box)
    press(dialog.template_box, Qt.Key.Key_Down)  # the officer keeps the 2019 form this year
    assert dialog.template_box.currentData() == ("bc-ungdung-cntt", 1)
    dialog.province_box.setCurrentIndex(dialog.province_box.findData(HUE))
    focus(dialog.search)
    type_text(dialog.search, "phu vinh")
    dialog.results.setCurrentRow(0)
    dialog.create_unit()
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.problem.text()
    assert dialog.workspace.template(PERIOD).id == "bc-ungdung-cntt"  # the officer's choice
    inputs = dialog.inputs["unit.kind"]
    inputs.setCurrentIndex(inputs.findData("tinh"))
    assert not dialog.template_box.isVisibleTo(dialog)  # a province's own period has no form to choose
    dialog.workspace.close()


def test_the_province_s_report_of_a_2025_period_is_titled_after_the_2025_form(tmp_path):
    with Workspace.open(tmp_path / "tinh") as tinh:
        tinh.set_unit(Unit(code=HUE, kind=UnitKind.TINH, name="Huế", province="Huế", province_code=HUE))
        sup.ensure_period(tinh, "2025")
        sup.ensure_period(tinh, "2024")
        assert tinh.values(Period.parse("2025"))["doc.title"] == ("Tổng hợp kết quả phát triển khoa học, công nghệ, đổi "
                                                    "mới sáng tạo và chuyển đổi số cấp xã năm 2025")
        assert tinh.values(Period.parse("2024"))["doc.title"] == \
            "Tổng hợp tình hình ứng dụng công nghệ thông tin cấp xã năm 2024"
