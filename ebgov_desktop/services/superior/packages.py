"""The communes' packages at the superior level: the import (the one ``services.packages``
import, which stores each package with its check), and the officer's decisions on the board: a
conflict resolved, a key confirmed, accepted or refused."""

from __future__ import annotations

from ...storage.superior import SuperiorRepository
from .. import packages as _packages
from ..workspace import Workspace
from .common import SuperiorError

#: The one package import (``services.packages.import_packages``): the window, the command line and the
#: benches all call it, so key changes and first contacts are recorded the same way whatever the path.
import_packages = _packages.import_packages


def resolve_conflict(ws: Workspace, package_id: int) -> None:
    """The officer chose this package (a conflict or the current one): it becomes current and the
    other versions of the same revision are kept as superseded."""
    from ...storage.packages import CONFLICT, PackageRepository
    from ..packages import make_current

    repo = PackageRepository(ws.store)
    record = repo.get(package_id)
    make_current(ws, package_id)
    with ws.store.transaction():
        for other in repo.for_unit_period(record.unit_code, record.period):
            if other.id != package_id and other.status == CONFLICT:
                repo.supersede(other.id, package_id)


def accept_key_change(ws: Workspace, change_id: int, heard_fingerprint: str, *,
                      reimport: bool = True):
    """The officer read the key's fingerprint on the phone (a new key, or a first contact): it becomes
    the unit's confirmed key and the package kept aside for it is taken in (``services.packages
    .accept_key``). Returns the import report of the packages taken in."""
    from ..packages import ExchangeError, _norm_fingerprint, accept_key

    repo = SuperiorRepository(ws.store)
    kc = repo.get_key_change(change_id)
    if _norm_fingerprint(heard_fingerprint) != _norm_fingerprint(kc.fingerprint):
        raise SuperiorError(f"Mã khóa vừa nhập ({heard_fingerprint}) khác mã khóa của gói ({kc.fingerprint}). "
                            "Không chấp nhận; hãy đối chiếu lại với đơn vị gửi.")
    try:
        return accept_key(ws, kc.unit_code, kc.public_key).report
    except ExchangeError as exc:
        raise SuperiorError(str(exc)) from None


def reject_key_change(ws: Workspace, change_id: int) -> None:
    """The officer could not confirm the key: the request is closed, the package stays refused (a
    first contact's key is unpinned and its package stops counting), and the decision is kept."""
    from ..packages import refuse_key

    kc = SuperiorRepository(ws.store).get_key_change(change_id)
    refuse_key(ws, kc.unit_code, kc.public_key)


def key_change(ws: Workspace, change_id: int):
    """The waiting key change (unit, period, revision, new key's fingerprint, the refused file)."""
    return SuperiorRepository(ws.store).get_key_change(change_id)


def package_record(ws: Workspace, package_id: int):
    """One imported package's record (file, revision, dates, digest, status), for the conflict dialog."""
    from ...storage.packages import PackageRepository

    return PackageRepository(ws.store).get(package_id)
