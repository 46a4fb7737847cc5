"""The 2025 commune template (cds-xa-2025, TEMPLATE-CDS-2025.md): its figures, rules and outline."""

import datetime as dt
import re

import pypdf
import pytest

from ebgov_desktop.domain.periods import Period
from ebgov_desktop.domain.rules import Figures, RuleContext, compute_indicators, evaluate
from ebgov_desktop.domain.template import FieldType, builtin_dir, load_template
from ebgov_desktop.domain.template_check import check_file
from ebgov_desktop.domain.units import Unit, UnitKind
from ebgov_desktop.reporting.outline import Annex, Heading, OutlineContext, Paragraph, render_outline
from ebgov_desktop.services.templates_exchange import example_values

PATH = builtin_dir() / "cds-xa-2025.toml"
#: every key of the spec's figure tables
SPEC_KEYS = """lead.committee_set lead.committee_decision lead.documents_issued lead.tasks_assigned
lead.tasks_done aware.news_items aware.classes aware.people_trained infra.households
infra.households_fibre infra.adults infra.adults_smartphone infra.villages infra.villages_mobile_bb
infra.villages_fibre infra.staff infra.staff_with_pc infra.tsl_connected infra.video_points
infra.video_meetings infra.cameras_connected staff.cds_officer staff.it_qualified staff.digital_trained
tthc.procedures tthc.online_services tthc.full_online tthc.carried_over tthc.received
tthc.received_direct tthc.received_postal tthc.received_online tthc.online_full tthc.online_partial
tthc.resolved tthc.early tthc.on_time tthc.late tthc.pending tthc.pending_late
tthc.digitised_on_receipt tthc.reused_data tthc.electronic_result tthc.fee_dossiers tthc.paid_online
tthc.feedback tthc.feedback_on_time tthc.satisfaction_pct tthc.index_766 tthc.rank_766 ops.docs_in
ops.docs_out ops.docs_online ops.docs_out_signed ops.work_files_online_pct econ.ocop_products
econ.ocop_online econ.households_ecommerce econ.households_cashless econ.firms econ.firms_digital
soc.community_teams soc.community_members soc.vneid_pct soc.adults_payment_account
soc.people_digital_signature sec.pcs_antimalware sec.incidents sec.levels_set""".split()

UNIT = Unit(code="22015", kind=UnitKind.XA, name="Tân Hòa", province="Huế", province_code="46")
P = Period.parse("2025-9T")


@pytest.fixture(scope="module")
def t():
    return load_template(PATH)


def findings(t, values):
    return evaluate(RuleContext(P, Figures(values, t), []))


def errors_of(t, values):
    return [f for f in findings(t, values) if f.is_error]


def test_identity_and_check(t):
    assert check_file(PATH) == []
    assert (t.id, t.version, t.level, t.valid_from, t.valid_to) == ("cds-xa-2025", 1, "xa",
                                                                    dt.date(2025, 7, 1), None)


def test_every_figure_of_the_spec_is_a_field(t):
    assert [k for k in SPEC_KEYS if k not in t.fields] == []
    for key in ("soc.vneid_pct", "tthc.satisfaction_pct", "tthc.index_766", "ops.work_files_online_pct"):
        assert t.fields[key].type is FieldType.PERCENT and t.fields[key].maximum == 100
    typed = {i.key: i.percent for i in t.indicators if i.percent}
    assert typed == {"satisfaction": "tthc.satisfaction_pct", "index_766": "tthc.index_766",
                     "work_files_online": "ops.work_files_online_pct", "vneid": "soc.vneid_pct"}
    assert {k for k, f in t.fields.items() if f.basis == "cumulative"} == {
        "lead.documents_issued", "aware.news_items", "aware.classes", "aware.people_trained"}
    assert all("(lũy kế)" in t.fields[k].label for k in ("aware.news_items", "lead.documents_issued"))
    narratives = {f.section for f in t.fields.values() if f.key.startswith("comments.")}
    assert narratives == {"lead", "aware", "infra", "staff", "tthc_services", "ops", "econ", "soc", "sec"}
    assert t.fields["annex.tasks"].choices == ("Hoàn thành", "Đang thực hiện", "Tiếp tục duy trì",
                                               "Chưa thực hiện")


def test_the_example_figures_break_no_rule(t):
    assert errors_of(t, example_values(t)) == []


@pytest.mark.parametrize("change, words", [
    ({"infra.households_fibre": 500, "infra.households": 400}, "không được lớn hơn"),
    ({"tthc.received": 10, "tthc.received_direct": 3, "tthc.received_postal": 1,
      "tthc.received_online": 5}, "phải bằng"),
    ({"tthc.early": 1, "tthc.on_time": 2, "tthc.late": 3, "tthc.resolved": 7}, "phải bằng"),
    ({"tthc.pending_late": 9, "tthc.pending": 4}, "không được lớn hơn"),
    ({"soc.community_teams": 20, "infra.villages": 12}, "không được lớn hơn"),
    ({"tthc.full_online": 30, "tthc.online_services": 20}, "không được lớn hơn"),
    ({"soc.vneid_pct": 101.0}, "không được lớn hơn 100"),
])
def test_a_broken_rule_is_an_error_in_vietnamese(t, change, words):
    values = dict(example_values(t), **change)
    found = errors_of(t, values)
    assert found and any(words in f.message for f in found), [f.message for f in found]


def test_task_assessments_come_from_the_fixed_choices(t):
    ok = {"annex.tasks": ["Lắp camera | Đã lắp 12 camera | Hoàn thành",
                          "Tổ công nghệ số | 8/12 thôn | Đang thực hiện"]}
    assert errors_of(t, ok) == []
    bad = {"annex.tasks": ["Lắp camera | Đã lắp | Xong", "Tổ công nghệ số"]}
    messages = [f.message for f in errors_of(t, bad)]
    assert messages == [
        "Bảng kết quả thực hiện nhiệm vụ, dòng 1: đánh giá «Xong» không thuộc các lựa chọn: Hoàn thành, "
        "Đang thực hiện, Tiếp tục duy trì, Chưa thực hiện.",
        "Bảng kết quả thực hiện nhiệm vụ, dòng 2: thiếu phần đánh giá (ghi sau dấu |, một trong: Hoàn "
        "thành, Đang thực hiện, Tiếp tục duy trì, Chưa thực hiện)."]


def test_both_on_time_rates_as_the_766_index_defines_them(t):
    values = {"tthc.carried_over": 20, "tthc.received": 380, "tthc.early": 200, "tthc.on_time": 150,
              "tthc.late": 10, "tthc.resolved": 360, "tthc.pending": 40, "tthc.pending_late": 5}
    ind = compute_indicators(Figures(values, t))
    assert ind["on_time"].text == "350/360 (97,2%)"  # (early + on_time) / resolved
    assert ind["on_time_766"].text == "385/400 (96,3%)"  # 1 − (late + pending_late) / (carried + received)


def _texts(blocks):
    out = []
    for b in blocks:
        if isinstance(b, Heading):
            out.append(f"{b.number} {b.text}")
        elif isinstance(b, Paragraph):
            out.append(b.text)
        elif isinstance(b, Annex):
            out.append(b.title)
    return out


def test_the_outline_prints_sections_i_to_v_and_says_which_figures_are_cumulative(t):
    values = dict(example_values(t), **{"doc.period_start": "2024-12-15", "doc.period_end": "2025-09-14"})
    texts = _texts(render_outline(OutlineContext(t, UNIT, P, values)))
    headings = [x for x in texts if re.match(r"^(I|II|III|IV|V)\. ", x)]
    assert headings == ["I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO, ĐIỀU HÀNH VÀ THỂ CHẾ SỐ", "II. KẾT QUẢ THỰC HIỆN",
                        "III. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN", "IV. NHIỆM VỤ, GIẢI PHÁP KỲ TỚI",
                        "V. ĐỀ XUẤT, KIẾN NGHỊ"]
    subs = [x for x in texts if re.match(r"^\d\. ", x)]
    assert subs == ["1. Nhận thức số", "2. Hạ tầng số", "3. Nhân lực số", "4. Chính quyền số",
                    "5. Kinh tế số", "6. Xã hội số", "7. An toàn thông tin"]
    assert [x for x in texts if re.match(r"^[ab]\) ", x)] == [
        "a) Thủ tục hành chính, dịch vụ công trực tuyến", "b) Điều hành, xử lý văn bản"]
    assert not any(x.startswith("Kính gửi") for x in texts)  # nobody entered one: none is printed
    assert ("Số liệu báo cáo tính từ ngày 15/12/2024 đến ngày 14/9/2025; các số liệu ghi “lũy kế” tính "
            "từ ngày 01/01/2025 đến ngày 14/9/2025; các số liệu khác tính trong kỳ báo cáo.") in texts
    assert texts[-1] == "BẢNG KẾT QUẢ THỰC HIỆN NHIỆM VỤ"
    receiver = dict(values, **{"doc.receiver": "Sở Khoa học và Công nghệ tỉnh Huế"})
    assert _texts(render_outline(OutlineContext(t, UNIT, P, receiver)))[0] == \
        "Kính gửi: Sở Khoa học và Công nghệ tỉnh Huế."


def test_the_sample_pdf_of_a_province_prints_every_heading(tmp_path):
    from ebgov_desktop.services.templates_exchange import sample_report
    from ebgov_desktop.services.workspace import Workspace

    with Workspace.open(tmp_path / "tinh") as ws:
        ws.set_unit(Unit(code="46", kind=UnitKind.TINH, name="Huế", province="Huế", province_code="46"))
        paths = ws.paths
    out = sample_report(paths, "cds-xa-2025", None, tmp_path / "mau.pdf")
    text = " ".join(" ".join(p.extract_text().split()) for p in pypdf.PdfReader(out).pages)
    for heading in ("I. CÔNG TÁC LÃNH ĐẠO", "II. KẾT QUẢ THỰC HIỆN", "7. An toàn thông tin",
                    "V. ĐỀ XUẤT, KIẾN NGHỊ", "BẢNG KẾT QUẢ THỰC HIỆN NHIỆM VỤ", "Tiếp tục duy trì"):
        assert heading in text


def test_template_list_shows_both_templates_with_their_years_and_validity(capsys):
    from ebgov_desktop.cli import main

    assert main(["template", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "bc-ungdung-cntt\tphiên bản 1\txa\tmẫu năm 2019\thiệu lực từ 01/01/2019\tBáo cáo tình hình " \
           "ứng dụng công nghệ thông tin, chính quyền điện tử cấp xã" in lines
    assert "cds-xa-2025\tphiên bản 1\txa\tmẫu năm 2025\thiệu lực từ 01/07/2025\tBáo cáo kết quả phát " \
           "triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số cấp xã" in lines



def test_ten_key_rates_go_to_the_province_s_consolidated_table(t):
    assert [i.key for i in t.indicators if i.consolidated] == [
        "fibre_households", "smartphone_adults", "digital_trained", "online_share", "on_time", "digitised",
        "paid_online", "satisfaction", "index_766", "vneid"]
