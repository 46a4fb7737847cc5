"""Which file a template comes from, and whether what was built is that file's own text.

- ``with_digest``: a period names its template by id, version *and* SHA-256; among the files of the
  same id and version in the template folders (a province's IT officer may drop any file there), only
  the one with that digest is ever used. Another file never stands in silently.
- ``confirmed``: a template built from tables kept in the parse cache (``storage/template_cache.py``,
  a folder any program of the user can write) is compared with its file's own text before anything
  is printed, checked or exported; a differing entry is replaced and the template rebuilt. The cache
  only ever speeds up a start.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["with_digest", "confirmed", "from_cache"]

#: templates built from kept tables, not yet compared with their file's text: digest -> (raw, path)
from_cache: dict[str, tuple[bytes, str]] = {}


def with_digest(dirs, template_id: str, version: int, digest: str):
    """Among every file of that id and version in ``dirs``, the one whose SHA-256 is ``digest``."""
    from .template import TemplateError, load_template

    for d in dirs:
        if not Path(d).is_dir():
            continue
        for p in sorted(Path(d).glob("*.toml")):
            try:
                t = load_template(p)
            except (OSError, TemplateError):
                continue
            if (t.id, t.version, t.digest) == (template_id, version, digest):
                return t
    return None


def confirmed(template):
    """``template`` itself when its tables are its file's own; else rebuilt from the file's text."""
    from . import template as engine
    from .template_limits import read_toml

    kept = from_cache.pop(template.digest, None)
    if kept is None:
        return template
    raw, path = kept
    text = raw.decode("utf-8")
    data = read_toml(raw, text, path)
    cache = engine._parse_cache
    if cache is not None and cache.get(template.digest) == data:
        return template
    if cache is not None:
        cache.put(template.digest, data)
    fresh, problems = engine._build(data, text, template.digest, path)
    if problems:
        raise engine.TemplateError(problems, path)
    with engine._cache_lock:
        for key, found in list(engine._cache.items()):
            if found.digest == template.digest:
                engine._cache[key] = fresh
    for key, found in list(engine._resolved.items()):
        if found is not None and found.digest == template.digest:
            engine._resolved[key] = fresh
    return fresh
