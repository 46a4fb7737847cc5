"""Hostile spreadsheets and CSV files (issue #24), for the register import and the superior's list of
communes: the suite runs a sample (tests/test_hostile_files.py), ``bench/hostile.py`` hundreds.

Every file is ``(name, bytes)``: an honest register or list first, then mutations of it — a false
declared dimension, a cell at column XFD, a row at 1,048,576, a sheet bomb (one member unpacking to
hundreds of MB), broken or truncated XML, byte flips, not a zip, formulas (with and without saved
values), shared strings of a million characters, XML entities, a CSV over the size limit, with NUL
bytes, a field over csv's limit, stray quotes, bad UTF-8, a huge single line.
"""

from __future__ import annotations

import io
import random
import re
import time
import zipfile
from dataclasses import dataclass

from hostile_stats import HANG_SECONDS, HostileStats

HEADINGS = ["STT", "Tên thiết bị", "Loại", "Số lượng", "Năm mua", "Tình trạng", "Vị trí", "Mã tài sản"]
ROW = [1, "Dell OptiPlex 3070", "Máy tính để bàn", 2, 2018, "Tốt", "Văn phòng", "TS-001"]
LIST_HEADINGS = ["Mã", "Tên", "Loại"]
LIST_ROW = ["19894", "Quảng Thọ", "xã"]


def honest_xlsx(rows=None, headings=HEADINGS, row=ROW, formula=None) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(headings)
    for n in range(rows or 3):
        ws.append([n + 1, *row[1:]] if headings is HEADINGS else row)
    if formula:
        ws["D2"] = formula
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _members(raw: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(raw)) as z:
        return {i.filename: z.read(i) for i in z.infolist()}


def _zip(members: dict[str, bytes], level=6) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return out.getvalue()


SHEET = "xl/worksheets/sheet1.xml"


def _sheet_edit(raw: bytes, edit) -> bytes:
    m = _members(raw)
    m[SHEET] = edit(m[SHEET])
    return _zip(m)


def _row_xml(r: int, cells: str) -> bytes:
    return f'<row r="{r}">{cells}</row>'.encode()


def xlsx_mutations(base: bytes, rng: random.Random, big: bool):
    """(kind, bytes) hostile variants of the honest workbook ``base``."""
    yield "false-dimension", _sheet_edit(base, lambda x: re.sub(rb'<dimension ref="[^"]*"/>',
                                                                b'<dimension ref="A1:XFD1048576"/>', x))
    yield "cell-at-XFD", _sheet_edit(base, lambda x: x.replace(
        b"</sheetData>", _row_xml(5, '<c r="XFD5"><v>1</v></c>') + b"</sheetData>"))
    yield "last-row", _sheet_edit(base, lambda x: x.replace(
        b"</sheetData>", _row_xml(1048576, '<c r="A1048576"><v>1</v></c>') + b"</sheetData>"))
    many = b"".join(_row_xml(r, "") for r in range(10, 200_010 if big else 20_010))
    yield "many-empty-rows", _sheet_edit(base, lambda x: x.replace(b"</sheetData>", many + b"</sheetData>"))
    wide = "".join(f'<c r="{_col(c)}6"><v>{c}</v></c>' for c in range(1, 16385))
    yield "wide-row", _sheet_edit(base, lambda x: x.replace(b"</sheetData>", _row_xml(6, wide) + b"</sheetData>"))
    yield "broken-xml", _sheet_edit(base, lambda x: x[: len(x) // 2])
    yield "bad-xml-char", _sheet_edit(base, lambda x: x.replace(b"Dell", b"De\x01\x00ll"))
    yield "entities", _sheet_edit(base, lambda x: x.replace(
        b"<worksheet", b'<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>'
        b"<worksheet", 1).replace(b"<v>2</v>", b"<v>&d;</v>", 1))
    yield "external-entity", _sheet_edit(base, lambda x: x.replace(
        b"<worksheet", b'<!DOCTYPE w [<!ENTITY e SYSTEM "file:///etc/passwd">]><worksheet', 1))
    yield "no-sheet", _zip({k: v for k, v in _members(base).items() if k != SHEET})
    yield "not-a-zip", b"PK\x03\x04" + bytes(rng.randrange(256) for _ in range(2000))
    yield "truncated", base[: rng.randrange(30, len(base) - 1)]
    yield "empty", b""
    flipped = bytearray(base)
    for _ in range(rng.randrange(1, 20)):
        flipped[rng.randrange(len(flipped))] ^= 1 << rng.randrange(8)
    yield "byte-flips", bytes(flipped)
    yield "formula-no-value", honest_xlsx(formula='=WEBSERVICE("http://example.invalid/")')
    yield "formula", honest_xlsx(formula="=1+1")
    m = _members(base)
    m["xl/sharedStrings.xml"] = (b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/'
                                 b'spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>'
                                 + b"A" * (1_000_000 if big else 200_000) + b"</t></si></sst>")
    yield "long-shared-string", _zip(m)
    bomb = b"<!-- " + b"0" * ((400 if big else 2) * 1024 * 1024) + b" -->"
    yield "sheet-bomb", _sheet_edit(base, lambda x: x.replace(b"<sheetData>", bomb + b"<sheetData>", 1))
    yield "big-zip", base + bytes(rng.randrange(256) for _ in range(21 * 1024 * 1024 if big else 10))


def _col(n: int) -> str:
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def honest_csv(headings=HEADINGS, row=ROW, rows=3) -> bytes:
    lines = [";".join(map(str, headings))] + [";".join(map(str, [n + 1, *row[1:]] if headings is HEADINGS
                                                          else row)) for n in range(rows)]
    return ("\n".join(lines) + "\n").encode("utf-8")


def csv_mutations(base: bytes, rng: random.Random, big: bool):
    yield "nul", base.replace(b"Dell", b"De\x00ll")
    yield "huge-field", base.replace(b"Dell", b"D" * 200_000)
    yield "stray-quotes", base.replace(b"Dell", b'"De"ll"""')
    yield "bad-utf8", base.replace(b"Dell", b"\xed\xa0\x80\xff\xfe")
    yield "one-huge-line", b";".join([b"x"] * (300_000 if big else 50_000))
    yield "many-lines", b"\n".join([b"1;a"] * (120_000 if big else 21_000))
    yield "over-size", b"a;b\n" * ((21 if big else 21) * 1024 * 1024 // 4)
    yield "formula-text", base.replace(b"Dell", b'=HYPERLINK("http://x";"y")')
    yield "bom-only", b"\xef\xbb\xbf"
    yield "utf16", base.decode("utf-8").encode("utf-16")
    flipped = bytearray(base)
    for _ in range(rng.randrange(1, 10)):
        flipped[rng.randrange(len(flipped))] = rng.randrange(256)
    yield "byte-flips", bytes(flipped)


def generate(count: int, *, seed: int = 2026, big: bool = False):
    """``count`` hostile files ``(name, bytes, kind)``: register files and lists of communes, .xlsx and
    .csv, cycling through every mutation (byte flips get a new seed each round)."""
    rng = random.Random(seed)
    made = 0
    round_ = 0
    while made < count:
        for purpose, headings, row in (("register", HEADINGS, ROW), ("list", LIST_HEADINGS, LIST_ROW)):
            base_x = honest_xlsx(headings=headings, row=row)
            base_c = honest_csv(headings=headings, row=row)
            kinds = [(f"{k}.xlsx", raw) for k, raw in xlsx_mutations(base_x, rng, big)]
            kinds += [(f"{k}.csv", raw) for k, raw in csv_mutations(base_c, rng, big)]
            if round_ and not big:  # later rounds: only the cheap random ones
                kinds = [(k, r) for k, r in kinds if "flips" in k or "truncated" in k or "not-a-zip" in k]
            for kind, raw in kinds:
                if made >= count:
                    return
                yield f"{purpose}-{made:04d}-{kind}", raw, f"{purpose}:{kind}"
                made += 1
        round_ += 1


# -- the harness -----------------------------------------------------------------------------------



@dataclass
class Stats(HostileStats):
    read: int = 0


def _rows(ws, *tables) -> str:
    return repr([ws.store.conn.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall() for t in tables])


def run(commune, superior, files) -> Stats:
    """Each (path, kind) alone: a register file into ``commune`` (``register import``), a list of
    communes into ``superior`` (``units --import``). A refused file must change nothing."""
    from ebgov_desktop.domain.errors import UserError
    from ebgov_desktop.services.register_io import import_register
    from ebgov_desktop.services.superior.list_import import import_expected

    stats = Stats()
    for path, kind in files:
        stats.tried += 1
        register = kind.startswith("register")
        ws = commune if register else superior
        tables = ("register",) if register else ("expected_unit", "unit_name")
        before = _rows(ws, *tables)
        t = time.perf_counter()
        refused = False
        try:
            if register:
                preview, _added = import_register(ws, path)
                refused = bool(preview.problems)
            else:
                refused = bool(import_expected(ws, path).errors)
        except UserError:
            refused = True
        except Exception as exc:  # noqa: BLE001 - counting crashes is the point
            stats.crashes += 1
            stats.problems.append((path.name, f"crash: {type(exc).__name__}: {exc}"[:300]))
        took = time.perf_counter() - t
        if refused and _rows(ws, *tables) != before:
            stats.partial += 1
            stats.problems.append((path.name, "a refused file changed the workspace"))
        stats.read += not refused
        stats.timed(took, path.name)
        if took > HANG_SECONDS:
            stats.hangs += 1
    return stats
