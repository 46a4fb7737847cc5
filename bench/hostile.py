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

Issue #24 adds the other doors, each run in a child process of its own (its peak memory is its own):
``--templates N`` (≥ 500 template files, plain and signed: ``tests/hostile_templates.py``, through
``template check``, a superior's import, a commune's import signed by the pinned key and by another, and
the template folder the library lists), ``--sheets N`` (≥ 200 .xlsx and CSV files: ``tests/hostile_sheets
.py``, through ``register import`` and ``units --import``) and ``--datasets N`` (≥ 200 dataset files:
``tests/hostile_datasets.py``, through ``load``). ``--all`` runs the four with the issue's counts. Goal:
0 crashes, 0 hangs over 10 s, 0 partial changes, 0 forged templates used, peak ≤ 300 MB a kind.
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
    if len(sys.argv) == 5 and sys.argv[1] == "--generate-files":
        generate_files(sys.argv[2], Path(sys.argv[3]), int(sys.argv[4]))
        return 0
    if len(sys.argv) >= 2 and sys.argv[1] in FILE_KINDS:
        return run_files(sys.argv[1][2:], int(sys.argv[2]) if len(sys.argv) > 2 else FILE_KINDS[sys.argv[1]])
    if len(sys.argv) == 2 and sys.argv[1] == "--all":
        worst = packages(2400)
        for flag, count in FILE_KINDS.items():
            worst |= subprocess.run([sys.executable, __file__, flag, str(count)]).returncode
        return worst
    return packages(int(sys.argv[1]) if len(sys.argv) > 1 else 2400)


def packages(count: int) -> int:
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


# -- templates, spreadsheets, datasets (issue #24) --------------------------------------------------

FILE_KINDS = {"--templates": 520, "--sheets": 220, "--datasets": 220}


def generate_files(kind: str, folder: Path, count: int) -> None:
    """Write ``count`` hostile files of ``kind`` into ``folder`` with an index (a child process: the
    generator's memory is not counted against the reader's)."""
    index = []
    if kind == "templates":
        from hostile_templates import generate as make

        for h in make(count, big=True):
            (folder / h.name).write_bytes(h.body)
            index.append([h.name, h.kind])
    else:
        make = __import__(f"hostile_{kind}").generate
        for name, raw, what in make(count, big=True):
            name = name.replace(".", "-", name.count(".") - 1)
            (folder / name).write_bytes(raw)
            index.append([name, what])
    (folder / "index.json").write_text(json.dumps(index))


def run_files(kind: str, count: int) -> int:
    with tempfile.TemporaryDirectory(prefix=f"ebgov-bench-hostile-{kind}-") as d:
        root = Path(d)
        files = root / "files"
        files.mkdir()
        t = time.perf_counter()
        subprocess.run([sys.executable, __file__, "--generate-files", kind, str(files), str(count)], check=True)
        index = json.loads((files / "index.json").read_text())
        largest = max((files / n).stat().st_size for n, _k in index)
        print(f"generated {len(index)} hostile {kind} in {time.perf_counter() - t:.1f} s "
              f"(largest {largest:,} B, {len({k for _n, k in index})} kinds)")
        rss_start = peak_rss_mb()
        t = time.perf_counter()
        if kind == "templates":
            from hostile_templates import Doors, HostileTemplate, run

            doors = Doors(root / "work")
            stats = run(doors, [HostileTemplate(n, k, (files / n).read_bytes()) for n, k in index])
            doors.close()
            extra = (f"forged templates used: {stats.forged_used}  accepted by a superior: {stats.accepted} "
                     f"(sample PDF printed: {stats.printed})")
        else:
            from ebgov_desktop.domain.units import Unit, UnitKind
            from ebgov_desktop.services.datasets import demo_dataset
            from ebgov_desktop.services.workspace import Workspace

            xa = Workspace.open(root / "xa")
            xa.load_dataset(demo_dataset())
            if kind == "sheets":
                from hostile_sheets import run

                tinh = Workspace.open(root / "tinh")
                tinh.set_unit(Unit(code="46", kind=UnitKind.TINH, name="Huế", province="Huế",
                                   province_code="46"))
                stats = run(xa, tinh, [(files / n, k) for n, k in index])
                tinh.close()
                extra = f"read: {stats.read}"
            else:
                from hostile_datasets import run

                stats = run(xa, [files / n for n, _k in index])
                extra = f"loaded: {stats.loaded}"
                stats.forged_used = 0
            xa.close()
        took = time.perf_counter() - t
    rss = peak_rss_mb()
    forged = getattr(stats, "forged_used", 0)
    print(f"{kind}: tried {stats.tried}  crashes: {stats.crashes}  hangs (> 10 s): {stats.hangs}  "
          f"partial changes: {stats.partial}  {extra}")
    print(f"worst time per file: {stats.worst_seconds:.2f} s ({stats.worst_name}); all in {took:.1f} s")
    if rss:
        print(f"peak memory of the reading process: {rss:.0f} MB (before the workspaces: {rss_start:.0f} MB; "
              f"goal ≤ 300 MB, so no run over 300 MB)")
    for name, what in stats.problems[:20]:
        print(f"  PROBLEM {name}: {what}")
    ok = not (stats.crashes or stats.hangs or stats.partial or forged) and (rss is None or rss <= 300)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
