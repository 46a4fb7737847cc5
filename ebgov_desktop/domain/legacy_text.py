"""Vietnamese text typed in the old 8-bit encodings, found and repaired to Unicode NFC.

Before Unicode, offices typed with the ABC keyboard in the TCVN3 fonts (.VnTime, .VnArial…; TCVN
5712:1993, table VN3) or with the VNI keyboard in the VNI fonts (VNI-Times…). The font drew each byte as
a Vietnamese letter; read today as Windows text, "Máy tính để bàn" shows as "M¸y tÝnh ®Ó bµn" (TCVN3)
or "Maùy tính ñeå baøn" (VNI). Here:

- ``to_unicode(text, encoding)``: that text (its characters are the bytes as Windows-1252 shows them,
  as an .xlsx cell keeps them) → Unicode NFC. The tables are data, ``resources/legacy/*.tsv``;
- ``detect(texts, hint)``: which encoding a column of cells is in, or None for Unicode. The check is
  statistical: a word of a legacy text is no Vietnamese syllable ("tÝnh", "ñeå"), and becomes one once
  converted; a Unicode text is made of syllables already, or holds letters no legacy text can (ạ, ơ,
  đ…), and is never converted. ``hint`` is what the cells' font says (``font_encoding``);
- ``repair(text, encoding)``: one cell converted, unless it is Unicode already (its own letters are
  beyond the 8-bit range, or converting would make fewer Vietnamese words);
- ``decode_bytes(raw)``: an 8-bit CSV file read as Windows-1258, or byte for byte when its text is a
  legacy one (then ``to_unicode`` repairs it column by column).

Pure: the standard library only.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path

__all__ = ["TCVN3", "TCVN3_CAPS", "VNI", "ENCODINGS", "SHORT_NAMES", "to_unicode", "detect", "repair", "looks_legacy",
           "font_encoding", "decode_bytes", "bytes_encoding", "byte_view"]

TCVN3, TCVN3_CAPS, VNI = "tcvn3", "tcvn3-caps", "vni"
#: What the officer reads for each encoding.
ENCODINGS = {
    TCVN3: "TCVN3 (ABC; phông .VnTime, .VnArial…)",
    TCVN3_CAPS: "TCVN3 chữ hoa (phông .VnTimeH, .VnArialH…)",
    VNI: "VNI (phông VNI-Times, VNI-Helve…)",
}
SHORT_NAMES = {TCVN3: "TCVN3", TCVN3_CAPS: "TCVN3 chữ hoa", VNI: "VNI"}


# -- the tables ------------------------------------------------------------------------------------
def _data_dir() -> Path:
    """``resources/legacy`` of a checkout or of a PyInstaller bundle (as ``template.builtin_dir``)."""
    bundle = getattr(sys, "_MEIPASS", None)
    root = Path(bundle) if bundle else Path(__file__).resolve().parents[2]
    return root / "resources" / "legacy"


def parse_table(text: str) -> dict[bytes, str]:
    """A table file: ``BYTES<tab>U+XXXX<tab>name`` a line (bytes in hex, space-separated)."""
    table: dict[bytes, str] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        code, point = line.split("\t")[:2]
        table[bytes(int(b, 16) for b in code.split())] = chr(int(point[2:], 16))
    return table


@cache
def table(encoding: str) -> dict[bytes, str]:
    name = "vni" if encoding == VNI else "tcvn3"
    return parse_table((_data_dir() / f"{name}.tsv").read_text(encoding="utf-8"))


#: byte → the character Windows-1252 shows for it (its five holes as the Latin-1 control characters)
_BYTE_VIEW = "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(256))
_CP1252_EXTRA = frozenset(c for c in _BYTE_VIEW[0x80:0xA0] if ord(c) > 0xFF)


def byte_view(raw: bytes) -> str:
    """Bytes as characters, one each, as Windows-1252 shows them (how an .xlsx cell keeps legacy text)."""
    return raw.decode("latin-1").translate(_VIEW_TRANSLATION)


_VIEW_TRANSLATION = {b: c for b, c in enumerate(_BYTE_VIEW) if chr(b) != c}


def _as_view(code: bytes) -> str:
    return "".join(_BYTE_VIEW[b] for b in code)


@cache
def _converter(encoding: str) -> Callable[[str], str]:
    pairs = {_as_view(code): char for code, char in table(encoding).items()}
    if encoding == VNI:  # a mark typed in the other case than its letter still marks it
        for code, char in list(pairs.items()):
            if len(code) == 2:
                other = code[0] + (code[1].lower() if code[1].isupper() else code[1].upper())
                pairs.setdefault(other, char)
    keys = sorted(pairs, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(k) for k in keys))
    return lambda text: pattern.sub(lambda m: pairs[m.group(0)], text)


_TONES = {"\u0300": "grave", "\u0301": "acute", "\u0309": "hook", "\u0303": "tilde", "\u0323": "dot"}
_SMALL_TONED = "".join(unicodedata.normalize("NFC", v + t) for v in "aăâeêioôơuưy" for t in _TONES)
_CAPITAL_PAIR = re.compile(f"([AĂÂEÊIOÔƠUƯY])([{_SMALL_TONED}])")


def _merge_capital(m: re.Match) -> str:
    """"Aá" → "Á": some converters write a capital with a tone as the capital then the small toned
    letter (TCVN3 has no capitals with tones); no Vietnamese word has that pair."""
    capital, small = m.group(1), m.group(2)
    parts = unicodedata.normalize("NFD", small)
    bare = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
    if bare != small and bare == capital.lower():
        return small.upper()
    return m.group(0)


def to_unicode(text: str, encoding: str | None) -> str:
    """``text`` read in ``encoding`` (TCVN3, TCVN3_CAPS, VNI; None: Unicode already) → Unicode NFC."""
    if encoding in (TCVN3, TCVN3_CAPS):
        text = _CAPITAL_PAIR.sub(_merge_capital, unicodedata.normalize("NFC", _converter(TCVN3)(text)))
        if encoding == TCVN3_CAPS:  # the capitals fonts draw small letters as capitals
            text = text.upper()
    elif encoding == VNI:
        text = _converter(VNI)(text)
    elif encoding:
        raise ValueError(encoding)
    return unicodedata.normalize("NFC", text)


def font_encoding(font: str | None) -> str | None:
    """The encoding a font name says: ".VnTime" TCVN3, ".VnTimeH" TCVN3 capitals, "VNI-Times" VNI."""
    name = (font or "").strip()
    if name[:3].lower() == ".vn":
        return TCVN3_CAPS if name.endswith("H") else TCVN3
    if name[:4].lower() in ("vni-", "vni "):
        return VNI
    return None


# -- Vietnamese words ------------------------------------------------------------------------------
_INITIAL = "(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
_RHYMES = (
    "a ac ach ai am an ang anh ao ap at au ay ăc ăm ăn ăng ăp ăt âc âm ân âng âp ât âu ây "
    "e ec em en eng eo ep et ê êch êm ên ênh êp êt êu "
    "i ia ich im in inh ip it iu iêc iêm iên iêng iêp iêt iêu "
    "o oa oac oach oai oam oan oang oanh oao oap oat oay oăc oăm oăn oăng oăt oc oe oen oeo oet oi "
    "om on ong ooc oong op ot ô ôc ôi ôm ôn ông ôp ôt ơ ơi ơm ơn ơp ơt "
    "u ua uân uâng uât uây uc uê uêch uênh ui um un ung uôc uôi uôm uôn uông uôt up ut uy uya uych "
    "uyên uyêt uynh uyp uyt uyu uơ "
    "ư ưa ưc ưi ưm ưn ưng ươc ươi ươm ươn ương ươp ươt ươu ưt ưu "
    "y yêm yên yêng yêt yêu").split()
_SYLLABLE = re.compile(f"{_INITIAL}({'|'.join(sorted(_RHYMES, key=len, reverse=True))})")
_TOKEN = re.compile(r"[^\s0-9!-/:-@\[-`{-~]+")


@cache
def _is_syllable(word: str) -> bool:
    """One Vietnamese syllable (lower, upper or title case; one tone at most, a stop ending only with
    the sắc or nặng tone)."""
    if not (word.islower() or word.isupper() or word.istitle()):
        return False
    parts = unicodedata.normalize("NFD", word.lower())
    tones = [c for c in parts if c in _TONES]
    if len(tones) > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
    m = _SYLLABLE.fullmatch(bare)
    if m is None:
        return False
    if tones and m.group(1).endswith(("c", "ch", "p", "t")):
        return _TONES[tones[0]] in ("acute", "dot")
    return True


def _score(texts: Iterable[str]) -> tuple[int, int]:
    """(Vietnamese words, other words) among the words with a letter beyond ASCII."""
    good = bad = 0
    for text in texts:
        for word in _TOKEN.findall(text):
            if word.isascii():
                continue
            if _is_syllable(unicodedata.normalize("NFC", word)):
                good += 1
            else:
                bad += 1
    return good, bad


#: a letter no legacy text can hold: what Unicode alone has (ạ ơ đ …, combining marks, other scripts)
_UNICODE_ONLY = re.compile("[^\x00-\xff" + "".join(sorted(_CP1252_EXTRA)) + "]")
_HIGH = re.compile("[^\x00-\x7f]")


def _maybe_legacy(text: str) -> bool:
    return bool(_HIGH.search(text)) and not _UNICODE_ONLY.search(text)


def detect(texts: Iterable[object], hint: str | None = None, *, sample: int = 300) -> str | None:
    """The encoding the texts of one column are in (None: Unicode, or nothing to repair). ``hint``,
    the cells' font, is tried first and wins a tie."""
    cells = []
    for t in texts:
        if isinstance(t, str) and _maybe_legacy(t):
            cells.append(t)
            if len(cells) >= sample:
                break
    if not cells:
        return None
    good, bad = _score(cells)
    if bad == 0 and not hint:
        return None
    best, best_margin = None, None
    for encoding in (TCVN3, VNI):
        g, b = _score(to_unicode(c, encoding) for c in cells)
        if b < bad and g > good and g >= b and (best_margin is None or g - b > best_margin):
            best, best_margin = encoding, g - b
    if hint:  # the font says so: taken unless the text reads worse so, or better in another encoding
        converted = [to_unicode(c, hint) for c in cells]
        g, b = _score(converted)
        if g >= good and b <= bad and converted != cells and (best_margin is None or g - b >= best_margin):
            return hint
    return best


def looks_legacy(text: str) -> str | None:
    """The encoding of one pasted text, or None."""
    return detect([text])


def repair(text: str, encoding: str | None) -> str:
    """One cell in ``encoding`` → Unicode NFC; left as it is when it is Unicode already."""
    if not encoding or not _maybe_legacy(text):
        return text
    out = to_unicode(text, encoding)
    if out != text:
        before, after = _score([text]), _score([out])
        if after[0] < before[0] or (after[0] == before[0] and after[1] > before[1]):
            return text  # a Unicode cell among legacy ones ("Máy in" would read "Mỏy in")
    return out


def decode_bytes(raw: bytes) -> str:
    """An 8-bit text file: Windows-1258 (what Excel writes on a Vietnamese Windows; NFC), or byte for
    byte as Windows-1252 when it reads better so, as TCVN3 or VNI (repair it with ``to_unicode``)."""
    if bytes_encoding(raw):
        return byte_view(raw)
    return unicodedata.normalize("NFC", raw.decode("cp1258", errors="replace"))


def bytes_encoding(raw: bytes) -> str | None:
    """TCVN3 or VNI when an 8-bit file's text reads as Vietnamese in it better than as Windows-1258."""
    lines = [line for line in byte_view(raw).splitlines() if _maybe_legacy(line)][:2000]
    if not lines:
        return None
    good, bad = _score(unicodedata.normalize("NFC", line.translate(_BACK).encode("latin-1")
                                             .decode("cp1258", errors="replace")) for line in lines)
    best = None
    for encoding in (TCVN3, VNI):
        g, b = _score(to_unicode(line, encoding) for line in lines)
        if g > good and b < bad:
            best, good = encoding, g
    return best


_BACK = {ord(c): b for b, c in enumerate(_BYTE_VIEW) if chr(b) != c}
