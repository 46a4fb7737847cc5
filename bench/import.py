"""1,000 varied commune packages imported into a fresh superior-level workspace.

Run by hand: ``.venv/bin/python bench/import.py [COUNT]``. Generates COUNT packages (200 communes × 5
years for 1,000; each commune with its own key; values, text and register sizes varied, every package
free of rule errors), then imports the folder with ``services.packages.import_packages`` exactly as
``ebgov-desktop import`` does. Prints the total and per-package time, the peak memory, and the ratio to
a floor measured in the same run (reading and verifying every package, without storing anything).
Goal: the import of 1,000 in ≤ 10 s.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ebgov_desktop.domain.periods import Period  # noqa: E402
from ebgov_desktop.domain.units import Unit, UnitKind  # noqa: E402
from ebgov_desktop.exchange import build_package, read_package, signing  # noqa: E402
from ebgov_desktop.exchange.package import rule_errors  # noqa: E402
from ebgov_desktop.services.datasets import demo_dataset  # noqa: E402
from ebgov_desktop.services.packages import Outcome, import_packages, package_file_name, schemas  # noqa: E402
from ebgov_desktop.services.workspace import Workspace  # noqa: E402

YEARS = (2019, 2020, 2021, 2022, 2023)
KINDS = (UnitKind.XA, UnitKind.XA, UnitKind.XA, UnitKind.PHUONG, UnitKind.THI_TRAN)


def peak_rss_mb() -> float | None:
    try:
        import resource
    except ImportError:  # Windows
        return None
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kb / 1024 if sys.platform != "darwin" else kb / 1024 / 1024


def varied(base, rng: random.Random, i: int, year: int):
    unit = Unit(code=f"{20000 + i:05d}", kind=KINDS[i % len(KINDS)], name=f"Thử Nghiệm {i}",
                province="Thừa Thiên Huế", province_code="46", district="Quảng Điền")
    period = Period.parse(str(year))
    start, end = period.default_range()
    values = dict(base.values)
    staff = rng.randint(21, 35)
    values.update({
        "doc.period_start": start.isoformat(), "doc.period_end": end.isoformat(),
        "doc.date": end.isoformat(), "doc.place": unit.name,
        "doc.title": f"Tình hình ứng dụng công nghệ thông tin năm {year}",
        "staff.civil_servants": staff, "staff.civil_servants_with_computer": rng.randint(0, staff),
        "staff.it_qualified": rng.randint(0, staff),
        "docs.incoming_processed": rng.randint(0, 5000), "docs.outgoing_online": rng.randint(50, 900),
        "portal.news_posted": rng.randint(0, 400),
    })
    values["docs.outgoing_signed"] = rng.randint(0, values["docs.outgoing_online"])
    if year >= 2023:  # Nghị định 42/2022: no mức 2/3/4 after 01/8/2022
        for key in ("tthc.level2", "tthc.level3", "tthc.level4"):
            values.pop(key, None)
        values["tthc.full_online"] = rng.randint(0, 60)
        values["tthc.partial_online"] = rng.randint(0, 40)
    values["text.difficulties"] = values.get("text.difficulties", [])[: rng.randint(1, 3)]
    rows = [replace(r, year_acquired=min(r.year_acquired, year) if r.year_acquired else None)
            for r in base.register]
    register = rows * rng.randint(1, 6)
    return replace(base, unit=unit, period=period, values=values, register=register)


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    rng = random.Random(5)
    base = demo_dataset()
    with tempfile.TemporaryDirectory(prefix="ebgov-bench-import-") as d:
        root = Path(d)
        usb = root / "usb"
        usb.mkdir()
        t = time.perf_counter()
        units = (count + len(YEARS) - 1) // len(YEARS)
        sizes = []
        made = 0
        for i in range(units):
            key = signing.new_private_key()
            for year in YEARS:
                if made == count:
                    break
                ds = varied(base, rng, i, year)
                errors = rule_errors(ds)
                assert not errors, [e.message for e in errors]
                raw = build_package(ds, revision=rng.randint(1, 3), private_key=key,
                                    program="ebgov-desktop", program_version="bench",
                                    created_at=f"{year + 1}-01-05T08:00:00+07:00")
                (usb / package_file_name(ds, ds.period, 1)).write_bytes(raw)
                sizes.append(len(raw))
                made += 1
        print(f"generated {made} packages in {time.perf_counter() - t:.1f} s "
              f"(size: min {min(sizes):,} B, mean {sum(sizes) // len(sizes):,} B, max {max(sizes):,} B)")

        files = sorted(usb.iterdir())
        t = time.perf_counter()
        for f in files:
            read_package(f.read_bytes(), schemas=schemas())
        floor = time.perf_counter() - t

        ws = Workspace.open(root / "huyen")
        ws.set_unit(Unit(code="476", kind=UnitKind.HUYEN, name="Quảng Điền", province="Thừa Thiên Huế",
                         province_code="46"))
        t = time.perf_counter()
        report = import_packages(ws, [usb])
        took = time.perf_counter() - t
        new = report.count(Outcome.NEW)
        t = time.perf_counter()
        again = import_packages(ws, [usb])
        took_again = time.perf_counter() - t
        ws.close()

    n = len(report.results)
    print(f"imported: {new} new of {n} ({report.summary})")
    print(f"import time: {took:.2f} s in all, {took / n * 1000:.2f} ms per package (goal: ≤ 10 s)")
    print(f"floor (read + verify only, no storage): {floor:.2f} s, {floor / n * 1000:.2f} ms per package; "
          f"import / floor = {took / floor:.2f}")
    print(f"second import of the same folder (all identical): {took_again:.2f} s, "
          f"{again.count(Outcome.IDENTICAL)} identical")
    rss = peak_rss_mb()
    print(f"peak memory (max RSS of the process): {rss:.0f} MB" if rss else "peak memory: n/a")
    return 0 if new == n and took <= 10 else 1


if __name__ == "__main__":
    raise SystemExit(main())
