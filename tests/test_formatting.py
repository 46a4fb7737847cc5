import datetime as dt

import pytest

from ebgov_desktop.domain.formatting import (
    long_date,
    pad2,
    parse_vn_int,
    short_date,
    vn_decimal,
    vn_int,
    vn_percent,
    vn_ratio,
)


@pytest.mark.parametrize("n, text", [(0, "0"), (999, "999"), (3338, "3.338"), (1234567, "1.234.567"),
                                     (-1200, "-1.200")])
def test_grouping(n, text):
    assert vn_int(n) == text


@pytest.mark.parametrize("a, b, text", [(21, 22, "95,5%"), (13, 14, "92,9%"), (20, 22, "90,9%"),
                                        (22, 22, "100%"), (1, 8, "12,5%"), (1, 3, "33,3%"),
                                        (2, 3, "66,7%"), (0, 5, "0%"), (1, 0, "")])
def test_percent_half_up_one_decimal(a, b, text):
    assert vn_percent(a, b) == text


def test_half_up_not_bankers():
    # 0.05 exactly at the boundary rounds up: 1/2000 = 0,05% → 0,1%
    assert vn_percent(1, 2000) == "0,1%"
    assert vn_decimal(2.25) == "2,3"


def test_ratio():
    assert vn_ratio(22, 22) == "22/22 (100%)"
    assert vn_ratio(3338, 4000) == "3.338/4.000 (83,5%)"


def test_dates_leading_zeros_for_days_1_9_and_months_1_2():
    assert long_date(dt.date(2019, 2, 5)) == "ngày 05 tháng 02 năm 2019"
    assert long_date(dt.date(2019, 3, 12)) == "ngày 12 tháng 3 năm 2019"
    assert long_date(dt.date(2019, 12, 1)) == "ngày 01 tháng 12 năm 2019"
    assert short_date(dt.date(2019, 3, 12)) == "12/3/2019"
    assert short_date(dt.date(2019, 1, 8)) == "08/01/2019"
    assert short_date(dt.date(2018, 7, 5)) == "05/7/2018"


def test_pad2_and_parse():
    assert pad2(4) == "04" and pad2(18) == "18" and pad2(1200) == "1.200"
    assert parse_vn_int("3.338") == 3338 and parse_vn_int(" 12 ") == 12
    with pytest.raises(ValueError):
        parse_vn_int("12a")
    with pytest.raises(ValueError):
        parse_vn_int("")
