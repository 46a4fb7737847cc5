"""The errors of the exchange layer: a package that cannot be trusted (with a Vietnamese reason), and a
read stopped because the officer cancelled."""

from __future__ import annotations

from ..domain.errors import UserError

__all__ = ["PackageError", "ReadCancelled"]


class PackageError(UserError, ValueError):
    """A refused package. ``reason`` is a Vietnamese sentence; ``file`` names the package file.

    ``needs_update`` is True when the package was made by a newer program (format version unknown).
    """

    def __init__(self, reason: str, *, file: str = "", needs_update: bool = False):
        self.reason = reason
        self.file = file
        self.needs_update = needs_update
        super().__init__(f"{file}: {reason}" if file else reason)

    def for_file(self, file: str) -> "PackageError":
        return PackageError(self.reason, file=file, needs_update=self.needs_update)


class ReadCancelled(Exception):
    """``read_package`` stopped between two of its checks because ``cancelled()`` said so."""
