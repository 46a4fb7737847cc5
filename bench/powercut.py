"""200 power cuts (SIGKILL of a child editing a workspace through the services layer).

Run by hand: ``.venv/bin/python bench/powercut.py [KILLS] [SEED]``. Prints the integrity errors and the
acknowledged edits lost (both must be 0) and how many edits were acknowledged in all.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import powercut_child as pc  # noqa: E402


def main() -> int:
    kills = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 7
    start = time.perf_counter()

    def progress(n, r):
        if n % 20 == 0:
            print(f"  {n:>4} kills, {r.acked_edits} edits acknowledged, {r.integrity_errors} integrity "
                  f"errors, {r.acked_lost} lost", flush=True)

    with tempfile.TemporaryDirectory(prefix="ebgov-powercut-") as d:
        r = pc.run_harness(Path(d) / "data", kills=kills, seed=seed, max_acks=60, progress=progress)
    took = time.perf_counter() - start
    print(f"kills: {r.kills}")
    print(f"edits acknowledged: {r.acked_edits} (edit in flight found committed: {r.inflight_kept})")
    print(f"integrity errors: {r.integrity_errors}")
    print(f"acknowledged edits lost: {r.acked_lost}")
    print(f"time: {took:.1f} s ({took / max(r.kills, 1) * 1000:.0f} ms per kill cycle)")
    for f in r.failures:
        print("FAIL", f)
    return 0 if r.integrity_errors == 0 and r.acked_lost == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
