"""Format v1: what the writer makes, and every way the reader refuses a file it cannot trust."""

import hashlib
import io
import json
import struct
import zipfile
import zlib

import pytest

from ebgov_desktop.domain.dataset import canonical_json
from ebgov_desktop.exchange import PackageError, build_package, read_package, signing
from ebgov_desktop.exchange.container import build_container, deflate
from ebgov_desktop.exchange.package import signed_message
from ebgov_desktop.services.datasets import demo_dataset
from ebgov_desktop.services.packages import schemas

CREATED = "2019-03-12T09:30:00+07:00"


@pytest.fixture(scope="module")
def key():
    return signing.new_private_key()


@pytest.fixture(scope="module")
def other_key():
    return signing.new_private_key()


@pytest.fixture(scope="module")
def demo():
    return demo_dataset()


@pytest.fixture(scope="module")
def package(demo, key):
    return build_package(demo, revision=1, private_key=key, program="ebgov-desktop",
                         program_version="0.1.0", created_at=CREATED)


def read(raw):
    return read_package(raw, schemas=schemas())


def refused(raw) -> PackageError:
    with pytest.raises(PackageError) as info:
        read(raw)
    return info.value


def manifest_of(raw) -> dict:
    return json.loads(zipfile.ZipFile(io.BytesIO(raw)).read("manifest.json"))


def forge(payload: bytes, key: bytes, *, sign_with: bytes | None = None, **changes) -> bytes:
    """A package around any payload, correctly hashed and signed unless told otherwise."""
    stored = deflate(payload)
    manifest = {
        "format": "ebgov-package", "format_version": 1, "program": "ebgov-desktop",
        "program_version": "0.1.0", "unit_code": "19894", "unit_kind": "xa", "unit_name": "Quảng Thọ",
        "province_code": "46", "period": "2019", "revision": 1, "created_at": CREATED,
        "payload_sha256": hashlib.sha256(payload).hexdigest(), "payload_size": len(payload),
        "payload_zip_sha256": hashlib.sha256(stored).hexdigest(),
        "public_key": signing.public_key_of(key),
    }
    manifest.update(changes)
    manifest["signature"] = signing.sign(sign_with or key, signed_message(manifest))
    return build_container(canonical_json(manifest), stored, payload)


def zip_of(entries, *, compression=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as z:
        for name, data in entries:
            if isinstance(name, zipfile.ZipInfo):
                z.writestr(name, data)
            else:
                z.writestr(name, data)
    return buf.getvalue()


# -- what the writer makes -------------------------------------------------------------------------

def test_demo_package_reads_back_with_the_report_digest_and_is_small(package, demo, key):
    pkg = read(package)
    assert pkg.digest == demo.digest()  # the digest the PDF prints
    assert pkg.payload == demo.to_json()
    assert pkg.dataset == demo
    assert pkg.revision == 1 and pkg.unit_code == "19894" and pkg.period == "2019"
    assert pkg.public_key == signing.public_key_of(key)
    assert len(package) < 20 * 1024  # 4.6 KB for the demo


def test_any_unzip_tool_opens_it_and_sees_exactly_the_two_files(package, demo):
    z = zipfile.ZipFile(io.BytesIO(package))
    assert z.testzip() is None
    assert z.namelist() == ["manifest.json", "data.json"]
    assert z.read("data.json") == demo.to_json()
    manifest = json.loads(z.read("manifest.json"))
    assert manifest["payload_sha256"] == demo.digest()
    assert set(manifest) >= {"format_version", "program_version", "unit_code", "unit_name",
                             "province_code", "period", "revision", "created_at", "public_key",
                             "signature"}


def test_the_same_data_gives_the_same_bytes(demo, key, package):
    again = build_package(demo, revision=1, private_key=key, program="ebgov-desktop",
                          program_version="0.1.0", created_at=CREATED)
    assert again == package  # Ed25519 signatures are deterministic


def test_fingerprint_is_short_and_readable(key):
    fp = signing.fingerprint(signing.public_key_of(key))
    assert len(fp) == 24 and fp.count("-") == 4
    assert all(c in "0123456789ABCDEF-" for c in fp)


# -- every byte matters ----------------------------------------------------------------------------

def test_every_single_byte_flipped_is_refused(package):
    for i in range(len(package)):
        for mask in (0x01, 0x80):
            damaged = bytearray(package)
            damaged[i] ^= mask
            with pytest.raises(PackageError):
                read(bytes(damaged))


def test_every_byte_range_flipped_or_cut_is_refused(package):
    for length in (2, 16, 100, 1000):
        for start in range(0, len(package), max(1, length // 2)):
            damaged = bytearray(package)
            for i in range(start, min(start + length, len(package))):
                damaged[i] ^= 0xFF
            with pytest.raises(PackageError):
                read(bytes(damaged))
    for cut in range(0, len(package), 37):
        with pytest.raises(PackageError):
            read(package[:cut])
    for extra in (b"\x00", b"PK\x05\x06", package[:30]):
        with pytest.raises(PackageError):
            read(package + extra)
        with pytest.raises(PackageError):
            read(extra + package)


# -- hostile files ---------------------------------------------------------------------------------

def test_not_a_zip_and_empty_files_are_refused():
    assert "ZIP" in refused(b"").reason
    assert "ZIP" in refused(b"hello, this is not a package").reason
    assert "ZIP" in refused(b"%PDF-1.4" + b"\x00" * 100).reason


def test_too_big_a_file_is_refused_before_reading_it():
    assert "quá lớn" in refused(b"PK\x03\x04" + b"\x00" * (9 * 1024 * 1024)).reason


def test_zip_bomb_is_refused(package):
    bomb = zip_of([("manifest.json", b"{}"), ("data.json", b"0" * (50 * 1024 * 1024))])
    assert len(bomb) < 100_000
    reason = refused(bomb).reason
    assert "data.json" in reason and ("quá lớn" in reason or "bom nén" in reason)
    small_bomb = zip_of([("manifest.json", b"{}"), ("data.json", b" " * (5 * 1024 * 1024))])
    assert "bom nén" in refused(small_bomb).reason


def test_bomb_with_a_lying_declared_size_is_cut_off(package):
    # declared 1,000 bytes, inflates to 10 MB: decompression stops at the declared size
    data = b"{" * (10 * 1024 * 1024)
    raw = bytearray(zip_of([("manifest.json", b"{}"), ("data.json", data)]))
    z = zipfile.ZipFile(io.BytesIO(bytes(raw)))
    info = z.getinfo("data.json")
    local = info.header_offset
    struct.pack_into("<I", raw, local + 22, 1000)  # local header uncompressed size
    cd = raw.rfind(b"PK\x01\x02data.json"[:4], 0, len(raw))
    pos = bytes(raw).find(b"PK\x01\x02", 0)
    while pos != -1:
        name_len = struct.unpack_from("<H", raw, pos + 28)[0]
        if bytes(raw[pos + 46:pos + 46 + name_len]) == b"data.json":
            struct.pack_into("<I", raw, pos + 24, 1000)
        pos = bytes(raw).find(b"PK\x01\x02", pos + 4)
    assert cd != -1
    with pytest.raises(PackageError):
        read(bytes(raw))


@pytest.mark.parametrize("name", ["../data.json", "sub/data.json", "..\\data.json", "C:data.json",
                                  "/data.json", "..", "data.json/"])
def test_paths_and_traversal_names_are_refused(name, package):
    z = zipfile.ZipFile(io.BytesIO(package))
    raw = zip_of([("manifest.json", z.read("manifest.json")), (name, z.read("data.json"))])
    err = refused(raw)
    assert "đường dẫn" in err.reason or "thư mục" in err.reason or "mục lạ" in err.reason


def test_duplicate_names_are_refused(package):
    z = zipfile.ZipFile(io.BytesIO(package))
    entries = [("manifest.json", z.read("manifest.json")), ("data.json", z.read("data.json")),
               ("data.json", b"{}")]
    with pytest.warns(UserWarning):
        raw = zip_of(entries)
    assert "hai mục cùng tên 'data.json'" in refused(raw).reason


def test_links_extra_and_missing_entries_are_refused(package):
    z = zipfile.ZipFile(io.BytesIO(package))
    manifest, data = z.read("manifest.json"), z.read("data.json")
    link = zipfile.ZipInfo("data.json")
    link.create_system = 3
    link.external_attr = (0o120777 << 16)
    assert "liên kết" in refused(zip_of([("manifest.json", manifest), (link, b"/etc/passwd")])).reason
    assert "mục lạ 'readme.txt'" in refused(
        zip_of([("manifest.json", manifest), ("data.json", data), ("readme.txt", b"hi")])).reason
    assert "thiếu mục data.json" in refused(zip_of([("manifest.json", manifest)])).reason


def test_a_zip_made_by_another_tool_with_the_right_files_is_refused_as_not_standard(package):
    z = zipfile.ZipFile(io.BytesIO(package))
    raw = zip_of([("manifest.json", z.read("manifest.json")), ("data.json", z.read("data.json"))])
    assert "không đúng chuẩn" in refused(raw).reason


def test_wrong_types_in_the_manifest_are_refused(demo, key):
    payload = demo.to_json()
    assert "revision" in refused(forge(payload, key, revision="1")).reason
    assert "unit_code" in refused(forge(payload, key, unit_code=19894)).reason
    assert "period" in refused(forge(payload, key, period="2019-13")).reason
    assert "không được phép" in refused(forge(payload, key, extra="x")).reason


def test_huge_numbers_are_refused(demo, key):
    # in the manifest (schema), as a bare JSON number (length limit), in the data (catalogue)
    assert "revision" in refused(forge(demo.to_json(), key, revision=10**7)).reason
    data = json.loads(demo.to_json())
    text = canonical_json(data).replace(b'"staff.civil_servants":22', b'"staff.civil_servants":'
                                        + b"9" * 400)
    assert "số quá lớn" in refused(forge(text, key)).reason
    data["values"]["staff.civil_servants"] = 10**15
    assert "vượt giới hạn" in refused(forge(canonical_json(data), key)).reason
    data["values"]["staff.civil_servants"] = 1e300
    assert "values.staff.civil_servants" in refused(forge(canonical_json(data), key)).reason


def test_wrong_types_in_the_data_are_refused(demo, key):
    data = json.loads(demo.to_json())
    data["values"]["staff.civil_servants"] = "22"
    err = refused(forge(canonical_json(data), key))
    assert "data.json" in err.reason and "staff.civil_servants" in err.reason
    data = json.loads(demo.to_json())
    data["register"][0]["quantity"] = [1]
    assert "register[0].quantity" in refused(forge(canonical_json(data), key)).reason
    data = json.loads(demo.to_json())
    data["values"]["portal.exists"] = 1
    assert "portal.exists" in refused(forge(canonical_json(data), key)).reason


def test_bad_json_is_refused_with_the_reason(demo, key):
    assert "UTF-8" in refused(forge(b"\xff\xfe{}", key)).reason
    assert "JSON" in refused(forge(b"{not json", key)).reason
    assert "sâu" in refused(forge(b'{"a":' * 40 + b"1" + b"}" * 40, key)).reason
    assert "lặp lại" in refused(forge(b'{"a":1,"a":2}', key)).reason
    assert "NaN" in refused(forge(b'{"a":NaN}', key)).reason


def test_unknown_format_version_asks_for_an_update(demo, key):
    err = refused(forge(demo.to_json(), key, format_version=2, something_new={"x": 1}))
    assert err.needs_update and "cần cập nhật phần mềm" in err.reason
    data = json.loads(demo.to_json())
    data["version"] = 3  # version 2 names its template; 3 is still to come
    err = refused(forge(canonical_json(data), key))
    assert err.needs_update and "cần cập nhật phần mềm" in err.reason
    data = json.loads(demo.to_json())
    data["form_version"] = 99
    err = refused(forge(canonical_json(data), key))
    assert err.needs_update and "cần cập nhật phần mềm" in err.reason


def test_wrong_key_or_no_signature_is_refused(demo, key, other_key):
    assert "chữ ký" in refused(forge(demo.to_json(), key, sign_with=other_key)).reason
    raw = forge(demo.to_json(), key)
    manifest = manifest_of(raw)
    manifest["signature"] = "0" * 128
    stored = deflate(demo.to_json())
    assert "chữ ký" in refused(build_container(canonical_json(manifest), stored,
                                               demo.to_json())).reason


def test_hash_mismatch_is_refused(demo, key):
    assert "SHA-256" in refused(forge(demo.to_json(), key, payload_sha256="0" * 64)).reason
    assert "phần nén" in refused(forge(demo.to_json(), key, payload_zip_sha256="0" * 64)).reason


def test_manifest_must_agree_with_the_data(demo, key):
    assert "unit_code" in refused(forge(demo.to_json(), key, unit_code="19902")).reason
    assert "period" in refused(forge(demo.to_json(), key, period="2020")).reason


def test_non_canonical_content_is_refused(demo, key):
    pretty = json.dumps(json.loads(demo.to_json()), indent=1, ensure_ascii=False).encode()
    assert "dạng chuẩn" in refused(forge(pretty, key)).reason


def test_rule_errors_refuse_the_package_and_are_listed(demo, key):
    data = json.loads(demo.to_json())
    data["values"]["staff.civil_servants_with_computer"] = data["values"]["staff.civil_servants"] + 5
    reason = refused(forge(canonical_json(data), key)).reason
    assert "lỗi" in reason and "máy tính" in reason.lower()


def test_a_package_is_a_zip_with_stored_manifest_and_deflated_data(package):
    z = zipfile.ZipFile(io.BytesIO(package))
    assert z.getinfo("manifest.json").compress_type == zipfile.ZIP_STORED
    assert z.getinfo("data.json").compress_type == zipfile.ZIP_DEFLATED
    assert zlib.crc32(z.read("data.json")) == z.getinfo("data.json").CRC
