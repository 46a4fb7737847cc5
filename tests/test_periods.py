import datetime as dt

import pytest

from ebgov_desktop.domain.periods import (
    Period,
    PeriodError,
    PeriodKind,
    has_district_level,
    uses_service_levels,
)


@pytest.mark.parametrize("code, kind, index", [("2019", PeriodKind.YEAR, 0), ("2019-H1", PeriodKind.HALF, 1),
                                               ("2019-Q3", PeriodKind.QUARTER, 3),
                                               ("2019-07", PeriodKind.MONTH, 7),
                                               ("2019-9T", PeriodKind.NINE_MONTHS, 0),
                                               ("2019-X2", PeriodKind.AD_HOC, 2)])
def test_parse_round_trip(code, kind, index):
    p = Period.parse(code)
    assert (p.kind, p.index, p.year) == (kind, index, 2019)
    assert p.code == code


@pytest.mark.parametrize("bad", ["19", "2019-Q5", "2019-13", "2019-H3", "abc", "2019-", "2019-X0", "2019-9T1",
                                 "2019-8T"])
def test_bad_codes_say_why_in_vietnamese(bad):
    with pytest.raises(PeriodError, match="không hợp lệ"):
        Period.parse(bad)


def test_default_ranges_per_decree_09_2019():
    assert Period.parse("2019").default_range() == (dt.date(2018, 12, 15), dt.date(2019, 12, 14))
    assert Period.parse("2019-H1").default_range() == (dt.date(2018, 12, 15), dt.date(2019, 6, 14))
    assert Period.parse("2019-H2").default_range() == (dt.date(2019, 6, 15), dt.date(2019, 12, 14))
    assert Period.parse("2019-Q3").default_range() == (dt.date(2019, 6, 15), dt.date(2019, 9, 14))
    assert Period.parse("2019-01").default_range() == (dt.date(2018, 12, 15), dt.date(2019, 1, 14))


def test_previous_and_labels():
    assert Period.parse("2019-Q1").previous() == Period.parse("2018-Q4")
    assert Period.parse("2019-07").previous() == Period.parse("2019-06")
    assert Period.parse("2019").label == "năm 2019"
    assert Period.parse("2019-Q3").label == "quý III năm 2019"
    assert Period.parse("2019-H1").label == "6 tháng đầu năm 2019"


def test_regimes_by_date():
    assert uses_service_levels(dt.date(2022, 7, 31))
    assert not uses_service_levels(dt.date(2022, 8, 1))
    assert has_district_level(dt.date(2025, 6, 30))
    assert not has_district_level(dt.date(2025, 7, 1))


def test_nine_months_is_a_period_kind_of_its_own():
    p = Period.parse("2025-9T")
    assert p.label == "9 tháng đầu năm 2025" and p.kind.label == "9 tháng"
    # Điều 12 of Nghị định 09/2019: 15/12 of the year before to the 14th of its last month
    assert p.default_range() == (dt.date(2024, 12, 15), dt.date(2025, 9, 14))
    assert p.previous() == p.same_period_last_year() == Period.parse("2024-9T")
    assert list(PeriodKind).index(PeriodKind.NINE_MONTHS) == list(PeriodKind).index(PeriodKind.HALF) + 1


def test_the_error_message_names_the_nine_months_form():
    with pytest.raises(PeriodError, match="2019-9T"):
        Period.parse("2019-9")
