"""Ed25519 signing of package manifests (library: ``cryptography``, imported only when used).

Keys travel as lower-case hex of their 32 raw bytes; a signature is hex of its 64 bytes. Hex has one
spelling per value (base64 has several), so a changed character always changes the bytes.
"""

from __future__ import annotations

import hashlib

from .errors import PackageError

__all__ = ["new_private_key", "public_key_of", "sign", "verify", "fingerprint"]


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
    """Raise ``PackageError`` unless ``signature_hex`` is the key's signature of ``message``."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

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
