"""The superior level's arithmetic against sums computed independently here."""

import random
from decimal import Decimal

from ebgov_desktop.domain.consolidation import (
    BoardRow,
    BoardStatus,
    ExpectedUnit,
    completeness,
    completeness_sentence,
    consolidate,
)
from ebgov_desktop.domain.dataset import Dataset
from ebgov_desktop.domain.periods import Period
from ebgov_desktop.domain.register import RegisterItem
from ebgov_desktop.domain.template import default_template
from ebgov_desktop.domain.units import Unit, UnitKind


def commune(i: int, rng: random.Random) -> Dataset:
    staff = rng.randint(15, 30)
    values = {"staff.civil_servants": staff, "staff.it_qualified": rng.randint(0, staff),
              "tthc.procedures_total": rng.randint(100, 130)}
    if i % 3:
        values["onestop.dossiers_at_desk"] = rng.randint(100, 900)
        values["onestop.dossiers_in_software"] = rng.randint(0, values["onestop.dossiers_at_desk"])
    register = [RegisterItem("computer_desktop", quantity=rng.randint(1, 20), condition="tot"),
                RegisterItem("printer", quantity=rng.randint(1, 5), condition=rng.choice(["tot", "hong"])),
                RegisterItem("scanner", quantity=1, condition="tot", year_disposed=2018)]
    unit = Unit(f"{19000 + i:05d}", UnitKind.XA, f"Xã {i}", "Thừa Thiên Huế", "46", "Quảng Điền")
    return Dataset(unit, Period.parse("2019"), values, register, template=default_template())


def test_sums_totals_and_averages_match_an_independent_computation():
    rng = random.Random(7)
    datasets = [commune(i, rng) for i in range(36)]
    c = consolidate(datasets)
    assert c.sums["staff.civil_servants"] == (sum(d.values["staff.civil_servants"] for d in datasets), 36)
    have = [d for d in datasets if "onestop.dossiers_at_desk" in d.values]
    t = c.totals["onestop_in_software"]
    assert t.count == len(have) == 24
    assert t.numerator == sum(d.values["onestop.dossiers_in_software"] for d in have)
    assert t.denominator == sum(d.values["onestop.dossiers_at_desk"] for d in have)
    percents = [Decimal(d.values["onestop.dossiers_in_software"] * 100) / d.values["onestop.dossiers_at_desk"]
                for d in have]
    # the average is of the rounded commune percentages, within rounding of the exact mean
    assert abs(t.average - sum(percents) / len(percents)) < Decimal("0.1")
    printers_broken = sum(i.quantity for d in datasets for i in d.register
                          if i.kind == "printer" and i.condition == "hong")
    assert c.register["printer"].get("hong", 0) == printers_broken
    assert "scanner" not in c.register  # disposed before the period
    assert c.register_total("computer_desktop") == sum(d.register[0].quantity for d in datasets)


def test_completeness_sentence_names_the_count():
    units = [ExpectedUnit(f"{i:05d}", f"X{i}") for i in range(36)]
    rows = [BoardRow(u, BoardStatus.RECEIVED) for u in units]
    assert completeness_sentence(rows) == "36/36 xã đã báo cáo"
    rows[3] = BoardRow(units[3], BoardStatus.MISSING)
    rows[7] = BoardRow(units[7], BoardStatus.CONFLICT)
    rows[9] = BoardRow(units[9], BoardStatus.RECEIVED_WARNINGS)
    assert completeness(rows) == (34, 36)
    assert completeness_sentence(rows) == "34/36 xã đã báo cáo"
    mixed = rows + [BoardRow(ExpectedUnit("99999", "Phú Hội", UnitKind.PHUONG))]
    assert completeness_sentence(mixed) == "34/37 đơn vị cấp xã đã báo cáo"


def test_excel_tables_read_back_equal(tmp_path):
    from openpyxl import load_workbook

    from ebgov_desktop.services.excel import write_workbook
    from ebgov_desktop.services.superior.tables import board_table, indicator_table, register_table

    rng = random.Random(3)
    datasets = [commune(i, rng) for i in range(5)]
    c = consolidate(datasets)
    rows = [BoardRow(ExpectedUnit(d.unit.code, d.unit.name), BoardStatus.RECEIVED, 1, "2019-03-15T08:00:00")
            for d in datasets]
    sheets = [("Tình hình nộp", board_table(rows)), ("Chỉ tiêu", indicator_table(c, {})),
              ("Thiết bị", register_table(c))]
    path = write_workbook(tmp_path / "t.xlsx", sheets)
    wb = load_workbook(path)
    assert wb.sheetnames == ["Tình hình nộp", "Chỉ tiêu", "Thiết bị"]
    for title, (headers, body) in sheets:
        ws = wb[title]
        read = [list(r) for r in ws.iter_rows(values_only=True)]
        assert read[0] == headers
        assert [[None if v == "" else v for v in r] for r in read[1:]] == \
               [[None if v == "" else v for v in r] for r in body]
        assert ws.freeze_panes == "A2" and ws.auto_filter.ref
    assert wb["Thiết bị"]["A1"].value == "Loại thiết bị"
    assert wb["Thiết bị"].cell(row=len(sheets[2][1][1]) + 1, column=1).value == "Tổng cộng"
