"""Hostile datasets and values (issue #24): a lone surrogate is refused at the edge with one
Vietnamese line, and the superior refuses values no real commune sends, even signed by its own key."""

import dataclasses
import json

import pytest
from superior_data import make_communes

from ebgov_desktop.cli import main
from ebgov_desktop.domain.periods import Period
from ebgov_desktop.exchange import PackageError, read_package
from ebgov_desktop.exchange.package import build_package
from ebgov_desktop.services.datasets import demo_dataset
from ebgov_desktop.services.packages import schemas


def dumped(tmp_path):
    return json.loads(demo_dataset().to_json())


@pytest.mark.parametrize("text", ["\ud800", "a\udfffb"], ids=["lone-high", "lone-low"])
@pytest.mark.parametrize("where", ["register", "values", "key"])
def test_load_refuses_a_lone_surrogate_in_one_line(tmp_path, capsys, text, where):
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


# -- files and their names -------------------------------------------------------------------------

class FullDisk:
    """A file on a full disk: the first write that would pass ``room`` bytes fails with ENOSPC."""

    def __init__(self, path, mode="wb", room=2000):
        self.fh = open(path, mode)
        self.room = room

    def write(self, data):
        import errno

        if len(data) > self.room:
            raise OSError(errno.ENOSPC, "No space left on device")
        self.room -= len(data)
        return self.fh.write(data)

    def __getattr__(self, name):
        return getattr(self.fh, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.fh.close()


@pytest.mark.parametrize("what", ["register", "docx"])
def test_a_full_disk_is_one_message_and_nothing_after_it(demo_ws, tmp_path, monkeypatch, what):
    """The message was right, then a ZipFile left open by the writer raised again when collected
    (``Exception ignored in ZipFile.__del__``: a traceback after the message)."""
    import gc
    import sys

    from ebgov_desktop.domain.errors import UserError
    from ebgov_desktop.services.register_io import export_register
    from ebgov_desktop.services.report import make_docx
    from ebgov_desktop.storage import atomic

    unraisable = []
    monkeypatch.setattr(sys, "unraisablehook", unraisable.append)
    monkeypatch.setattr(atomic, "open", FullDisk, raising=False)
    with pytest.raises(UserError, match="ổ đĩa đã đầy"):
        if what == "register":
            export_register(demo_ws, tmp_path / "so.xlsx")
        else:
            make_docx(demo_ws.snapshot(Period.parse("2019")), tmp_path / "bc.docx", force=True)
    gc.collect()
    assert unraisable == []
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix in (".xlsx", ".docx", ".tmp")) == []


def test_a_killed_start_backup_leaves_nothing_at_the_next_start(data_dir):
    """SQLite's journal of the temporary copy (``….sqlite.tmp-journal``) was never removed."""
    import os
    import time

    from ebgov_desktop.services.paths import app_paths
    from ebgov_desktop.services.startup import remove_leftovers

    paths = app_paths(data_dir).ensure()
    paths.backups_dir.mkdir(parents=True, exist_ok=True)
    old = time.time() - 3600
    left = [paths.backups_dir / "2026-12-06_0800_khoi-dong.sqlite.tmp",
            paths.backups_dir / "2026-12-06_0800_khoi-dong.sqlite.tmp-journal"]
    for p in left:
        p.write_bytes(b"half")
        os.utime(p, (old, old))
    remove_leftovers(paths)
    assert [p.exists() for p in left] == [False, False]


@pytest.mark.skipif(__import__("sys").platform == "win32", reason="Windows names are always Unicode")
def test_a_file_name_that_is_not_utf8_is_shown_and_the_import_goes_on(tmp_path):
    """A FAT stick written elsewhere: the name's bytes are not UTF-8; the import stopped with a
    traceback (SQLite refused the name). Now that file is refused by name, the others still read."""
    import os

    from superior_data import DISTRICT, make_communes, package_bytes

    from ebgov_desktop.services.packages import Outcome, import_packages
    from ebgov_desktop.services.workspace import Workspace

    usb = tmp_path / "usb"
    usb.mkdir()
    (commune,) = make_communes(1)
    (usb / os.fsdecode(b"g\xf3i-h\xf4ng.ebgov")).write_bytes(b"junk")
    (usb / os.fsdecode(b"g\xf3i-t\xf4t.ebgov")).write_bytes(package_bytes(commune))
    with Workspace.open(tmp_path / "huyen") as ws:
        ws.set_unit(DISTRICT)
        report = import_packages(ws, [usb], backup=False)
    outcomes = sorted((r.outcome, r.message.split(":")[0]) for r in report.results)
    assert [o for o, _m in outcomes].count(Outcome.INVALID) == 1
    assert {m for _o, m in outcomes} == {"g\ufffdi-h\ufffdng.ebgov", "g\ufffdi-t\ufffdt.ebgov"}
    assert any(o.stored for o, _m in outcomes)
