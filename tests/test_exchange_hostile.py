"""Nothing on a USB stick can hang, exhaust, forge or crash the reader (issue #12, points 1, 2, 3, 5).

Each test reproduces one finding; ``test_a_bounded_run_of_hostile_packages`` is the small run of
``bench/hostile.py`` (every kind of hostile package, through the one import service).
"""

import json
import os
import random
import sys
import textwrap
import tracemalloc

import pytest
from hostile_packages import generate, raw_manifest, run, seed_communes, seed_packages, self_signed
from superior_data import DISTRICT, package_bytes

from ebgov_desktop.domain.dataset import canonical_json
from ebgov_desktop.domain.tasks import TaskState
from ebgov_desktop.exchange import PackageError, ReadCancelled, read_package, signing
from ebgov_desktop.exchange.container import build_container, deflate
from ebgov_desktop.exchange.jsonlimits import MAX_VALUES, load_limited
from ebgov_desktop.exchange.package import signed_message
from ebgov_desktop.services.datasets import demo_dataset
from ebgov_desktop.services.packages import Outcome, import_packages, schemas
from ebgov_desktop.services.workspace import Workspace

DEMO_CODE = demo_dataset().unit.code  # the demo commune, xã Quảng Thọ
ESCAPES_MANIFEST = b'"' + b'\\"' * 32767  # the 64 KiB manifest.json of the report


@pytest.fixture(scope="module")
def demo():
    return demo_dataset()


@pytest.fixture
def superior(tmp_path):
    ws = Workspace.open(tmp_path / "huyen")
    ws.set_unit(DISTRICT)
    yield ws
    ws.close()


def refused(raw: bytes) -> PackageError:
    with pytest.raises(PackageError) as info:
        read_package(raw, schemas=schemas())
    assert info.value.reason
    return info.value


# -- 1. hang: time linear in the size --------------------------------------------------------------

@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_CPU is POSIX")
def test_strings_of_escapes_never_hang_the_reader(tmp_path):
    """The report's shapes: a 64 KiB manifest and a self-signed 1 MB data.json of ``\\"``. The old
    depth check took 13 s and ~2 h on them; run in a child with a CPU ceiling 50× above what the
    linear reader needs, a hang shows as a killed child (this is a hang guard, not a timing)."""
    rng = random.Random(1)  # random letters between the escapes: deflates ~6×, under the bomb ratio
    pieces = "".join('\\"' + rng.choice("abcdefghijklmnop") for _ in range(350_000))
    (tmp_path / "m.ebgov").write_bytes(raw_manifest(ESCAPES_MANIFEST))
    (tmp_path / "d.ebgov").write_bytes(self_signed(('{"a":"' + pieces).encode()))
    child = textwrap.dedent(f"""
        import resource, sys
        resource.setrlimit(resource.RLIMIT_CPU, (20, 20))
        from pathlib import Path
        from ebgov_desktop.exchange import PackageError, read_package
        from ebgov_desktop.services.packages import schemas
        for name in ("m.ebgov", "d.ebgov"):
            try:
                read_package(Path({str(tmp_path)!r}, name).read_bytes(), schemas=schemas())
            except PackageError as exc:
                print(name, exc.reason)
    """)
    import subprocess

    # the reasons are Vietnamese: UTF-8 both ways, whatever the console's code page (1258 on Windows)
    done = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True, encoding="utf-8",
                          env=dict(os.environ, PYTHONIOENCODING="utf-8"))
    assert done.returncode == 0, f"the reader was killed (hang): {done.returncode} {done.stderr[-500:]}"
    lines = done.stdout.splitlines()
    assert lines[0].startswith("m.ebgov manifest.json") or lines[0].startswith("m.ebgov mục manifest.json")
    assert lines[1].startswith("d.ebgov mục data.json")


def test_cancel_acts_inside_a_long_package(demo):
    raw = self_signed(demo.to_json())
    asked = []

    def cancelled():
        asked.append(1)
        return len(asked) > 2  # the officer pressed Dừng while the package was being read

    with pytest.raises(ReadCancelled):
        read_package(raw, schemas=schemas(), cancelled=cancelled)
    assert len(asked) == 3


def test_cancel_during_a_package_stops_the_import_and_keeps_nothing_of_it(superior, tmp_path):
    communes = seed_communes(2)
    for c in communes:
        (tmp_path / f"{c.code}.ebgov").write_bytes(package_bytes(c))
    calls = []

    class Polled(TaskState):
        @property
        def cancelled(self):
            calls.append(1)
            return len(calls) > 4  # inside the first package

    report = import_packages(superior, [tmp_path], state=Polled(), backup=False)
    assert report.cancelled and report.results == []
    assert superior.store.db.execute("SELECT COUNT(*) FROM package").fetchone()[0] == 0


# -- 2. memory: linear in the size -----------------------------------------------------------------

def test_reading_hostile_json_costs_memory_linear_in_its_size():
    """The old check used ~120 bytes per character of a string of escapes (a 4.7 MB package: 2 GB)."""
    doc = b'"' + b'\\"' * 16384
    with pytest.raises(PackageError):  # warm up: schemas loaded, regular expressions compiled
        read_package(raw_manifest(b'"' + b'\\"' * 10), schemas=schemas())
    raw = raw_manifest(doc)
    tracemalloc.start()
    try:
        read_package(raw, schemas=schemas())
    except PackageError as exc:
        reason = exc.reason
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert "JSON" in reason
    assert peak < 12 * len(doc), f"{peak:,} bytes traced for a {len(doc):,}-byte manifest"


def test_wide_json_is_refused_before_it_is_built():
    doc = ("[" + ",".join("0" for _ in range(MAX_VALUES + 1)) + "]").encode()
    tracemalloc.start()
    try:
        with pytest.raises(ValueError, match="quá nhiều giá trị"):
            load_limited(doc)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 4 * len(doc)  # a list of 400,001 ints would be ~3.2 MB of pointers alone
    assert load_limited(b'{"a":[1,2,{"b":"\\\\\\""}]}') == {"a": [1, 2, {"b": '\\"'}]}


def test_depth_limits_hold_exactly():
    ok = b"[" * 16 + b"]" * 16
    assert load_limited(ok) == json.loads(ok)
    with pytest.raises(ValueError, match="sâu"):
        load_limited(b"[" * 17 + b"]" * 17)
    # brackets inside strings and escaped quotes do not count
    assert load_limited(b'["[[[[[[[[[[[[[[[[[[[[\\"]]]]"]') == ['[[[[[[[[[[[[[[[[[[[["]]]]']
    # strings running across the pre-scan's chunks, full of brackets and commas, are still strings
    text = "[{," * 30_000
    doc = json.dumps([text, {"a": [text, "x"]}, text[:-1]]).encode()
    assert load_limited(doc) == [text, {"a": [text, "x"]}, text[:-1]]


# -- 3. keyless forgery -----------------------------------------------------------------------------

def _forge(payload: bytes, public_key: str, signature: str, **changes) -> bytes:
    from hostile_packages import _manifest_for

    stored = deflate(payload)
    m = _manifest_for(payload, signing.new_private_key(), unit_code=DEMO_CODE, unit_name="Quảng Thọ",
                      **changes)
    m.update(public_key=public_key, signature=signature)
    return build_container(canonical_json(m), stored, payload)


def test_a_small_order_key_forges_nothing(demo, superior, tmp_path):
    """Key ``01`` + 31 zeros and signature ``01`` + 63 zeros 'verified' for any content."""
    raw = _forge(demo.to_json(), "01" + "00" * 31, "01" + "00" * 63)
    assert "bậc nhỏ" in refused(raw).reason
    (tmp_path / "forged.ebgov").write_bytes(raw)
    report = import_packages(superior, [tmp_path / "forged.ebgov"], backup=False)
    assert report.results[0].outcome is Outcome.INVALID
    assert superior.store.db.execute("SELECT COUNT(*) FROM unit_key").fetchone()[0] == 0


def _order_divides_8(encoding: bytes) -> bool:
    """Recompute from the curve (RFC 8032 §5.1.3 decoding, affine doubling) that [8]P is the identity."""
    p = 2**255 - 19
    d = (-121665 * pow(121666, p - 2, p)) % p
    n = int.from_bytes(encoding, "little")
    y, sign = n & ((1 << 255) - 1), n >> 255
    u, v = (y * y - 1) % p, (d * y * y + 1) % p
    x = (u * pow(v, 3, p) * pow(u * pow(v, 7, p), (p - 5) // 8, p)) % p
    if (v * x * x) % p != u:
        x = (x * pow(2, (p - 1) // 4, p)) % p
    assert (v * x * x) % p == u, "on the curve"
    if x & 1 != sign:
        x = p - x
    for _ in range(3):
        xy, x2, y2 = x * y % p, x * x % p, y * y % p
        dxy = d * x2 * y2 % p
        x, y = 2 * xy * pow(1 + dxy, p - 2, p) % p, (y2 + x2) * pow(1 - dxy, p - 2, p) % p
    return (x, y) == (0, 1)


def test_all_eight_small_order_points_and_non_canonical_encodings_are_refused(demo):
    assert len(signing.SMALL_ORDER) == 8
    for point in sorted(signing.SMALL_ORDER):
        assert _order_divides_8(point)
        assert "bậc nhỏ" in signing.key_problem(point.hex())
        assert "bậc nhỏ" in refused(_forge(demo.to_json(), point.hex(), point.hex() + "00" * 32)).reason
    p_plus_1 = ((2**255 - 19) + 1).to_bytes(32, "little").hex()  # the identity, not canonical
    assert "không ở dạng mã hóa chuẩn" in signing.key_problem(p_plus_1)
    assert "không ở dạng mã hóa chuẩn" in signing.key_problem("01" + "00" * 30 + "80")  # x = -0
    fresh = signing.public_key_of(signing.new_private_key())
    assert signing.key_problem(fresh) == ""


def test_non_canonical_s_and_a_trailing_newline_are_refused(demo):
    from hostile_packages import _manifest_for

    key = signing.new_private_key()
    payload = demo.to_json()
    m = _manifest_for(payload, key, unit_code=DEMO_CODE, unit_name="Quảng Thọ")
    real = signing.sign(key, signed_message(m))
    raw = bytes.fromhex(real)
    s_plus_l = (int.from_bytes(raw[32:], "little") + 2**252 + 27742317777372353535851937790883648493)
    tricked = (raw[:32] + s_plus_l.to_bytes(32, "little")).hex()
    pub = signing.public_key_of(key)
    assert "S ≥ L" in refused(_forge(payload, pub, tricked)).reason
    # the schema's patterns are full matches now ("$" no longer matches before a final newline)
    assert "'signature'" in refused(_forge(payload, pub, real + "\n")).reason
    assert "'public_key'" in refused(_forge(payload, pub + "\n", real)).reason
    assert "'signature'" in refused(_forge(payload, pub, real.upper())).reason
    with pytest.raises(PackageError, match="128 ký tự hex"):  # and the signing layer on its own
        signing.verify(pub, b"x", real + "\n")
    # and the honest signature still verifies: version 1 reads as before
    read_package(_forge(payload, pub, real), schemas=schemas())


# -- 5. bad Unicode ---------------------------------------------------------------------------------

def test_a_lone_surrogate_in_the_manifest_is_refused_in_vietnamese(demo):
    from hostile_packages import _manifest_for

    m = _manifest_for(demo.to_json(), signing.new_private_key(), unit_name="X")
    text = canonical_json(m).replace(b'"X"', b'"\\ud800"')
    err = refused(raw_manifest(text, demo.to_json()))
    assert "manifest.json" in err.reason and "Unicode" in err.reason


def test_every_string_that_is_not_unicode_is_refused(demo):
    payload = demo.to_json()
    for doc in (payload.replace(b'"Qu', b'"\\udc80Qu', 1),  # lone low half
                payload.replace(b'"Qu', b'"\\ud83dQu', 1),  # lone high half
                payload.replace(b'"Qu', b'"\xed\xa0\x80Qu', 1),  # an encoded surrogate (CESU-8)
                payload.replace(b'{"', b'{"\\ud800":1,"', 1)):  # in a key
        reason = refused(self_signed(doc)).reason
        assert "data.json" in reason and ("Unicode" in reason or "UTF-8" in reason)
    # a proper escaped pair is Unicode (refused only as not canonical)
    assert load_limited(b'"\\ud83d\\ude00"') == "\U0001F600"


def test_one_bad_file_never_stops_the_others(demo, superior, tmp_path):
    from hostile_packages import _manifest_for

    m = _manifest_for(demo.to_json(), signing.new_private_key(), unit_name="X")
    bad = raw_manifest(canonical_json(m).replace(b'"X"', b'"\\ud800"'), demo.to_json())
    (tmp_path / "a_bad.ebgov").write_bytes(bad)
    communes = seed_communes(1)
    (tmp_path / "b_good.ebgov").write_bytes(package_bytes(communes[0]))
    report = import_packages(superior, [tmp_path], backup=False)
    assert [r.outcome for r in report.results] == [Outcome.INVALID, Outcome.NEW]
    assert "Unicode" in report.results[0].reason


def test_an_unforeseen_error_in_one_file_is_its_refusal_not_the_end(demo, superior, tmp_path,
                                                                   monkeypatch):
    from ebgov_desktop.exchange import package

    communes = seed_communes(2)
    for c in communes:
        (tmp_path / f"{c.code}.ebgov").write_bytes(package_bytes(c))
    real = package.rule_findings  # the rules, run inside read_package
    calls = []

    def boom(ds):
        calls.append(1)
        if len(calls) == 1:
            raise KeyError("surprise")
        return real(ds)

    monkeypatch.setattr(package, "rule_findings", boom)
    report = import_packages(superior, [tmp_path], backup=False)
    assert [r.outcome for r in report.results] == [Outcome.INVALID, Outcome.NEW]
    assert "nhật ký" in report.results[0].reason


# -- the bounded run of bench/hostile.py ------------------------------------------------------------

def test_a_bounded_run_of_hostile_packages(superior, tmp_path):
    communes = seed_communes(4)
    usb = tmp_path / "usb"
    usb.mkdir()
    for name, raw in seed_packages(communes).items():
        (usb / name).write_bytes(raw)
    assert import_packages(superior, [usb], backup=False).count(Outcome.NEW) == 4
    files = []
    kinds = set()
    for h in generate(300, communes, seed=3, big=False):
        path = tmp_path / h.name
        path.write_bytes(h.raw)
        files.append((path, h.tampered))
        kinds.add(h.kind)
    assert len(kinds) >= 15
    stats = run(superior, files)
    assert stats.tried == 300
    assert (stats.crashes, stats.hangs, stats.partial, stats.tampered_accepted) == (0, 0, 0, 0), \
        stats.problems[:10]
    assert stats.outcomes.get("invalid", 0) > 200
