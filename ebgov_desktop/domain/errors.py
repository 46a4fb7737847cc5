"""The one family of errors a user can meet.

Every error that reaches the officer (the window's message box, the command line's ``Lỗi: …`` line)
derives from ``UserError``: ``message`` is the Vietnamese sentence shown (what happened, what to do),
``detail`` the technical detail that goes to the log only (an OS error, a path, an SQLite message).
Code that must tell errors apart does it by class or by a typed attribute (``PackageError.needs_update``,
``DatasetError.needs_update``), never by matching words inside ``message``.

Lives in ``domain`` so that every layer can derive from it; each subclass keeps its historic builtin
base (``ValueError`` / ``RuntimeError``) so existing ``except`` clauses still hold.
"""

from __future__ import annotations

__all__ = ["UserError", "InputError"]


class UserError(Exception):
    """An error the officer sees: ``message`` in Vietnamese, ``detail`` for the log."""

    def __init__(self, message: str = "", *args, detail: str = ""):
        super().__init__(message, *args)
        self.message = message
        self.detail = detail

    def __str__(self) -> str:
        return self.message

    def log_text(self) -> str:
        """One line for the log: the class, the message and the technical detail."""
        tail = f" [{self.detail}]" if self.detail else ""
        return f"{type(self).__name__}: {self.message}{tail}"


class InputError(UserError, ValueError):
    """What the officer typed cannot be read (a count with a comma, a date that is no date): the
    message names the field and shows a correct example."""
