"""Every rule of FIELDS.md, holding and broken; empty is not 0."""

import pytest

from ebgov_desktop.domain.periods import Period
from ebgov_desktop.domain.register import RegisterItem
from ebgov_desktop.domain.rules import RULES, Figures, RuleContext, compute_indicators, evaluate
from ebgov_desktop.domain.template import default_template

FIELDS, INDICATORS = default_template().fields, default_template().indicators
T2019 = default_template()  # the legacy form these rules are written for

P2019 = Period.parse("2019")
P2023 = Period.parse("2023")


def ids(values, *, register=(), previous=None, last_year=None, period=P2019):
    ctx = RuleContext(period, Figures(values, T2019), list(register),
                      Figures(previous, T2019) if previous is not None else None,
                      Figures(last_year, T2019) if last_year is not None else None)
    return {f.rule_id for f in evaluate(ctx)}


def found(rule_id, period, values):
    """The findings of one rule (other rules, e.g. required figures, may report too)."""
    return [f for f in evaluate(RuleContext(period, Figures(values, T2019), [])) if f.rule_id == rule_id]


TTHC_OK = {"tthc.carried_over": 5, "tthc.received_online": 10, "tthc.received_direct": 20,
           "tthc.received_postal": 1, "tthc.resolved_early": 4, "tthc.resolved_on_time": 20,
           "tthc.resolved_late": 2, "tthc.pending_in_time": 8, "tthc.pending_overdue": 2}
REQUIRED = ("staff.civil_servants", "staff.civil_servants_with_computer", "staff.part_time",
            "staff.part_time_with_computer", "staff.it_qualified", "staff.computers_on_cpnet",
            "staff.computers_total_for_cpnet", "docs.accounts", "docs.accounts_base", "docs.incoming_processed",
            "docs.outgoing_online", "docs.outgoing_signed", "email.mailboxes", "email.regular_users",
            "onestop.dossiers_in_software", "onestop.dossiers_at_desk", "portal.exists", "tthc.procedures_total")
PC = RegisterItem("computer_desktop", quantity=3, year_acquired=2018)

# rule id → (holding, broken) as keyword arguments of ids()
CASES = {
    "counts_nonnegative": ({"staff.civil_servants": 0}, {"staff.civil_servants": -1}),
    "computers_per_civil_servant": (
        {"staff.civil_servants": 22, "staff.civil_servants_with_computer": 22},
        {"staff.civil_servants": 22, "staff.civil_servants_with_computer": 23}),
    "computers_per_part_time": ({"staff.part_time": 14, "staff.part_time_with_computer": 10},
                                {"staff.part_time": 14, "staff.part_time_with_computer": 15}),
    "it_qualified": ({"staff.civil_servants": 22, "staff.it_qualified": 21},
                     {"staff.civil_servants": 22, "staff.it_qualified": 30}),
    "computers_on_cpnet": ({"staff.computers_on_cpnet": 10, "staff.computers_total_for_cpnet": 13},
                           {"staff.computers_on_cpnet": 14, "staff.computers_total_for_cpnet": 13}),
    "document_accounts": ({"docs.accounts": 13, "docs.accounts_base": 14},
                          {"docs.accounts": 15, "docs.accounts_base": 14}),
    "outgoing_signed": ({"docs.outgoing_signed": 74, "docs.outgoing_online": 74},
                        {"docs.outgoing_signed": 75, "docs.outgoing_online": 74}),
    "mailboxes": ({"email.mailboxes": 20, "email.base": 22}, {"email.mailboxes": 23, "email.base": 22}),
    "mailboxes_in_use": ({"email.regular_users": 20, "email.base": 22},
                         {"email.regular_users": 23, "email.base": 22}),
    "software_hr_users": ({"software.hr_users": 21, "staff.civil_servants": 22},
                          {"software.hr_users": 23, "staff.civil_servants": 22}),
    "incoming_by_year": ({"docs.incoming_by_year": ["2018: 599", "2019: 172"], "docs.incoming_stored": 771},
                         {"docs.incoming_by_year": ["2018: 599", "2019: 172"], "docs.incoming_stored": 988}),
    "outgoing_by_year": ({"docs.outgoing_by_year": ["2019: 74"], "docs.outgoing_stored": 74},
                         {"docs.outgoing_by_year": ["2019: 74"], "docs.outgoing_stored": 75}),
    "regular_users": ({"email.regular_users": 20, "email.mailboxes": 20},
                      {"email.regular_users": 21, "email.mailboxes": 20}),
    "onestop_in_software": (
        {"onestop.dossiers_in_software": 388, "onestop.dossiers_at_desk": 388},
        {"onestop.dossiers_in_software": 389, "onestop.dossiers_at_desk": 388}),
    "surveyed": ({"onestop.surveyed": 87, "onestop.dossiers_at_desk": 388},
                 {"onestop.surveyed": 400, "onestop.dossiers_at_desk": 388}),
    "dossier_balance": (TTHC_OK, {**TTHC_OK, "tthc.pending_overdue": 3}),
    "returned_by_post": ({**TTHC_OK, "tthc.returned_by_post": 26},
                         {**TTHC_OK, "tthc.returned_by_post": 27}),
    "interconnected": ({**TTHC_OK, "tthc.interconnected": 36}, {**TTHC_OK, "tthc.interconnected": 37}),
    "dissatisfied": ({"tthc.dissatisfied": 3, "onestop.surveyed": 87},
                     {"tthc.dissatisfied": 88, "onestop.surveyed": 87}),
    "service_levels": ({"tthc.procedures_total": 115, "tthc.level2": 103, "tthc.level3": 12},
                       {"tthc.procedures_total": 115, "tthc.level2": 104, "tthc.level3": 12}),
    "online_services": (
        {"tthc.procedures_total": 100, "tthc.full_online": 60, "tthc.partial_online": 40,
         "doc.period_end": "2023-12-14"},
        {"tthc.procedures_total": 100, "tthc.full_online": 61, "tthc.partial_online": 40,
         "doc.period_end": "2023-12-14"}),
    "period_order": ({"doc.period_start": "2019-01-01", "doc.period_end": "2019-03-12"},
                     {"doc.period_start": "2019-03-13", "doc.period_end": "2019-03-12"}),
    "document_date": ({"doc.date": "2019-03-12", "doc.period_end": "2019-03-12"},
                      {"doc.date": "2019-03-11", "doc.period_end": "2019-03-12"}),
    # derived from the template's "required" flags: every flagged figure entered (0 counts as entered)
    "signature_block": ({"doc.signer_authority": "TM. ỦY BAN NHÂN DÂN", "doc.signer_title": "CHỦ TỊCH",
                         "doc.signer_name": "Nguyễn Văn A"},
                        {"doc.signer_authority": "TM. ỦY BAN NHÂN DÂN", "doc.signer_title": "CHỦ TỊCH"}),
    "recipients": ({"doc.recipients": ["Như trên;", "Lưu: VT."]}, {}),
    "required_figures": ({k: (True if k == "portal.exists" else 0) for k in REQUIRED},
                         {k: 1 for k in REQUIRED if k != "staff.it_qualified"}),
}


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_value_rule_holds_and_breaks(rule_id):
    holding, broken = CASES[rule_id]
    assert rule_id not in ids(holding)
    assert rule_id in ids(broken)


@pytest.mark.parametrize("row, broken", [
    (RegisterItem("printer", quantity=1, year_acquired=2019), False),
    (RegisterItem("printer", quantity=0), True),
    (RegisterItem("printer", quantity=1, year_acquired=2020), True),
    (RegisterItem("printer", quantity=1, year_acquired=2018, year_disposed=2017), True),
    (RegisterItem("computer_desktop", quantity=2, cpnet=3), True),
    (RegisterItem("printer", quantity=1, year_acquired=2018, year_disposed=2018), False),  # same year
    (RegisterItem("computer_desktop", quantity=3, cpnet=3), False),  # every one on CPNet
])
def test_register_rows(row, broken):
    assert ("register_rows" in ids({}, register=[row])) is broken


def test_carried_over_against_previous_pending():
    previous = {"tthc.pending_in_time": 8, "tthc.pending_overdue": 2}
    assert "carried_over" not in ids({"tthc.carried_over": 10}, previous=previous)
    assert "carried_over" in ids({"tthc.carried_over": 9}, previous=previous)
    assert "carried_over" not in ids({"tthc.carried_over": 9})  # no previous period: skipped


def test_moved_more_than_half_from_last_year():
    assert "moved_50pct" not in ids({"docs.incoming_processed": 150},
                                    last_year={"docs.incoming_processed": 100})
    assert "moved_50pct" in ids({"docs.incoming_processed": 151},
                                last_year={"docs.incoming_processed": 100})
    assert "moved_50pct" in ids({"docs.incoming_processed": 49},
                                last_year={"docs.incoming_processed": 100})


def test_change_compares_with_the_period_it_names_and_skips_a_zero():
    # "moved_50pct" compares with the same period last year, never with the previous period
    assert "moved_50pct" not in ids({"docs.incoming_processed": 151},
                                    previous={"docs.incoming_processed": 100})
    (found,) = [f for f in evaluate(RuleContext(P2019, Figures({"docs.incoming_processed": 151}, T2019), [],
                                                last_year=Figures({"docs.incoming_processed": 100}, T2019)))
                if f.rule_id == "moved_50pct"]
    assert found.message.endswith("thay đổi +51% so với cùng kỳ năm trước (100).")
    (down,) = [f for f in evaluate(RuleContext(P2019, Figures({"docs.incoming_processed": 49}, T2019), [],
                                               last_year=Figures({"docs.incoming_processed": 100}, T2019)))
               if f.rule_id == "moved_50pct"]
    assert "thay đổi -51% so với" in down.message
    # nothing last year is no base for a percentage: skipped, not a division by zero
    assert "moved_50pct" not in ids({"docs.incoming_processed": 5}, last_year={"docs.incoming_processed": 0})


def test_bounds_messages_and_the_maximum_itself():
    (neg,) = found("counts_nonnegative", P2019, {"staff.civil_servants": -1})
    assert neg.message.endswith("không được là số âm (-1).")
    assert "counts_nonnegative" not in ids({"docs.fully_electronic_pct": 100})  # 100% is allowed
    (over,) = found("counts_nonnegative", P2019, {"docs.fully_electronic_pct": 100.5})
    assert over.message.endswith("không được lớn hơn 100.")


def test_register_computers_against_staff():
    staff = {"staff.civil_servants_with_computer": 2, "staff.part_time_with_computer": 1}
    assert "register_computers" not in ids(staff, register=[PC])
    assert "register_computers" in ids({**staff, "staff.part_time_with_computer": 2}, register=[PC])


def test_regime_of_service_levels():
    assert "service_regime" in ids({"tthc.level3": 5, "doc.period_end": "2023-12-14"}, period=P2023)
    assert "service_regime" not in ids({"tthc.full_online": 5, "doc.period_end": "2023-12-14"},
                                       period=P2023)
    assert "service_regime" in ids({"tthc.full_online": 5, "doc.period_end": "2019-12-14"})
    assert "service_regime" not in ids({"tthc.level3": 5, "doc.period_end": "2019-12-14"})
    (after,) = found("service_regime", P2023, {"tthc.level3": 5, "doc.period_end": "2023-12-14"})
    assert after.message.startswith("Từ 01/8/2022 dịch vụ công trực tuyến tính theo toàn trình")
    (before,) = found("service_regime", P2019, {"tthc.full_online": 5, "doc.period_end": "2019-12-14"})
    assert before.message.startswith("Trước 01/8/2022 dịch vụ công trực tuyến tính theo mức độ 2, 3, 4")


def test_every_rule_is_tested():
    # derived from indicators whose numerator is a part of the denominator: they cannot break
    parts_of_whole = {"resolved_in_time", "online_share", "satisfaction", "in_time_of_received",
                      "late_of_received"}
    tested = set(CASES) | {"register_rows", "carried_over", "moved_50pct", "register_computers",
                           "service_regime"} | parts_of_whole
    assert {r.id for r in RULES} == tested


def test_empty_is_not_zero():
    # with_computer entered, civil servants empty: the rule is skipped, not broken against 0
    assert "computers_per_civil_servant" not in ids({"staff.civil_servants_with_computer": 5})
    # … but 0 is a value: 5 > 0 breaks it
    assert "computers_per_civil_servant" in ids(
        {"staff.civil_servants_with_computer": 5, "staff.civil_servants": 0})


def test_fallback_denominator():
    # docs.accounts_base empty → staff.civil_servants
    assert "document_accounts" in ids({"docs.accounts": 23, "staff.civil_servants": 22})
    assert "document_accounts" not in ids({"docs.accounts": 22, "staff.civil_servants": 22})


def test_messages_name_the_fields_in_vietnamese():
    ctx = RuleContext(P2019, Figures({"staff.civil_servants": 22, "staff.it_qualified": 30}, T2019), [])
    (finding,) = [f for f in evaluate(ctx) if f.is_error]
    assert finding.message == ("Cán bộ, công chức có trình độ tin học đạt chuẩn (30) không được "
                               "lớn hơn số cán bộ, công chức (22).")
    assert finding.keys == ("staff.it_qualified", "staff.civil_servants")


def test_demo_indicators():
    from ebgov_desktop.services.datasets import demo_dataset

    ind = compute_indicators(Figures(demo_dataset().values, T2019))
    texts = {k: v.text for k, v in ind.items()}
    assert texts["computers_per_civil_servant"] == "22/22 (100%)"
    assert texts["computers_per_part_time"] == "10/14 (71,4%)"
    assert texts["it_qualified"] == "21/22 (95,5%)"
    assert texts["document_accounts"] == "13/14 (92,9%)"
    assert texts["mailboxes"] == "20/22 (90,9%)"
    assert texts["computers_on_cpnet"] == "10/13 (76,9%)"
    assert texts["resolved_in_time"] == "388/388 (100%)"
    assert "online_share" not in texts  # never entered: left out


def test_catalogue_is_consistent():
    """Every indicator's figures are count fields, or derived figures made only of count fields; every
    label is clean; with every figure entered, every indicator has its value."""
    import unicodedata

    from ebgov_desktop.domain.template import FieldType, default_template

    derived = default_template().derived

    def counts_only(key: str, depth: int = 0) -> None:
        assert depth < 5, f"derived figures loop at {key}"
        if key in FIELDS:
            assert FIELDS[key].type is FieldType.COUNT, key
            return
        assert key in derived, f"{key}: neither a field nor a derived figure"
        assert derived[key].plus, key
        for part in derived[key].plus + derived[key].minus:
            counts_only(part, depth + 1)

    for ind in INDICATORS:
        if ind.percent:
            assert FIELDS[ind.percent].type is FieldType.PERCENT, ind.key
            continue
        assert ind.numerator and ind.denominator, ind.key
        for key in (ind.numerator, ind.denominator) + ((ind.denominator2,) if ind.denominator2 else ()):
            counts_only(key)
    for f in FIELDS.values():
        assert f.label and f.label == f.label.strip() == unicodedata.normalize("NFC", f.label), f.key
    full = {k: (50 if f.type is FieldType.PERCENT else 1) for k, f in FIELDS.items()
            if f.type in (FieldType.COUNT, FieldType.PERCENT)}
    values = compute_indicators(Figures(full, T2019))  # every figure entered: every indicator has its value
    assert set(values) == {ind.key for ind in INDICATORS}
    for key, v in values.items():
        assert v.typed is not None or (v.numerator is not None and v.denominator), key


def test_every_indicator_has_its_derived_rule_and_the_template_writes_none():
    from ebgov_desktop.domain.template import default_template

    t = default_template()
    written = {(r.left, r.right) for r in t.rules}
    by_id = {r.id: r for r in RULES}
    for ind in INDICATORS:
        rule = by_id[ind.key]
        assert (rule.spec.left, rule.spec.right) == ((ind.numerator,), (ind.denominator,))
        assert rule.spec.derived_from == ind.key
        assert ((ind.numerator,), (ind.denominator,)) not in written
