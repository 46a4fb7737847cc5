"""What the export and the import of packages share: the error they raise, the JSON schemas a package
is checked against, the file suffix and the fingerprint comparison."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Callable, Sequence

from ...domain.dataset import Dataset
from ...domain.rules import Figures, Finding, RuleContext, evaluate
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


def package_check(ds: Dataset, found: Sequence[Finding] | None = None) -> tuple[int, int, str, int]:
    """(warnings, explained, summary, required figures left empty) of a commune's dataset on its own:
    what the superior's board shows of a package (the import stores it with the package). ``found``:
    what the rules found in it already (``VerifiedPackage.warnings``), else they are run here."""
    figures = Figures(ds.values, ds.template)
    if found is None:
        found = evaluate(RuleContext(period=ds.period, figures=figures, register=list(ds.register),
                                     check_future_acquisitions=True))
    warnings = [f for f in found if not f.is_error]
    missing = [f for f in warnings if f.rule_id == "required_figures"]
    if not warnings:
        return 0, 0, "", 0
    explained = sum(1 for f in warnings if (ds.explanations.get(f.id) or "").strip())
    if missing:
        labels = ", ".join(figures.label(f.keys[0]) for f in missing[:3] if f.keys)
        more = f" và {len(missing) - 3} chỉ tiêu khác" if len(missing) > 3 else ""
        return (len(warnings), explained,
                f"thiếu {len(missing)} chỉ tiêu bắt buộc: {labels}{more}", len(missing))
    first = warnings[0].message
    more = f" (và {len(warnings) - 1} cảnh báo khác)" if len(warnings) > 1 else ""
    tail = f"; {explained} đã giải trình" if explained else ""
    return len(warnings), explained, f"{len(warnings)} cảnh báo{tail}: {first}{more}", 0
