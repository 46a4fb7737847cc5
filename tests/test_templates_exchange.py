"""Templates sent down the USB stick: the superior signs, the commune pins its key and refuses changes."""

import pytest
from template_samples import small_template

from ebgov_desktop.cli import main
from ebgov_desktop.domain.periods import Period
from ebgov_desktop.domain.units import Unit, UnitKind
from ebgov_desktop.services import keys
from ebgov_desktop.services.templates_exchange import (
    ImportOutcome,
    KeyStatus,
    TemplateExchangeError,
    export_template,
    import_template,
    inspect_template_file,
    pinned_signer,
    stored_templates,
)
from ebgov_desktop.services.workspace import Workspace


def body(version=1, extra=""):
    return small_template(version, extra)


def province(path, name="Huế"):
    ws = Workspace.open(path)
    ws.set_unit(Unit(code="46", kind=UnitKind.TINH, name=name, province=name, province_code="46"))
    return ws


@pytest.fixture
def tinh(tmp_path):
    ws = province(tmp_path / "tinh")
    yield ws
    ws.close()


@pytest.fixture
def xa(tmp_path):
    ws = Workspace.open(tmp_path / "xa")
    ws.set_unit(Unit(code="19901", kind=UnitKind.XA, name="Quảng Thọ", province="Huế", province_code="46"))
    yield ws
    ws.close()


@pytest.fixture
def usb(tmp_path):
    d = tmp_path / "usb"
    d.mkdir()
    return d


def authored(tmp_path, text, name="bc-thu.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8", newline="\n")  # Windows' write_text would write CRLF
    return path


def sent_down(ws, tmp_path, usb, version=1, extra=""):
    """The province imports its IT officer's file and writes it signed to the USB stick."""
    import_template(ws, authored(tmp_path, body(version, extra), f"bc-thu-{version}.toml"))
    return export_template(ws, "bc-thu", usb)


def test_province_signs_commune_pins_the_key_on_first_use(tinh, xa, tmp_path, usb):
    sent = sent_down(tinh, tmp_path, usb)
    assert sent.path == usb / "BM_bc-thu_v1.toml" and sent.fingerprint == keys.fingerprint(tinh.paths)
    assert sorted(p.name for p in usb.iterdir()) == ["BM_bc-thu_v1.toml"]
    info = inspect_template_file(xa, sent.path)
    assert info.key_status is KeyStatus.FIRST_USE and info.fingerprint == sent.fingerprint
    assert info.issuer_name == "tỉnh Huế" and info.identity.title == "Báo cáo thử nghiệm"
    result = import_template(xa, sent.path)
    assert result.outcome is ImportOutcome.NEW and result.key_pinned_now
    assert sent.fingerprint in result.message and "gọi điện đối chiếu" in result.message
    assert pinned_signer(xa).fingerprint == sent.fingerprint
    (stored,) = stored_templates(xa)
    assert (stored.template_id, stored.version, stored.source) == ("bc-thu", 1, "signed")
    assert stored.body == body(1)
    again = import_template(xa, sent.path)
    assert again.outcome is ImportOutcome.UNCHANGED and not again.key_pinned_now
    assert len(stored_templates(xa)) == 1


@pytest.mark.parametrize("where", ["header", "body", "first line"])
def test_one_changed_byte_is_refused_and_nothing_is_kept(tinh, xa, tmp_path, usb, where):
    sent = sent_down(tinh, tmp_path, usb)
    raw = bytearray(sent.path.read_bytes())
    at = {"first line": 5, "header": raw.index(b'"template_version":') + 19,
          "body": raw.index("thử nghiệm".encode())}[where]
    raw[at] ^= 0x01
    tampered = tmp_path / "BM_bc-thu_v1.toml"
    tampered.write_bytes(bytes(raw))
    with pytest.raises(TemplateExchangeError, match="không nhập") as info:
        import_template(xa, tampered)
    assert "BM_bc-thu_v1.toml" in str(info.value)
    assert stored_templates(xa) == [] and pinned_signer(xa) is None


def test_another_key_is_refused_until_its_fingerprint_is_accepted(tinh, xa, tmp_path, usb):
    import_template(xa, sent_down(tinh, tmp_path, usb).path)
    other_usb = tmp_path / "usb2"
    other_usb.mkdir()
    with province(tmp_path / "other") as other:
        foreign = sent_down(other, tmp_path, other_usb, version=2)
    with pytest.raises(TemplateExchangeError, match="khóa khác") as info:
        import_template(xa, foreign.path)
    assert info.value.wrong_key and info.value.fingerprint == foreign.fingerprint
    assert info.value.pinned_fingerprint == keys.fingerprint(tinh.paths) in str(info.value)
    assert inspect_template_file(xa, foreign.path).key_status is KeyStatus.OTHER
    with pytest.raises(TemplateExchangeError, match="khác mã khóa"):
        import_template(xa, foreign.path, accept_fingerprint=keys.fingerprint(tinh.paths))
    assert [t.version for t in stored_templates(xa)] == [1]
    accepted = import_template(xa, foreign.path, accept_fingerprint=foreign.fingerprint.lower())
    assert accepted.outcome is ImportOutcome.NEWER_VERSION and accepted.key_pinned_now
    assert pinned_signer(xa).fingerprint == foreign.fingerprint and pinned_signer(xa).how == "accepted"
    # the first province's key is no longer the pinned one
    with pytest.raises(TemplateExchangeError, match="khóa khác"):
        import_template(xa, usb / "BM_bc-thu_v1.toml")


def test_a_later_version_is_kept_beside_the_earlier_one(tinh, xa, tmp_path, usb):
    import_template(xa, sent_down(tinh, tmp_path, usb).path)
    v2 = sent_down(tinh, tmp_path, usb, version=2, extra='description = "Sở Khoa học và Công nghệ"\n')
    result = import_template(xa, v2.path)
    assert result.outcome is ImportOutcome.NEWER_VERSION and result.replaced_version == 1
    assert "các kỳ đã tạo vẫn giữ phiên bản 1" in result.message
    assert [t.version for t in stored_templates(xa)] == [1, 2]
    assert import_template(xa, usb / "BM_bc-thu_v1.toml").outcome is ImportOutcome.UNCHANGED
    with Workspace.open(tmp_path / "xa2") as late:
        late.set_unit(xa.unit)
        import_template(late, v2.path)
        with pytest.raises(TemplateExchangeError, match="phiên bản mới hơn"):
            import_template(late, usb / "BM_bc-thu_v1.toml")


def test_same_version_with_other_text_is_refused(tinh, xa, tmp_path, usb):
    import_template(xa, sent_down(tinh, tmp_path, usb).path)
    changed = tmp_path / "changed.toml"
    changed.write_text(body(1, 'description = "UBND tỉnh"\n'), encoding="utf-8")
    with pytest.raises(TemplateExchangeError, match="nội dung khác"):
        import_template(tinh, changed)


def test_a_commune_takes_only_signed_files_and_does_not_send_down(xa, tmp_path, usb):
    with pytest.raises(TemplateExchangeError, match="chưa có chữ ký số của cấp trên"):
        import_template(xa, authored(tmp_path, body()))
    with pytest.raises(TemplateExchangeError, match="Chỉ cấp trên"):
        export_template(xa, "bc-thu", usb)


def test_a_template_of_another_province_is_refused(xa, tmp_path, usb):
    with Workspace.open(tmp_path / "hn") as hanoi:
        hanoi.set_unit(Unit(code="01", kind=UnitKind.TINH, name="Hà Nội", province="Hà Nội",
                            province_code="01"))
        sent = sent_down(hanoi, tmp_path, usb)
    with pytest.raises(TemplateExchangeError, match="không phải cấp trên"):
        import_template(xa, sent.path)


def test_cli_export_and_import(tinh, xa, tmp_path, usb, capsys):
    import_template(tinh, authored(tmp_path, body()))
    assert main(["template", "--data-dir", str(tinh.paths.data_dir), "export", "bc-thu",
                 "--out", str(usb)]) == 0
    out = capsys.readouterr().out
    assert "BM_bc-thu_v1.toml" in out and keys.fingerprint(tinh.paths) in out
    path = str(usb / "BM_bc-thu_v1.toml")
    assert main(["template", "--data-dir", str(xa.paths.data_dir), "import", path]) == 0
    assert keys.fingerprint(tinh.paths) in capsys.readouterr().out
    raw = bytearray((usb / "BM_bc-thu_v1.toml").read_bytes())
    raw[-3] ^= 0x01
    (usb / "BM_bc-thu_v1.toml").write_bytes(bytes(raw))
    assert main(["template", "--data-dir", str(xa.paths.data_dir), "import", path]) == 1
    assert "nội dung biểu mẫu đã bị sửa" in capsys.readouterr().err
    assert main(["template", "--data-dir", str(xa.paths.data_dir), "import", "khong-co.toml"]) == 2


def test_a_template_with_problems_is_refused_with_the_checker_s_reason(tinh, tmp_path):
    bad = authored(tmp_path, body().replace('text = "Tổng số: {a.total}."', 'text = "{khong.co}"'))
    with pytest.raises(TemplateExchangeError, match="khong.co"):
        import_template(tinh, bad)


def test_an_imported_template_is_offered_by_the_library(tinh, xa, tmp_path, usb):
    from ebgov_desktop.services.templates import library

    import_template(xa, sent_down(tinh, tmp_path, usb).path)
    found = library(xa.paths.data_dir).find("bc-thu")
    assert found is not None and found.version == 1 and found.title == "Báo cáo thử nghiệm"
    # the workspace is the reference: a lost or edited copy in the folder is written again
    from ebgov_desktop.services.templates_exchange import sync_template_files, workspace_templates_dir

    (copy,) = workspace_templates_dir(xa).glob("mau-*.toml")
    copy.write_text("hỏng", encoding="utf-8")
    sync_template_files(xa)
    assert copy.read_text(encoding="utf-8") == body(1)


def test_a_later_version_replaces_the_earlier_one_for_new_periods(tinh, xa, tmp_path, usb):
    from ebgov_desktop.domain.periods import Period
    from ebgov_desktop.services.templates_exchange import template_choices

    import_template(xa, sent_down(tinh, tmp_path, usb).path)
    choices, default = template_choices(xa.paths.data_dir, Period.parse("2025"))
    assert [(c.template_id, c.version) for c in choices][default] == ("bc-thu", 1)
    import_template(xa, sent_down(tinh, tmp_path, usb, version=2).path)
    choices, default = template_choices(xa.paths.data_dir, Period.parse("2025"))
    ids = [(c.template_id, c.version) for c in choices]
    assert ("bc-thu", 1) not in ids and ids[default] == ("bc-thu", 2)
    assert ("cds-xa-2025", 1) in ids and ("bc-ungdung-cntt", 1) in ids
    choices, default = template_choices(xa.paths.data_dir, Period.parse("2025-H1"))
    assert [(c.template_id, c.version) for c in choices][default] == ("bc-ungdung-cntt", 1)


def test_a_template_sent_down_is_used_by_a_new_period_of_the_commune(tinh, xa, tmp_path, usb):
    from ebgov_desktop.services.templates_exchange import find_template

    import_template(xa, sent_down(tinh, tmp_path, usb).path)
    xa.create_period(Period.parse("2025-9T"), find_template(xa, "bc-thu"))
    assert xa.template(Period.parse("2025-9T")).id == "bc-thu"
    xa.set_value(Period.parse("2025-9T"), "a.total", 12)
    assert xa.values(Period.parse("2025-9T"))["a.total"] == 12


def test_opening_a_restored_workspace_writes_its_templates_back(tinh, xa, tmp_path, usb):
    """Only the SQLite file was restored (the templates/ folder lost): the period made on a template
    sent down still opens, because opening the workspace writes the kept templates back; a second
    open writes nothing (the files are already the same)."""
    from ebgov_desktop.domain.periods import Period
    from ebgov_desktop.services.paths import app_paths
    from ebgov_desktop.services.startup import open_workspace
    from ebgov_desktop.services.templates import library
    from ebgov_desktop.services.templates_exchange import workspace_templates_dir

    import_template(xa, sent_down(tinh, tmp_path, usb).path)
    found = library(xa.paths.data_dir).find("bc-thu")
    p = xa.create_period(Period.parse("2025"), found)
    (copy,) = workspace_templates_dir(xa).glob("mau-*.toml")
    data_dir = xa.paths.data_dir
    xa.close()
    copy.unlink()  # the workspace file restored alone
    ws = open_workspace(app_paths(data_dir), start_backup=False)
    try:
        assert copy.read_text(encoding="utf-8") == body(1)
        assert ws.template(p).id == "bc-thu"
        written = copy.stat().st_mtime_ns
    finally:
        ws.close()
    ws = open_workspace(app_paths(data_dir), start_backup=False)
    ws.close()
    assert copy.stat().st_mtime_ns == written
