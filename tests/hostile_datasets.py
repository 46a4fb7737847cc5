"""Hostile dataset files (issue #24): the JSON a ``load`` (or the window's "Nạp tệp dữ liệu") reads,
mutated as a damaged stick or an attacker would, and the harness that loads each one alone into a
commune's workspace through ``read_dataset_file`` + ``Workspace.load_dataset`` (what ``load`` calls).

Shared by ``tests/test_hostile_files.py`` (a sample) and ``bench/hostile.py`` (≥ 200). Counters:
crashes (anything but a ``UserError``), hangs (> ``HANG_SECONDS``), partial changes (a refused file
that changed the workspace).
"""

from __future__ import annotations

import hashlib
import json
import random
import time
from dataclasses import dataclass

from hostile_stats import HANG_SECONDS, HostileStats


def _base() -> dict:
    from ebgov_desktop.services.datasets import demo_dataset

    return json.loads(demo_dataset().to_json())


def _strings(data, path=()):
    """Every (path, value) of a string in ``data``."""
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _strings(v, path + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _strings(v, path + (i,))
    elif isinstance(data, str):
        yield path, data


def _set(data, path, value):
    for p in path[:-1]:
        data = data[p]
    data[path[-1]] = value


def _dumps(data) -> bytes:
    return json.dumps(data, ensure_ascii=True).encode("ascii")


def _structured(base: dict, big: bool):
    def changed(fn):
        d = json.loads(json.dumps(base))
        fn(d)
        return _dumps(d)

    deep = 200_000 if big else 20_000
    yield "deep-arrays", b'{"format": ' + b"[" * deep + b"]" * deep + b"}"
    yield "deep-objects", b'{"x": ' + b'{"a": ' * deep + b"1" + b"}" * deep + b"}"
    yield "int-5000-digits", b'{"format": "ebgov-dataset", "version": ' + b"9" * 5000 + b"}"
    yield "float-1e400", changed(lambda d: d["values"].__setitem__("docs.incoming_total", 1e308 * 10)) \
        .replace(b"Infinity", b"1e400")
    yield "nan", changed(lambda d: d["values"].__setitem__("docs.incoming_total", float("nan")))
    yield "quantity-10-12", changed(lambda d: d["register"][0].__setitem__("quantity", 10**12))
    yield "year-minus-5", changed(lambda d: d["register"][0].__setitem__("year_acquired", -5))
    yield "count-negative", changed(lambda d: d["values"].__setitem__("docs.incoming_total", -1))
    yield "count-huge", changed(lambda d: d["values"].__setitem__("docs.incoming_total", 10**30))
    yield "date-9999-99-99", changed(lambda d: d["values"].__setitem__("doc.date", "9999-99-99"))
    yield "period-weird", changed(lambda d: d.__setitem__("period", "2019-Q9"))
    yield "unit-code-traversal", changed(lambda d: d["unit"].__setitem__("code", "../../x"))
    yield "unit-code-nul", changed(lambda d: d["unit"].__setitem__("code", "19\x0094"))
    yield "template-traversal", changed(lambda d: d.update(version=2, template={"id": "../../x", "version": 1,
                                                                                 "digest": "0" * 64}))
    yield "template-huge-version", changed(lambda d: d.update(version=2, template={"id": "x", "version": 10**30,
                                                                                    "digest": "0"}))
    yield "lone-surrogate-key", changed(lambda d: d["explanations"].__setitem__("\ud800", "x"))
    yield "lone-surrogate-value", changed(lambda d: d["values"].__setitem__("doc.place", "\udfff"))
    yield "nul-value", changed(lambda d: d["values"].__setitem__("doc.place", "a\x00b"))
    yield "long-string", changed(lambda d: d["values"].__setitem__("doc.place", "x" * 3_000_000))
    yield "many-rows", changed(lambda d: d.__setitem__("register", d["register"] * (3000 if big else 300)))
    yield "many-lines", changed(lambda d: d["values"].__setitem__("text.difficulties", ["x"] * 100_000))
    yield "unknown-key", changed(lambda d: d.__setitem__("evil", 1))
    yield "wrong-types", changed(lambda d: d.__setitem__("values", []))
    yield "register-object", changed(lambda d: d.__setitem__("register", {"a": 1}))
    yield "bom", b"\xef\xbb\xbf" + _dumps(base)
    yield "utf16", json.dumps(base, ensure_ascii=False).encode("utf-16")
    yield "empty", b""
    yield "not-json", b"PK\x03\x04" + bytes(range(256))
    yield "over-size", b'{"x": "' + b"a" * (21 * 1024 * 1024) + b'"}'
    yield "duplicate-keys", _dumps(base)[:-1] + b', "format": "ebgov-dataset"}'


def generate(count: int, *, seed: int = 2026, big: bool = False):
    """``count`` hostile dataset files ``(name, bytes, kind)``: the hand-made ones first, then random
    mutations: a string replaced by a lone surrogate, a NUL, a number, a list; a value's type changed;
    byte flips; truncation."""
    rng = random.Random(seed)
    base = _base()
    made = 0
    for kind, raw in _structured(base, big):
        if made >= count:
            return
        yield f"d{made:04d}_{kind}.json", raw, kind
        made += 1
    strings = list(_strings(base))
    text = _dumps(base)
    while made < count:
        how = rng.choice(("surrogate", "nul", "type", "flip", "truncate", "number"))
        if how in ("surrogate", "nul", "type", "number"):
            d = json.loads(text)
            path, value = rng.choice(strings)
            new = {"surrogate": value + "\ud83d", "nul": value + "\x00", "type": [value],
                   "number": rng.choice((-1, 10**15, 1.5, True, None))}[how]
            _set(d, path, new)
            raw = _dumps(d)
        elif how == "flip":
            b = bytearray(text)
            for _ in range(rng.randrange(1, 8)):
                b[rng.randrange(len(b))] = rng.randrange(256)
            raw = bytes(b)
        else:
            raw = text[: rng.randrange(len(text))]
        yield f"d{made:04d}_{how}.json", raw, how
        made += 1


@dataclass
class Stats(HostileStats):
    loaded: int = 0


def checksum(ws) -> str:
    h = hashlib.sha256()
    for table in ("unit", "period", "value", "list_item", "register", "explanation"):
        h.update(repr(ws.store.conn.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()).encode())
    return h.hexdigest()


def run(ws, files) -> Stats:
    """Load each file alone into ``ws`` (a commune holding the demo dataset)."""
    from ebgov_desktop.domain.errors import UserError
    from ebgov_desktop.services.datasets import read_dataset_file

    stats = Stats()
    for path in files:
        stats.tried += 1
        before = checksum(ws)
        t = time.perf_counter()
        try:
            ws.load_dataset(read_dataset_file(path))
            stats.loaded += 1
        except UserError:
            if checksum(ws) != before:
                stats.partial += 1
                stats.problems.append((path.name, "a refused file changed the workspace"))
        except Exception as exc:  # noqa: BLE001 - counting crashes is the point
            stats.crashes += 1
            stats.problems.append((path.name, f"crash: {type(exc).__name__}: {exc}"[:300]))
        took = time.perf_counter() - t
        stats.timed(took, path.name)
        if took > HANG_SECONDS:
            stats.hangs += 1
    return stats
