"""Mutated packages (hypothesis): never a crash, never a partial import.

Byte-level damage must always be refused; content-level changes re-signed with the right key are either
refused with a reason or imported whole (the stored data rebuilding the very same digest).
"""

import hashlib
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ebgov_desktop.domain.dataset import Dataset, canonical_json
from ebgov_desktop.domain.units import Unit, UnitKind
from ebgov_desktop.exchange import PackageError, build_package, read_package, signing
from ebgov_desktop.exchange.container import build_container, deflate
from ebgov_desktop.exchange.package import signed_message
from ebgov_desktop.services.datasets import demo_dataset
from ebgov_desktop.services.packages import Outcome, import_packages, schemas
from ebgov_desktop.services.workspace import Workspace

KEY = signing.new_private_key()
DEMO = demo_dataset()
PACKAGE = build_package(DEMO, revision=1, private_key=KEY, program="ebgov-desktop",
                        program_version="0.1.0", created_at="2019-03-12T09:30:00+07:00")
FUZZ = settings(max_examples=1000, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@st.composite
def damaged(draw):
    data = bytearray(PACKAGE)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["flip", "flip", "set", "insert", "delete", "truncate", "swap"]))
        i = draw(st.integers(0, len(data) - 1))
        if kind == "flip":
            data[i] ^= draw(st.integers(1, 255))
        elif kind == "set":
            data[i:i + 4] = draw(st.binary(min_size=4, max_size=4))
        elif kind == "insert":
            data[i:i] = draw(st.binary(min_size=1, max_size=64))
        elif kind == "delete":
            del data[i:i + draw(st.integers(1, 64))]
        elif kind == "truncate":
            del data[i:]
        else:
            j = draw(st.integers(0, len(data) - 1))
            data[i], data[j] = data[j], data[i]
        if not data:
            data = bytearray(b"\x00")
    return bytes(data)


@FUZZ
@given(damaged())
def test_damaged_packages_are_always_refused_never_crash(raw):
    if raw == PACKAGE:
        return
    with pytest.raises(PackageError) as info:
        read_package(raw, schemas=schemas())
    assert info.value.reason  # a Vietnamese reason, not an empty error


@pytest.fixture(scope="module")
def superior(tmp_path_factory):
    ws = Workspace.open(tmp_path_factory.mktemp("huyen"))
    ws.set_unit(Unit(code="476", kind=UnitKind.HUYEN, name="Quảng Điền", province="Thừa Thiên Huế",
                     province_code="46"))
    yield ws
    ws.close()


@settings(max_examples=300, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                 HealthCheck.data_too_large])
@given(raw=damaged())
def test_damaged_packages_are_never_imported(superior, tmp_path_factory, raw):
    if raw == PACKAGE:
        return
    path = tmp_path_factory.getbasetemp() / "fuzz.ebgov"
    path.write_bytes(raw)
    (result,) = import_packages(superior, [path]).results
    assert result.outcome is Outcome.INVALID and result.reason
    db = superior.store.db
    assert db.execute("SELECT COUNT(*) FROM package").fetchone()[0] == 0
    assert db.execute("SELECT COUNT(*) FROM unit_key").fetchone()[0] == 0


# -- content changed by someone holding the key ----------------------------------------------------

json_leaf = st.one_of(st.none(), st.booleans(), st.integers(-2**70, 2**70),
                      st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=30))
json_value = st.recursive(json_leaf, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)),
    max_leaves=12)

BASE = json.loads(DEMO.to_json())


def _paths(obj, prefix=()):
    yield prefix
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from _paths(v, prefix + (i,))


PATHS = [p for p in _paths(BASE) if p]


@st.composite
def rewritten(draw):
    data = json.loads(DEMO.to_json())
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(PATHS))
        target = data
        try:
            for step in path[:-1]:
                target = target[step]
            if draw(st.booleans()) and isinstance(target, dict):
                target.pop(path[-1], None)
            else:
                target[path[-1]] = draw(json_value)
        except (KeyError, IndexError, TypeError):
            continue
    return data


def _sign(payload: bytes, manifest_changes: dict) -> bytes:
    stored = deflate(payload)
    manifest = {
        "format": "ebgov-package", "format_version": 1, "program": "ebgov-desktop",
        "program_version": "0.1.0", "unit_code": "19894", "unit_kind": "xa", "unit_name": "Quảng Thọ",
        "province_code": "46", "period": "2019", "revision": 1,
        "created_at": "2019-03-12T09:30:00+07:00", "payload_sha256": hashlib.sha256(payload).hexdigest(),
        "payload_size": len(payload), "payload_zip_sha256": hashlib.sha256(stored).hexdigest(),
        "public_key": signing.public_key_of(KEY),
    }
    manifest.update(manifest_changes)
    manifest["signature"] = signing.sign(KEY, signed_message(manifest))
    return build_container(canonical_json(manifest), stored, payload)


@settings(max_examples=400, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                 HealthCheck.data_too_large])
@given(data=rewritten(), revision=st.integers(1, 3))
def test_signed_but_altered_content_is_refused_or_imported_whole(superior, tmp_path_factory, data,
                                                                  revision):
    try:
        payload = canonical_json(data)
    except (ValueError, TypeError):
        return
    raw = _sign(payload, {"revision": revision})
    path = tmp_path_factory.getbasetemp() / "signed.ebgov"
    path.write_bytes(raw)
    db = superior.store.db
    before = db.execute("SELECT COUNT(*) FROM package").fetchone()[0]
    (result,) = import_packages(superior, [path]).results
    after = db.execute("SELECT COUNT(*) FROM package").fetchone()[0]
    if result.outcome.stored:
        assert after == before + 1
        stored = db.execute("SELECT data, payload_sha256 FROM package WHERE id = ?",
                            [result.package_id]).fetchone()
        assert Dataset.from_json(stored[0]).digest() == stored[1] == hashlib.sha256(payload).hexdigest()
    else:
        assert after == before
        assert result.outcome in (Outcome.INVALID, Outcome.IDENTICAL, Outcome.OLDER)
        if result.outcome is Outcome.INVALID:
            assert result.reason
    currents = db.execute("SELECT unit_code, period, COUNT(*) FROM package WHERE status = 'current' "
                          "GROUP BY unit_code, period").fetchall()
    assert all(n == 1 for *_, n in currents)
