"""Text read from a dataset (a package, a JSON file, a backup): a string of bounded length, NFC; every
refusal names the place and says what was wrong, in Vietnamese."""

import unicodedata

import pytest

from ebgov_desktop.domain.dataset import DatasetError, check_value, register_item_from_dict, unit_from_dict
from ebgov_desktop.domain.template import default_template

UNIT = {"code": "19894", "kind": "xa", "name": "Quảng Thọ", "province": "Thừa Thiên Huế",
        "province_code": "46", "district": "Quảng Điền"}


#: the 2019 template: it has the text lists (``text.difficulties``) these checks are about
T = default_template()


def refusal(fn, *args, **kwargs) -> str:
    with pytest.raises(DatasetError) as caught:
        fn(*args, **kwargs)
    return str(caught.value)


def test_text_fields_lines_register_and_unit_texts_are_checked_alike():
    assert refusal(check_value, "doc.title", 12, template=T) == "doc.title: phải là chuỗi văn bản, không phải số nguyên"
    assert refusal(check_value, "doc.title", "x" * 501, template=T) == "doc.title: dài quá 500 ký tự"
    assert refusal(check_value, "text.difficulties", ["ổn", 3], template=T) == \
        "text.difficulties[2]: phải là chuỗi, không phải số nguyên"
    assert refusal(register_item_from_dict, {"kind": "computer_desktop", "notes": "x" * 2001}, "register[0]", T) == \
        "register[0].notes: dài quá 2000 ký tự"
    assert refusal(unit_from_dict, dict(UNIT, name=["Quảng Thọ"])) == \
        "unit.name: phải là chuỗi, không phải danh sách"
    assert refusal(unit_from_dict, dict(UNIT, district="x" * 201)) == "unit.district: dài quá 200 ký tự"


def test_texts_come_out_nfc_and_unit_texts_trimmed():
    decomposed = unicodedata.normalize("NFD", "Quảng Thọ")
    assert check_value("doc.title", decomposed, template=T) == "Quảng Thọ"
    assert check_value("text.difficulties", [decomposed], template=T) == ["Quảng Thọ"]
    assert register_item_from_dict({"kind": "computer_desktop", "notes": decomposed, "location": None},
                                   "register[0]", T).notes == "Quảng Thọ"
    unit = unit_from_dict(dict(UNIT, name=f"  {decomposed} ", district=None))
    assert unit.name == "Quảng Thọ" and unit.district == ""
