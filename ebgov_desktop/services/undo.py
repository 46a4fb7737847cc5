"""Undo and redo, one history per page (Ctrl+Z / Ctrl+Y), as Office users expect.

Every edit is in the store's change log (the audit trail). A page's history is the part of it that the
page shows: its fields of the period shown, the register on the equipment page, the explanations on
Kiểm tra, the unit's details on the page that holds them. Ctrl+Z on one page never takes back an edit
made on another; a new edit on a page ends what Ctrl+Y can do again there; only the newest
``UNDO_DEPTH`` edits of a page can be undone.
"""

from __future__ import annotations

from ..domain.periods import Period
from ..domain.template import Scope, known_field
from ..storage.change_log import UNDO_DEPTH, ChangeEntry, UndoScope
from .workspace import Workspace

__all__ = ["UNDO_DEPTH", "undo", "redo", "next_undo_text", "next_redo_text", "REGISTER_PAGE", "CHECK_PAGE"]

#: the pages whose history is not (only) fields: the register's and the checks' (explanations)
REGISTER_PAGE = "equipment"
CHECK_PAGE = "check"


def page_scope(ws: Workspace, period: Period | None, page: str | None) -> UndoScope | None:
    """The edits the history of ``page`` of ``period`` covers; None (every edit) without a page."""
    if page is None or period is None:
        return None
    template = ws.template(period)
    sections = {s.key for s in template.sections_on_page(page)}
    fields = [f for f in template.fields.values() if f.section in sections]
    return UndoScope(
        period_id=ws.store.period_id(period.code),
        values=frozenset(f.key for f in fields if f.scope is Scope.PERIOD),
        register=page == REGISTER_PAGE,
        explanations=page == CHECK_PAGE,
        unit=any(f.scope is Scope.UNIT for f in fields),
    )


def _what(entry: ChangeEntry) -> str:
    """What an edit changed, for the Sửa menu and the status line."""
    target = entry["target"]
    if target == "value":
        spec = known_field(entry["key"])
        return spec.label if spec is not None else entry["key"]
    if target == "explanation":
        return "giải trình"
    if target == "unit":
        return "thông tin đơn vị"
    if target == "register_import":
        return f"nhập {len(entry['new']['ids'])} thiết bị từ tệp"
    return "sổ thiết bị"


def _said(entry: ChangeEntry | None, verb: str) -> str | None:
    if entry is None:
        return None
    what = _what(entry)
    if entry["target"] == "register_import":
        return f"{verb} việc {what}"
    if entry["target"] == "value":
        return f"{verb}: {what}"
    return f"{verb} thay đổi {what}" if entry["target"] == "register" else f"{verb} {what}"


def undo(ws: Workspace, period: Period | None = None, page: str | None = None) -> str | None:
    """Take back the newest edit of ``page`` (every page's when None); what was undone, in Vietnamese,
    or None when nothing is left."""
    return _said(ws.store.undo_last(page_scope(ws, period, page)), "Đã hoàn tác")


def redo(ws: Workspace, period: Period | None = None, page: str | None = None) -> str | None:
    """Do again the edit of ``page`` undone last; what was redone, or None."""
    return _said(ws.store.redo_last(page_scope(ws, period, page)), "Đã làm lại")


def next_undo_text(ws: Workspace, period: Period | None, page: str | None) -> str | None:
    """The Sửa menu's words for Ctrl+Z on ``page`` ("Hoàn tác: Số máy tính"), None when nothing."""
    entry = ws.store.next_undo(page_scope(ws, period, page))
    return None if entry is None else f"Hoàn tác: {_what(entry)}"


def next_redo_text(ws: Workspace, period: Period | None, page: str | None) -> str | None:
    entry = ws.store.next_redo(page_scope(ws, period, page))
    return None if entry is None else f"Làm lại: {_what(entry)}"
