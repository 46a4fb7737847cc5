"""One unit × one period as plain data, and its JSON form (see ``docs/dataset-format.md``).

The canonical JSON (UTF-8, NFC, sorted keys, no whitespace) is the payload of the USB package and the
source of the digest printed on the report, so it must be reproducible byte for byte.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import math
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from .catalogue import legacy_template
from .errors import UserError
from .formatting import parse_year_line
from .periods import Period, PeriodError
from .register import REGISTER_KEYS, RegisterItem, register_choices
from .template import FieldType, Scope, Template, is_legacy, resolve
from .units import Unit, UnitKind

__all__ = [
    "DATASET_FORMAT",
    "Dataset",
    "DatasetError",
    "canonical_json",
    "digest",
    "check_value",
    "nfc",
]

DATASET_FORMAT = "ebgov-dataset"
#: 1: the 2019 template (bc-ungdung-cntt v1) implied; 2: the dataset names its template
DATASET_VERSION = 2
#: the form version a dataset names (``form_version``); 1 since the first program
FORM_VERSION = 1
MAX_LINES = 500
MAX_REGISTER_ROWS = 20_000
MAX_COUNT = 10**12


class DatasetError(UserError, ValueError):
    """A dataset that cannot be trusted; the message (Vietnamese) names the place. ``needs_update``:
    it was written by a newer program (a format or form version this one does not know)."""

    def __init__(self, place: str, problem: str, *, needs_update: bool = False):
        self.place = place
        self.problem = problem
        self.needs_update = needs_update
        super().__init__(f"{place}: {problem}" if place else problem)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def bad_text(text: str) -> bool:
    """True when ``text`` holds a lone surrogate (JSON may escape one; SQLite, files and the PDF cannot
    hold it). A NUL is kept as typed, like every control character (tests/test_backup_hostile_input.py)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _any_bad_text(data: Any) -> bool:
    """The quick pass: references only on the stack (a package of 500,000 values stays small)."""
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            if bad_text(value):
                return True
        elif isinstance(value, dict):
            if any(isinstance(k, str) and bad_text(k) for k in value):
                return True
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return False


def bad_text_place(data: Any) -> str | None:
    """Where in ``data`` (JSON values) a key or a string holds a lone surrogate; None if nowhere."""
    if not _any_bad_text(data):
        return None
    stack: list[tuple[Any, str]] = [(data, "")]
    while stack:
        value, place = stack.pop()
        if isinstance(value, str):
            if bad_text(value):
                return place or "(gốc)"
        elif isinstance(value, dict):
            for key, item in value.items():
                where = f"{place}.{key}" if place else str(key)
                if isinstance(key, str) and bad_text(key):
                    return where.encode("utf-8", "backslashreplace").decode("utf-8")
                stack.append((item, where))
        elif isinstance(value, list):
            stack.extend((item, f"{place}[{i}]") for i, item in enumerate(value, 1))
    return None


def _string(value: Any, place: str, limit: int, what: str = "chuỗi") -> str:
    """``value`` when it is a string of at most ``limit`` characters; else a ``DatasetError`` at
    ``place`` that names what was expected (``what``) or the limit."""
    if not isinstance(value, str):
        raise DatasetError(place, f"phải là {what}, không phải {_type_name(value)}")
    if len(value) > limit:
        raise DatasetError(place, f"dài quá {limit} ký tự")
    return value


def _type_name(value: Any) -> str:
    if value is None:
        return "trống"
    if isinstance(value, bool):
        return "đúng/sai"
    if isinstance(value, int):
        return "số nguyên"
    if isinstance(value, float):
        return "số thập phân"
    if isinstance(value, str):
        return "chuỗi"
    if isinstance(value, list):
        return "danh sách"
    if isinstance(value, dict):
        return "đối tượng"
    return type(value).__name__


def check_value(key: str, value: Any, *, template: Template, place: str | None = None) -> Any:
    """Validate and normalise one value of field ``key`` of ``template``; raise DatasetError naming
    ``place``."""
    place = place or key
    spec = template.fields.get(key)
    if spec is None:
        raise DatasetError(place, f"trường '{key}' không có trong biểu mẫu")
    t = spec.type
    if t is FieldType.COUNT:
        if isinstance(value, bool) or not isinstance(value, int):
            raise DatasetError(place, f"phải là số nguyên, không phải {_type_name(value)}")
        if abs(value) > MAX_COUNT:
            raise DatasetError(place, f"số {value} quá lớn")
        return value
    if t is FieldType.PERCENT:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise DatasetError(place, f"phải là số phần trăm, không phải {_type_name(value)}")
        if not 0 <= value <= 100:
            raise DatasetError(place, f"tỷ lệ {value} phải trong khoảng 0–100")
        return round(float(value), 2)  # the digits typed: 91,24 stays 91,24
    if t is FieldType.BOOL:
        if not isinstance(value, bool):
            raise DatasetError(place, f"phải là có/không (true/false), không phải {_type_name(value)}")
        return value
    if t is FieldType.DATE:
        if not isinstance(value, str):
            raise DatasetError(place, f"phải là ngày dạng yyyy-mm-dd, không phải {_type_name(value)}")
        try:
            return _dt.date.fromisoformat(value).isoformat()
        except ValueError:
            raise DatasetError(place, f"ngày '{value}' không hợp lệ (dạng đúng: 2019-03-12)") from None
    if t is FieldType.TEXT:
        return nfc(_string(value, place, spec.max_length, "chuỗi văn bản"))
    if t is FieldType.LINES:
        if not isinstance(value, list):
            raise DatasetError(place, f"phải là danh sách dòng, không phải {_type_name(value)}")
        if len(value) > MAX_LINES:
            raise DatasetError(place, f"nhiều hơn {MAX_LINES} dòng")
        out = []
        for i, line in enumerate(value, 1):
            out.append(nfc(_string(line, f"{place}[{i}]", spec.max_length)))
        if spec.lines_kind == "years":
            for i, line in enumerate(out, 1):
                pair = parse_year_line(line)
                if pair is None:
                    raise DatasetError(f"{place}[{i}]", f"'{line}' không đúng dạng năm: số "
                                                        "(ví dụ 2016: 72)")
                out[i - 1] = f"{pair[0]}: {pair[1]}"
        return out
    raise AssertionError(t)  # pragma: no cover


def _require(obj: Any, place: str, kind: type, what: str) -> Any:
    if not isinstance(obj, kind) or isinstance(obj, bool) and kind is not bool:
        raise DatasetError(place, f"phải là {what}, không phải {_type_name(obj)}")
    return obj


_REGISTER_INTS = ("quantity", "year_acquired", "cpnet", "year_disposed")
#: what a real register holds (a package or a file outside these is refused, not kept)
_REGISTER_RANGES = {"quantity": (0, 1_000_000), "cpnet": (0, 1_000_000), "year_acquired": (1900, 2100),
                    "year_disposed": (1900, 2100)}
_REGISTER_TEXTS = ("description", "location", "asset_code", "notes")


def register_item_from_dict(row: Any, place: str, template: Template) -> RegisterItem:
    """One register row, its kind, condition, origin and user group checked against the lists of
    ``template`` (the period's: a province's own kind is as good as a built-in one)."""
    _require(row, place, dict, "một dòng thiết bị (đối tượng)")
    unknown = set(row) - set(REGISTER_KEYS)
    if unknown:
        raise DatasetError(place, f"cột không có trong sổ thiết bị: {', '.join(sorted(unknown))}")
    data: dict[str, Any] = {}
    for key, choices in register_choices(template).items():
        allowed = {c.key for c in choices}
        if key != "kind":
            allowed.add("")  # "": not given (a condition is never guessed as "tốt")
        value = row.get(key, None if key == "kind" else "")
        if key == "condition" and value is None:
            value = ""  # not given: stored and printed as not given
        if not isinstance(value, str) or value not in allowed:
            raise DatasetError(f"{place}.{key}", f"giá trị '{value}' không có trong danh mục")
        data[key] = value
    for key in _REGISTER_INTS:
        value = row.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            raise DatasetError(f"{place}.{key}", f"phải là số nguyên, không phải {_type_name(value)}")
        low, high = _REGISTER_RANGES[key]
        if value is not None and not low <= value <= high:
            raise DatasetError(f"{place}.{key}", f"{value} ngoài khoảng hợp lý ({low}–{high})")
        data[key] = value
    for key in _REGISTER_TEXTS:
        value = row.get(key, "")
        data[key] = nfc(_string("" if value is None else value, f"{place}.{key}", 2000))
    return RegisterItem(**data)


@dataclass
class Dataset:
    """A unit's report for one period: what travels in the package and what the report prints."""

    unit: Unit
    period: Period
    values: dict[str, Any] = field(default_factory=dict)  # period-scope keys → value (no empties)
    register: list[RegisterItem] = field(default_factory=list)
    explanations: dict[str, str] = field(default_factory=dict)  # finding id → giải trình
    form_version: int = FORM_VERSION
    #: the report template the data was entered on (required: the 2019 one only for format 1)
    template: Template = field(kw_only=True)

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)

    # -- JSON -------------------------------------------------------------------------------------
    def to_dict(self) -> dict:
        out = {
            "format": DATASET_FORMAT,
            "version": 1,
            "form_version": self.form_version,
            "unit": self.unit.to_dict(),
            "period": self.period.code,
            "values": {k: v for k, v in self.values.items() if not _is_empty(v)},
            "register": [item.to_dict() for item in self.register],
            "explanations": dict(self.explanations),
        }
        if not is_legacy(self.template):  # version 1 stays byte for byte what it was
            out["version"] = 2
            out["template"] = self.template.ref.to_dict()
        return out

    def to_json(self) -> bytes:
        return canonical_json(self.to_dict())

    def digest(self) -> str:
        return digest(self.to_json())

    @classmethod
    def from_dict(cls, data: Any) -> "Dataset":
        _require(data, "", dict, "một đối tượng JSON")
        bad = bad_text_place(data)
        if bad is not None:
            raise DatasetError(bad, "có ký tự không hợp lệ (mã thay thế lẻ \\ud800…)")
        if data.get("format") != DATASET_FORMAT:
            raise DatasetError("format", f"không phải tệp dữ liệu báo cáo (cần '{DATASET_FORMAT}')")
        version = data.get("version")
        if isinstance(version, bool) or not isinstance(version, int):
            raise DatasetError("version", "thiếu hoặc sai phiên bản định dạng")
        if version > DATASET_VERSION:
            raise DatasetError("version", f"phiên bản định dạng {version} mới hơn chương trình; "
                                          "cần cập nhật phần mềm", needs_update=True)
        allowed = {"format", "version", "form_version", "unit", "period", "values", "register",
                   "explanations"} | ({"template"} if version >= 2 else set())
        unknown = set(data) - allowed
        if unknown:
            raise DatasetError("", f"mục không hợp lệ: {', '.join(sorted(unknown))}")
        form_version = data.get("form_version", FORM_VERSION)
        if isinstance(form_version, bool) or not isinstance(form_version, int) or form_version < 1:
            raise DatasetError("form_version", "sai phiên bản biểu mẫu")
        if form_version > FORM_VERSION:
            raise DatasetError("form_version", "biểu mẫu mới hơn chương trình; cần cập nhật phần mềm",
                               needs_update=True)
        # format 1 named no template: it was the 2019 one (the legacy reader)
        template = template_from_dict(data.get("template")) if version >= 2 else legacy_template()
        unit = unit_from_dict(data.get("unit"))
        period_code = _require(data.get("period"), "period", str, "mã kỳ báo cáo")
        try:
            period = Period.parse(period_code)
        except PeriodError as exc:
            raise DatasetError("period", str(exc)) from None
        values_in = _require(data.get("values", {}), "values", dict, "một đối tượng")
        values = {}
        for key, value in values_in.items():
            spec = template.fields.get(key)
            if spec is None:
                raise DatasetError(f"values.{key}", "trường không có trong biểu mẫu")
            if spec.scope is not Scope.PERIOD:
                raise DatasetError(f"values.{key}", "trường của đơn vị phải nằm trong mục 'unit'")
            if value is None:
                continue
            checked = check_value(key, value, place=f"values.{key}", template=template)
            if not _is_empty(checked):
                values[key] = checked
        rows = _require(data.get("register", []), "register", list, "một danh sách")
        if len(rows) > MAX_REGISTER_ROWS:
            raise DatasetError("register", f"nhiều hơn {MAX_REGISTER_ROWS} dòng")
        register = [register_item_from_dict(r, f"register[{i}]", template)
                    for i, r in enumerate(rows, 1)]
        expl = _require(data.get("explanations", {}), "explanations", dict, "một đối tượng")
        explanations = {}
        for key, text in expl.items():
            if not isinstance(text, str) or len(text) > 5000 or len(key) > 200:
                raise DatasetError(f"explanations.{key}", "giải trình phải là chuỗi ngắn hơn 5000 ký tự")
            explanations[nfc(key)] = nfc(text)
        return cls(unit, period, values, register, explanations, form_version, template=template)

    @classmethod
    def from_json(cls, raw: bytes | str) -> "Dataset":
        try:
            data = json.loads(raw)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            where = f"dòng {exc.lineno}, cột {exc.colno}" if hasattr(exc, "lineno") else ""
            raise DatasetError(where, "tệp không phải JSON hợp lệ (UTF-8)") from None
        except RecursionError:
            raise DatasetError("", "tệp JSON lồng nhau quá sâu") from None
        except ValueError:  # an integer of more than 4,300 digits (int's string conversion limit)
            raise DatasetError("", "tệp có số quá dài (hàng nghìn chữ số)") from None
        return cls.from_dict(data)


def template_from_dict(data: Any) -> Template:
    """The template a version-2 dataset names, found among the templates this program knows."""
    _require(data, "template", dict, "một đối tượng (id, version, digest)")
    tid, version, dig = data.get("id"), data.get("version"), data.get("digest")
    if not isinstance(tid, str) or isinstance(version, bool) or not isinstance(version, int) \
            or not isinstance(dig, str) or set(data) - {"id", "version", "digest"}:
        raise DatasetError("template", "phải gồm id (chuỗi), version (số nguyên), digest (chuỗi)")
    # by its bytes: the current file, or an earlier release's edition of it (resources/templates/editions)
    found = resolve(tid, version, dig) or resolve(tid, version)
    if found is None:
        raise DatasetError("template", f"mẫu báo cáo '{tid}' phiên bản {version} chưa có trong "
                                       "chương trình; hãy nhập tệp mẫu (ebgov-desktop template "
                                       "import) rồi thử lại", needs_update=True)
    if found.digest != dig:
        raise DatasetError("template", f"mẫu báo cáo '{tid}' phiên bản {version} của dữ liệu khác tệp "
                                       "mẫu cùng phiên bản trong chương trình (mã SHA-256 khác); hãy "
                                       "nhập đúng tệp mẫu đã dùng", needs_update=True)
    return found


def unit_from_dict(data: Any) -> Unit:
    _require(data, "unit", dict, "một đối tượng")
    known = {"code", "kind", "name", "district", "province", "province_code"}
    unknown = set(data) - known
    if unknown:
        raise DatasetError("unit", f"mục không hợp lệ: {', '.join(sorted(unknown))}")
    text = {}
    for key in known:
        value = data.get(key, "")
        text[key] = nfc(_string("" if value is None else value, f"unit.{key}", 200).strip())
    if not (text["code"].isdigit() and 1 <= len(text["code"]) <= 5):
        raise DatasetError("unit.code", f"mã đơn vị '{text['code']}' phải gồm tối đa 5 chữ số")
    try:
        kind = UnitKind(text["kind"])
    except ValueError:
        raise DatasetError("unit.kind", f"loại đơn vị '{text['kind']}' không hợp lệ") from None
    if not text["name"]:
        raise DatasetError("unit.name", "thiếu tên đơn vị")
    return Unit(
        code=text["code"],
        kind=kind,
        name=text["name"],
        province=text["province"],
        province_code=text["province_code"],
        district=text["district"],
    )


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def canonical_json(data: Any) -> bytes:
    """UTF-8, NFC, sorted keys, no whitespace: the same data always gives the same bytes."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      allow_nan=False)
    return nfc(text).encode("utf-8")


def digest(payload: bytes) -> str:
    return hashlib.sha256(payload).hexdigest()
