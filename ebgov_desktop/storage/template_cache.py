"""Parsed template files kept as JSON, so that a start reads the form without parsing its TOML again.

``tomllib`` is pure Python: the 2019 template (1,500 lines) takes it about 8 ms, before the first paint
of every start. The parsed tables are kept in ``<digest>.json`` (the SHA-256 of the TOML file's bytes),
where ``json`` (in C) reads them back in well under a millisecond. ``domain.template`` asks the cache
first (``set_parse_cache``); the template is then built and checked from the tables as from a fresh
parse, so a cache can make nothing valid that the file is not.

The cache is an optimisation only: an unreadable, damaged or foreign entry is a miss, a failed write
is ignored, and an edited template has another digest, hence another entry.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
from pathlib import Path
from typing import Any

from .atomic import atomic_write

__all__ = ["TemplateParseCache"]

#: bumped when the kept form changes
CACHE_FORMAT = 1
#: entries kept; the oldest are removed beyond this (one per template version ever opened)
KEEP = 32
_DATE_TAG = "\u0000toml-date"


def _encode(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _encode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
        return {_DATE_TAG: value.isoformat()}
    if isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(type(value).__name__)  # datetimes and times: not kept (templates use dates)


def _decode_object(obj: dict) -> Any:
    if len(obj) == 1 and _DATE_TAG in obj:
        return _dt.date.fromisoformat(obj[_DATE_TAG])
    return obj


class TemplateParseCache:
    """The parsed tables of template files in ``folder``, by digest."""

    def __init__(self, folder: str | os.PathLike):
        self.folder = Path(folder)

    def _path(self, digest: str) -> Path:
        return self.folder / f"{digest}.json"

    def get(self, digest: str) -> dict | None:
        try:
            kept = json.loads(self._path(digest).read_bytes(), object_hook=_decode_object)
        except (OSError, ValueError, RecursionError):
            return None
        if not isinstance(kept, dict) or kept.get("format") != CACHE_FORMAT \
                or kept.get("digest") != digest or not isinstance(kept.get("tables"), dict):
            return None
        return kept["tables"]

    def put(self, digest: str, tables: dict) -> None:
        try:
            raw = json.dumps({"format": CACHE_FORMAT, "digest": digest, "tables": _encode(tables)},
                             ensure_ascii=False, allow_nan=False).encode("utf-8")
            if json.loads(raw, object_hook=_decode_object)["tables"] != tables:
                return  # a table that merely looks like a kept date: not kept
        except (TypeError, ValueError):
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            atomic_write(self._path(digest), data=raw)
            self._prune()
        except OSError:
            pass  # read-only or full disk: the next start parses the file again

    def _prune(self) -> None:
        entries = sorted(self.folder.glob("*.json"), key=lambda p: p.stat().st_mtime)
        for old in entries[:-KEEP]:
            try:
                old.unlink()
            except OSError:
                pass
