"""What the export and the import of packages share: the error they raise, the JSON schemas a package
is checked against, the file suffix and the fingerprint comparison."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Callable, Sequence

from ...domain.package_check import package_check as package_check  # the import stores it per package
from ...domain.rules import Finding
from ..paths import resource
from ..workspace import WorkspaceError

PACKAGE_SUFFIX = ".ebgov"
CancelHook = Callable[[], bool]


class ExchangeError(WorkspaceError):
    """An export or import that cannot be done; a Vietnamese message saying what to do.

    ``errors`` holds the rule errors when an export is refused because of them.
    """

    def __init__(self, message: str, errors: Sequence[Finding] = ()):
        super().__init__(message)
        self.errors = list(errors)


@lru_cache(maxsize=1)
def schemas():
    from ...exchange.package import Schemas

    def load(name: str) -> dict:
        return json.loads(resource("schema", name).read_text(encoding="utf-8"))

    return Schemas(manifest=load("manifest-v1.schema.json"), data=load("data-v1.schema.json"))


def _norm_fingerprint(text: str) -> str:
    return "".join(c for c in text.upper() if c in "0123456789ABCDEF")


def _same_fingerprint(a: str, b: str) -> bool:
    return bool(a) and _norm_fingerprint(a) == _norm_fingerprint(b)
