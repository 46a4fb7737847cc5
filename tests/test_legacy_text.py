"""TCVN3 and VNI text found and converted to Unicode NFC; Unicode text never touched."""

import json
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from legacy_files import as_cell, encode

from ebgov_desktop.domain import legacy_text as lt

ROOT = Path(__file__).resolve().parents[1]

# TCVN 5712:1993, table VN3, transcribed by hand from the standard's table (code → letter): every
# row of small letters with tones, the capitals without tones, and the combining marks.
STANDARD_TCVN3 = {
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
    0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ",
    0xB5: "à", 0xB6: "ả", 0xB7: "ã", 0xB8: "á", 0xB9: "ạ",
    0xBB: "ằ", 0xBC: "ẳ", 0xBD: "ẵ", 0xBE: "ắ", 0xC6: "ặ",
    0xC7: "ầ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCA: "ấ", 0xCB: "ậ",
    0xCC: "è", 0xCE: "ẻ", 0xCF: "ẽ", 0xD0: "é", 0xD1: "ẹ",
    0xD2: "ề", 0xD3: "ể", 0xD4: "ễ", 0xD5: "ế", 0xD6: "ệ",
    0xD7: "ì", 0xD8: "ỉ", 0xDC: "ĩ", 0xDD: "í", 0xDE: "ị",
    0xDF: "ò", 0xE1: "ỏ", 0xE2: "õ", 0xE3: "ó", 0xE4: "ọ",
    0xE5: "ồ", 0xE6: "ổ", 0xE7: "ỗ", 0xE8: "ố", 0xE9: "ộ",
    0xEA: "ờ", 0xEB: "ở", 0xEC: "ỡ", 0xED: "ớ", 0xEE: "ợ",
    0xEF: "ù", 0xF1: "ủ", 0xF2: "ũ", 0xF3: "ú", 0xF4: "ụ",
    0xF5: "ừ", 0xF6: "ử", 0xF7: "ữ", 0xF8: "ứ", 0xF9: "ự",
    0xFA: "ỳ", 0xFB: "ỷ", 0xFC: "ỹ", 0xFD: "ý", 0xFE: "ỵ",
    0xB0: "\u0300", 0xB1: "\u0309", 0xB2: "\u0303", 0xB3: "\u0301", 0xB4: "\u0323",
}


def test_tcvn3_table_is_the_standards():
    table = lt.table(lt.TCVN3)
    for code, letter in STANDARD_TCVN3.items():
        assert table[bytes([code])] == letter, hex(code)
    assert all(len(k) == 1 and 0xA1 <= k[0] <= 0xFF for k in table)  # VN3: nothing below 0xA1
    # 134 letters of Vietnamese: every small one has its code; each capital has its code or is written
    # as the capital then the small toned letter
    small = {unicodedata.normalize("NFC", b + t) for b in "aăâeêioôơuưy" for t in ("", "\u0300", "\u0301",
             "\u0309", "\u0303", "\u0323")} - set("aeiouy") | {"đ"}
    assert small <= set(table.values())


@pytest.mark.skipif(shutil.which("iconv") is None, reason="no iconv to compare with")
def test_tcvn3_table_agrees_with_the_c_library():
    """glibc's TCVN5712-1:1993 (table VN1, of which VN3 is the part from 0xA1): the same letters."""
    probe = subprocess.run(["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"], input=b"\xb8", capture_output=True)
    if probe.returncode != 0:
        pytest.skip("this iconv has no TCVN5712-1")
    for code, letter in lt.table(lt.TCVN3).items():
        out = subprocess.run(["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"], input=code, capture_output=True)
        assert out.stdout.decode() == letter, code


def test_vni_table_every_letter_once():
    table = lt.table(lt.VNI)
    assert len(table) == 134 and len(set(table.values())) == 134
    # as VNI's keyboard writes: base letter then the mark (capital base, capital mark)
    assert table[b"a\xf9"] == "á" and table[b"A\xd9"] == "Á"
    assert table[b"\xf4\xf9"] == "ớ" and table[b"\xd4"] == "Ơ" and table[b"\xf6"] == "ư"
    assert table[b"\xf1"] == "đ" and table[b"\xd1"] == "Đ" and table[b"\xee"] == "ỵ"
    assert table[b"a\xea"] == "ă" and table[b"a\xe9"] == "ắ" and table[b"o\xe2"] == "ô"


@pytest.mark.parametrize("legacy, encoding, unicode", [
    ("M¸y tÝnh ®Ó bµn", lt.TCVN3, "Máy tính để bàn"),                # the issue's own words
    ("Maùy tính ñeå baøn", lt.VNI, "Máy tính để bàn"),
    ("Xin chaøo caùc baïn", lt.VNI, "Xin chào các bạn"),
    ("B¶o Th¾ng", lt.TCVN3, "Bảo Thắng"),
    ("M\xadêng Kh\xad¬ng", lt.TCVN3, "Mường Khương"),  # ư is 0xAD, which Windows draws as nothing
    ("ñOÀNG HÔÙI", lt.VNI, "đỒNG HỚI"),
    ("ÑOÀNG HÔÙI", lt.VNI, "ĐỒNG HỚI"),
    ("CHñ TÞCH", lt.TCVN3_CAPS, "CHỦ TỊCH"),                           # .VnTimeH draws small as capital
    ("chñ tÞch", lt.TCVN3_CAPS, "CHỦ TỊCH"),
    ("A¸nh s¸ng", lt.TCVN3, "Ánh sáng"),                               # capital + small toned letter
])
def test_known_words(legacy, encoding, unicode):
    assert lt.to_unicode(legacy, encoding) == unicode
    assert unicodedata.is_normalized("NFC", lt.to_unicode(legacy, encoding))


SENTENCES = ["Máy tính để bàn", "Bộ phận Một cửa", "Hỏng (cần thay thế/thanh lý)", "Xuống cấp",
             "Ủy ban nhân dân xã Quảng Thọ", "ĐƯỜNG TRUYỀN CÁP QUANG", "Nguyễn Văn Hưởng, Phó Chủ tịch",
             "Ổ cứng 500 GB; Ấp Đông; Ỷ Lan; Ữ"]


@pytest.mark.parametrize("encoding", [lt.TCVN3, lt.VNI])
def test_every_letter_round_trips(encoding):
    letters = [c for c in lt.table(encoding).values() if unicodedata.combining(c) == 0]
    text = " ".join(letters + [c.upper() for c in letters]) + " " + " ".join(SENTENCES)
    assert lt.to_unicode(as_cell(text, encoding), encoding) == text


def test_composed_and_decomposed_unicode_become_nfc():
    nfd = unicodedata.normalize("NFD", "Máy tính để bàn")
    assert lt.to_unicode(nfd, None) == "Máy tính để bàn"
    # TCVN3 with the standard's combining marks: a + 0xB3 (acute)
    assert lt.to_unicode("Ma³y", lt.TCVN3) == "Máy"


@pytest.mark.parametrize("encoding", [lt.TCVN3, lt.VNI])
def test_detected_from_the_text(encoding):
    cells = [as_cell(s, encoding) for s in SENTENCES]
    assert lt.detect(cells) == encoding
    assert [lt.repair(c, encoding) for c in cells] == SENTENCES
    assert lt.looks_legacy(as_cell("Máy tính để bàn", encoding)) == encoding


def test_font_names():
    assert lt.font_encoding(".VnTime") == lt.TCVN3 and lt.font_encoding(".VnArial Narrow") == lt.TCVN3
    assert lt.font_encoding(".VnTimeH") == lt.TCVN3_CAPS
    assert lt.font_encoding("VNI-Times") == lt.VNI and lt.font_encoding("VNI-Helve-Condense") == lt.VNI
    assert lt.font_encoding("Times New Roman") is None and lt.font_encoding(None) is None


def test_unicode_cell_in_a_legacy_column_is_left_alone():
    assert lt.repair("Máy in", lt.TCVN3) == "Máy in"  # would read "Mỏy in"
    assert lt.repair("Bộ phận Một cửa", lt.VNI) == "Bộ phận Một cửa"  # letters no 8-bit text has
    assert lt.repair("Dell OptiPlex 3070", lt.TCVN3) == "Dell OptiPlex 3070"


def _all_strings(value, out):
    if isinstance(value, str):
        out.append(value)
    elif isinstance(value, dict):
        for k, v in value.items():
            _all_strings(k, out)
            _all_strings(v, out)
    elif isinstance(value, list):
        for v in value:
            _all_strings(v, out)
    return out


def unicode_corpus() -> list[str]:
    """The demo data, the official unit lists (old and new) and the seeds' text."""
    texts = _all_strings(json.loads((ROOT / "resources/demo/quang-tho-2019.json").read_text("utf-8")), [])
    texts += (ROOT / "resources/units/legacy-units.tsv").read_text("utf-8").splitlines()
    from vietnam_provinces import Province, Ward

    texts += [p.name for p in Province.iter_all()] + [w.name for w in Ward.iter_all()]
    seeds = Path("/work/shared/seeds")
    for path in sorted(seeds.glob("*.txt")) if seeds.is_dir() else []:
        texts += path.read_text("utf-8").splitlines()
    return texts


def test_no_false_detection_over_unicode_vietnamese():
    texts = unicode_corpus()
    assert len(texts) > 10_000
    assert lt.detect(texts, sample=len(texts)) is None
    assert [t for t in texts if lt.looks_legacy(t)] == []
    # even when the cells' font says .VnTime or VNI, Unicode text stays as it is
    assert lt.detect(texts, lt.TCVN3, sample=len(texts)) is None
    assert lt.detect(texts, lt.VNI, sample=len(texts)) is None
    assert [t for t in texts if lt.repair(t, lt.TCVN3) != t and lt.looks_legacy(t)] == []


def test_8bit_csv_bytes_read_as_windows_1258_unless_legacy():
    unicode_text = "Loại;Tên thiết bị\nMáy in;Văn phòng Ủy ban\n"
    from register_files import cp1258

    assert lt.decode_bytes(cp1258(unicode_text)) == unicode_text
    raw = encode(unicode_text, lt.TCVN3)
    assert lt.to_unicode(lt.decode_bytes(raw), lt.TCVN3) == unicode_text
    raw = encode(unicode_text, lt.VNI)
    assert lt.to_unicode(lt.decode_bytes(raw), lt.VNI) == unicode_text
