"""The workspace use cases: one unit, its periods, values, register, checks and datasets."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..domain.catalogue import legacy_template
from ..domain.dataset import Dataset, DatasetError, check_value, register_item_from_dict
from ..domain.document import document_defaults
from ..domain.errors import UserError
from ..domain.periods import Period
from ..domain.register import RegisterItem
from ..domain.rules import Figures, Finding, IndicatorValue, RuleContext, compute_indicators, evaluate
from ..domain.template import (
    FieldType,
    Scope,
    Template,
    TemplateLibrary,
    add_template_dir,
    builtin_dir,
    default_template,
    is_legacy,
    resolve,
)
from ..domain.template_trust import confirmed
from ..domain.units import Unit
from ..storage import StorageError, Store
from .paths import AppPaths, app_paths

if TYPE_CHECKING:
    from .snapshot import PeriodSnapshot

__all__ = ["Workspace", "WorkspaceError", "CARRIED_FORWARD", "PreviousFigures", "copyable_figures"]

#: Document settings a new period takes from the one before it.
CARRIED_FORWARD = (
    "doc.superior_line",
    "doc.symbol",
    "doc.place",
    "doc.signer_authority",
    "doc.signer_deputy",
    "doc.signer_title",
    "doc.signer_name",
    "doc.recipients",
    "doc.receiver",
    "staff.it_officer",
    "staff.it_officer_full_time",
    "portal.exists",
    "portal.url",
)


#: The field types that are figures (counts, percentages, yes/no): what a period shows of the one before.
_FIGURES = (FieldType.COUNT, FieldType.PERCENT, FieldType.BOOL)


def copyable_figures(template: Template) -> frozenset[str]:
    """The keys of ``template``'s figures a period shows of (and copies from) the one before: the
    period's counts, percentages and yes/no answers."""
    return frozenset(k for k, f in template.fields.items()
                     if f.scope is Scope.PERIOD and f.type in _FIGURES)


@dataclass(frozen=True)
class PreviousFigures:
    """The period before (None: not in this workspace), its figures this period's template has, and
    the labels of those it has not (entered on another template)."""

    period: Period | None
    values: dict[str, Any]
    left_out: tuple[str, ...] = ()


class WorkspaceError(UserError, ValueError):
    """A use-case error with a Vietnamese message for the officer."""


class Workspace:
    """One unit's workspace. Not thread-safe: a background worker opens its own."""

    def __init__(self, store: Store, paths: AppPaths):
        self.store = store
        self.paths = paths
        if paths is not None:  # a province's own templates and those sent down
            add_template_dir(paths.data_dir / "templates")

    # -- opening ---------------------------------------------------------------------------------
    @classmethod
    def open(cls, data_dir: str | Path | None = None, *, paths: AppPaths | None = None) -> "Workspace":
        paths = (paths or app_paths(data_dir)).ensure()
        add_template_dir(paths.data_dir / "templates")  # before the migrations, which read datasets
        return cls(Store(paths.workspace), paths)

    @staticmethod
    def exists(data_dir: str | Path | None = None, *, paths: AppPaths | None = None) -> bool:
        paths = paths or app_paths(data_dir)
        if not paths.workspace.exists():
            return False
        with Store(paths.workspace, migrate=False) as store:
            try:
                return store.get_unit() is not None
            except Exception:
                return True  # a file that is there but unreadable is not "no workspace"

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> "Workspace":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- unit ------------------------------------------------------------------------------------
    @property
    def unit(self) -> Unit | None:
        return self.store.get_unit()

    def require_unit(self) -> Unit:
        unit = self.unit
        if unit is None:
            raise WorkspaceError("Chưa khai báo đơn vị. Hãy tạo đơn vị trước (lệnh init).")
        return unit

    def set_unit(self, unit: Unit) -> None:
        self.store.set_unit(unit)

    def set_unit_field(self, key: str, value: str) -> None:
        unit = self.require_unit()
        data = unit.to_dict()
        if not key.startswith("unit.") or key.split(".", 1)[1] not in data:
            raise WorkspaceError(f"'{key}' không phải là thông tin đơn vị.")
        data[key.split(".", 1)[1]] = value
        from ..domain.dataset import unit_from_dict

        try:
            self.store.set_unit(unit_from_dict(data))
        except DatasetError as exc:
            raise WorkspaceError(exc.problem) from None

    # -- periods ---------------------------------------------------------------------------------
    def periods(self) -> list[Period]:
        return sorted(Period.parse(c) for c in self.store.period_codes())

    def has_period(self, period: Period) -> bool:
        return self.store.period_id(period.code) is not None

    def require_period(self, period: Period) -> Period:
        p = period
        if not self.has_period(p):
            raise WorkspaceError(f"Chưa có kỳ báo cáo {p.code} ({p.label}) trong dữ liệu.")
        return p

    # -- templates -------------------------------------------------------------------------------
    def templates(self) -> TemplateLibrary:
        """The program's templates and those in this data folder's ``templates/``."""
        extra = () if self.paths is None else (self.paths.data_dir / "templates",)
        return TemplateLibrary((builtin_dir(), *extra))

    def default_template(self, period: Period) -> Template:
        """The newest template valid on the period's last day for this unit's level (the 2019
        template when none is)."""
        p = period
        unit = self.unit
        level = "xa" if unit is None or unit.kind.is_commune else (
            "huyen" if unit.kind.value in ("huyen", "thi_xa", "thanh_pho") else "tinh")
        _start, end = p.default_range()
        return self.templates().newest_valid(end, level) or default_template()

    def template(self, period: Period) -> Template:
        """The template the period is bound to."""
        p = period
        ref = self.store.period_template(p.code)
        if ref is None:  # a period made before templates: the legacy reader's 2019 template
            return legacy_template()
        found = resolve(*ref)
        if found is None and resolve(ref[0], ref[1]) is not None:
            raise WorkspaceError(
                f"Kỳ báo cáo {p.label} dùng mẫu báo cáo '{ref[0]}' phiên bản {ref[1]} có mã SHA-256 "
                f"{ref[2][:16]}…, nhưng tệp mẫu cùng mã và phiên bản trong thư mục mẫu có nội dung khác "
                "(tệp đã bị sửa hoặc thay). Chương trình không dùng tệp khác thay cho mẫu của kỳ báo cáo. "
                "Hãy nhập lại đúng tệp mẫu (Tệp > Nhập mẫu báo cáo) hoặc khôi phục bản sao lưu.")
        if found is None:
            raise WorkspaceError(
                f"Kỳ báo cáo {p.label} dùng mẫu báo cáo '{ref[0]}' phiên bản {ref[1]}, nhưng chương "
                "trình không tìm thấy tệp mẫu này. Hãy nhập tệp mẫu (Tệp > Nhập mẫu báo cáo, hoặc "
                "ebgov-desktop template import) rồi mở lại.")
        return found

    def template_for(self, period: Period) -> Template:
        """The template ``period`` is bound to, or, while it is not made yet, the one it would get."""
        return self.template(period) if self.has_period(period) else self.default_template(period)

    def create_period(self, period: Period, template: Template | None = None) -> Period:
        """A new period with default dates and the document settings of the period before it,
        bound to ``template`` (default: the newest valid on the period's date)."""
        p = period
        if self.has_period(p):
            raise WorkspaceError(f"Kỳ báo cáo {p.label} đã có.")
        template = template or self.default_template(p)
        unit = self.require_unit()
        start, end = p.default_range()
        values: dict[str, Any] = {
            "doc.period_start": start.isoformat(),
            "doc.period_end": end.isoformat(),
            **document_defaults(template, unit, p),  # the trích yếu, symbol, place its template gives
        }
        earlier = [q for q in self.periods() if q < p]
        if earlier:
            before = self.store.get_values(earlier[-1].code)
            for key in CARRIED_FORWARD:
                if key in before:
                    values[key] = before[key]
        values = {k: v for k, v in values.items() if k in template.fields}
        self.store.create_period(p.code, values, _ref(template))
        return p

    # -- values ----------------------------------------------------------------------------------
    def values(self, period: Period) -> dict[str, Any]:
        return self.store.get_values(self.require_period(period).code)

    def set_value(self, period: Period, key: str, value: Any) -> bool:
        """Validate and store one value (None or "" clears it). Raises WorkspaceError."""
        p = self.require_period(period)
        return self._set_value(p, self.template(p), key, value)

    def _set_value(self, p: Period, template: Template, key: str, value: Any) -> bool:
        spec = template.fields.get(key)
        if key.startswith("unit.") and (spec is None or spec.scope is Scope.UNIT):
            self.set_unit_field(key, value)
            return True
        if spec is None:
            raise WorkspaceError(f"Trường '{key}' không có trong biểu mẫu.")
        if spec.scope is Scope.UNIT:
            self.set_unit_field(key, value)
            return True
        if value is None or value == "" or value == []:
            return self.store.set_value(p.code, key, None)
        if spec.type is FieldType.LINES:
            value = [line for line in value]
        try:
            value = check_value(key, value, place=spec.label, template=template)
        except DatasetError as exc:
            raise WorkspaceError(str(exc)) from None
        return self.store.set_value(p.code, key, value)

    def previous_period(self, period: Period) -> Period | None:
        """The period of the same kind just before ``period``, when this workspace has it."""
        p = self.require_period(period)
        try:
            prev = p.previous()
        except Exception:  # noqa: BLE001 - an ad-hoc period has no period before it
            return None
        return prev if self.has_period(prev) else None

    def previous_figures(self, period: Period) -> PreviousFigures:
        """The period before and its figures that this period's template has (shown greyed beside
        this period's, copied by "Chép số liệu kỳ trước"), also when the period before was entered on
        another template: the keys both templates share; ``left_out``: the labels of the figures
        entered before that this period's template has not."""
        p = self.require_period(period)
        prev = self.previous_period(p)
        if prev is None:
            return PreviousFigures(None, {}, ())
        now = self.template(p)
        try:
            before = self.template(prev)
        except WorkspaceError:  # the period before is on a template no longer here
            before = None
        values = self.store.get_values(prev.code)
        shared = {k: v for k, v in values.items() if k in copyable_figures(now)}
        left_out = tuple((before or now).label(k) for k in values
                         if k not in shared and (before is None or k in copyable_figures(before)))
        return PreviousFigures(prev, shared, left_out)

    def copy_previous(self, period: Period, keys: list[str] | None = None) -> list[str]:
        """"Chép số liệu kỳ trước": the figures still empty in ``period`` take the value of the period
        before (only ``keys`` when given); the keys copied. Nothing already entered is touched; a
        value this period's template refuses (another type, beyond its bounds) is left out."""
        p = self.require_period(period)
        before = self.previous_figures(p).values
        template = self.template(p)
        current = self.store.get_values(p.code)
        copied = []
        for key, value in before.items():
            if (keys is None or key in keys) and current.get(key) in (None, "", []):
                try:
                    self._set_value(p, template, key, value)
                except WorkspaceError:
                    continue
                copied.append(key)
        return copied

    def explanations(self, period: Period) -> dict[str, str]:
        return self.store.get_explanations(self.require_period(period).code)

    def set_explanation(self, period: Period, finding_id: str, text: str) -> None:
        from ..domain.dataset import nfc

        self.store.set_explanation(self.require_period(period).code, finding_id, nfc(text.strip()))

    # -- register --------------------------------------------------------------------------------
    def register_items(self, *, include_disposed: bool = True) -> list[RegisterItem]:
        return self.store.register_items(include_disposed=include_disposed)

    def register_for_period(self, period: Period) -> list[RegisterItem]:
        p = period
        return [i for i in self.store.register_items() if i.present_in(p.year)]

    def register_template(self, period: Period | None = None) -> Template:
        """The template whose register lists (kinds, conditions, origins, user groups) a register
        edit is checked against: ``period``'s; without one, the latest period's, or the template a
        new period of this year would get."""
        if period is not None:
            return self.template(period)
        periods = self.periods()
        return self.template(periods[-1]) if periods else self.default_template(Period.parse(str(today().year)))

    @staticmethod
    def _checked_item(item: RegisterItem, template: Template) -> RegisterItem:
        data = item.to_dict()
        try:
            return register_item_from_dict(data, "Thiết bị", template)
        except DatasetError as exc:
            raise WorkspaceError(str(exc)) from None

    def add_item(self, item: RegisterItem, *, period: Period | None = None,
                 after_id: int | None = None) -> int:
        item = self._checked_item(item, self.register_template(period))
        return self.store.add_item(item, period_code=period.code if period else None,
                                   after_id=after_id)

    def update_item(self, item_id: int, *, period: Period | None = None, **changes) -> bool:
        current = self.store.register_item(item_id)
        checked = self._checked_item(current.with_changes(**changes), self.register_template(period))
        clean = {k: getattr(checked, k) for k in changes}
        return self.store.update_item(item_id, period_code=period.code if period else None, **clean)

    def add_items(self, items: list[RegisterItem], *, period: Period | None = None) -> list[int]:
        """Add several rows at once (an import): all or nothing, and one undo removes them all."""
        template = self.register_template(period)
        checked = [self._checked_item(item.with_changes(id=None), template) for item in items]
        return self.store.add_items(checked, period_code=period.code if period else None)

    def duplicate_item(self, item_id: int, *, period: Period | None = None) -> int:
        item = self.store.register_item(item_id)
        return self.add_item(item.with_changes(id=None), period=period, after_id=item_id)

    def dispose_item(self, item_id: int, year: int, *, period: Period | None = None,
                     quantity: int | None = None) -> int:
        """Mark a row disposed in ``year``; with ``quantity`` below the row's, only that many (1 of 5
        identical PCs): the row keeps the rest and a copy of it holds the disposed ones, right after
        it. The id of the row that holds the disposed ones."""
        item = self.store.register_item(item_id)
        if quantity is None or item.quantity is None or quantity >= item.quantity:
            self.update_item(item_id, period=period, year_disposed=year)
            return item_id
        if quantity < 1:
            raise WorkspaceError("Số lượng thanh lý phải từ 1 trở lên.")
        with self.store.transaction():
            self.update_item(item_id, period=period, quantity=item.quantity - quantity)
            return self.add_item(item.with_changes(id=None, quantity=quantity, year_disposed=year,
                                                   cpnet=None if item.cpnet is None
                                                   else min(item.cpnet, quantity)),
                                 period=period, after_id=item_id)

    def delete_item(self, item_id: int, *, period: Period | None = None) -> None:
        self.store.delete_item(item_id, period_code=period.code if period else None)

    # -- checks, indicators, datasets: one snapshot -----------------------------------------------
    def snapshot(self, period: Period, *, revision: bool = True) -> PeriodSnapshot:
        """The period as a use case sees it, read once (``services/snapshot.py``): the template, the
        values, the register (one read), the explanations, the findings (the rules run once), the
        indicators, the dataset and (unless ``revision`` is False: the window's live checks) its
        revision."""
        from .revisions import current_revision
        from .snapshot import PeriodSnapshot

        p = self.require_period(period)
        unit = self.require_unit()
        template = confirmed(self.template(p))
        values = self.store.get_values(p.code)
        items = self.store.register_items()
        periods = self.periods()
        latest = p == max(periods)
        # the latest period also checks items dated after its year, to flag them
        checked = [i for i in items if i.year_disposed is None or i.year_disposed > p.year] if latest \
            else [i for i in items if i.present_in(p.year)]
        figures = Figures(values, template)
        prev, last = p.previous(), p.same_period_last_year()
        findings = evaluate(RuleContext(
            period=p, figures=figures, register=checked,
            previous=self._figures(prev) if prev in periods else None,
            last_year=self._figures(last) if last in periods else None,
            check_future_acquisitions=latest))
        explanations = self.store.get_explanations(p.code)
        dataset = _dataset(unit, p, template, values, items, explanations)
        return PeriodSnapshot(
            unit=unit, period=p, template=template, values=values, register=tuple(checked),
            explanations=explanations, findings=tuple(findings),
            indicators=compute_indicators(figures), dataset=dataset,
            revision=current_revision(self, p, dataset) if revision else None)

    def with_revision(self, snap: PeriodSnapshot) -> PeriodSnapshot:
        """``snap`` with its revision (the dataset's digest against what was sent), which a live
        check leaves out: the rules are not run again."""
        if snap.revision is not None:
            return snap
        from dataclasses import replace

        from .revisions import current_revision

        return replace(snap, revision=current_revision(self, snap.period, snap.dataset))

    def _figures(self, period: Period) -> Figures | None:
        try:
            return Figures(self.store.get_values(period.code), self.template(period))
        except WorkspaceError:  # an earlier period on a template no longer here: not compared
            return None

    def findings(self, period: Period) -> list[Finding]:
        return list(self.snapshot(period).findings)

    def errors(self, period: Period) -> list[Finding]:
        return self.snapshot(period).errors

    def indicators(self, period: Period) -> dict[str, IndicatorValue]:
        return dict(self.snapshot(period).indicators)

    def dataset(self, period: Period) -> Dataset:
        """The period's dataset alone (the rules are not run): what ``dump`` and a merge write."""
        p = self.require_period(period)
        return _dataset(self.require_unit(), p, confirmed(self.template(p)),
                        self.store.get_values(p.code),
                        self.store.register_items(), self.store.get_explanations(p.code))

    def load_dataset(self, ds: Dataset) -> Period:
        """Put a dataset's unit, period values and register rows into this workspace, at once."""
        unit = self.unit
        if unit is not None and unit.code != ds.unit.code:
            raise WorkspaceError(
                f"Tệp dữ liệu của đơn vị {ds.unit.code} ({ds.unit.full_name}), không phải của "
                f"đơn vị {unit.code} ({unit.full_name}) trong dữ liệu này.")
        try:
            with self.store.transaction():
                if unit != ds.unit:
                    self.store.set_unit(ds.unit)
                if not self.has_period(ds.period):
                    self.store.create_period(ds.period.code, template=_ref(ds.template))
                else:
                    self.store.set_period_template(ds.period.code, _ref(ds.template))
                self.store.replace_period(ds.period.code, ds.values, ds.explanations)
                old_rows = [i.id for i in self.register_for_period(ds.period)]
                self.store.replace_register_rows(old_rows, ds.register)
        except StorageError:
            raise
        return ds.period

    # -- undo ------------------------------------------------------------------------------------
    def undo(self) -> str | None:
        """Undo the last edit of any page; returns a Vietnamese description, or None when nothing is
        left (the window undoes page by page: ``services.undo``)."""
        from .undo import undo

        return undo(self)

    def last_undo_target(self) -> dict | None:
        log = self.store.change_log(limit=1)
        return log[0] if log else None


def _dataset(unit: Unit, p: Period, template: Template, values: dict, items: list[RegisterItem],
             explanations: dict) -> Dataset:
    """What the report prints and the package carries: the register rows present in the period."""
    return Dataset(unit=unit, period=p, values=values,
                   register=[i.with_changes(id=None) for i in items if i.present_in(p.year)],
                   explanations=explanations, template=template)


def today() -> _dt.date:
    return _dt.date.today()


def _ref(template: Template) -> tuple[str, int, str] | None:
    """What the period table stores: None for the 2019 template (as every period made before)."""
    return None if is_legacy(template) else (template.id, template.version, template.digest)
