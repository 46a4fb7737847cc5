"""Plan, then apply: the dry run reads and verifies each package once and keeps what it found by the
SHA-256 of the file's bytes; the import that follows takes the same bytes from that plan and verifies
only files whose bytes changed since (or that the dry run did not see).

What is kept is small (the manifest and the board's check, or the refusal): the data itself is taken
again from the file's bytes when the import stores it, so a plan of a whole year of the country's
packages costs a few megabytes, not the datasets.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ...domain.package_check import PackageCheck, package_check
from ...exchange.errors import PackageError, ReadCancelled
from ...exchange.package import ManifestView

__all__ = ["CheckedPackage", "ImportPlan", "checked_package"]


@dataclass(frozen=True)
class CheckedPackage(ManifestView):
    """A verified package as the import stores it: its manifest, its canonical ``data.json`` and the
    board's check of it (the properties the import reads are those of ``VerifiedPackage``)."""

    manifest: dict
    payload: bytes
    check: PackageCheck

    @classmethod
    def of(cls, verified) -> "CheckedPackage":
        """From a ``VerifiedPackage``: the check from the rules' findings made while verifying."""
        return cls(verified.manifest, verified.payload, package_check(verified.dataset, verified.warnings))


_Kept = tuple[dict, PackageCheck] | PackageError


@dataclass
class ImportPlan:
    """What reading each file gave, by the SHA-256 of its bytes: (manifest, check) of a verified
    package, or the ``PackageError`` refusing it."""

    kept: dict[str, _Kept] = field(default_factory=dict)
    #: how many packages were read and verified in full (the tests count them)
    verified: int = 0

    def __len__(self) -> int:
        return len(self.kept)


def checked_package(path: Path, raw: bytes, read_verified: Callable, plan: ImportPlan | None,
                    cancelled=None) -> CheckedPackage:
    """The checked package of ``raw`` (the bytes of ``path``): from ``plan`` when the same bytes were
    verified already, else verified now (``read_verified(path, cancelled, raw=raw)``) and kept in
    ``plan``. Raises ``PackageError`` when refused (now or by the dry run)."""
    from ...exchange.container import open_container

    digest = hashlib.sha256(raw).hexdigest()
    kept = plan.kept.get(digest) if plan is not None else None
    if isinstance(kept, PackageError):
        raise kept
    if kept is not None:
        if cancelled is not None and cancelled():  # as reading would: the package is left untouched
            raise ReadCancelled
        manifest, check = kept
        return CheckedPackage(manifest, open_container(raw).payload, check)
    try:
        pkg = CheckedPackage.of(read_verified(path, cancelled, raw=raw))
    except PackageError as exc:
        if plan is not None:
            plan.kept[digest] = exc
        raise
    if plan is not None:
        plan.verified += 1
        plan.kept[digest] = (pkg.manifest, pkg.check)
    return pkg
