"""The board of a period: one row per expected commune (following renames and merges), the unexpected
senders, the count sentence, and the window's filter."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Iterable, Sequence

from ...domain.consolidation import (
    BoardRow,
    BoardStatus,
    ExpectedUnit,
    completeness,
    completeness_sentence,
)
from ...domain.periods import Period, PeriodError
from ...domain.units import UnitKind
from ...storage.packages import PackageRepository
from ...storage.superior import SuperiorRepository
from ..workspace import Workspace
from .common import _period, _period_end, fold, require_superior
from .units import list_expected

# -- the board -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Board:
    period: Period
    rows: list[BoardRow]  # expected communes, in list order
    unexpected: list[BoardRow]  # sent a package but are not expected (expected=False)
    #: current packages signed by a key nobody confirmed: shown apart, never counted or summed
    unconfirmed_ids: frozenset = frozenset()

    @property
    def all_rows(self) -> list[BoardRow]:
        return self.rows + self.unexpected

    @property
    def sentence(self) -> str:
        """``34/36 xã đã báo cáo``."""
        return completeness_sentence(self.rows)

    @property
    def reported(self) -> int:
        return completeness(self.rows)[0]

    @property
    def missing(self) -> list[BoardRow]:
        return [r for r in self.rows if not r.status.reported]

    @property
    def missing_names(self) -> list[str]:
        """``xã Quảng Thọ`` … of every expected commune not (yet) counted as reported."""
        return [r.unit.full_name for r in self.missing]

    @property
    def waiting_keys(self) -> list[BoardRow]:
        """Rows (expected or not) whose package waits for the officer to confirm a key."""
        return [r for r in self.all_rows if r.key_change_id is not None
                or r.status is BoardStatus.UNCONFIRMED]

    @cached_property
    def search(self) -> "BoardSearch":
        """The window's filter over ``all_rows`` (search keys folded once per board)."""
        return BoardSearch(self.all_rows)



def board(ws: Workspace, period: Period | str) -> Board:
    """One row per commune expected in ``period`` + a flagged row per unexpected sender.

    A read: a handful of indexed queries whatever the number of communes (no query per commune), and
    nothing written (each package's check is made when it is stored)."""
    from ...exchange.signing import fingerprint

    require_superior(ws)
    p = _period(period)
    repo = SuperiorRepository(ws.store)
    day = _period_end(p)
    communes = list_expected(ws)
    by_code = {c.code: c for c in communes}
    expected = [c for c in communes if c.expected_on(day)]
    expected_codes = {c.code for c in expected}

    def target(code: str) -> str | None:
        """The expected row a package of ``code`` counts for (following merges)."""
        seen = set()
        while code and code not in seen:
            if code in expected_codes:
                return code
            seen.add(code)
            c = by_code.get(code)
            code = c.merged_into if c is not None else ""
        return None

    current: dict[str, object] = {}
    conflicts: dict[str, list] = {}
    strays: dict[str, list] = {}
    for pkg in repo.board_packages(p.code):
        row_code = target(pkg.unit_code)
        if row_code is None:
            strays.setdefault(pkg.unit_code, []).append(pkg)
            continue
        if pkg.status == "conflict":
            conflicts.setdefault(row_code, []).append(pkg)
        elif row_code not in current or pkg.unit_code == row_code:
            current[row_code] = pkg
    refusals = repo.refusals(p.code)
    key_changes = {}
    first_contacts = {}
    for kc in repo.key_changes(period=p.code):
        into = first_contacts if kc.kind == "first_contact" else key_changes
        into[target(kc.unit_code) or kc.unit_code] = kc
    trusted = {k.unit_code: k.public_key for k in PackageRepository(ws.store).pinned_keys() if k.confirmed}
    unconfirmed_ids = set()

    def make(unit: ExpectedUnit, code: str, pkgs_current, pkgs_conflict, *, is_expected: bool) -> BoardRow:
        kc = key_changes.get(code)
        pkg = pkgs_current
        reasons = []
        if pkg is None and pkgs_conflict:
            pkg = pkgs_conflict[0]
        if pkg is None:
            refusal = refusals.get(code)
            if kc is not None:
                return BoardRow(unit, BoardStatus.REFUSED, kc.revision, kc.seen_at, kc.fingerprint,
                                _key_reason(kc), expected=is_expected, key_change_id=kc.id)
            if refusal is not None:
                return BoardRow(unit, BoardStatus.REFUSED, None, refusal.at, "", refusal.reason,
                                expected=is_expected)
            return BoardRow(unit, BoardStatus.MISSING, expected=is_expected)
        fc = first_contacts.get(code)
        if trusted.get(pkg.unit_code) != pkg.public_key:
            status = BoardStatus.UNCONFIRMED
            unconfirmed_ids.add(pkg.id)
            reasons.append(f"khóa {fingerprint(pkg.public_key)} chưa được xác nhận: chưa tính là đã báo "
                           "cáo; hãy gọi điện cho đơn vị đối chiếu mã khóa rồi xác nhận")
            if fc is not None and fc.other_units:
                reasons.append(f"CHÚ Ý: khóa này đã được ghi nhận cho đơn vị {fc.other_units}")
            if kc is None and fc is not None and fc.public_key == pkg.public_key:
                kc = fc
        elif pkgs_conflict:
            status = BoardStatus.CONFLICT
            reasons.append(f"có {len(pkgs_conflict)} bản khác của lần gửi {pkgs_conflict[0].revision} "
                           "với số liệu khác; hãy hỏi lại đơn vị rồi chọn bản đúng")
        elif pkg.missing:  # required figures empty: not counted as reported
            status = BoardStatus.INCOMPLETE
            reasons.append(pkg.summary)
        elif pkg.warnings:
            status = BoardStatus.RECEIVED_WARNINGS
            reasons.append(pkg.summary)
        else:
            status = BoardStatus.RECEIVED
        if pkg.unit_code != code:
            reasons.append(f"gửi bằng mã cũ {pkg.unit_code} ({pkg.unit_name})")
        if kc is not None and kc.kind != "first_contact":
            reasons.append(_key_reason(kc))
        if not is_expected:
            reasons.insert(0, "không có trong danh sách đơn vị phải báo cáo")
        return BoardRow(unit, status, pkg.revision, pkg.imported_at, fingerprint(pkg.public_key),
                        "; ".join(r for r in reasons if r), package_id=pkg.id, expected=is_expected,
                        warnings=pkg.warnings or 0,
                        conflict_ids=tuple(c.id for c in pkgs_conflict),
                        key_change_id=kc.id if kc else None,
                        sent_as=pkg.unit_code if pkg.unit_code != code else "")

    rows = []
    for c in expected:
        n = c.name_on(day)
        unit = ExpectedUnit(c.code, n.name, n.kind)
        rows.append(make(unit, c.code, current.get(c.code), conflicts.get(c.code, []), is_expected=True))
    unexpected = []
    for code, pkgs in sorted(strays.items()):
        cur = next((x for x in pkgs if x.status == "current"), None)
        conf = [x for x in pkgs if x.status == "conflict"]
        first = cur or conf[0]
        try:
            kind = UnitKind(first.unit_kind)
        except ValueError:
            kind = UnitKind.XA
        unexpected.append(make(ExpectedUnit(code, first.unit_name, kind), code, cur, conf,
                               is_expected=False))
    for code, kc in key_changes.items():
        if code not in expected_codes and code not in strays:
            unexpected.append(BoardRow(ExpectedUnit(code, code), BoardStatus.REFUSED, kc.revision,
                                       kc.seen_at, kc.fingerprint, _key_reason(kc), expected=False,
                                       key_change_id=kc.id))
    return Board(p, rows, unexpected, frozenset(unconfirmed_ids))


def _key_reason(kc) -> str:
    against = f", khóa đang ghi nhận {kc.pinned_fingerprint}" if kc.pinned_fingerprint else ""
    flag = f"; CHÚ Ý: khóa này đã được ghi nhận cho đơn vị {kc.other_units}" if kc.other_units else ""
    return (f"Khóa mới — cần xác nhận: gói lần gửi {kc.revision} ký bằng khóa {kc.fingerprint}{against}; "
            f"hãy gọi điện đối chiếu mã khóa rồi chấp nhận khóa mới{flag}")


class BoardSearch:
    """The window's filter: each row's search key (code, name, reason and status, without diacritics
    or case) is folded once, so a keystroke only compares strings (≤ 5 ms at 3,321 communes)."""

    def __init__(self, rows: Sequence[BoardRow]):
        self.rows = list(rows)
        self.keys = [fold(f"{r.unit.code} {r.unit.full_name} {r.reason} {r.status.label}") for r in self.rows]

    def matching(self, text: str = "", statuses: Iterable[BoardStatus] | None = None) -> list[int]:
        """Indices of the rows kept: ``text`` matches code, name or reason without regard to
        diacritics or case ("quang tho" finds "Quảng Thọ"); ``statuses`` keeps only those."""
        needle = fold(text)
        if statuses is None:
            if not needle:
                return list(range(len(self.rows)))
            return [i for i, key in enumerate(self.keys) if needle in key]
        wanted = set(statuses)
        return [i for i, (r, key) in enumerate(zip(self.rows, self.keys))
                if r.status in wanted and needle in key]


def filter_board(rows: Sequence[BoardRow], text: str = "",
                 statuses: Iterable[BoardStatus] | None = None) -> list[BoardRow]:
    """The rows the window's filter keeps (``BoardSearch.matching``; the window keeps the board's
    ``search`` to fold the keys once)."""
    search = rows.search if isinstance(rows, Board) else BoardSearch(rows)
    return [search.rows[i] for i in search.matching(text, statuses)]


def board_periods(ws: Workspace) -> list[Period]:
    """Periods that have packages or a period of the superior workspace, newest first."""
    codes = set(SuperiorRepository(ws.store).periods()) | set(ws.store.period_codes())
    out = []
    for code in codes:
        try:
            out.append(Period.parse(code))
        except PeriodError:
            continue
    return sorted(out, reverse=True)
