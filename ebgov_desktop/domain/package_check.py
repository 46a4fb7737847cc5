"""What the superior's board shows of a commune's package on its own: how many warnings, how many
explained, a one-line summary, and how many required figures are empty. Made once when the package is
stored (by the import, or by the migration for packages stored before the import made it); the board
only reads it."""

from __future__ import annotations

from typing import Sequence

from .dataset import Dataset
from .rules import Figures, Finding, RuleContext, evaluate

__all__ = ["package_check", "PackageCheck"]

#: (warnings, explained, summary, required figures left empty)
PackageCheck = tuple[int, int, str, int]


def package_check(ds: Dataset, found: Sequence[Finding] | None = None) -> PackageCheck:
    """The check of ``ds``. ``found``: what the rules found in it already (``VerifiedPackage.warnings``,
    found while verifying), else they are run here."""
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
