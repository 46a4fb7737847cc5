"""Template files kept in the workspace and the superior's pinned template-signing key.

Shares the ``Store``'s connection; the service wraps each import in one ``Store.transaction()``.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from .store import Store

__all__ = ["TemplateRepository", "StoredTemplate", "TemplateSigner"]


def _now() -> str:
    return _dt.datetime.now().isoformat(timespec="seconds")


@dataclass(frozen=True)
class StoredTemplate:
    id: int
    template_id: str
    version: int
    title: str
    body: str
    body_sha256: str
    source: str  # signed (sent down by the superior) / local (written at this superior level)
    public_key: str
    issuer_code: str
    issuer_name: str
    file_name: str
    imported_at: str


_COLUMNS = ("id", "template_id", "version", "title", "body", "body_sha256", "source", "public_key",
            "issuer_code", "issuer_name", "file_name", "imported_at")
_SELECT = f"SELECT {', '.join(_COLUMNS)} FROM template_file"


@dataclass(frozen=True)
class TemplateSigner:
    public_key: str
    fingerprint: str
    issuer_code: str
    issuer_name: str
    pinned_at: str
    how: str  # first_use / accepted


class TemplateRepository:
    def __init__(self, store: Store):
        self.store = store
        self.conn = store.conn

    def all(self) -> list[StoredTemplate]:
        rows = self.conn.execute(f"{_SELECT} ORDER BY template_id, version").fetchall()
        return [StoredTemplate(*r) for r in rows]

    def get(self, template_id: str, version: int) -> StoredTemplate | None:
        row = self.conn.execute(f"{_SELECT} WHERE template_id = ? AND version = ?",
                                [template_id, version]).fetchone()
        return StoredTemplate(*row) if row else None

    def latest(self, template_id: str) -> StoredTemplate | None:
        row = self.conn.execute(f"{_SELECT} WHERE template_id = ? ORDER BY version DESC LIMIT 1",
                                [template_id]).fetchone()
        return StoredTemplate(*row) if row else None

    def signed_file(self, row_id: int) -> bytes | None:
        row = self.conn.execute("SELECT signed_file FROM template_file WHERE id = ?", [row_id]).fetchone()
        return row[0] if row else None

    def insert(self, *, template_id: str, version: int, title: str, body: str, body_sha256: str,
               source: str, signed_file: bytes | None = None, public_key: str = "",
               issuer_code: str = "", issuer_name: str = "", file_name: str = "") -> int:
        cur = self.conn.execute(
            "INSERT INTO template_file (template_id, version, title, body, body_sha256, source, "
            "signed_file, public_key, issuer_code, issuer_name, file_name, imported_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [template_id, version, title, body, body_sha256, source, signed_file, public_key,
             issuer_code, issuer_name, file_name, _now()])
        return cur.lastrowid

    def pinned_signer(self) -> TemplateSigner | None:
        row = self.conn.execute(
            "SELECT public_key, fingerprint, issuer_code, issuer_name, pinned_at, how "
            "FROM template_signer WHERE replaced_at IS NULL").fetchone()
        return TemplateSigner(*row) if row else None

    def pin_signer(self, public_key: str, fingerprint: str, *, issuer_code: str, issuer_name: str,
                   how: str) -> None:
        """Make ``public_key`` the pinned one; the key it replaces is kept, marked replaced."""
        now = _now()
        self.conn.execute("UPDATE template_signer SET replaced_at = ? WHERE replaced_at IS NULL "
                          "AND public_key != ?", [now, public_key])
        self.conn.execute(
            "INSERT INTO template_signer (public_key, fingerprint, issuer_code, issuer_name, pinned_at, "
            "how) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(public_key) DO UPDATE SET replaced_at = NULL, "
            "pinned_at = excluded.pinned_at, how = excluded.how",
            [public_key, fingerprint, issuer_code, issuer_name, now, how])
