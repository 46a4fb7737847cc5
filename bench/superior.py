"""The superior level at 1,000 communes × 5 years: import, board, board filter, consolidated table,
PDF and Excel — time and peak memory of each, against floors measured in the same run.

Run by hand: ``.venv/bin/python bench/superior.py [COMMUNES] [YEARS]`` (default 1000 5). Generates one
signed package per commune and year (each commune with its own key; the generator of the tests,
``tests/superior_data.py``), imports the earlier years untimed, then times the last year as the officer
meets it: the import of COMMUNES packages into a workspace that already holds the other years, the
board, the consolidated table, the PDF, the workbook.

Goals (issue #22, at ``3321 5``): import ≤ 1.3× its floor (and ≤ 10 s at 1,000), board filter ≤ 5 ms
per keystroke, consolidated view ≤ 1 s, PDF ≤ 3 s, Excel ≤ 1.5 s, peak memory ≤ 200 MB. Floors: read +
verify the packages without storing (import); select the period's packages (board); a substring test
over the names (filter); parse every dataset's JSON (consolidated view); the bare annex table in a
plain reportlab document (PDF); the same cells through openpyxl's write-only mode (Excel). Each line
prints the time, the floor, the ratio and the goal met or missed.
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from superior_data import DISTRICT, varied  # noqa: E402

from ebgov_desktop.exchange import build_package, read_package, signing  # noqa: E402
from ebgov_desktop.exchange.package import rule_errors  # noqa: E402
from ebgov_desktop.services import superior as sup  # noqa: E402
from ebgov_desktop.services.datasets import demo_dataset  # noqa: E402
from ebgov_desktop.services.packages import package_file_name, schemas, set_listed_fingerprints  # noqa: E402
from ebgov_desktop.services.workspace import Workspace  # noqa: E402
from ebgov_desktop.storage.superior import SuperiorRepository  # noqa: E402


def peak_rss_mb() -> float | None:
    try:
        import resource
    except ImportError:  # Windows
        return None
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kb / 1024 if sys.platform != "darwin" else kb / 1024 / 1024


class Steps:
    def __init__(self):
        self.rows = []

    def run(self, name, fn, floor_fn=None, goal=None, ratio_goal=None, per=1):
        """``goal``: seconds (per ``per`` repetitions); ``ratio_goal``: the most time / floor."""
        t = time.perf_counter()
        result = fn()
        took = time.perf_counter() - t
        floor = None
        if floor_fn is not None:
            t = time.perf_counter()
            floor_fn()
            floor = time.perf_counter() - t
        ok = (goal is None or took / per <= goal) and (ratio_goal is None or (floor and took / floor <= ratio_goal))
        self.rows.append((name, took, floor, peak_rss_mb(), goal, ok))
        ratio = f"{took / floor:6.2f}×" if floor else "      "
        goals = ([f"≤ {goal * 1000:g} ms each" if per > 1 else f"≤ {goal:g} s"] if goal else []) + \
            ([f"≤ {ratio_goal:g}× floor"] if ratio_goal else [])
        goal_text = f" (goal {', '.join(goals)}{' OK' if ok else ' MISSED'})" if goals else ""
        rss = self.rows[-1][3]
        print(f"{name:<34} {took:8.3f} s   floor {floor if floor is not None else float('nan'):7.3f} s "
              f"{ratio}  peak RSS so far {rss:6.0f} MB{goal_text}", flush=True)
        return result


def main() -> int:
    communes = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    years = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    year_list = list(range(2024 - years + 1, 2025))
    rng = random.Random(11)
    base = demo_dataset()
    steps = Steps()
    with tempfile.TemporaryDirectory(prefix="ebgov-bench-superior-") as d:
        root = Path(d)
        t = time.perf_counter()
        keys = [signing.new_private_key() for _ in range(communes)]
        folders = {}
        for year in year_list:
            folder = root / f"usb-{year}"
            folder.mkdir()
            folders[year] = folder
            for i in range(communes):
                ds = varied(base, rng, i, year)
                assert not rule_errors(ds)
                raw = build_package(ds, revision=1, private_key=keys[i], program="ebgov-desktop",
                                    program_version="bench", created_at=f"{year + 1}-01-05T08:00:00+07:00")
                (folder / package_file_name(ds, ds.period, 1)).write_bytes(raw)
        print(f"generated {communes} communes × {years} years = {communes * years} packages in "
              f"{time.perf_counter() - t:.1f} s", flush=True)

        ws = Workspace.open(root / "tinh")
        ws.set_unit(DISTRICT)
        # the province received each commune's key fingerprint with its list: first packages confirmed
        set_listed_fingerprints(ws, {f"{20000 + i:05d}": signing.fingerprint(signing.public_key_of(keys[i]))
                                     for i in range(communes)})
        t = time.perf_counter()
        for year in year_list[:-1]:
            sup.import_packages(ws, [folders[year]], backup=False)
        print(f"earlier years imported (untimed setup): {time.perf_counter() - t:.1f} s", flush=True)
        # the expected list: every commune but two (two unexpected senders), and two never sending
        for i in range(communes - 2):
            sup.add_expected(ws, f"{20000 + i:05d}", f"Thử Nghiệm {i}")
        sup.add_expected(ws, "99998", "Chưa Gửi Một")
        sup.add_expected(ws, "99999", "Chưa Gửi Hai")
        last = year_list[-1]
        files = sorted(folders[last].iterdir())

        def verify_only():
            for f in files:
                read_package(f.read_bytes(), schemas=schemas())

        report = steps.run(f"import {len(files)} packages ({last})",
                           lambda: sup.import_packages(ws, [folders[last]], backup=False), verify_only,
                           10 if communes <= 1000 else None, ratio_goal=1.3)
        assert not report.refused, report.refused[:3]
        period = str(last)

        def select_only():
            ws.store.db.execute("SELECT id, unit_code, revision, status, imported_at, public_key FROM package "
                                "WHERE period = ? AND status IN ('current', 'conflict')", [period]).fetchall()

        # the board as the window gets it: with its search keys folded once (the filter's)
        b = steps.run("board", lambda: (lambda b: (b, b.search)[0])(sup.board(ws, period)), select_only)
        print(f"  {b.sentence}; {len(b.unexpected)} unexpected; missing: {', '.join(b.missing_names)}")
        rows = b.all_rows

        def typing():  # what the window does per keystroke
            for text in ("t", "th", "thu", "thu ng", "thu nghiem 99", "thu nghiem 999"):
                b.search.matching(text)

        def typing_floor():
            for text in ("t", "th", "thu", "thu ng", "thu nghiem 99", "thu nghiem 999"):
                [r for r in rows if text in r.unit.name]

        steps.run("board filter (6 keystrokes)", typing, typing_floor, 0.005, per=6)
        print(f"  per keystroke: {steps.rows[-1][1] / 6 * 1000:.1f} ms for {len(rows)} rows")

        def parse_only():
            for _id, _code, data in SuperiorRepository(ws.store).current_data(period):
                json.loads(data)

        view = steps.run("consolidated view + table",
                         lambda: (lambda v: (v, sup.consolidated_table(v)))(sup.consolidated(ws, period)),
                         parse_only, 1)[0]
        pdf = root / "r.pdf"
        result = steps.run("consolidated PDF",
                           lambda: sup.make_consolidated_report(ws, period, pdf, view=view),
                           lambda: _bare_table_pdf(view, root / "floor.pdf"), 3)
        print(f"  {result.pages} pages, {result.size:,} bytes")
        sheets = sup.workbook_sheets(view)
        steps.run(f"Excel workbook ({len(sheets)} sheets)",
                  lambda: sup.write_consolidated_workbook(view, root / "t.xlsx"),
                  lambda: _bare_workbook(sheets, root / "floor.xlsx"), 1.5)
        ws.close()
    rss = peak_rss_mb()
    print(f"peak memory of the whole run (max RSS): {rss:.0f} MB (goal ≤ 200 MB"
          f"{' OK' if rss <= 200 else ' MISSED'})" if rss else "peak memory: n/a")
    ok = all(row[-1] for row in steps.rows) and (rss is None or rss <= 200)
    return 0 if ok else 1


def _bare_table_pdf(view, out):
    """Floor: the communes × indicators annex alone, a plain reportlab table in a plain document."""
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate, Table

    rows = [[str(i), view.names.get(ds.unit.code, "")] + ["81,5"] * 8
            for i, ds in enumerate(view.consolidation.datasets, 1)]
    SimpleDocTemplate(str(out), pagesize=A4).build([Table(rows, repeatRows=1)])


def _bare_workbook(sheets, out):
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    for title, (headers, rows) in sheets:
        ws = wb.create_sheet(title)
        ws.append(headers)
        for r in rows:
            ws.append(r)
    wb.save(out)


if __name__ == "__main__":
    raise SystemExit(main())
