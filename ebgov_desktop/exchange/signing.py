"""Ed25519 signing of package manifests (library: ``cryptography``, imported only when used).

Keys travel as lower-case hex of their 32 raw bytes; a signature is hex of its 64 bytes. Hex has one
spelling per value (base64 has several), so a changed character always changes the bytes: both are
checked as full matches (``re.fullmatch``, never ``$``, which also matches before a final newline).

Before a signature is verified, the strict checks of RFC 8032 §5.1.7 are made here, whatever the
library does: the public key and the signature's R must be canonical encodings (y < p; no "negative
zero" x) of points on the curve that are not of small order (the eight points P with [8]P = 0, with
which a "signature" verifies for any message and no private key), and S must be < L. A key refused
by these checks can sign nothing that this program accepts.
"""

from __future__ import annotations

import hashlib
import re

from .errors import PackageError

__all__ = ["new_private_key", "public_key_of", "sign", "verify", "fingerprint", "key_problem",
           "is_public_key_hex"]

_KEY_HEX = re.compile(r"[0-9a-f]{64}")
_SIGNATURE_HEX = re.compile(r"[0-9a-f]{128}")

# Edwards25519 (RFC 8032 §5.1): p the field prime, L the order of the base point.
_P = 2**255 - 19
_L = 2**252 + 27742317777372353535851937790883648493
#: The eight points of order 1, 2, 4 and 8, canonically encoded (the list libsodium and RFC 8032
#: implementations refuse; tests/test_exchange_keys.py recomputes it from the curve).
SMALL_ORDER = frozenset(bytes.fromhex(h) for h in (
    "0100000000000000000000000000000000000000000000000000000000000000",  # identity, order 1
    "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",  # (0, -1), order 2
    "0000000000000000000000000000000000000000000000000000000000000000",  # order 4
    "0000000000000000000000000000000000000000000000000000000000000080",  # order 4
    "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",  # order 8
    "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",  # order 8
    "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",  # order 8
    "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",  # order 8
))
#: x = 0 with the sign bit set ("negative zero"): y = 1 or y = p - 1; never a canonical encoding.
_NEGATIVE_ZERO = frozenset((
    bytes.fromhex("0100000000000000000000000000000000000000000000000000000000000080"),
    bytes.fromhex("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"),
))


def _point_problem(raw: bytes) -> str:
    """RFC 8032 §5.1.7 strict checks of a 32-byte point encoding ("" if it passes). Whether the point
    is on the curve at all is the library's check when it verifies (off-curve points never verify)."""
    if int.from_bytes(raw, "little") & ((1 << 255) - 1) >= _P or raw in _NEGATIVE_ZERO:
        return "không ở dạng mã hóa chuẩn của Ed25519"
    if raw in SMALL_ORDER:
        return "là điểm bậc nhỏ (small-order) của Ed25519, ai cũng giả được chữ ký"
    return ""


def is_public_key_hex(text: object) -> bool:
    return isinstance(text, str) and _KEY_HEX.fullmatch(text) is not None


def key_problem(public_key_hex: str) -> str:
    """Why a public key (hex) can never be trusted ("" if it can): RFC 8032 §5.1.7 strict checks."""
    if not is_public_key_hex(public_key_hex):
        return "khóa công khai phải là đúng 64 ký tự hex viết thường"
    problem = _point_problem(bytes.fromhex(public_key_hex))
    return f"khóa công khai {problem}" if problem else ""


def _signature_problem(signature_hex: str) -> str:
    if not isinstance(signature_hex, str) or _SIGNATURE_HEX.fullmatch(signature_hex) is None:
        return "chữ ký phải là đúng 128 ký tự hex viết thường"
    raw = bytes.fromhex(signature_hex)
    problem = _point_problem(raw[:32])
    if problem:
        return f"phần R của chữ ký {problem}"
    if int.from_bytes(raw[32:], "little") >= _L:
        return "phần S của chữ ký không ở dạng chuẩn (S ≥ L)"
    return ""


def new_private_key() -> bytes:
    """32 raw bytes of a fresh Ed25519 private key."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

    key = Ed25519PrivateKey.generate()
    return key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())


def _private(raw: bytes):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return Ed25519PrivateKey.from_private_bytes(raw)


def public_key_of(private_raw: bytes) -> str:
    """The public key (hex) of a raw private key."""
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    return _private(private_raw).public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex()


def sign(private_raw: bytes, message: bytes) -> str:
    return _private(private_raw).sign(message).hex()


def verify(public_key_hex: str, message: bytes, signature_hex: str) -> None:
    """Raise ``PackageError`` unless ``signature_hex`` is the key's signature of ``message``; the
    strict checks of the key and of the signature's encoding come first."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    problem = key_problem(public_key_hex) or _signature_problem(signature_hex)
    if problem:
        raise PackageError(f"chữ ký số không được chấp nhận: {problem}")
    try:
        key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_key_hex))
        key.verify(bytes.fromhex(signature_hex), message)
    except (InvalidSignature, ValueError):
        raise PackageError("chữ ký số không đúng: gói đã bị sửa đổi sau khi ký hoặc không phải do "
                           "đơn vị gửi tạo ra") from None


def fingerprint(public_key_hex: str) -> str:
    """Short form to read out by phone: SHA-256 of the raw key, first 80 bits, ``ABCD-EF01-…``."""
    h = hashlib.sha256(bytes.fromhex(public_key_hex)).hexdigest()[:20].upper()
    return "-".join(h[i:i + 4] for i in range(0, 20, 4))
