"""Templates sent down the USB stick: the superior signs and writes one, a commune imports it.

``template export ID --out DIR`` (superior level) writes ``BM_<id>_v<version>.toml`` signed with the
workspace's key (``exchange/template_package.py``). ``template import FILE`` (commune) verifies it, pins
the superior's key on first use (its fingerprint is shown, to compare by phone as for packages),
refuses a changed file or another key with a Vietnamese reason until the officer accepts the new key's
fingerprint, and keeps the template in the workspace. Every version is kept: a later version is offered
for new periods, a period keeps the version it was made with. A superior level may also import a
template file its own IT officer wrote (unsigned); a commune takes only signed ones.
"""

from __future__ import annotations

import datetime as _dt
import errno
import hashlib
import os
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from .. import APP_NAME, __version__
from ..domain.file_names import shown_name
from ..domain.system_errors import os_reason
from ..exchange.errors import PackageError
from ..storage.atomic import atomic_write
from ..storage.templates import StoredTemplate, TemplateRepository, TemplateSigner
from . import keys
from .template_choices import TemplateChoice, template_choices, template_in_force  # noqa: F401 (re-exported)
from .workspace import Workspace, WorkspaceError

__all__ = [
    "TemplateExchangeError",
    "TemplateIdentity",
    "ImportOutcome",
    "TemplateImportResult",
    "TemplateExportResult",
    "TemplateFileInfo",
    "KeyStatus",
    "template_file_name",
    "export_template",
    "inspect_template_file",
    "import_template",
    "stored_templates",
    "pinned_signer",
    "sync_template_files",
    "workspace_templates_dir",
    "TemplateRow",
    "available_templates",
    "find_template",
    "example_values",
    "sample_report",
    "TemplateChoice",
    "template_choices",
]


class TemplateExchangeError(WorkspaceError):
    """A refused export or import; the message is Vietnamese. ``fingerprint`` / ``pinned_fingerprint``
    are set when the file was signed by another key than the pinned one (``wrong_key``)."""

    def __init__(self, message: str, *, fingerprint: str = "", pinned_fingerprint: str = "",
                 wrong_key: bool = False):
        super().__init__(message)
        self.fingerprint = fingerprint
        self.pinned_fingerprint = pinned_fingerprint
        self.wrong_key = wrong_key


@dataclass(frozen=True)
class TemplateIdentity:
    template_id: str
    version: int
    title: str
    level: str = "xa"
    valid_from: _dt.date | None = None
    valid_to: _dt.date | None = None


def identify(body: str, *, where: str = "") -> TemplateIdentity:
    """The identity of a template's text, after the full check of the template engine (every problem
    refuses it: a commune never takes a template it cannot use)."""
    from ..domain.template import TemplateError, parse_template

    try:
        t = parse_template(body.encode("utf-8"), where.rstrip(": "))
    except TemplateError as exc:
        shown = "; ".join(str(p) for p in exc.problems[:3])
        more = f" (và {len(exc.problems) - 3} lỗi khác)" if len(exc.problems) > 3 else ""
        raise TemplateExchangeError(f"{where}mẫu có lỗi, không dùng được: {shown}{more}. Kiểm tra bằng "
                                    "lệnh: ebgov-desktop template check TỆP") from None
    return TemplateIdentity(t.id, t.version, t.title, t.level, t.valid_from, t.valid_to)


def workspace_templates_dir(ws: Workspace) -> Path:
    """Where the templates kept in the workspace are also written as files (the template library
    reads that folder; the workspace stays the reference and rewrites a missing or changed file)."""
    from .templates import templates_dir

    return templates_dir(ws.paths.data_dir)


def _materialise(ws: Workspace, stored: StoredTemplate) -> None:
    from .templates import write_kept_template

    try:
        write_kept_template(ws.paths.data_dir, stored.body)
    except OSError as exc:
        raise TemplateExchangeError(f"Không ghi được mẫu vào thư mục dữ liệu {workspace_templates_dir(ws)} "
                                    f"({os_reason(exc)}).") from None


def sync_template_files(ws: Workspace) -> None:
    """Write every template kept in the workspace into the data folder's ``templates/`` (after a
    restore, or a workspace file copied alone; also done when the workspace is opened)."""
    for stored in TemplateRepository(ws.store).all():
        _materialise(ws, stored)


def template_file_name(template_id: str, version: int) -> str:
    return f"BM_{template_id}_v{version}.toml"


# -- export (superior level) -------------------------------------------------------------------------

@dataclass(frozen=True)
class TemplateExportResult:
    path: Path
    template_id: str
    version: int
    size: int
    fingerprint: str


def _write_reason(exc: OSError) -> str:
    return {
        errno.ENOSPC: "ổ đĩa đã đầy",
        errno.EROFS: "ổ đĩa chỉ cho đọc",
        errno.EACCES: "không có quyền ghi",
        errno.EPERM: "không có quyền ghi",
        errno.ENOENT: "không tìm thấy thư mục (USB đã bị rút ra?)",
    }.get(exc.errno) or os_reason(exc)


def _write_verified(final: Path, raw: bytes) -> None:
    """``atomic_write``: temporary name, fsync, rename, read back (a USB stick that lies is caught here)."""
    class ReadBackDiffers(Exception):
        pass

    def check(path: Path) -> None:
        if path.read_bytes() != raw:
            raise ReadBackDiffers

    try:
        atomic_write(final, data=raw, check=check)
    except OSError as exc:
        raise TemplateExchangeError(f"Không ghi được biểu mẫu vào {final.parent} ({_write_reason(exc)}). "
                                    "Hãy chọn thư mục khác hoặc USB khác.") from None
    except ReadBackDiffers:
        raise TemplateExchangeError(f"Đọc lại tệp vừa ghi trên {final.parent} thấy sai; USB có thể bị "
                                    "lỗi. Tệp đã được xóa; hãy thử USB khác.") from None


def _source_body(ws: Workspace, template_id: str, version: int | None) -> str:
    """The text of a template this workspace can use: kept in the workspace, or shipped with the program."""
    from .templates import library

    repo = TemplateRepository(ws.store)
    stored = repo.get(template_id, version) if version else repo.latest(template_id)
    found = library(ws.paths.data_dir).find(template_id, version)
    if stored is not None and (found is None or stored.version >= found.version):
        return stored.body
    if found is not None:
        return Path(found.path).read_bytes().decode("utf-8")
    which = f"{template_id} phiên bản {version}" if version else template_id
    raise TemplateExchangeError(f"Không có mẫu {which}. Xem danh sách: ebgov-desktop template list.")


def export_template(ws: Workspace, template_id: str, out_dir: str | os.PathLike, *,
                    version: int | None = None, now: _dt.datetime | None = None) -> TemplateExportResult:
    """Sign the template with this superior level's key and write it into ``out_dir`` (a USB folder)."""
    from ..exchange.signing import fingerprint
    from ..exchange.template_package import build_signed_template, read_signed_template

    unit = ws.require_unit()
    if unit.kind.is_commune:
        raise TemplateExchangeError("Chỉ cấp trên (tỉnh, huyện) mới gửi biểu mẫu xuống xã.")
    body = _source_body(ws, template_id, version)
    ident = identify(body)
    try:
        private = keys.private_key(ws.paths)
    except keys.KeyFileError as exc:
        raise TemplateExchangeError(str(exc)) from None
    created = (now or _dt.datetime.now().astimezone()).replace(microsecond=0).isoformat()
    issuer = {"code": unit.code, "kind": unit.kind.value, "name": unit.full_name,
              "province_code": unit.province_code}
    try:
        raw = build_signed_template(body.encode("utf-8"), template_id=ident.template_id,
                                    template_version=ident.version, issuer=issuer, private_key=private,
                                    program=f"{APP_NAME} {__version__}", created_at=created)
    except PackageError as exc:
        raise TemplateExchangeError(f"Không xuất được biểu mẫu: {exc.reason}.") from None
    target = Path(out_dir)
    if not target.is_dir():
        raise TemplateExchangeError(f"Không tìm thấy thư mục {target} (USB đã bị rút ra?). Hãy cắm lại "
                                    "USB hoặc chọn thư mục khác.")
    final = target / template_file_name(ident.template_id, ident.version)
    _write_verified(final, raw)
    signed = read_signed_template(final.read_bytes())
    return TemplateExportResult(final, ident.template_id, ident.version, len(raw),
                                fingerprint(signed.public_key))


# -- import (commune; a superior level for its own files) --------------------------------------------

class KeyStatus(str, Enum):
    PINNED = "pinned"  # signed with the pinned key of the superior
    FIRST_USE = "first_use"  # no key pinned yet: this one will be
    OTHER = "other"  # another key: refused until the officer accepts its fingerprint
    UNSIGNED = "unsigned"  # a plain template file (superior level only)


@dataclass(frozen=True)
class TemplateFileInfo:
    """What a file holds, before importing it (the window shows it and asks on first use)."""

    path: Path
    identity: TemplateIdentity
    key_status: KeyStatus
    fingerprint: str = ""
    pinned_fingerprint: str = ""
    issuer_name: str = ""
    created_at: str = ""


class ImportOutcome(str, Enum):
    NEW = "new"  # a template not held before
    NEWER_VERSION = "newer_version"  # replaces the earlier version for new periods
    UNCHANGED = "unchanged"  # the same version and text was already held


@dataclass(frozen=True)
class TemplateImportResult:
    outcome: ImportOutcome
    identity: TemplateIdentity
    fingerprint: str
    key_pinned_now: bool  # first use (or an accepted change): tell the officer to compare by phone
    replaced_version: int | None = None

    @property
    def message(self) -> str:
        ident = self.identity
        name = f"biểu mẫu «{ident.title or ident.template_id}» ({ident.template_id}) phiên bản {ident.version}"
        if self.outcome is ImportOutcome.UNCHANGED:
            text = f"Đã có {name}; không thay đổi gì."
        elif self.outcome is ImportOutcome.NEWER_VERSION:
            text = (f"Đã nhập {name}; từ nay kỳ báo cáo mới dùng phiên bản này (các kỳ đã tạo vẫn giữ "
                    f"phiên bản {self.replaced_version}).")
        else:
            text = f"Đã nhập {name}; có thể chọn khi tạo kỳ báo cáo mới."
        if self.key_pinned_now:
            text += (f"\nĐã ghi nhận khóa ký của cấp trên, mã {self.fingerprint}. Hãy gọi điện đối chiếu "
                     "mã này với cấp trên.")
        return text


def _norm_fingerprint(text: str) -> str:
    return "".join(c for c in text.upper() if c in "0123456789ABCDEF")


def _read(path: Path) -> bytes:
    from ..exchange.template_package import MAX_TEMPLATE_FILE_BYTES

    try:
        if path.exists() and not path.is_file():
            raise TemplateExchangeError(f"{shown_name(path)}: không phải tệp biểu mẫu (là thư mục hoặc thiết bị).")
        with open(path, "rb") as fh:
            raw = fh.read(MAX_TEMPLATE_FILE_BYTES + 1)
    except FileNotFoundError:
        raise TemplateExchangeError(f"Không tìm thấy tệp {path}.") from None
    except OSError as exc:
        raise TemplateExchangeError(f"Không đọc được tệp {path} ({os_reason(exc)}); USB có thể đã "
                                    "bị rút ra.") from None
    return raw


def _verified(ws: Workspace, path: Path):
    """(file bytes, signed template or None, body text, identity, key status, pinned signer)."""
    from ..exchange.template_package import is_signed_template, read_signed_template

    raw = _read(path)
    where = f"{shown_name(path)}: "
    repo = TemplateRepository(ws.store)
    pinned = repo.pinned_signer()
    if not is_signed_template(raw):
        if ws.require_unit().kind.is_commune:
            raise TemplateExchangeError(
                f"{where}tệp biểu mẫu chưa có chữ ký số của cấp trên. Xã chỉ nhập biểu mẫu do cấp trên "
                "xuất bằng chương trình (Biểu mẫu > Ghi ra USB).")
        try:
            body = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise TemplateExchangeError(f"{where}tệp không phải văn bản UTF-8; không phải biểu mẫu.") from None
        return raw, None, body, identify(body, where=where), KeyStatus.UNSIGNED, pinned
    try:
        signed = read_signed_template(raw)
    except PackageError as exc:
        raise TemplateExchangeError(f"{where}không nhập: {exc.reason}.") from None
    body = signed.body.decode("utf-8")
    ident = identify(body, where=where)
    if (ident.template_id, ident.version) != (signed.template_id, signed.template_version):
        raise TemplateExchangeError(f"{where}không nhập: mã hoặc phiên bản trong phần đầu tệp khác với "
                                    "nội dung biểu mẫu.")
    unit = ws.require_unit()
    issuer_province = signed.issuer.get("province_code", "")
    if unit.province_code and issuer_province and issuer_province != unit.province_code:
        raise TemplateExchangeError(
            f"{where}không nhập: biểu mẫu do {signed.issuer.get('name') or 'đơn vị khác'} (mã tỉnh "
            f"{issuer_province}) ký, không phải cấp trên của {unit.full_name} (mã tỉnh "
            f"{unit.province_code}).", fingerprint=signed.fingerprint)
    if pinned is None:
        status = KeyStatus.FIRST_USE
    elif pinned.public_key == signed.public_key:
        status = KeyStatus.PINNED
    else:
        status = KeyStatus.OTHER
    return raw, signed, body, ident, status, pinned


def inspect_template_file(ws: Workspace, path: str | os.PathLike) -> TemplateFileInfo:
    """Read and verify a file without importing it; raises ``TemplateExchangeError`` when refused."""
    path = Path(path)
    _raw, signed, _body, ident, status, pinned = _verified(ws, path)
    return TemplateFileInfo(
        path=path, identity=ident, key_status=status,
        fingerprint=signed.fingerprint if signed else "",
        pinned_fingerprint=pinned.fingerprint if pinned else "",
        issuer_name=signed.issuer.get("name", "") if signed else "",
        created_at=signed.created_at if signed else "")


def import_template(ws: Workspace, path: str | os.PathLike, *,
                    accept_fingerprint: str | None = None) -> TemplateImportResult:
    """Verify and keep a template file. A file signed by another key than the pinned one is refused
    unless ``accept_fingerprint`` is its fingerprint (read out by the superior by phone)."""
    path = Path(path)
    raw, signed, body, ident, status, pinned = _verified(ws, path)
    repo = TemplateRepository(ws.store)
    fp = signed.fingerprint if signed else ""
    if status is KeyStatus.OTHER:
        if accept_fingerprint is None:
            raise TemplateExchangeError(
                f"{shown_name(path)}: không nhập: biểu mẫu được ký bằng khóa khác (mã {fp}) với khóa của cấp "
                f"trên đã ghi nhận (mã {pinned.fingerprint}). Nếu cấp trên đã đổi khóa, hãy gọi điện "
                f"đối chiếu mã {fp} rồi chấp nhận khóa mới.",
                fingerprint=fp, pinned_fingerprint=pinned.fingerprint, wrong_key=True)
    if accept_fingerprint is not None and signed is not None and status is not KeyStatus.PINNED \
            and _norm_fingerprint(accept_fingerprint) != _norm_fingerprint(fp):
        raise TemplateExchangeError(
            f"Mã khóa vừa nhập ({accept_fingerprint}) khác mã khóa của tệp {shown_name(path)} ({fp}). Không "
            "chấp nhận; hãy đối chiếu lại với cấp trên.", fingerprint=fp,
            pinned_fingerprint=pinned.fingerprint if pinned else "", wrong_key=status is KeyStatus.OTHER)

    sha = hashlib.sha256(body.encode("utf-8")).hexdigest()
    same = repo.get(ident.template_id, ident.version)
    latest = repo.latest(ident.template_id)
    if same is not None and same.body_sha256 != sha:
        raise TemplateExchangeError(
            f"{shown_name(path)}: không nhập: đã có biểu mẫu {ident.template_id} phiên bản {ident.version} với "
            "nội dung khác. Cấp trên cần tăng số phiên bản khi sửa biểu mẫu.")
    if same is None and latest is not None and latest.version > ident.version:
        raise TemplateExchangeError(
            f"{shown_name(path)}: không nhập: đã có phiên bản mới hơn ({latest.version}) của biểu mẫu "
            f"{ident.template_id}.")
    pin_now = signed is not None and status in (KeyStatus.FIRST_USE, KeyStatus.OTHER)
    with ws.store.transaction():
        if pin_now:
            repo.pin_signer(signed.public_key, fp, issuer_code=signed.issuer.get("code", ""),
                            issuer_name=signed.issuer.get("name", ""),
                            how="first_use" if status is KeyStatus.FIRST_USE else "accepted")
        if same is None:
            repo.insert(template_id=ident.template_id, version=ident.version, title=ident.title,
                        body=body, body_sha256=sha, source="signed" if signed else "local",
                        signed_file=raw if signed else None,
                        public_key=signed.public_key if signed else "",
                        issuer_code=signed.issuer.get("code", "") if signed else "",
                        issuer_name=signed.issuer.get("name", "") if signed else "",
                        file_name=shown_name(path))
    _materialise(ws, repo.get(ident.template_id, ident.version))
    if same is not None:
        outcome = ImportOutcome.UNCHANGED
    elif latest is not None:
        outcome = ImportOutcome.NEWER_VERSION
    else:
        outcome = ImportOutcome.NEW
    return TemplateImportResult(outcome, ident, fp, pin_now,
                                replaced_version=latest.version if latest and same is None else None)


def stored_templates(ws: Workspace) -> list[StoredTemplate]:
    """Every template version kept in this workspace (imported or written here), oldest first."""
    return TemplateRepository(ws.store).all()


def pinned_signer(ws: Workspace) -> TemplateSigner | None:
    return TemplateRepository(ws.store).pinned_signer()


# -- what the "Biểu mẫu" page lists ------------------------------------------------------------------

@dataclass(frozen=True)
class TemplateRow:
    template_id: str
    version: int
    title: str
    level: str
    valid_from: _dt.date | None
    valid_to: _dt.date | None
    source: str  # Vietnamese: where the template comes from
    digest: str

    @property
    def validity(self) -> str:
        start = f"từ {self.valid_from:%d/%m/%Y}" if self.valid_from else ""
        end = f"đến {self.valid_to:%d/%m/%Y}" if self.valid_to else ""
        return " ".join(p for p in (start, end) if p) or "không giới hạn"


def available_templates(ws: Workspace) -> list[TemplateRow]:
    """Every template this workspace can use: the program's own, those written here, those sent down."""
    from ..domain.template import builtin_dir
    from .templates import library

    sync_template_files(ws)
    stored = {(t.template_id, t.version): t for t in TemplateRepository(ws.store).all()}
    builtin = builtin_dir().resolve()
    rows = []
    for t in library(ws.paths.data_dir).all():
        kept = stored.get((t.id, t.version))
        if t.path and Path(t.path).resolve().parent == builtin:
            source = "có sẵn trong chương trình"
        elif kept is not None and kept.source == "signed":
            source = f"cấp trên gửi ({kept.issuer_name})" if kept.issuer_name else "cấp trên gửi"
        else:
            source = "nhập từ tệp"
        rows.append(TemplateRow(t.id, t.version, t.title, t.level, t.valid_from, t.valid_to, source,
                                t.digest))
    return rows


def find_template(ws: Workspace, template_id: str, version: int | None = None):
    """The parsed template (``domain.template.Template``) of that id and version, or None."""
    from .templates import library

    return library(ws.paths.data_dir).find(template_id, version)


# -- example figures: the form preview and the sample PDF --------------------------------------------

def example_values(template) -> dict:
    """Plausible example figures for every field of ``template`` (numerators within their denominators,
    sums of parts equal to their whole where the rules say so); the preview and the sample PDF."""
    from ..domain.template import FieldType, Scope

    values: dict = {}
    counts = [f for f in template.fields.values() if f.scope is Scope.PERIOD and f.type is FieldType.COUNT]
    for i, f in enumerate(counts):
        values[f.key] = 120 + 37 * i
    for f in template.fields.values():
        if f.scope is not Scope.PERIOD or f.key in values:
            continue
        if f.type is FieldType.PERCENT:
            values[f.key] = round(min(f.maximum or 100, 70 + (len(values) % 25) + 0.5), 1)
        elif f.type is FieldType.BOOL:
            values[f.key] = True
        elif f.type is FieldType.DATE:
            continue
        elif f.type is FieldType.LINES:
            values[f.key] = [f"(Ví dụ) {f.label}."]
        else:
            values[f.key] = f"(ví dụ) {f.label.lower()}"
    for key, text in (("doc.number", "15"), ("doc.symbol", "BC-UBND"), ("doc.signer_authority",
                      "TM. ỦY BAN NHÂN DÂN"), ("doc.signer_deputy", "KT. CHỦ TỊCH"),
                      ("doc.signer_title", "PHÓ CHỦ TỊCH"), ("doc.signer_name", "Nguyễn Văn A")):
        if key in template.fields:
            values[key] = text
    for key in ("doc.receiver", "doc.superior_line", "doc.place", "doc.title", "doc.closing"):
        values.pop(key, None)
    if "doc.recipients" in template.fields:
        values["doc.recipients"] = ["Như trên;", "Lưu: VT."]
    for f in template.fields.values():
        if f.choices and f.scope is Scope.PERIOD:
            values[f.key] = [f"(Ví dụ) nhiệm vụ {i + 1} | (ví dụ) kết quả | {choice}"
                             for i, choice in enumerate(f.choices)]
    # only figures take part in the rules below (a "years" list summed to an int crashed the sample PDF
    # of the 2019 template)
    plain = {k for k, v in values.items() if isinstance(v, (int, float)) and not isinstance(v, bool)}
    for _round in range(4):
        for ind in template.indicators:
            num, den = ind.numerator, ind.denominator
            if num in plain and den in plain and isinstance(values.get(num), int):
                if values[num] > values[den]:
                    values[num] = values[den] * 4 // 5
        for rule in template.rules:
            if rule.kind == "equal":
                sides = [list(rule.left), list(rule.right)]
                for one, parts in (sides, sides[::-1]):
                    if len(one) == 1 and one[0] in plain and all(p in plain for p in parts):
                        values[one[0]] = sum(values[p] for p in parts)
                        break
            elif rule.kind == "at_most" and all(k in plain for k in rule.left + rule.right):
                total = sum(values[k] for k in rule.right)
                if sum(values[k] for k in rule.left) > total and len(rule.left) == 1:
                    values[rule.left[0]] = total * 3 // 4
    return values


def sample_report(paths, template_id: str, version: int | None, out: str | os.PathLike, *,
                  state=None) -> Path | None:
    """The report of an example commune on ``template`` with example figures (background worker: opens
    its own workspace connection)."""
    from ..domain.dataset import Dataset
    from ..domain.periods import Period, PeriodKind
    from ..domain.register import RegisterItem
    from ..domain.template_trust import confirmed
    from ..domain.units import Unit, UnitKind
    from ..reporting.commune import CommuneReport
    from .report import fonts_dir, write_pdf

    with Workspace.open(paths=paths) as ws:
        template = find_template(ws, template_id, version)
        if template is None:
            raise TemplateExchangeError(f"Không có biểu mẫu {template_id}.")
        template = confirmed(template)
        superior = ws.require_unit()
    year = (template.valid_from.year if template.valid_from else _dt.date.today().year)
    period = Period(year, PeriodKind.YEAR)
    values = example_values(template)
    start, end = period.default_range()
    for key, day in (("doc.period_start", start), ("doc.period_end", end),
                     ("doc.date", end + _dt.timedelta(days=3))):
        if key in template.fields:
            values[key] = day.isoformat()
    if "doc.title" in template.fields:
        title = template.title.removeprefix("Báo cáo ").removeprefix("báo cáo ")
        values["doc.title"] = f"{title[:1].upper()}{title[1:]} {period.label} (mẫu, số liệu ví dụ)"
    unit = Unit(code="00000", kind=UnitKind.XA, name="Mẫu", province=superior.province,
                province_code=superior.province_code)
    kinds = [k.key for k in template.register_kinds][:3]
    register = [RegisterItem(kind=k, description="(ví dụ)", quantity=2 + i, year_acquired=year - 1,
                             origin="moi") for i, k in enumerate(kinds)]
    dataset = Dataset(unit, period, values, register, template=template)
    report = CommuneReport(fonts_dir(), dataset, template=template)
    return write_pdf(report, out, state=state, error=TemplateExchangeError)
