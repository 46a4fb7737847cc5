"""Hostile packages against the superior level's import (issue #12): nothing may crash, hang, half-import
or let a forgery in.

Run by hand: ``.venv/bin/python bench/hostile.py [COUNT]`` (default 2,400). A child process writes
COUNT hostile packages (``tests/hostile_packages.py``: byte flips, truncation, renamed and duplicated
members, traversal names, zip bombs, deep and wide JSON, long strings of escapes, bad Unicode, wrong
types in every field, small-order and non-canonical keys and signatures, foreign keys, replayed and
forked revisions, a file over the size limit); this process then imports a few honest communes into a
fresh superior workspace and imports every hostile file alone through ``services.packages
.import_packages``, the import the window and ``ebgov-desktop import`` use. It prints: tried, crashes,
hangs (> 10 s), partial imports (packages or keys changed by a refused package), tampered accepted,
the worst time per package, and the peak memory of this process (the import side only).
Goal: 0 / 0 / 0 / 0, worst ≤ 1 s, peak ≤ 150 MB.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))


def peak_rss_mb() -> float | None:
    try:
        import resource
    except ImportError:  # Windows
        return None
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kb / 1024 if sys.platform != "darwin" else kb / 1024 / 1024


def generate(folder: Path, count: int) -> None:
    from hostile_packages import generate as make
    from hostile_packages import seed_communes, seed_packages

    communes = seed_communes(6)
    (folder / "seed").mkdir()
    (folder / "hostile").mkdir()
    for name, raw in seed_packages(communes).items():
        (folder / "seed" / name).write_bytes(raw)
    index = []
    for h in make(count, communes, seed=2026, big=True):
        (folder / "hostile" / h.name).write_bytes(h.raw)
        index.append([h.name, h.kind, h.tampered])
    (folder / "index.json").write_text(json.dumps(index))


def main() -> int:
    if len(sys.argv) == 4 and sys.argv[1] == "--generate":
        generate(Path(sys.argv[2]), int(sys.argv[3]))
        return 0
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 2400
    with tempfile.TemporaryDirectory(prefix="ebgov-bench-hostile-") as d:
        root = Path(d)
        t = time.perf_counter()
        subprocess.run([sys.executable, __file__, "--generate", str(root), str(count)], check=True)
        index = json.loads((root / "index.json").read_text())
        kinds: dict[str, int] = {}
        for _name, kind, _tampered in index:
            kinds[kind] = kinds.get(kind, 0) + 1
        sizes = sorted((root / "hostile" / n).stat().st_size for n, _k, _t in index)
        print(f"generated {len(index)} hostile packages in {time.perf_counter() - t:.1f} s "
              f"(largest {sizes[-1]:,} B); kinds: " + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())))

        from hostile_packages import run
        from superior_data import DISTRICT

        from ebgov_desktop.services.packages import Outcome, import_packages
        from ebgov_desktop.services.workspace import Workspace

        rss_start = peak_rss_mb()
        ws = Workspace.open(root / "huyen")
        ws.set_unit(DISTRICT)
        seeded = import_packages(ws, [root / "seed"], backup=False)
        assert seeded.count(Outcome.NEW) == len(seeded.results), seeded.summary
        files = [(root / "hostile" / name, tampered) for name, _kind, tampered in index]
        t = time.perf_counter()
        stats = run(ws, files)
        took = time.perf_counter() - t
        ws.close()

    rss = peak_rss_mb()
    print(f"tried: {stats.tried}  crashes: {stats.crashes}  hangs: {stats.hangs}  "
          f"partial imports: {stats.partial}  tampered accepted: {stats.tampered_accepted}")
    print("outcomes: " + ", ".join(f"{k} {n}" for k, n in sorted(stats.outcomes.items())))
    print(f"worst time per package: {stats.worst_seconds:.3f} s ({stats.worst_name}); "
          f"all {stats.tried} in {took:.1f} s, mean {took / max(stats.tried, 1) * 1000:.1f} ms (goal: worst ≤ 1 s)")
    if rss:
        print(f"peak memory (max RSS of the importing process): {rss:.0f} MB "
              f"(before the workspace opened: {rss_start:.0f} MB; goal ≤ 150 MB)")
    for name, what in stats.problems[:20]:
        print(f"  PROBLEM {name}: {what}")
    ok = not (stats.crashes or stats.hangs or stats.partial or stats.tampered_accepted) \
        and stats.worst_seconds <= 1.0 and (rss is None or rss <= 150)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
