"""Power-cut harness: a child edits a workspace through the services layer and acknowledges every
committed edit; the parent kills it with SIGKILL at random moments, reopens the file, runs
``PRAGMA integrity_check`` and checks that every acknowledged edit is there.

Child:  ``python tests/powercut_child.py DATA_DIR SEED`` — prints ``{"begin": edit}`` before an edit and
``{"ack": edit}`` (flushed) after it was committed, forever.
Parent: ``run_harness(data_dir, kills, seed)`` (used by ``tests/test_powercut.py`` and
``bench/powercut.py``).

The one edit in flight when the child dies (begun, not acknowledged) may or may not be in the file;
everything acknowledged before it must be.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

PERIOD = "2019"
COUNT_KEYS = ("staff.civil_servants", "staff.part_time", "staff.computers_on_cpnet",
              "docs.accounts", "docs.incoming_processed", "docs.outgoing_online")
TEXT_KEYS = ("doc.signer_name", "staff.it_officer")
LINES_KEYS = ("text.difficulties", "comments.staff", "software.internal")
_WORDS = ("Quảng Thọ", "máy tính", "một cửa", "điện tử", "<b>&amp;", "tab\there", "dòng\nmới",
          "Ủy ban", "chữ ký số", "x" * 50)


# -- the child -----------------------------------------------------------------------------------
def _text(rng: random.Random) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(rng.randint(1, 4)))[:200]


def _next_edit(rng: random.Random, row_ids: list[int]) -> dict:
    roll = rng.random()
    if roll < 0.35:
        return {"op": "value", "key": rng.choice(COUNT_KEYS), "value": rng.randint(0, 10**6)}
    if roll < 0.45:
        return {"op": "value", "key": rng.choice(TEXT_KEYS), "value": _text(rng)}
    if roll < 0.6:
        lines = [_text(rng) for _ in range(rng.randint(0, 5))]
        return {"op": "value", "key": rng.choice(LINES_KEYS), "value": lines or None}
    if roll < 0.75 or not row_ids:
        return {"op": "add", "row": {"kind": rng.choice(("computer_desktop", "printer", "ups")),
                                     "description": _text(rng), "quantity": rng.randint(1, 9)}}
    if roll < 0.9:
        return {"op": "update", "id": rng.choice(row_ids),
                "changes": {"quantity": rng.randint(1, 99), "notes": _text(rng)}}
    return {"op": "delete", "id": rng.choice(row_ids)}


def child_main(data_dir: str, seed: int) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from ebgov_desktop.domain.periods import Period
    from ebgov_desktop.domain.register import RegisterItem
    from ebgov_desktop.services.workspace import Workspace

    rng = random.Random(seed)
    ws = Workspace.open(data_dir)
    row_ids = [i.id for i in ws.register_items()]
    out = sys.stdout
    while True:
        edit = _next_edit(rng, row_ids)
        out.write(json.dumps({"begin": edit}, ensure_ascii=False) + "\n")
        out.flush()
        op = edit["op"]
        if op == "value":
            ws.set_value(Period.parse(PERIOD), edit["key"], edit["value"])
        elif op == "add":
            edit["id"] = ws.add_item(RegisterItem(**edit["row"]))
            row_ids.append(edit["id"])
        elif op == "update":
            ws.update_item(edit["id"], **edit["changes"])
        else:
            ws.delete_item(edit["id"])
            row_ids.remove(edit["id"])
        out.write(json.dumps({"ack": edit}, ensure_ascii=False) + "\n")
        out.flush()


# -- the parent ----------------------------------------------------------------------------------
def read_state(workspace: Path) -> tuple[bool, dict]:
    """(integrity ok, {"values": …, "rows": {id: row dict}}) as a reopening program sees it."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from ebgov_desktop.storage import Store

    with Store(workspace, migrate=False) as store:
        ok = store.integrity_ok()
        values = store.get_values(PERIOD)
        rows = {i.id: i.to_dict() for i in store.register_items()}
    return ok, {"values": values, "rows": rows}


def apply(state: dict, edit: dict) -> dict:
    values = dict(state["values"])
    rows = {k: dict(v) for k, v in state["rows"].items()}
    op = edit["op"]
    if op == "value":
        if edit["value"] in (None, "", []):
            values.pop(edit["key"], None)
        else:
            values[edit["key"]] = edit["value"]
    elif op == "add":
        base = {"kind": None, "description": "", "quantity": 1, "year_acquired": None, "origin": "",
                "condition": "tot", "location": "", "user_group": "", "cpnet": None,
                "asset_code": "", "notes": "", "year_disposed": None}
        base.update(edit["row"])
        rows[edit["id"]] = base
    elif op == "update":
        rows[edit["id"]].update(edit["changes"])
    else:
        rows.pop(edit["id"])
    return {"values": values, "rows": rows}


def _lost(expected: dict, actual: dict) -> int:
    """How many acknowledged values / rows are not in the file as acknowledged."""
    ev, av = expected["values"], actual["values"]
    er, ar = expected["rows"], actual["rows"]
    return (sum(1 for k in set(ev) | set(av) if ev.get(k) != av.get(k))
            + sum(1 for k in set(er) | set(ar) if er.get(k) != ar.get(k)))


def _matches_with_inflight(expected: dict, actual: dict, inflight: dict | None) -> bool:
    if actual == expected:
        return True
    if inflight is None:
        return False
    if inflight["op"] == "add":  # its id was never acknowledged: take the one new row
        new_ids = set(actual["rows"]) - set(expected["rows"])
        if len(new_ids) != 1:
            return False
        inflight = dict(inflight, id=new_ids.pop())
    return actual == apply(expected, inflight)


@dataclass
class HarnessResult:
    kills: int = 0
    acked_edits: int = 0
    inflight_kept: int = 0
    integrity_errors: int = 0
    acked_lost: int = 0
    failures: list[str] = field(default_factory=list)


def prepare(data_dir: Path) -> None:
    """A workspace holding the demo data, the start of every run."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from ebgov_desktop.services.datasets import demo_dataset
    from ebgov_desktop.services.workspace import Workspace

    with Workspace.open(data_dir) as ws:
        ws.load_dataset(demo_dataset())


def run_harness(data_dir: Path, kills: int, seed: int = 1, max_acks: int = 40,
                progress=None) -> HarnessResult:
    data_dir = Path(data_dir)
    prepare(data_dir)
    workspace = data_dir / "workspace.sqlite"
    rng = random.Random(seed)
    result = HarnessResult()
    ok, expected = read_state(workspace)
    for n in range(kills):
        target = rng.randint(0, max_acks)
        proc = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), str(data_dir), str(rng.randrange(2**31))],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8",
            env=dict(os.environ, PYTHONIOENCODING="utf-8"))  # the child's too (Windows: code page 1258)
        acks, inflight, killed = 0, None, False
        try:
            while True:
                line = proc.stdout.readline()
                if not line:
                    if killed:
                        break
                    raise RuntimeError(f"child died on its own: {proc.stderr.read()[-2000:]}")
                if not line.endswith("\n"):
                    break  # half a line written when the power went: not an acknowledgement
                msg = json.loads(line)
                if "begin" in msg:
                    inflight = msg["begin"]
                else:
                    expected = apply(expected, msg["ack"])
                    inflight = None
                    acks += 1
                if acks >= target and not killed:
                    proc.kill()  # SIGKILL on POSIX: the child may be anywhere in its next edit
                    killed = True
                    # what it printed before dying still counts: read on to the end of the pipe
        finally:
            proc.kill()
            proc.wait()
            proc.stdout.close()
            proc.stderr.close()
        result.kills += 1
        result.acked_edits += acks
        ok, actual = read_state(workspace)
        if not ok:
            result.integrity_errors += 1
            result.failures.append(f"kill {n}: integrity_check failed")
        if not _matches_with_inflight(expected, actual, inflight):
            lost = _lost(expected, actual)
            result.acked_lost += lost
            result.failures.append(f"kill {n}: {lost} acknowledged edits not in the file")
        elif actual != expected:
            result.inflight_kept += 1
        expected = actual
        if progress:
            progress(n + 1, result)
    return result


if __name__ == "__main__":
    child_main(sys.argv[1], int(sys.argv[2]))
