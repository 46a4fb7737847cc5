"""The workspace's Ed25519 signing key: made on first use, kept in ``keys/`` of the data dir.

The private key file is readable by its owner only (0600, folder 0700 on POSIX; on Windows the data
dir lives in the user's own profile). It belongs in every backup: a lost key means the superior level
must accept a new one by phone. The window shows ``fingerprint()`` so the two offices can compare it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ..domain.errors import UserError
from ..domain.system_errors import os_reason
from .paths import AppPaths

__all__ = ["KEY_FILE", "KeyFileError", "private_key", "public_key", "fingerprint", "key_path"]

KEY_FILE = "ed25519-private.key"
_HEADER = "ebgov-ed25519-private-key-v1"


class KeyFileError(UserError, RuntimeError):
    """The key file cannot be read; the message (Vietnamese) says what to do."""


def key_path(paths: AppPaths) -> Path:
    return paths.keys_dir / KEY_FILE


def _restrict(path: Path, mode: int) -> None:
    if sys.platform != "win32":
        os.chmod(path, mode)


def _read(path: Path) -> bytes:
    try:
        lines = path.read_text(encoding="ascii").split()
        if len(lines) != 2 or lines[0] != _HEADER or len(lines[1]) != 64:
            raise ValueError
        return bytes.fromhex(lines[1])
    except (ValueError, UnicodeDecodeError):
        raise KeyFileError(
            f"Tệp khóa ký {path} bị hỏng. Hãy phục hồi thư mục dữ liệu từ bản sao lưu; nếu không còn "
            "bản sao lưu, xóa tệp này để tạo khóa mới và báo cấp trên chấp nhận khóa mới.") from None
    except OSError as exc:
        raise KeyFileError(f"Không đọc được tệp khóa ký {path}: {os_reason(exc)}.") from None


def private_key(paths: AppPaths) -> bytes:
    """The raw private key, made (owner-only permissions) the first time it is needed."""
    path = key_path(paths)
    if path.exists():
        if sys.platform != "win32" and path.stat().st_mode & 0o077:
            _restrict(path, 0o600)
        return _read(path)
    from ..exchange.signing import new_private_key

    raw = new_private_key()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _restrict(path.parent, 0o700)
        tmp = path.with_name(path.name + ".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(f"{_HEADER}\n{raw.hex()}\n")
            fh.flush()
            os.fsync(fh.fileno())
        _restrict(tmp, 0o600)
        try:
            os.link(tmp, path)  # never replaces a key another process made meanwhile
        except FileExistsError:
            pass
        except OSError:
            if not path.exists():
                os.replace(tmp, path)
        if tmp.exists():
            tmp.unlink()
    except OSError as exc:
        raise KeyFileError(f"Không tạo được tệp khóa ký trong {path.parent}: "
                           f"{os_reason(exc)}. Hãy kiểm tra quyền ghi của thư mục dữ liệu.") from None
    return _read(path)


def public_key(paths: AppPaths) -> str:
    from ..exchange.signing import public_key_of

    return public_key_of(private_key(paths))


def fingerprint(paths: AppPaths) -> str:
    """``ABCD-EF01-2345-6789-ABCD``: read it out by phone to the superior level."""
    from ..exchange.signing import fingerprint as _fingerprint

    return _fingerprint(public_key(paths))
