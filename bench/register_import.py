"""Register import of a 1,000-row spreadsheet: what finding TCVN3 / VNI text costs.

Run by hand: ``.venv/bin/python bench/register_import.py [ROWS]``. Writes a register of ROWS rows (the
demo's items over and over, each with its own asset code) as .xlsx in Unicode, and the same typed in
TCVN3 with the .VnTime font, then times ``read_sheet`` + ``preview_import`` exactly as the window and
``ebgov-desktop register import`` call them. The floor is the same run with the legacy-text step
switched off (no font scan, no detection): Unicode import / floor should stay within noise (≤ 1.05).
Each figure is the best of 5 runs.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from legacy_files import legacy_workbook  # noqa: E402

from ebgov_desktop.domain import legacy_text as lt  # noqa: E402
from ebgov_desktop.domain.periods import Period  # noqa: E402
from ebgov_desktop.services import register_columns, register_io  # noqa: E402
from ebgov_desktop.services.datasets import demo_dataset  # noqa: E402
from ebgov_desktop.services.workspace import Workspace  # noqa: E402


def best_of(runs: int, fn) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    demo = demo_dataset()
    headers, body = register_io.register_sheet(demo.register, demo.template)
    code = headers.index("Mã tài sản")
    rows = []
    for i in range(count):
        row = list(body[i % len(body)])
        row[code] = f"TS-{i:05d}"
        rows.append(row)
    with tempfile.TemporaryDirectory(prefix="ebgov-bench-register-") as d:
        root = Path(d)
        unicode_file = legacy_workbook(root / "unicode.xlsx", headers, rows, [None] * len(headers))
        tcvn3_file = legacy_workbook(root / "tcvn3.xlsx", headers, rows, [lt.TCVN3] * len(headers))
        ws = Workspace.open(root / "ws")
        ws.set_unit(demo.unit)
        ws.create_period(Period.parse("2019"))

        def run(path):
            preview = register_io.preview_import(ws, register_io.read_sheet(path))
            assert preview.count(register_io.NEW) == count, preview.summary()

        run(unicode_file)  # warm: imports, caches
        took = best_of(5, lambda: run(unicode_file))
        took_legacy = best_of(5, lambda: run(tcvn3_file))
        real_repair, real_fonts = register_io.repair_rows, register_columns.sheet_fonts
        register_io.repair_rows = lambda rows, **_kw: (rows, [])
        register_columns.sheet_fonts = lambda *_a, **_kw: {}
        try:
            floor = best_of(5, lambda: run(unicode_file))
        finally:
            register_io.repair_rows, register_columns.sheet_fonts = real_repair, real_fonts
        ws.close()
    print(f"{count} rows, read_sheet + preview_import, best of 5")
    print(f"Unicode register: {took * 1000:.0f} ms; floor (legacy step off): {floor * 1000:.0f} ms; "
          f"ratio {took / floor:.3f} (goal ≤ 1.05)")
    print(f"TCVN3 register in .VnTime (font scan + conversion): {took_legacy * 1000:.0f} ms; "
          f"ratio to the floor {took_legacy / floor:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
