"""Format v1 of the USB package: build a signed package, and read one back trusting nothing.

``read_package`` runs every check of docs/exchange-format.md in order and returns a
``VerifiedPackage`` or raises ``PackageError`` with the first reason (Vietnamese):
container (sizes, names, links, zip bombs, layout) → manifest JSON (UTF-8, depth, numbers, duplicate
keys) → format version (a newer one: "cần cập nhật phần mềm") → manifest schema → canonical form →
signature → hashes → data.json JSON → data schema → field catalogue → manifest/data agreement → the
rules (errors refuse the package, as they block the commune's export).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any, Callable

from ..domain.dataset import DATASET_VERSION, Dataset, DatasetError, canonical_json
from ..domain.rules import Figures, Finding, RuleContext, evaluate
from . import signing
from .container import MANIFEST_NAME, PAYLOAD_NAME, build_container, deflate, open_container
from .errors import PackageError, ReadCancelled
from .jsonlimits import JsonLimitError, load_limited
from .jsonschema_lite import SchemaViolation, validate

__all__ = [
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "SIGNATURE_CONTEXT",
    "Schemas",
    "VerifiedPackage",
    "build_package",
    "read_package",
    "signed_message",
    "rule_errors",
    "rule_findings",
]

FORMAT_NAME = "ebgov-package"
FORMAT_VERSION = 1
#: Prefixed to what is signed, so a signature made for something else never verifies here.
SIGNATURE_CONTEXT = b"ebgov-package-v1\n"
MAX_ERRORS_LISTED = 5


@dataclass(frozen=True)
class Schemas:
    """The JSON Schemas of ``resources/schema/`` (loaded by the caller; exchange reads no files)."""

    manifest: dict
    data: dict


class ManifestView:
    """What a package says it is, read from its ``manifest`` (a verified package, or what an import plan
    keeps of one)."""

    manifest: dict

    @property
    def unit_code(self) -> str:
        return self.manifest["unit_code"]

    @property
    def unit_name(self) -> str:
        return self.manifest["unit_name"]

    @property
    def period(self) -> str:
        return self.manifest["period"]

    @property
    def revision(self) -> int:
        return self.manifest["revision"]

    @property
    def digest(self) -> str:
        return self.manifest["payload_sha256"]

    @property
    def public_key(self) -> str:
        return self.manifest["public_key"]


@dataclass(frozen=True)
class VerifiedPackage(ManifestView):
    manifest: dict
    payload: bytes  # data.json, canonical; sha256 = digest
    dataset: Dataset
    size: int  # bytes of the package file
    #: the rule warnings of the dataset on its own, found with the errors that would have refused it
    warnings: tuple[Finding, ...] = ()


    @property
    def fingerprint(self) -> str:
        return signing.fingerprint(self.public_key)

    @property
    def created_at(self) -> str:
        return self.manifest["created_at"]


def signed_message(manifest: dict) -> bytes:
    """What the signature covers: the context line and the canonical manifest without ``signature``."""
    return SIGNATURE_CONTEXT + canonical_json({k: v for k, v in manifest.items() if k != "signature"})


def build_package(dataset: Dataset, *, revision: int, private_key: bytes, program: str,
                  program_version: str, created_at: str) -> bytes:
    """The bytes of a signed v1 package of ``dataset``."""
    payload = dataset.to_json()
    stored = deflate(payload)
    unit = dataset.unit
    manifest: dict[str, Any] = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "program": program,
        "program_version": program_version,
        "unit_code": unit.code,
        "unit_kind": unit.kind.value,
        "unit_name": unit.name,
        "province_code": unit.province_code,
        "period": dataset.period.code,
        "revision": revision,
        "created_at": created_at,
        "payload_sha256": hashlib.sha256(payload).hexdigest(),
        "payload_size": len(payload),
        "payload_zip_sha256": hashlib.sha256(stored).hexdigest(),
        "public_key": signing.public_key_of(private_key),
    }
    manifest["signature"] = signing.sign(private_key, signed_message(manifest))
    return build_container(canonical_json(manifest), stored, payload)


# -- reading ---------------------------------------------------------------------------------------

def load_json(raw: bytes, name: str) -> Any:
    """UTF-8 JSON within the limits of ``jsonlimits`` (depth, values, string and number lengths, no
    NaN, no duplicate keys, no lone surrogates), in time and memory linear in its size."""
    try:
        return load_limited(raw)
    except JsonLimitError as exc:
        raise PackageError(f"mục {name}: {exc}") from None
    except json.JSONDecodeError as exc:
        raise PackageError(f"mục {name} không phải JSON hợp lệ (dòng {exc.lineno}, cột {exc.colno})") \
            from None
    except (ValueError, RecursionError):
        raise PackageError(f"mục {name} không phải JSON hợp lệ") from None


def rule_findings(dataset: Dataset) -> list[Finding]:
    """What the rules find in a dataset on its own (no earlier periods: those only give warnings)."""
    ctx = RuleContext(period=dataset.period, figures=Figures(dataset.values, dataset.template),
                      register=list(dataset.register), check_future_acquisitions=True)
    return evaluate(ctx)


def rule_errors(dataset: Dataset) -> list[Finding]:
    """The rule errors of a dataset on its own."""
    return [f for f in rule_findings(dataset) if f.is_error]


def _schema(document: Any, schema: dict, name: str) -> None:
    try:
        validate(document, schema)
    except SchemaViolation as exc:
        where = f" tại '{exc.place}'" if exc.place else ""
        raise PackageError(f"mục {name} không đúng lược đồ (schema){where}: {exc.problem}") from None


def _plausible_time(created_at: str) -> None:
    """The schema checks the shape; a real clock never says 9999-99-99 or year 0001."""
    import datetime as _dt

    try:
        when = _dt.datetime.fromisoformat(created_at.replace("Z", "+00:00"))
    except ValueError:
        raise PackageError(f"thời điểm tạo gói '{created_at}' không phải ngày giờ có thật") from None
    if not 2000 <= when.year <= 2100:
        raise PackageError(f"thời điểm tạo gói '{created_at}' ngoài khoảng hợp lý (2000–2100)")


def read_package(raw: bytes, *, schemas: Schemas,
                 cancelled: Callable[[], bool] | None = None) -> VerifiedPackage:
    """Check a package file's bytes completely; ``PackageError`` (without the file name) if refused.

    ``cancelled()`` is asked between the checks (each bounded, well under a second for any file within
    the limits); when it says True, ``ReadCancelled`` is raised and nothing was kept."""
    def stop_if_cancelled() -> None:
        if cancelled is not None and cancelled():
            raise ReadCancelled

    stop_if_cancelled()
    box = open_container(raw)
    stop_if_cancelled()

    manifest = load_json(box.manifest, MANIFEST_NAME)
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_NAME:
        raise PackageError("không phải gói dữ liệu ebgov (manifest.json thiếu \"format\": "
                           f"\"{FORMAT_NAME}\")")
    version = manifest.get("format_version")
    if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
        raise PackageError(f"gói được tạo theo định dạng phiên bản {version}, mới hơn chương trình này "
                           f"(đọc được phiên bản {FORMAT_VERSION}); cần cập nhật phần mềm",
                           needs_update=True)
    _schema(manifest, schemas.manifest, MANIFEST_NAME)
    _plausible_time(manifest["created_at"])
    if canonical_json(manifest) != box.manifest:
        raise PackageError(f"mục {MANIFEST_NAME} không ở dạng chuẩn (đã bị sửa bằng tay?)")
    signing.verify(manifest["public_key"], signed_message(manifest), manifest["signature"])
    if hashlib.sha256(box.payload_stored).hexdigest() != manifest["payload_zip_sha256"]:
        raise PackageError(f"mã băm phần nén của {PAYLOAD_NAME} không khớp manifest: tệp đã bị sửa")
    if len(box.payload) != manifest["payload_size"] or \
            hashlib.sha256(box.payload).hexdigest() != manifest["payload_sha256"]:
        raise PackageError(f"mã băm SHA-256 của {PAYLOAD_NAME} không khớp manifest: dữ liệu đã bị sửa")
    stop_if_cancelled()

    data = load_json(box.payload, PAYLOAD_NAME)
    stop_if_cancelled()
    if isinstance(data, dict) and isinstance(data.get("version"), int) and \
            not isinstance(data["version"], bool) and data["version"] > DATASET_VERSION:
        raise PackageError(f"dữ liệu theo định dạng phiên bản {data['version']}, mới hơn chương trình "
                           "này; cần cập nhật phần mềm", needs_update=True)
    _schema(data, schemas.data, PAYLOAD_NAME)
    stop_if_cancelled()
    try:
        dataset = Dataset.from_dict(data)
    except DatasetError as exc:
        raise PackageError(f"mục {PAYLOAD_NAME} sai tại '{exc.place}': {exc.problem}"
                           if exc.place else f"mục {PAYLOAD_NAME} sai: {exc.problem}",
                           needs_update=exc.needs_update) from None
    del data
    stop_if_cancelled()
    if dataset.to_json() != box.payload:
        raise PackageError(f"mục {PAYLOAD_NAME} không ở dạng chuẩn (canonical)")
    unit = dataset.unit
    for key, value in (("unit_code", unit.code), ("unit_kind", unit.kind.value),
                       ("unit_name", unit.name), ("province_code", unit.province_code),
                       ("period", dataset.period.code)):
        if manifest[key] != value:
            raise PackageError(f"manifest và dữ liệu không khớp nhau ở mục '{key}'")
    stop_if_cancelled()
    findings = rule_findings(dataset)
    errors = [f for f in findings if f.is_error]
    if errors:
        listed = "; ".join(f.message for f in errors[:MAX_ERRORS_LISTED])
        more = f" (và {len(errors) - MAX_ERRORS_LISTED} lỗi khác)" if len(errors) > MAX_ERRORS_LISTED \
            else ""
        raise PackageError(f"số liệu có {len(errors)} lỗi: {listed}{more}")
    return VerifiedPackage(manifest=manifest, payload=box.payload, dataset=dataset, size=len(raw),
                           warnings=tuple(findings))
