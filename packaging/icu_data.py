"""A smaller ICU data library for the Linux bundle (used by ebgov_desktop.spec; Windows has no ICU).

The PySide6 wheel for Linux carries ICU 73 for QtCore; its data library ``libicudata.so.73`` is one
32 MB symbol, ``icudt73_dat``, holding an ICU data package (the ``.dat`` format of ICU's tools) of
about 3,900 items for every locale and legacy encoding. QtCore calls ICU for four things only (``nm -D
--undefined-only libQt6Core.so.6``): locale-aware case mapping (``u_strToUpper``/``u_strToLower``),
collation (``ucol_*``), time-zone display names (``ucal_*``) and legacy text encodings (``ucnv_*``).
The program is in Vietnamese and reads and writes UTF-8 only, so the bundle keeps:

- every item that is not per locale (Unicode properties, normalisation, case mapping, the collation
  root ``coll/ucadata.icu``, time-zone rules and meta-zones, the encoding alias table…);
- per-locale items (locale data, collation, zone/currency/language/region/unit names, break rules,
  number spell-out, transliteration) for ``root``, Vietnamese and English only: for any other locale
  ICU falls back to ``root``, as it does for a locale it does not know;

and leaves out the legacy encoding tables (``*.cnv``: Qt converts UTF-8/16/32 and Latin-1 itself) and
the data of the ICU services Qt never calls: break iteration with its word dictionaries, transliteration,
number spell-out, character names, spoof checks, IDNA. These are the cuts ICU's own data-filter documents
(``localeFilter``, and ``featureFilters`` such as ``conversion_mappings``, ``brkitr_rules``,
``brkitr_dictionaries``, ``translit``, ``rbnf_tree``, ``unames``, ``confusables``), done here on the built
package with ICU's ``icupkg`` instead of rebuilding ICU from source.

The trimmed package becomes a new ``libicudata.so.73`` exporting the same single symbol (an assembler
``.incbin``, linked by ``gcc``). Needs ``icupkg`` (Debian/Ubuntu: ``icu-devtools``) and ``gcc``; without
them the full library is bundled and a warning says so.
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
from pathlib import Path

#: Locales whose per-locale ICU data stays (their parents included): ICU falls back to root for others.
KEEP_LOCALES = frozenset({"root", "en", "en_US", "en_US_POSIX", "en_001", "vi", "vi_VN"})
#: The name of a per-locale item: a language code, maybe followed by script/region/variant
#: (``vi.res``, ``coll/zh_Hant.res``, ``translit/ru_ru_Latn_BGN.res``); ``res_index`` and ``pool`` are
#: the tree's index and shared strings and always stay.
_LOCALE_ITEM = re.compile(r"^[a-z]{2,3}(_\w*)?$")
_ALWAYS = frozenset({"res_index", "pool"})
#: Data of ICU services Qt never calls (none of their functions is among QtCore's ICU imports):
#: transliteration (1.1 MB), break iteration, number spell-out, character names (u_charName),
#: spoof checks and IDNA (Qt's QUrl has its own).
DROPPED_TREES = ("translit/", "brkitr/", "rbnf/")
DROPPED_ITEMS = frozenset({"unames.icu", "confusables.cfu", "uts46.nrm"})


def dropped(item: str) -> bool:
    """Whether the package item (``brkitr/thaidict.dict``, ``coll/de.res``…) is left out."""
    if item.startswith(DROPPED_TREES) or item in DROPPED_ITEMS:
        return True
    name = item.rsplit("/", 1)[-1]
    stem, _, ext = name.rpartition(".")
    if ext in ("cnv", "dict"):
        return True
    return ext == "res" and bool(_LOCALE_ITEM.match(stem)) and stem not in KEEP_LOCALES | _ALWAYS


def _data_symbol(lib: bytes) -> tuple[str, bytes]:
    """(name, bytes) of the ``icudtNN_dat`` symbol of a 64-bit little-endian ELF shared library."""
    if lib[:4] != b"\x7fELF" or lib[4] != 2 or lib[5] != 1:
        raise ValueError("not a 64-bit little-endian ELF file")
    shoff, = struct.unpack_from("<Q", lib, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", lib, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", lib, shoff + i * shentsize) for i in range(shnum)]
    for _name, kind, _flags, _addr, offset, size, link, _info, _align, entsize in sections:
        if kind != 11:  # SHT_DYNSYM
            continue
        strtab = sections[link][4]
        for pos in range(offset, offset + size, entsize):
            st_name, _st_info, _other, shndx, value, st_size = struct.unpack_from("<IBBHQQ", lib, pos)
            name = lib[strtab + st_name:lib.index(b"\0", strtab + st_name)].decode("ascii")
            if re.fullmatch(r"icudt\d+_dat", name):
                _n, _k, _f, sec_addr, sec_offset, *_rest = sections[shndx]
                start = value - sec_addr + sec_offset
                return name, lib[start:start + st_size]
    raise ValueError("no icudtNN_dat symbol")


def trim(lib: Path, out_dir: Path) -> Path | None:
    """Write the trimmed ``lib`` (same file name) into ``out_dir`` and return its path; ``None`` (and a
    warning) when a tool is missing, so that the caller bundles the full library."""
    missing = [tool for tool in ("icupkg", "gcc") if shutil.which(tool) is None]
    if missing:
        print(f"WARNING: {' and '.join(missing)} not found (Debian/Ubuntu: apt install icu-devtools gcc): "
              f"the full {lib.name} ({lib.stat().st_size / 1e6:.0f} MB) goes into the bundle")
        return None
    symbol, data = _data_symbol(lib.read_bytes())
    if data[2:4] != b"\xda\x27" or data[12:16] != b"CmnD":
        raise ValueError(f"{lib}: {symbol} is not an ICU common data package")
    # icupkg wants the package's own name (icudt73l: little-endian, ASCII) as the file's
    package = symbol.removesuffix("_dat") + "l.dat"
    (out_dir / "full").mkdir(parents=True, exist_ok=True)
    full, small = out_dir / "full" / package, out_dir / package
    full.write_bytes(data)
    listing = subprocess.run(["icupkg", "-l", str(full)], check=True, capture_output=True, text=True).stdout
    drop = [item for item in listing.split() if dropped(item)]
    (out_dir / "dropped.txt").write_text("\n".join(drop) + "\n", encoding="ascii")
    # --ignore-deps: icupkg checks that every item's references resolve (brkitr/root.res names the
    # dictionaries); the items left out are those of services never called
    subprocess.run(["icupkg", "--ignore-deps", "-r", str(out_dir / "dropped.txt"), str(full), str(small)],
                   check=True, capture_output=True)
    full.unlink()
    asm = out_dir / f"{symbol}.S"
    asm.write_text(f"""\t.section .rodata
\t.globl {symbol}
\t.type {symbol}, @object
\t.balign 16
{symbol}:
\t.incbin "{small.name}"
\t.size {symbol}, . - {symbol}
\t.section .note.GNU-stack, "", @progbits
""", encoding="ascii")
    out = out_dir / lib.name
    subprocess.run(["gcc", "-shared", "-nostdlib", f"-Wl,-soname,{lib.name}", "-Wl,-z,noexecstack",
                    "-o", str(out), asm.name], check=True, cwd=out_dir)
    check_symbol, check_data = _data_symbol(out.read_bytes())
    if check_symbol != symbol or check_data != small.read_bytes():
        raise RuntimeError(f"{out}: the rebuilt library does not hold the trimmed package")
    print(f"ICU data: {len(drop)} of {len(listing.split())} items left out, "
          f"{lib.stat().st_size / 1e6:.1f} -> {out.stat().st_size / 1e6:.1f} MB (packaging/icu_data.py)")
    return out
