"""One period as a use case sees it, read once: ``Workspace.snapshot(period)``.

The live check, Kiểm tra (F9), the PDF and the Word copy, the USB export and its preview all read one
``PeriodSnapshot``: the period, its template, the unit, the values, the register (read once), the
explanations, the findings (the rules run once), the indicators, the dataset and its revision. So the
decision the officer is shown is the very one the background worker acts on, and printing a report
neither runs the rules again nor reads the register again.

A snapshot is plain data (no connection): it may be handed to a background worker as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Mapping

from ..domain.dataset import Dataset
from ..domain.periods import Period
from ..domain.register import RegisterItem
from ..domain.rules import Finding, IndicatorValue
from ..domain.template import Template
from ..domain.units import Unit

if TYPE_CHECKING:
    from .revisions import Revision

__all__ = ["PeriodSnapshot"]


@dataclass(frozen=True, eq=False)
class PeriodSnapshot:
    unit: Unit
    period: Period
    template: Template
    values: Mapping[str, Any]
    #: the register rows the rules checked, in order (ids kept): a finding's ``row`` indexes it
    register: tuple[RegisterItem, ...]
    explanations: Mapping[str, str]
    findings: tuple[Finding, ...]
    indicators: Mapping[str, IndicatorValue]
    #: what the report prints and the package carries (the rows present in the period, no ids)
    dataset: Dataset
    #: None in the window's live checks (they run at every saved field and need no package
    #: revision); ``Workspace.with_revision`` adds it before a report or a package is made
    revision: Revision | None

    @property
    def errors(self) -> list[Finding]:
        """The findings that block printing and exporting (warnings never block)."""
        return [f for f in self.findings if f.is_error]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if not f.is_error]

    def missing_required(self) -> list[str]:
        """Labels of the required figures still empty (the template's flags), in form order."""
        return [self.template.label(f.keys[0]) for f in self.findings
                if f.rule_id == "required_figures" and f.keys]

    def item_id(self, finding: Finding) -> int | None:
        """The id of the register row a finding is about (None when it is about no row)."""
        row = getattr(finding, "row", None)
        if row is None or not 0 <= row < len(self.register):
            return None
        return self.register[row].id
