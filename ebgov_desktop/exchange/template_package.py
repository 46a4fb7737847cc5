"""A template file signed by the superior level, carried down to the communes on a USB stick.

The file stays a TOML template that any editor opens and ``template check`` reads: two comment lines
then the template's text, byte for byte (UTF-8, LF)::

    # ebgov-signed-template 1
    # {"body_sha256":"…","body_size":1234,"created_at":"…","issuer":{…},"program":"…",
    #  "public_key":"…","signature":"…","template_id":"…","template_version":2}   (one line)
    <the template's TOML text>

The second line is the canonical JSON of the header (keys sorted, no spaces, non-ASCII kept). The
signature is Ed25519 (``exchange.signing``) over ``MAGIC`` + the canonical JSON of the header without
``signature``; the body is hashed in the header. Every byte is covered: the first line must be exact,
the header must be canonical (its re-serialisation equal byte for byte) and the body must hash to the
signed value, so one changed byte anywhere is refused with a Vietnamese reason.

Whether the key is the superior's (pinned on first use) is the caller's decision (services/).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any

from .errors import PackageError
from .signing import fingerprint, public_key_of, sign, verify

__all__ = [
    "MAGIC",
    "MAX_TEMPLATE_FILE_BYTES",
    "SignedTemplate",
    "build_signed_template",
    "is_signed_template",
    "read_signed_template",
]

MAGIC = b"# ebgov-signed-template 1\n"
_MAGIC_PREFIX = b"# ebgov-signed-template "
MAX_TEMPLATE_FILE_BYTES = 2 * 1024 * 1024
_MAX_HEADER_BYTES = 8 * 1024

_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_HEX128 = re.compile(r"^[0-9a-f]{128}$")
_TEMPLATE_ID = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,63}$")
_ISSUER_KEYS = {"code", "kind", "name", "province_code"}
_HEADER_KEYS = {"body_sha256", "body_size", "created_at", "issuer", "program", "public_key", "signature",
                "template_id", "template_version"}


@dataclass(frozen=True)
class SignedTemplate:
    """A verified signed template: the signature is good and the body is the one that was signed."""

    header: dict
    body: bytes

    @property
    def template_id(self) -> str:
        return self.header["template_id"]

    @property
    def template_version(self) -> int:
        return self.header["template_version"]

    @property
    def public_key(self) -> str:
        return self.header["public_key"]

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_key)

    @property
    def issuer(self) -> dict:
        return self.header["issuer"]

    @property
    def created_at(self) -> str:
        return self.header["created_at"]

    @property
    def body_sha256(self) -> str:
        return self.header["body_sha256"]


def _canonical(header: dict) -> bytes:
    return json.dumps(header, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _signed_message(header: dict) -> bytes:
    return MAGIC + _canonical({k: v for k, v in header.items() if k != "signature"})


def build_signed_template(body: bytes, *, template_id: str, template_version: int, issuer: dict,
                          private_key: bytes, program: str, created_at: str) -> bytes:
    """The signed file's bytes. ``body`` is the template's TOML text as UTF-8 (LF line ends)."""
    if not _TEMPLATE_ID.match(template_id):
        raise PackageError(f"mã biểu mẫu '{template_id}' không hợp lệ")
    header: dict[str, Any] = {
        "body_sha256": hashlib.sha256(body).hexdigest(),
        "body_size": len(body),
        "created_at": created_at,
        "issuer": {k: str(issuer.get(k, "")) for k in sorted(_ISSUER_KEYS)},
        "program": program,
        "public_key": public_key_of(private_key),
        "template_id": template_id,
        "template_version": int(template_version),
    }
    header["signature"] = sign(private_key, _signed_message(header))
    return MAGIC + b"# " + _canonical(header) + b"\n" + body


def _has_header_line(raw: bytes) -> bool:
    first_end = raw.find(b"\n", 0, 200)
    return first_end >= 0 and raw.startswith(b'# {"body_sha256":', first_end + 1)


def is_signed_template(raw: bytes) -> bool:
    """True when the file looks like a signed template (any format version, or a damaged first line)."""
    return raw.startswith(_MAGIC_PREFIX) or _has_header_line(raw)


def _refuse(reason: str) -> PackageError:
    return PackageError(reason)


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _refuse(f"phần đầu tệp có khóa '{key}' hai lần")
        out[key] = value
    return out


def _no_constant(name: str):
    raise ValueError(name)  # NaN, Infinity: never written by the program


def _check_header(header: Any) -> dict:
    if not isinstance(header, dict) or set(header) != _HEADER_KEYS:
        raise _refuse("phần đầu tệp biểu mẫu thiếu hoặc thừa mục")
    if not isinstance(header["template_id"], str) or not _TEMPLATE_ID.match(header["template_id"]):
        raise _refuse("mã biểu mẫu trong phần đầu tệp không hợp lệ")
    version = header["template_version"]
    if type(version) is not int or not 1 <= version <= 1_000_000:
        raise _refuse("số phiên bản biểu mẫu không hợp lệ")
    size = header["body_size"]
    if type(size) is not int or not 0 < size <= MAX_TEMPLATE_FILE_BYTES:
        raise _refuse("kích thước biểu mẫu ghi trong phần đầu tệp không hợp lệ")
    for key in ("created_at", "program"):
        if not isinstance(header[key], str) or len(header[key]) > 200:
            raise _refuse(f"mục '{key}' trong phần đầu tệp không hợp lệ")
    issuer = header["issuer"]
    if (not isinstance(issuer, dict) or set(issuer) != _ISSUER_KEYS
            or not all(isinstance(v, str) and len(v) <= 200 for v in issuer.values())):
        raise _refuse("thông tin đơn vị ký trong phần đầu tệp không hợp lệ")
    if not isinstance(header["body_sha256"], str) or not _HEX64.match(header["body_sha256"]):
        raise _refuse("mã băm của biểu mẫu không hợp lệ")
    if not isinstance(header["public_key"], str) or not _HEX64.match(header["public_key"]):
        raise _refuse("khóa công khai của đơn vị ký không hợp lệ")
    if not isinstance(header["signature"], str) or not _HEX128.match(header["signature"]):
        raise _refuse("chữ ký số không hợp lệ")
    return header


def read_signed_template(raw: bytes) -> SignedTemplate:
    """Verify a signed template file; raise ``PackageError`` with a Vietnamese reason if not."""
    if len(raw) > MAX_TEMPLATE_FILE_BYTES:
        raise _refuse(f"tệp quá lớn (hơn {MAX_TEMPLATE_FILE_BYTES // 1024 // 1024} MB); không phải tệp "
                      "biểu mẫu hợp lệ")
    if not raw.startswith(MAGIC):
        if _has_header_line(raw) and not raw.startswith(_MAGIC_PREFIX):
            raise _refuse("dòng đầu của tệp biểu mẫu đã bị sửa")
        if is_signed_template(raw):
            raise PackageError("tệp biểu mẫu do phiên bản chương trình mới hơn tạo ra; cần cập nhật "
                               "phần mềm", needs_update=True)
        raise _refuse("tệp biểu mẫu chưa có chữ ký số của cấp trên (dòng đầu phải là "
                      "'# ebgov-signed-template 1'); cấp trên cần xuất biểu mẫu bằng chương trình")
    end = raw.find(b"\n", len(MAGIC), len(MAGIC) + _MAX_HEADER_BYTES + 3)
    line = raw[len(MAGIC):end] if end >= 0 else b""
    if not line.startswith(b"# {"):
        raise _refuse("thiếu phần đầu tệp (dòng thứ hai) hoặc phần đầu quá dài")
    try:
        header = json.loads(line[2:].decode("utf-8"), object_pairs_hook=_no_duplicates,
                            parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise _refuse("phần đầu tệp biểu mẫu bị hỏng (không đọc được)") from None
    header = _check_header(header)
    try:
        canonical = _canonical(header)
    except UnicodeEncodeError:  # an escaped lone surrogate ("\ud800"): never written by the program
        raise _refuse("phần đầu tệp biểu mẫu có ký tự không hợp lệ") from None
    if canonical != line[2:]:
        raise _refuse("phần đầu tệp biểu mẫu đã bị sửa (không đúng dạng chương trình ghi)")
    try:
        verify(header["public_key"], _signed_message(header), header["signature"])
    except PackageError:
        raise _refuse("chữ ký số không đúng: tệp biểu mẫu đã bị sửa sau khi ký hoặc không phải do "
                      "đơn vị ghi trong tệp tạo ra") from None
    body = raw[end + 1:]
    if len(body) != header["body_size"] or hashlib.sha256(body).hexdigest() != header["body_sha256"]:
        raise _refuse("nội dung biểu mẫu đã bị sửa sau khi ký (mã băm không khớp)")
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:  # pragma: no cover - a signed body was UTF-8 when signed
        raise _refuse("nội dung biểu mẫu không phải văn bản UTF-8") from None
    return SignedTemplate(header=header, body=body)
