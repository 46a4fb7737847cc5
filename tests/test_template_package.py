"""The signed template file: every byte covered, readable as TOML, Vietnamese reasons."""

import tomllib

import pytest

from ebgov_desktop.exchange.errors import PackageError
from ebgov_desktop.exchange.signing import new_private_key, public_key_of
from ebgov_desktop.exchange.template_package import (
    MAGIC,
    build_signed_template,
    read_signed_template,
)

BODY = """# Biểu mẫu thử
[template]
id = "thu-nghiem"
version = 2
title = "Báo cáo thử nghiệm"
""".encode()

ISSUER = {"code": "46", "kind": "tinh", "name": "Tỉnh Huế", "province_code": "46"}


def _signed(key=None):
    return build_signed_template(BODY, template_id="thu-nghiem", template_version=2, issuer=ISSUER,
                                 private_key=key or new_private_key(), program="ebgov 1.0",
                                 created_at="2025-08-01T08:00:00+07:00")


def test_a_signed_template_reads_back_and_is_still_a_toml_template():
    key = new_private_key()
    raw = _signed(key)
    assert raw.startswith(MAGIC) and raw.endswith(BODY)
    assert tomllib.loads(raw.decode("utf-8"))["template"]["id"] == "thu-nghiem"
    signed = read_signed_template(raw)
    assert (signed.template_id, signed.template_version, signed.body) == ("thu-nghiem", 2, BODY)
    assert signed.public_key == public_key_of(key) and signed.issuer["name"] == "Tỉnh Huế"
    assert len(signed.fingerprint) == 24


def test_every_single_changed_byte_is_refused():
    raw = _signed()
    for i in range(len(raw)):
        for flip in (0x01, 0x20):
            changed = raw[:i] + bytes([raw[i] ^ flip]) + raw[i + 1:]
            with pytest.raises(PackageError) as info:
                read_signed_template(changed)
            assert info.value.reason, i


@pytest.mark.parametrize("cut", [1, 10, 200])
def test_cut_or_extended_files_are_refused(cut):
    raw = _signed()
    for bad in (raw[:-cut], raw + b"x" * cut, raw[cut:]):
        with pytest.raises(PackageError):
            read_signed_template(bad)


def test_an_unsigned_template_and_a_newer_format_say_so_in_vietnamese():
    with pytest.raises(PackageError, match="chưa có chữ ký số của cấp trên"):
        read_signed_template(BODY)
    with pytest.raises(PackageError, match="cần cập nhật phần mềm") as info:
        read_signed_template(b"# ebgov-signed-template 2\n" + _signed()[len(MAGIC):])
    assert info.value.needs_update


def test_a_header_re_signed_by_another_key_is_still_refused_as_changed():
    """Swapping in another key without its signature fails; only a whole re-signing verifies (and the
    pinning in services/ decides about that key)."""
    raw = _signed()
    other = public_key_of(new_private_key())
    head, _, rest = raw[len(MAGIC):].partition(b"\n")
    import json

    header = json.loads(head[2:])
    header["public_key"] = other
    forged = MAGIC + b"# " + json.dumps(header, ensure_ascii=False, sort_keys=True,
                                         separators=(",", ":")).encode() + b"\n" + rest
    with pytest.raises(PackageError, match="chữ ký số không đúng"):
        read_signed_template(forged)
