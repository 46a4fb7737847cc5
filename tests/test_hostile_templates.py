"""Hostile template files (issue #24): nothing in a template file may write outside the data folder,
crash a command, or change what is printed. Each test failed on the main of 6 Dec 2026."""

import json
import subprocess
import sys

import pytest
from hostile_templates import CYCLE
from template_samples import small_template

from ebgov_desktop.domain.periods import Period
from ebgov_desktop.domain.units import Unit, UnitKind
from ebgov_desktop.exchange.signing import new_private_key
from ebgov_desktop.exchange.template_package import build_signed_template
from ebgov_desktop.services.templates_exchange import (
    TemplateExchangeError,
    available_templates,
    export_template,
    find_template,
    import_template,
    stored_templates,
)
from ebgov_desktop.services.workspace import Workspace, WorkspaceError


@pytest.fixture
def tinh(tmp_path):
    ws = Workspace.open(tmp_path / "data" / "tinh")
    ws.set_unit(Unit(code="46", kind=UnitKind.TINH, name="Huế", province="Huế", province_code="46"))
    yield ws
    ws.close()


@pytest.fixture
def xa(tmp_path):
    ws = Workspace.open(tmp_path / "data" / "xa")
    ws.set_unit(Unit(code="19901", kind=UnitKind.XA, name="Quảng Thọ", province="Huế", province_code="46"))
    yield ws
    ws.close()


def authored(tmp_path, text, name="mau.toml"):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    return path


def cli(*args):
    return subprocess.run([sys.executable, "-m", "ebgov_desktop", *map(str, args)], capture_output=True,
                          text=True, encoding="utf-8")


def signed_by_anyone(body: str, template_id="bc-thu", version=1) -> bytes:
    """A file signed correctly, by a key nobody pinned (any attacker can make one)."""
    return build_signed_template(body.encode("utf-8"), template_id=template_id, template_version=version,
                                 issuer={"code": "46", "kind": "tinh", "name": "tỉnh Huế",
                                         "province_code": "46"},
                                 private_key=new_private_key(), program="x", created_at="2026-01-01")


def files_under(folder):
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_an_id_climbing_out_of_the_data_folder_writes_nothing_outside_it(tinh, tmp_path):
    before = files_under(tmp_path)
    hostile = authored(tmp_path, small_template().replace('id = "bc-thu"', 'id = "../../x"'))
    with pytest.raises(TemplateExchangeError, match="'id' chỉ gồm"):
        import_template(tinh, hostile)
    after = set(files_under(tmp_path)) - set(before) - {"mau.toml"}
    assert not [f for f in after if not f.startswith("data/tinh/")], after
    assert stored_templates(tinh) == []


def test_an_id_with_a_nul_is_refused_and_a_kept_one_crashes_nothing(tinh, tmp_path, capsys):
    from ebgov_desktop.storage.templates import TemplateRepository

    hostile = authored(tmp_path, small_template().replace('id = "bc-thu"', 'id = "a\\u0000b"'))
    with pytest.raises(TemplateExchangeError, match="'id' có ký tự không hợp lệ"):
        import_template(tinh, hostile)
    assert stored_templates(tinh) == []
    # a workspace that took one before this check: every command still runs
    body = small_template().replace('id = "bc-thu"', 'id = "a\\u0000b"')
    TemplateRepository(tinh.store).insert(template_id="a\x00b", version=1, title="x", body=body,
                                          body_sha256="0" * 64, source="local", signed_file=None,
                                          public_key="", issuer_code="", issuer_name="", file_name="m")
    ids = [row.template_id for row in available_templates(tinh)]
    assert "a\x00b" not in ids and "cds-xa-2025" in ids
    run = cli("--data-dir", tinh.paths.data_dir, "template", "list")
    assert run.returncode == 0 and "Traceback" not in run.stderr


def test_a_huge_version_is_refused_with_a_reason(tinh, tmp_path):
    hostile = authored(tmp_path, small_template(version=10**30))
    with pytest.raises(TemplateExchangeError, match="'version' phải là số nguyên từ 1 đến 1.000.000"):
        import_template(tinh, hostile)
    assert stored_templates(tinh) == []


DEEP = small_template() + "\n[extra]\nx = " + "[" * 1000 + "]" * 1000 + "\n"


def test_a_template_nested_1000_deep_is_refused_by_check_import_and_list(tinh, xa, tmp_path):
    deep = authored(tmp_path, DEEP, "sau.toml")
    run = cli("template", "check", deep)
    assert run.returncode == 2 and "lồng ngoặc quá sâu" in run.stderr and "Traceback" not in run.stderr
    signed = tmp_path / "BM_bc-thu_v1.toml"
    signed.write_bytes(signed_by_anyone(DEEP))
    with pytest.raises(TemplateExchangeError, match="lồng ngoặc quá sâu"):
        import_template(xa, signed)
    (xa.paths.data_dir / "templates").mkdir(exist_ok=True)
    (xa.paths.data_dir / "templates" / "sau.toml").write_text(DEEP, encoding="utf-8")
    run = cli("--data-dir", xa.paths.data_dir, "template", "list")
    assert run.returncode == 0 and "cds-xa-2025" in run.stdout and "Traceback" not in run.stderr


def test_a_signed_header_with_an_escaped_lone_surrogate_is_refused(xa, tmp_path):
    raw = signed_by_anyone(small_template())
    head, _, rest = raw.partition(b'"program":"x"')
    hostile = tmp_path / "BM_bc-thu_v1.toml"
    hostile.write_bytes(head + b'"program":"\\ud800"' + rest)
    with pytest.raises(TemplateExchangeError, match="không nhập"):
        import_template(xa, hostile)
    assert stored_templates(xa) == []


#: a text of its own (other tests' folders stay in the library's search path: the same bytes would count)
OWN = small_template(extra='description = "hostile"')


def sent_down(tinh, xa, tmp_path):
    usb = tmp_path / "usb"
    usb.mkdir()
    import_template(tinh, authored(tmp_path, OWN, "bc-thu.toml"))
    import_template(xa, export_template(tinh, "bc-thu", usb).path)
    return xa.create_period(Period.parse("2025"), find_template(xa, "bc-thu"))


def printed(ws, period, tmp_path):
    from pdf_read import pdf_text

    from ebgov_desktop.services.report import make_report

    result = make_report(ws.snapshot(period), tmp_path / "bc.pdf", force=True)
    return pdf_text(result.path)


def test_an_unsigned_file_of_the_same_id_and_version_never_replaces_the_kept_one(tinh, xa, tmp_path):
    p = sent_down(tinh, xa, tmp_path)
    xa.set_value(p, "a.total", 12)
    forged = OWN.replace("Tổng số: {a.total}.", "Giả mạo: {a.total}.")
    folder = xa.paths.data_dir / "templates"
    (folder / "0-gia.toml").write_text(forged, encoding="utf-8")  # sorts before the kept file
    assert xa.template(p).digest == xa.store.period_template(p.code)[2]
    text = printed(xa, p, tmp_path)
    assert "Tổng số: 12" in text and "Giả mạo" not in text
    for kept in [*folder.glob("mau-*.toml"), *(tinh.paths.data_dir / "templates").glob("mau-*.toml")]:
        kept.unlink()  # the kept file lost: the forged one is still never used
    import ebgov_desktop.domain.template as engine

    engine._resolved.clear()
    with pytest.raises(WorkspaceError, match="có nội dung khác"):
        xa.template(p)


def test_a_crafted_parse_cache_entry_changes_nothing_printed(tinh, xa, tmp_path):
    import ebgov_desktop.domain.template as engine
    from ebgov_desktop.domain.template import set_parse_cache
    from ebgov_desktop.storage.template_cache import TemplateParseCache

    cache = TemplateParseCache(tmp_path / "cache")
    set_parse_cache(cache)
    try:
        p = sent_down(tinh, xa, tmp_path)
        xa.set_value(p, "a.total", 12)
        digest = xa.store.period_template(p.code)[2]
        entry = cache._path(digest)
        kept = json.loads(entry.read_text(encoding="utf-8"))
        kept["tables"]["outline"][1]["text"] = "Giả mạo: {a.total}."
        entry.write_text(json.dumps(kept, ensure_ascii=False), encoding="utf-8")
        with engine._cache_lock:
            engine._cache.clear()  # a new start
        engine._resolved.clear()
        text = printed(xa, p, tmp_path)
        assert "Tổng số: 12" in text and "Giả mạo" not in text
        assert "Giả mạo" not in entry.read_text(encoding="utf-8")  # the entry was rebuilt
    finally:
        set_parse_cache(None)


@pytest.mark.parametrize("key", ["k" + ".k" * 100_000, "k" + ".k" * 20], ids=["100000-parts", "21-parts"])
def test_a_dotted_key_of_many_parts_is_refused_before_tomllib(tmp_path, key):
    """``k.k.k… = 1`` of 100,000 parts took tomllib 1.4 GB and minutes (a RecursionError-free hang)."""
    from ebgov_desktop.domain.template_check import check_file

    path = authored(tmp_path, small_template() + f"\n[extra]\n{key} = 1\n")
    (problem,) = check_file(path)
    assert "lồng ngoặc quá sâu" in problem.message


@pytest.mark.parametrize("template_id", ["bc-ungdung-cntt", "cds-xa-2025"])
def test_the_sample_pdf_of_every_shipped_template_prints(tinh, tmp_path, template_id):
    """The superior's «Xem mẫu in» of the 2019 template crashed: its example figures summed a list of
    years into a number (TypeError in the layout)."""
    from pdf_read import pdf_text

    from ebgov_desktop.services.templates_exchange import sample_report

    out = sample_report(tinh.paths, template_id, 1, tmp_path / "mau.pdf")
    assert "số liệu ví dụ" in pdf_text(out)


def test_a_paragraph_longer_than_a_piece_prints_whole(tinh, tmp_path):
    """A long paragraph is laid out in pieces of at most 4,000 characters (reportlab's line breaking is
    quadratic: 300,000 characters took about 100 s, in pieces 4 s — bench figures, not asserted here);
    every word is printed, in order."""
    from pdf_read import pdf_text, squeeze

    from ebgov_desktop.services.templates_exchange import sample_report

    long = " ".join(f"Câu thứ {n} nói về khó khăn của hạ tầng đường truyền." for n in range(1, 320))
    assert 16_000 < len(long) < 20_000
    text = OWN.replace("Tổng số: {a.total}.", long)
    import_template(tinh, authored(tmp_path, text, "dai.toml"))
    out = sample_report(tinh.paths, "bc-thu", 1, tmp_path / "mau.pdf")
    assert squeeze(long) in squeeze(pdf_text(out))




@pytest.mark.parametrize("text,reason", [
    (small_template() + CYCLE, "được tính từ chính nó"),
    (small_template().replace('type = "heading"', 'type = "heading"\ncolour = "đỏ"', 1), "'colour' không dùng được"),
    (small_template() + '\n[[outline]]\ntype = "annex"\nkey = "a.total"\ntitle = "Phụ lục"\n', "annex"),
], ids=["cyclic-derived", "unknown-attribute", "annex-on-a-count"])
def test_templates_that_would_break_when_printed_fail_the_check(tmp_path, text, reason):
    """A cycle of derived figures passed the check, then recursed without end when computed."""
    from ebgov_desktop.domain.template_check import check_file

    problems = check_file(authored(tmp_path, text))
    assert any(reason in p.message for p in problems), problems
