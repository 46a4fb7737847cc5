"""Regenerate ``resources/units/`` (the units before 01/7/2025 and the 2025 merger) from vietnamadminunits.

The package ``vietnamadminunits`` (MIT, Trần Ngọc Minh Hiếu) carries the 63-province list (provinces,
districts, ~10,000 communes with their GSO codes) and which former communes formed each new one on
01/7/2025. It pulls GIS libraries (shapely, geopy) that the program must not ship, so this script takes
only its data files, at build time, from the wheel (``pip download --no-deps``: nothing is installed)::

    .venv/bin/python packaging/units_legacy.py            # downloads vietnamadminunits==1.0.4
    .venv/bin/python packaging/units_legacy.py --wheel vietnamadminunits-1.0.4-py3-none-any.whl

It writes three files: ``legacy-units.tsv`` (one line per unit: level, code, parent code, kind, name),
``merge-2025.tsv`` (new commune code, former commune code, whole or part) and the package's licence.
The units after 01/7/2025 come from the ``vietnam-provinces`` dependency at run time.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

VERSION = "1.0.4"
OUT = Path(__file__).resolve().parent.parent / "resources" / "units"


def _wheel(path: str | None, tmp: Path) -> Path:
    if path:
        return Path(path)
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--quiet",
                    f"vietnamadminunits=={VERSION}", "-d", str(tmp)], check=True)
    return next(tmp.glob("vietnamadminunits-*.whl"))


def _kind(word: str | None) -> str:
    return (word or "").strip().lower()


def _short(full: str, kind: str) -> str:
    """``Huyện Quảng Điền`` → ``Quảng Điền``."""
    return full[len(kind) + 1:] if full.lower().startswith(kind + " ") else full


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--wheel", help="a downloaded vietnamadminunits wheel")
    ap.add_argument("--out", default=str(OUT))
    args = ap.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        wheel = _wheel(args.wheel, tmp)
        with zipfile.ZipFile(wheel) as zf:
            names = zf.namelist()
            version = next(n for n in names if n.endswith(".dist-info/METADATA")).split("-")[1].split(".dist")[0]
            licence = zf.read(next(n for n in names if n.endswith("/LICENSE"))).decode("utf-8")
            (tmp / "dataset.db").write_bytes(zf.read("vietnamadminunits/data/dataset.db"))
            converter = json.loads(zf.read("vietnamadminunits/data/converter_2025.json"))
        db = sqlite3.connect(tmp / "dataset.db")
        legacy = db.execute(
            "SELECT provinceCode, province, districtCode, district, districtType, wardCode, ward, wardType,"
            " provinceKey, districtKey, wardKey FROM admin_units_legacy"
            " ORDER BY provinceCode, districtCode, wardCode").fetchall()
        new = db.execute("SELECT provinceKey, wardKey, wardCode FROM admin_units").fetchall()
        db.close()

    lines = [f"# Đơn vị hành chính trước 01/7/2025 — vietnamadminunits {version} (MIT, "
             "LICENSE-vietnamadminunits.txt); tạo lại: python packaging/units_legacy.py",
             "# P mã_tỉnh - loại tên | D mã_huyện mã_tỉnh loại tên | C mã_xã mã_huyện loại tên"]
    seen: set[tuple[str, str]] = set()
    old_key: dict[str, str] = {}
    for (pc, prov, dc, dist, dkind, wc, ward, wkind, pkey, dkey, wkey) in legacy:
        pk = "thành phố" if prov.startswith("Thành phố") else "tỉnh"
        if ("P", pc) not in seen:
            seen.add(("P", pc))
            lines.append(f"P\t{pc}\t-\t{pk}\t{_short(prov, pk)}")
        if ("D", dc) not in seen:
            seen.add(("D", dc))
            lines.append(f"D\t{dc}\t{pc}\t{_kind(dkind)}\t{_short(dist, _kind(dkind))}")
        if wc and ("C", wc) not in seen:
            seen.add(("C", wc))
            lines.append(f"C\t{wc}\t{dc}\t{_kind(wkind)}\t{_short(ward, _kind(wkind))}")
            old_key[f"{pkey}_{dkey}_{wkey}"] = wc
    (out / "legacy-units.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")

    new_code = {(pkey, wkey): wc for pkey, wkey, wc in new}
    merge: set[tuple[str, str, str]] = set()
    unknown = 0
    for pkey, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for wkey, olds in wards.items():
            for o in olds:
                if (pkey, wkey) in new_code and o in old_key:
                    merge.add((new_code[pkey, wkey], old_key[o], "whole"))
                else:
                    unknown += 1
    for pkey, olds in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for o, parts in olds.items():
            for part in parts:
                if (pkey, part["newWardKey"]) in new_code and o in old_key:
                    merge.add((new_code[pkey, part["newWardKey"]], old_key[o], "part"))
                else:
                    unknown += 1
    head = [f"# Sắp xếp đơn vị cấp xã từ 01/7/2025 — vietnamadminunits {version} (MIT); "
            "tạo lại: python packaging/units_legacy.py",
            "# mã_xã_mới mã_xã_cũ whole|part (part: chỉ một phần xã cũ nhập vào xã mới)"]
    (out / "merge-2025.tsv").write_text(
        "\n".join(head + ["\t".join(m) for m in sorted(merge)]) + "\n", encoding="utf-8")
    (out / "LICENSE-vietnamadminunits.txt").write_text(licence, encoding="utf-8")
    print(f"{sum(1 for s in seen if s[0] == 'P')} tỉnh, {sum(1 for s in seen if s[0] == 'D')} huyện, "
          f"{sum(1 for s in seen if s[0] == 'C')} xã; {len(merge)} dòng sắp xếp ({unknown} không tra được) "
          f"→ {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
