"""The main window's live checks: findings and input problems, their marks on the fields and the
register rows, each page's completeness, and jumping to the field a finding is about.

``WindowChecks`` is a mixin of ``MainWindow`` (it uses its ``ws``, ``period``, ``template``, ``pages``,
``editors``, ``_values``, ``_problems``, ``_findings``, ``snapshot`` and ``_checked``).

Every check reads one ``PeriodSnapshot`` (``Workspace.snapshot``): the marks, the register rows'
marks, the Kiểm tra page and its explanations. ``fresh_snapshot`` is what printing and exporting take:
the decision shown is then the one the background worker receives.
"""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING

from PySide6 import QtCore

from ..domain.rules import Finding
from .fields import InputProblem

if TYPE_CHECKING:
    from ..services.snapshot import PeriodSnapshot

__all__ = ["WindowChecks"]


def _field_keys(keys, t) -> list[str]:
    """Finding keys as fields on the pages (of template ``t``): derived figures stand for their parts."""
    out: list[str] = []
    for key in keys:
        parts = t.derived[key].plus + t.derived[key].minus if key in t.derived else (key,)
        for part in parts:
            if (part in t.fields or part == "register") and part not in out:
                out.append(part)
    return out


class WindowChecks:
    """Mixin: the live checks of ``MainWindow``."""

    # -- checks ------------------------------------------------------------------------------------
    def _check_once(self) -> None:
        if not self._checked:
            self.refresh_checks()

    def refresh_checks(self) -> PeriodSnapshot:
        """Run the checks (one snapshot of the period) and show what they found."""
        self._checked = True
        # at every saved field: the package's revision (a digest and a file read) is left for export
        self.snapshot = self.ws.snapshot(self.period, revision=False)
        self._findings = list(self.snapshot.findings)
        self._apply_marks()
        errors = len(self._problems) + sum(1 for f in self._findings if f.is_error)
        warnings = sum(1 for f in self._findings if not f.is_error)
        label = self.template.pages[-1].label
        if errors or warnings:
            label += f" ({errors} lỗi, {warnings} cảnh báo)" if warnings else f" ({errors} lỗi)"
            if not errors:
                label = self.template.pages[-1].label + f" ({warnings} cảnh báo)"
        self.tabs.setTabText(self.page_keys.index("check"), label)
        return self.snapshot

    def fresh_snapshot(self) -> PeriodSnapshot:
        """Before printing or exporting: the field being typed in saved and the checks run (once) and
        shown; the report or the package is made of the snapshot returned, the decision shown."""
        before = self.snapshot
        self.commit_focused()
        if self.snapshot is before:  # nothing was saved, so the checks did not run just now
            self.refresh_checks()
        self.snapshot = self.ws.with_revision(self.snapshot)
        return self.snapshot

    def findings(self) -> list[Finding]:
        self._check_once()
        return list(self._findings)

    def input_problems(self) -> list[InputProblem]:
        """Fields whose typed text could not be saved (they block printing like rule errors)."""
        return list(self._problems.values())

    def _apply_marks(self) -> None:
        marks: dict[str, tuple[str, list[str]]] = {}
        row_marks: dict[int, tuple[str, str]] = {}
        register = self.snapshot.register if self.snapshot is not None else ()
        for f in self._findings:
            severity = "error" if f.is_error else "warning"
            for key in _field_keys(f.keys, self.template):
                old = marks.get(key)
                if old is None:
                    marks[key] = (severity, [f.message])
                else:
                    marks[key] = ("error" if "error" in (old[0], severity) else "warning",
                                  old[1] + [f.message])
            if f.row is not None:  # the rows the rules saw: marks follow the item, not a position
                if 0 <= f.row < len(register):
                    item_id = register[f.row].id
                    prev = row_marks.get(item_id)
                    text = f.message if prev is None else prev[1] + "\n" + f.message
                    sev = "error" if (prev and prev[0] == "error") or f.is_error else "warning"
                    row_marks[item_id] = (sev, text)
        for key, editor in self.editors.items():
            if key in self._problems:
                editor.set_mark("input", self._problems[key].message)
            elif key in marks:
                severity, messages = marks[key]
                editor.set_mark(severity, "\n".join(messages))
            else:
                editor.set_mark(None)
        if "equipment" in self.pages:
            self.pages["equipment"].model.set_marks(row_marks)
        self._show_completeness()
        if "check" in self.pages:
            self.pages["check"].set_findings(
                self._findings, list(self._problems.values()),
                self.snapshot.explanations if self.snapshot is not None else {})

    def _show_completeness(self) -> None:
        """Each form page: "Đã nhập 34/58 chỉ tiêu" and the required figures still empty."""
        if not getattr(self, "_checked", False):  # like the rules: right after the first paint
            return
        from ..domain.completeness import page_completeness

        end = self._values.get("doc.period_end")
        end = _dt.date.fromisoformat(end) if end else self.period.default_range()[1]
        for key, page in self.pages.items():
            if hasattr(page, "set_completeness"):
                c = page_completeness(page.template, self._values, key, end)
                page.set_completeness(c.entered, c.total, c.missing_required)

    def jump_to(self, entry) -> None:
        """Show the field (or register row) a finding is about, with the cursor in it."""
        keys = [entry.key] if isinstance(entry, InputProblem) else _field_keys(entry.keys, self.template)
        if not keys:
            return
        key = keys[0]
        if key == "register":
            page = self.show_page("equipment")
            item_id = self.snapshot.item_id(entry) if self.snapshot is not None else None
            if item_id is not None and not page.select_item(item_id):
                page.disposed_box.setChecked(True)
                page.select_item(item_id)
            page.view.setFocus()
            return
        page = self.show_page(self.page_of(key))
        editor = self.editors[key]
        if not editor.isVisible():
            page.set_field_visible(key, True)
        page.ensureWidgetVisible(editor)
        editor.setFocus(QtCore.Qt.FocusReason.OtherFocusReason)
