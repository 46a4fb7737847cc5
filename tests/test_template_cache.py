"""The parsed-template cache (storage.template_cache): a start reads the form from JSON instead of
parsing its TOML again, and the cache can never change what a template file says."""

import copy
import json
import re

import pytest

from ebgov_desktop.domain import template as T
from ebgov_desktop.storage.template_cache import TemplateParseCache

TEMPLATES = sorted(T.builtin_dir().glob("*.toml"))


@pytest.fixture
def cache(tmp_path, monkeypatch):
    c = TemplateParseCache(tmp_path / "cache")
    monkeypatch.setattr(T, "_parse_cache", c)
    return c


def _no_toml(monkeypatch):
    import tomllib

    def refuse(_text):
        raise AssertionError("parsed the TOML again instead of reading the cache")

    monkeypatch.setattr(tomllib, "loads", refuse)


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.name)
def test_a_template_read_from_the_cache_is_the_template_of_the_file(path, cache, monkeypatch):
    raw = path.read_bytes()
    monkeypatch.setattr(T, "_parse_cache", None)
    fresh = T.parse_template(raw, str(path))
    monkeypatch.setattr(T, "_parse_cache", cache)
    T.parse_template(raw, str(path))  # parses and keeps the tables
    assert (cache.folder / f"{fresh.digest}.json").is_file()
    _no_toml(monkeypatch)
    cached = T.parse_template(raw, str(path))
    assert cached == fresh  # every field, rule, outline block and date (the 2025 one's valid_from)
    assert cached.valid_from == fresh.valid_from and cached.outline[5].line == fresh.outline[5].line


def test_building_a_template_leaves_the_kept_tables_as_they_were(cache):
    import tomllib

    raw = TEMPLATES[0].read_bytes()
    tables = tomllib.loads(raw.decode("utf-8"))
    before = copy.deepcopy(tables)
    T._build(tables, raw.decode("utf-8"), T.template_digest(raw), "")
    assert tables == before


def test_a_damaged_or_foreign_entry_is_a_miss_and_is_written_again(cache, tmp_path):
    path = T.builtin_dir() / "bc-ungdung-cntt-2019.toml"
    raw = path.read_bytes()
    digest = T.template_digest(raw)
    entry = cache.folder / f"{digest}.json"
    T.parse_template(raw)
    good = entry.read_bytes()
    for damage in (good[: len(good) // 2],                                   # cut short
                   b"\x00\xff not json",                                     # garbage
                   good.replace(digest.encode(), b"0" * 64, 1),              # another file's
                   json.dumps({"format": 99, "digest": digest, "tables": {}}).encode()):
        entry.write_bytes(damage)
        assert cache.get(digest) is None
        assert T.parse_template(raw).title.startswith("Báo cáo")
        assert entry.read_bytes() == good  # written again whole


def test_kept_tables_still_go_through_every_check(cache):
    """An entry that says something the file does not (edited by hand, say) is checked like a file:
    it cannot make a broken template pass."""
    raw = (T.builtin_dir() / "bc-ungdung-cntt-2019.toml").read_bytes()
    digest = T.template_digest(raw)
    T.parse_template(raw)
    tables = cache.get(digest)
    tables["indicators"][0]["numerator"] = "khong_co_truong_nay"
    cache.put(digest, tables)
    with pytest.raises(T.TemplateError) as err:
        T.parse_template(raw)
    assert "khong_co_truong_nay" in str(err.value)


def test_an_edited_template_is_parsed_again_not_read_stale(cache, tmp_path):
    src = (T.builtin_dir() / "bc-ungdung-cntt-2019.toml").read_text(encoding="utf-8")
    first = T.parse_template(src.encode("utf-8"))
    edited = re.sub(r'(?m)^title = ".*"$', 'title = "Báo cáo đã sửa tiêu đề"', src, count=1).encode()
    second = T.parse_template(edited)
    assert second.title == "Báo cáo đã sửa tiêu đề" and first.title != second.title
    assert len(list(cache.folder.glob("*.json"))) == 2


def test_a_cache_folder_that_cannot_be_written_changes_nothing(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setattr(T, "_parse_cache", TemplateParseCache(blocker / "cache"))  # under a file
    t = T.parse_template((T.builtin_dir() / "bc-ungdung-cntt-2019.toml").read_bytes())
    assert t.fields and not (blocker / "cache").exists()


def test_only_the_newest_entries_are_kept(cache, monkeypatch):
    monkeypatch.setattr("ebgov_desktop.storage.template_cache.KEEP", 3)
    for i in range(5):
        cache.put(f"{i:064d}", {"template": {"id": f"t{i}"}})
    assert len(list(cache.folder.glob("*.json"))) == 3
    assert cache.get(f"{4:064d}") == {"template": {"id": "t4"}}


def test_portable_mode_keeps_parsed_templates_on_the_stick(tmp_path, monkeypatch):
    """A ``portable.txt`` beside the executable: the cache is in ``data/cache`` there, not the PC's."""
    import sys

    from ebgov_desktop.services.paths import cache_dir

    exe = tmp_path / "usb" / "ebgov" / "ebgov-desktop.exe"
    exe.parent.mkdir(parents=True)
    exe.write_bytes(b"")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(exe))
    assert cache_dir() != exe.parent / "data" / "cache"  # not portable without the marker
    (exe.parent / "portable.txt").write_text("", encoding="utf-8")
    assert cache_dir() == exe.parent / "data" / "cache"
