"""Figures print as the officer entered them (issue #21, Build 5): a typed percentage keeps the digits
typed (91,24%), nothing is rounded up to a limit (99,95 is not "đạt 100%"), a figure entered alone is
not lost with a sentence's other figures (1.257 dossiers received directly), and the 2019 template
prints the on-time and late rates over the dossiers received."""

from decimal import Decimal

import pytest

from ebgov_desktop.domain.dataset import check_value
from ebgov_desktop.domain.formatting import percent_value, round_percent, vn_percent, vn_typed_percent
from ebgov_desktop.domain.periods import Period
from ebgov_desktop.domain.rules import Figures, compute_indicators
from ebgov_desktop.domain.template import builtin_dir, default_template, load_template
from ebgov_desktop.domain.units import Unit, UnitKind
from ebgov_desktop.reporting.outline import OutlineContext, Paragraph, render_outline

UNIT = Unit(code="22015", kind=UnitKind.XA, name="Tân Hòa", province="Huế", province_code="46")


@pytest.fixture(scope="module")
def t2025():
    return load_template(builtin_dir() / "cds-xa-2025.toml")


def printed(template, period: str, values: dict) -> list[str]:
    blocks = render_outline(OutlineContext(template, UNIT, Period.parse(period), values))
    return [b.text for b in blocks if isinstance(b, Paragraph)]


def test_a_typed_percentage_keeps_two_decimals_and_is_never_rounded_up_to_100(t2025):
    assert check_value("soc.vneid_pct", 91.24, template=t2025) == 91.24
    assert check_value("soc.vneid_pct", 91.246, template=t2025) == 91.25  # a third decimal is not kept
    assert vn_typed_percent(91.24) == "91,24%" and vn_typed_percent(99.95) == "99,95%"
    assert vn_typed_percent(100.0) == "100%" and vn_typed_percent(95.5) == "95,5%"
    texts = printed(t2025, "2025", {"soc.vneid_pct": 91.24, "tthc.index_766": 99.95})
    assert "- Điểm Bộ chỉ số 766 của xã: đạt 99,95% số điểm tối đa." in texts
    assert not any("100%" in x for x in texts)
    assert any(x.endswith("(số liệu Công an xã): 91,24%.") for x in texts)
    ind = compute_indicators(Figures({"soc.vneid_pct": 91.24}, t2025))["vneid"]
    assert ind.text == "91,24%" and ind.percent == Decimal("91.24")


def test_a_computed_rate_is_not_rounded_up_to_100_or_down_to_0():
    assert percent_value(19_999, 20_000) == Decimal("99.9")  # 99,995%: not "100%" while one is late
    assert vn_percent(19_999, 20_000) == "99,9%" and vn_percent(20_000, 20_000) == "100%"
    assert percent_value(1, 3_000) == Decimal("0.1")  # one in 3.000 is not "0%"
    assert vn_percent(0, 3_000) == "0%" and vn_percent(21, 22) == "95,5%"
    assert round_percent(Decimal("99.94")) == Decimal("99.9")


def test_a_figure_entered_alone_prints_without_the_others_of_its_sentence(t2025):
    texts = printed(t2025, "2025", {"tthc.received_direct": 1257})
    assert texts == ["+ Nộp trực tiếp: 1.257 hồ sơ."]
    texts = printed(t2025, "2025", {"tthc.received": 1300, "tthc.received_direct": 1257,
                                    "tthc.pending_late": 3, "tthc.rank_766": "12/40"})
    assert "- Hồ sơ tiếp nhận trong kỳ: 1.300 hồ sơ." in texts
    assert "+ Nộp trực tiếp: 1.257 hồ sơ." in texts
    assert "+ Đang giải quyết đã quá hạn: 3 hồ sơ." in texts
    assert "- Thứ hạng Bộ chỉ số 766 của xã trong tỉnh: 12/40." in texts
    # a rate's numerator without its denominator prints as a count
    assert printed(t2025, "2025", {"ops.docs_out_signed": 628}) == ["- Văn bản đi được ký số: 628 văn bản."]


def test_the_2019_template_prints_the_rates_over_the_dossiers_received():
    """A thị xã's official rates: 93% on time and 2,4% late over the 500 dossiers to handle, beside
    the rate over the dossiers resolved."""
    values = {"tthc.carried_over": 20, "tthc.received_online": 300, "tthc.received_direct": 170,
              "tthc.received_postal": 10, "tthc.resolved_early": 200, "tthc.resolved_on_time": 265,
              "tthc.resolved_late": 8, "tthc.pending_in_time": 23, "tthc.pending_overdue": 4}
    texts = " ".join(printed(default_template(), "2019", values))
    assert ("Tỷ lệ hồ sơ giải quyết trước hạn và đúng hạn trên tổng số hồ sơ tiếp nhận (kể cả hồ sơ "
            "kỳ trước chuyển sang): 465/500 (93%).") in texts
    assert ("Tỷ lệ hồ sơ quá hạn (đã giải quyết quá hạn và đang giải quyết quá hạn) trên tổng số hồ "
            "sơ tiếp nhận: 12/500 (2,4%).") in texts
    assert "465/473 hồ sơ, đạt 98,3%" in texts  # today's rate over the dossiers resolved stays
