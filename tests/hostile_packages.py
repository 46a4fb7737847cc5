"""Hostile packages, as an attacker with a USB stick would make them, and the harness that imports them.

Shared by ``tests/test_exchange_hostile.py`` (a bounded run) and ``bench/hostile.py`` (≥ 2,000, with
times and memory). ``seed_packages()`` gives the honest packages a superior workspace holds first (a
few communes, revision 2, each with its key); ``generate(count)`` yields ``Hostile`` packages of every
kind in turn: byte flips, truncation, renamed and duplicated members, traversal names, zip bombs, deep
and wide JSON, long strings of escapes, bad Unicode, wrong types in every field, small-order and
non-canonical keys and signatures, foreign keys, replayed and forked revisions.

``run(ws, files)`` imports each file alone through ``services.packages.import_packages`` (the one
import the window and the command line use) and counts: crashes (an exception out of the import),
hangs (a package taking more than ``HANG_SECONDS``), partial imports (the workspace's packages and keys
changed by a package that was refused or identical), tampered accepted (a package made without the
unit's private key that was stored), and the worst time per package.
"""

from __future__ import annotations

import hashlib
import io
import json
import random
import struct
import time
import warnings
import zipfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterator

from hostile_stats import HANG_SECONDS, HostileStats
from superior_data import Commune, make_communes, package_bytes

from ebgov_desktop.domain.dataset import canonical_json
from ebgov_desktop.exchange import signing
from ebgov_desktop.exchange.container import MAX_PACKAGE_BYTES, build_container, deflate
from ebgov_desktop.exchange.package import signed_message
from ebgov_desktop.services.datasets import demo_dataset

DEMO_CODE = demo_dataset().unit.code  # the demo commune, xã Quảng Thọ
CREATED = "2020-01-05T08:00:00+07:00"
_L = 2**252 + 27742317777372353535851937790883648493


@dataclass(frozen=True)
class Hostile:
    name: str
    kind: str
    raw: bytes
    tampered: bool  # made without the unit's private key: must never be stored


@dataclass
class Stats(HostileStats):
    tampered_accepted: int = 0
    outcomes: dict = field(default_factory=dict)


# -- honest packages -------------------------------------------------------------------------------

def seed_communes(count: int = 6) -> list[Commune]:
    return make_communes(count, 2019, seed=11, code_base=30000)


def seed_packages(communes: list[Commune]) -> dict[str, bytes]:
    """File name → bytes: revision 2 of each commune (what the workspace holds before the attack)."""
    return {f"seed_{c.code}_r2.ebgov": package_bytes(c, revision=2) for c in communes}


def _changed(commune: Commune, n: int):
    ds = commune.dataset
    values = dict(ds.values)
    values["docs.incoming_processed"] = 1000 + n
    return replace(ds, values=values)


# -- building blocks -------------------------------------------------------------------------------

def _manifest_for(payload: bytes, key: bytes, **changes) -> dict:
    stored = deflate(payload)
    manifest = {
        "format": "ebgov-package", "format_version": 1, "program": "ebgov-desktop",
        "program_version": "0.1.0", "unit_code": "39999", "unit_kind": "xa", "unit_name": "Giả Mạo",
        "province_code": "46", "period": "2019", "revision": 1, "created_at": CREATED,
        "payload_sha256": hashlib.sha256(payload).hexdigest(), "payload_size": len(payload),
        "payload_zip_sha256": hashlib.sha256(stored).hexdigest(),
        "public_key": signing.public_key_of(key),
    }
    manifest.update(changes)
    return manifest


def self_signed(payload: bytes, key: bytes | None = None, **changes) -> bytes:
    """A package around any payload, hashed and signed with ``key`` (a fresh one by default)."""
    key = key or signing.new_private_key()
    manifest = _manifest_for(payload, key, **changes)
    if "signature" not in changes:
        manifest["signature"] = signing.sign(key, signed_message(manifest))
    return build_container(canonical_json(manifest), deflate(payload), payload)


def raw_manifest(manifest: bytes, payload: bytes = b"{}") -> bytes:
    return build_container(manifest, deflate(payload), payload)


def zip_of(entries, method=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buf, "w", method) as z:
        warnings.simplefilter("ignore")  # "Duplicate name": that is the point
        for name, data in entries:
            z.writestr(name, data)
    return buf.getvalue()


def _noise(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("abcdefghijklmnopqrstuvwxyzQWERTYUIOP0123456789") for _ in range(n))


# -- the kinds -------------------------------------------------------------------------------------

class _Maker:
    def __init__(self, communes: list[Commune], seed: int, big: bool):
        self.communes = communes
        self.rng = random.Random(seed)
        self.big = big
        self.valid = {c.code: package_bytes(c, dataset=_changed(c, 1), revision=3) for c in communes}
        demo = communes[0].dataset
        self.demo_payload = demo.to_json()
        self.demo_data = json.loads(self.demo_payload)

    def commune(self) -> Commune:
        return self.rng.choice(self.communes)

    # byte-level damage of an honest package
    def flip(self, i):
        data = bytearray(self.valid[self.commune().code])
        for _ in range(self.rng.randint(1, 4)):
            data[self.rng.randrange(len(data))] ^= self.rng.randint(1, 255)
        return "flip", bytes(data), True

    def truncate(self, i):
        raw = self.valid[self.commune().code]
        return "truncate", raw[: self.rng.randrange(len(raw))], True

    def rename(self, i):
        raw = self.valid[self.commune().code]
        old = self.rng.choice([b"manifest.json", b"data.json"])
        new = bytearray(old)
        at = self.rng.randrange(len(new))
        new[at] = self.rng.choice([c for c in b"XYZ_~." if c != new[at]])  # a real change
        count = self.rng.choice([1, 2])  # the local header only, or both
        return "rename", raw.replace(old, bytes(new), count), True

    def duplicate(self, i):
        z = zipfile.ZipFile(io.BytesIO(self.valid[self.commune().code]))
        m, d = z.read("manifest.json"), z.read("data.json")
        entries = self.rng.choice([[("manifest.json", m), ("data.json", d), ("data.json", d)],
                                   [("manifest.json", m), ("manifest.json", m), ("data.json", d)],
                                   [("manifest.json", m), ("data.json", d), ("extra.txt", b"x")],
                                   [("data.json", d), ("manifest.json", m)]])
        return "duplicate", zip_of(entries), True

    def traversal(self, i):
        z = zipfile.ZipFile(io.BytesIO(self.valid[self.commune().code]))
        m, d = z.read("manifest.json"), z.read("data.json")
        bad = self.rng.choice(["../data.json", "/data.json", "C:data.json", "a/../data.json",
                               "..\\data.json", "data.json\x00.txt", "./data.json"])
        return "traversal", zip_of([("manifest.json", m), (bad, d)]), True

    def bomb(self, i):
        size = self.rng.choice([1 << 20, 8 << 20, 16 << 20] if self.big else [1 << 20, 2 << 20])
        payload = b" " * size
        raw = self_signed(payload)
        if self.rng.random() < 0.5:  # a lying declared size: 100 bytes declared, megabytes inside
            raw = raw.replace(struct.pack("<I", size), struct.pack("<I", 100))
        return "bomb", raw, True

    def deep(self, i):
        n = self.rng.choice([17, 100, 1000, 20000])
        doc = b'{"a":' * n + b"1" + b"}" * n if self.rng.random() < 0.5 else b"[" * n + b"]" * n
        if self.rng.random() < 0.5:
            return "deep", raw_manifest(doc[:60000]), True
        return "deep", self_signed(doc), True

    def wide(self, i):
        n = self.rng.choice([50_000, 500_000] if self.big else [50_000, 200_000])
        numbers = ",".join(map(str, range(n)))
        doc = ("[" + numbers + "]").encode() if self.rng.random() < 0.5 else \
            ('{"values":{' + ",".join(f'"k.{j}":{j}' for j in range(n)) + "}}").encode()
        return "wide", self_signed(doc), True

    def escapes(self, i):
        if self.rng.random() < 0.4:  # the 64 KiB manifest of the report: '"' then \" × 32,767
            return "escapes", raw_manifest(b'"' + b'\\"' * 32767), True
        pieces = 2000 if not self.big or self.rng.random() < 0.7 else 400_000
        body = "".join('\\"' + self.rng.choice("abcdefghijklmnop") for _ in range(pieces))
        doc = ('{"a":"' + body).encode()  # an unterminated string of escapes, self-signed
        if self.rng.random() < 0.5:
            doc += b'"}'
        return "escapes", self_signed(doc), True

    def unicode(self, i):
        choice = self.rng.randrange(6)
        if choice == 0:  # a lone surrogate escape in the manifest: no key needed
            m = _manifest_for(self.demo_payload, signing.new_private_key(), unit_name="X")
            text = canonical_json(m).replace(b'"X"', b'"\\ud800"')
            return "unicode", raw_manifest(text, self.demo_payload), True
        if choice == 1:
            m = _manifest_for(self.demo_payload, signing.new_private_key(), unit_name="X")
            text = canonical_json(m).replace(b'"X"', b'"\\udfff\\ud800"')
            return "unicode", raw_manifest(text, self.demo_payload), True
        if choice == 2:  # a lone surrogate in data.json, signed
            doc = self.demo_payload.replace(b'"Qu', b'"\\udc80Qu', 1)
            return "unicode", self_signed(doc), True
        if choice == 3:  # CESU-8 encoded surrogate bytes
            doc = self.demo_payload.replace(b'"Qu', b'"\xed\xa0\x80Qu', 1)
            return "unicode", self_signed(doc), True
        if choice == 4:  # invalid UTF-8 in the manifest
            m = canonical_json(_manifest_for(self.demo_payload, signing.new_private_key()))
            return "unicode", raw_manifest(m.replace(b"Gi", b"\xff\xfe", 1), self.demo_payload), True
        doc = self.demo_payload.replace(b"{", b"\xef\xbb\xbf{", 1)  # a BOM
        return "unicode", self_signed(doc), True

    _WRONG = (None, True, 1, -1, 1.5, "x", "", [], {}, [1], {"a": 1}, "0" * 200, 10**20)

    def types(self, i):
        c = self.commune()
        if self.rng.random() < 0.5:  # a manifest field of the wrong type (signed by its own key)
            manifest_keys = list(_manifest_for(b"{}", c.key).keys()) + ["signature"]
            changes = {"unit_code": "39998", self.rng.choice(manifest_keys): self.rng.choice(self._WRONG)}
            payload = c.dataset.to_json()
            return "types", self_signed(payload, signing.new_private_key(), **changes), True
        data = json.loads(self.demo_payload)
        where = self.rng.randrange(4)
        value = self.rng.choice(self._WRONG)
        if where == 0:
            k = self.rng.choice(sorted(data["values"]))
            data["values"][k] = value
        elif where == 1:
            row = data["register"][0]
            row[self.rng.choice(sorted(row))] = value
        elif where == 2:
            data[self.rng.choice(sorted(data))] = value
        else:
            data["unit"][self.rng.choice(sorted(data["unit"]))] = value
        payload = canonical_json(data)
        return "types", self_signed(payload, unit_code=DEMO_CODE, unit_name="Quảng Thọ"), True

    def small_order(self, i):
        c = self.commune()
        payload = _changed(c, 7).to_json()
        points = sorted(signing.SMALL_ORDER)
        choice = self.rng.randrange(5)
        if choice == 0:  # keyless forgery: small-order key, R small-order, S = 0
            key = self.rng.choice(points).hex()
            sig = self.rng.choice(points).hex() + "00" * 32
        elif choice == 1:  # the report's example
            key, sig = "01" + "00" * 31, "01" + "00" * 63
        elif choice == 2:  # a real signature made non-canonical: S + L
            k = c.key
            m = _manifest_for(payload, k, unit_code=c.code, revision=4)
            real = bytes.fromhex(signing.sign(k, signed_message(m)))
            s = int.from_bytes(real[32:], "little") + _L
            key, sig = signing.public_key_of(k), (real[:32] + s.to_bytes(32, "little")).hex()
        elif choice == 3:  # a real signature with a trailing newline, or in upper case
            k = c.key
            m = _manifest_for(payload, k, unit_code=c.code, revision=4)
            real = signing.sign(k, signed_message(m))
            key, sig = signing.public_key_of(k), self.rng.choice([real + "\n", real.upper()])
        else:  # p + 1 (a non-canonical encoding of the identity)
            key = ((2**255 - 19) + 1).to_bytes(32, "little").hex()
            sig = "01" + "00" * 63
        stored = deflate(payload)
        m = {**_manifest_for(payload, c.key, unit_code=c.code, unit_name=c.dataset.unit.name,
                             revision=4),
             "public_key": key, "signature": sig,
             "payload_zip_sha256": hashlib.sha256(stored).hexdigest()}
        return "small_order", build_container(canonical_json(m), stored, payload), True

    def foreign(self, i):
        c = self.commune()
        raw = package_bytes(c, dataset=_changed(c, 50 + i % 5), revision=self.rng.choice([2, 3, 999999]),
                            key=signing.new_private_key())
        return "foreign", raw, True

    def replay(self, i):
        c = self.commune()
        if self.rng.random() < 0.5:  # an older revision, honestly signed: refused as older
            return "replay", package_bytes(c, dataset=_changed(c, 99), revision=1), False
        return "replay", package_bytes(c, revision=2), False  # the very same package again

    def fork(self, i):
        c = self.commune()
        if self.rng.random() < 0.5:  # same revision, other data, signed by another key
            return "fork", package_bytes(c, dataset=_changed(c, 200 + i), revision=2,
                                         key=signing.new_private_key()), True
        # the commune itself re-sent revision 2 with other data: a conflict kept aside (honest)
        return "fork", package_bytes(c, dataset=_changed(c, 300 + i % 3), revision=2), False

    def too_big(self, i):
        return "too_big", b"PK\x03\x04" + b"\x00" * (MAX_PACKAGE_BYTES + 1 - 4), True

    ORDER = ("flip", "truncate", "rename", "duplicate", "traversal", "bomb", "deep", "wide", "escapes",
             "unicode", "types", "small_order", "foreign", "replay", "fork", "flip", "types",
             "unicode", "small_order", "escapes")


def generate(count: int, communes: list[Commune], *, seed: int = 1, big: bool = True) -> Iterator[Hostile]:
    """``count`` hostile packages of every kind in turn. ``big``: include the multi-megabyte ones
    (bombs of 16 MiB, 500,000 values, strings of escapes of megabytes, a file over the size limit)."""
    maker = _Maker(communes, seed, big)
    for i in range(count):
        kind = maker.ORDER[i % len(maker.ORDER)]
        if big and i % 500 == 250:
            kind = "too_big"
        label, raw, tampered = getattr(maker, kind)(i)
        yield Hostile(f"h{i:05d}_{label}.ebgov", label, raw, tampered)


# -- the harness -----------------------------------------------------------------------------------

def checksum(ws) -> str:
    """What a refused package must never change: the packages and the keys (not the import log)."""
    h = hashlib.sha256()
    for table in ("package", "unit_key"):
        for row in ws.store.db.execute(f"SELECT * FROM {table} ORDER BY rowid"):
            h.update(repr(tuple(row)).encode())
    return h.hexdigest()


def run(ws, files: list[tuple[Path, bool]], *, progress=None) -> Stats:
    """Import each (file, tampered) alone and count what went wrong."""
    from ebgov_desktop.services.packages import Outcome, import_packages

    stats = Stats()
    for n, (path, tampered) in enumerate(files):
        before = checksum(ws)
        t = time.perf_counter()
        try:
            report = import_packages(ws, [path], backup=False)
        except Exception as exc:  # noqa: BLE001 - counting crashes is the point
            stats.crashes += 1
            stats.problems.append((path.name, f"crash: {type(exc).__name__}: {exc}"[:300]))
            continue
        finally:
            took = time.perf_counter() - t
            stats.tried += 1
            stats.timed(took, path.name)
            if took > HANG_SECONDS:
                stats.hangs += 1
        (result,) = report.results
        stats.outcomes[result.outcome.value] = stats.outcomes.get(result.outcome.value, 0) + 1
        if (result.outcome.refused or result.outcome is Outcome.IDENTICAL) and checksum(ws) != before:
            stats.partial += 1
            stats.problems.append((path.name, f"changed by a refused package ({result.outcome.value})"))
        if tampered and result.outcome.stored:
            stats.tampered_accepted += 1
            stats.problems.append((path.name, f"tampered but {result.outcome.value}: {result.reason}"))
        if progress is not None:
            progress(n + 1, len(files))
    return stats
