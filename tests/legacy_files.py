"""Text, spreadsheets and CSV files as old offices typed them: TCVN3 (ABC, .VnTime) and VNI (VNI-Times).

The encoders invert the program's tables the way the keyboards and the converters of the time wrote
(a TCVN3 capital with a tone, which the VN3 table has not, as the capital then the small toned letter).
"""

from __future__ import annotations

import unicodedata

from openpyxl import Workbook
from openpyxl.styles import Font

from ebgov_desktop.domain import legacy_text as lt


def encode(text: str, encoding: str) -> bytes:
    """Unicode → the bytes of ``encoding`` (every letter of Vietnamese; the rest as Windows-1252)."""
    back = {char: code for code, char in lt.table(lt.VNI if encoding == lt.VNI else lt.TCVN3).items()}
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        if encoding == lt.TCVN3_CAPS:
            ch = ch.lower()
        if ch in back:
            out += back[ch]
        elif ch.isupper() and ch.lower() in back:  # TCVN3: no capital with a tone
            bare = unicodedata.normalize("NFC", "".join(c for c in unicodedata.normalize("NFD", ch)
                                                        if c not in "\u0300\u0301\u0303\u0309\u0323"))
            out += (back.get(bare) or bare.encode("ascii")) + back[ch.lower()]
        else:  # ASCII, and Windows punctuation (– “ ”) the fonts keep
            out += ch.encode("cp1252")
    return bytes(out)


def as_cell(text: str, encoding: str) -> str:
    """What an .xlsx cell typed in that font holds: the bytes as Windows shows them."""
    return lt.byte_view(encode(text, encoding))


FONTS = {lt.TCVN3: ".VnTime", lt.TCVN3_CAPS: ".VnTimeH", lt.VNI: "VNI-Times"}


def legacy_workbook(path, headers, body, encodings, *, fonts=True):
    """A sheet whose column i is typed in ``encodings[i]`` (None: Unicode, in Arial), with that font."""
    wb = Workbook()
    ws = wb.active
    for r, row in enumerate([headers, *body], 1):
        for c, value in enumerate(row, 1):
            enc = encodings[c - 1]
            cell = ws.cell(r, c, as_cell(value, enc) if isinstance(value, str) and enc else value)
            cell.font = Font(name=FONTS[enc] if enc and fonts else "Arial")
    wb.save(path)
    return path


def legacy_csv(path, headers, body, encodings, sep=";"):
    """The same as an 8-bit CSV file, each column in its encoding's bytes."""
    lines = []
    for row in [headers, *body]:
        cells = []
        for value, enc in zip(row, encodings):
            text = "" if value is None else str(value)
            cells.append(encode(text, enc) if enc else text.encode("cp1258"))
        lines.append(sep.encode().join(cells))
    path.write_bytes(b"\r\n".join(lines) + b"\r\n")
    return path
