"""Hostile datasets and values (issue #24): a lone surrogate or a NUL is refused at the edge with one
Vietnamese line, and the superior refuses values no real commune sends, even signed by its own key."""

import dataclasses
import json

import pytest
from superior_data import make_communes

from ebgov_desktop.cli import main
from ebgov_desktop.exchange import PackageError, read_package
from ebgov_desktop.exchange.package import build_package
from ebgov_desktop.services.datasets import demo_dataset
from ebgov_desktop.services.packages import schemas


def dumped(tmp_path):
    return json.loads(demo_dataset().to_json())


@pytest.mark.parametrize("text", ["\ud800", "a\x00b"], ids=["lone-surrogate", "nul"])
@pytest.mark.parametrize("where", ["register", "values", "key"])
def test_load_refuses_a_lone_surrogate_or_nul_in_one_line(tmp_path, capsys, text, where):
    data = dumped(tmp_path)
    if where == "register":
        data["register"][0]["description"] = text
    elif where == "values":
        data["values"]["doc.place"] = text
    else:
        data["explanations"][text] = "giải trình"
    path = tmp_path / "ds.json"
    path.write_bytes(json.dumps(data, ensure_ascii=True).encode("ascii"))
    code = main(["load", "--data-dir", str(tmp_path / "d"), str(path)])
    err = capsys.readouterr().err
    assert code == 2 and "ký tự không hợp lệ" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def signed(**changes):
    (commune,) = make_communes(1)
    ds = commune.dataset
    created = changes.pop("created_at", f"{ds.period.year + 1}-01-05T08:00:00+07:00")
    if changes:
        item = dataclasses.replace(ds.register[0], **changes)
        ds = dataclasses.replace(ds, register=[item, *ds.register[1:]])
    return build_package(ds, revision=1, private_key=commune.key, program="ebgov-desktop",
                         program_version="test", created_at=created)


@pytest.mark.parametrize("changes,reason", [
    ({"created_at": "9999-99-99T00:00:00+07:00"}, "không phải ngày giờ có thật"),
    ({"created_at": "0001-01-01T00:00:00+07:00"}, "ngoài khoảng hợp lý"),
    ({"year_acquired": -5}, "ngoài khoảng hợp lý"),
    ({"quantity": 10**12}, "ngoài khoảng hợp lý"),
    ({"quantity": -1}, "ngoài khoảng hợp lý"),
], ids=["created-9999-99-99", "created-year-1", "year-acquired-minus-5", "quantity-10-12", "quantity-minus-1"])
def test_the_superior_refuses_values_no_real_commune_sends(changes, reason):
    read_package(signed(), schemas=schemas())  # the same commune, honest: read
    with pytest.raises(PackageError, match=reason):
        read_package(signed(**changes), schemas=schemas())
