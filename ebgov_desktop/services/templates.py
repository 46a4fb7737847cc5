"""The report templates a workspace can use: the program's own (``resources/templates``) and those
in the data folder's ``templates/`` (a province's own, or one a superior sent; they win over nothing:
a template is known by its id and version, the program's own first)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from ..domain.template import Field, Problem, Template, TemplateLibrary, builtin_dir
from ..domain.template_check import check_file, check_file_warnings
from ..storage.atomic import atomic_write
from ..storage.store import Store
from ..storage.templates import TemplateRepository

__all__ = ["library", "templates_dir", "check_template", "template_warnings", "describe", "unit_fields"]


def templates_dir(data_dir: str | os.PathLike | None) -> Path | None:
    if not data_dir:
        return None
    return Path(data_dir) / "templates"


def library(data_dir: str | os.PathLike | None = None) -> TemplateLibrary:
    extra = templates_dir(data_dir)
    return TemplateLibrary((builtin_dir(),) + ((extra,) if extra is not None else ()))


def unit_fields(data_dir: str | os.PathLike | None = None) -> dict[str, Field]:
    """The unit's fields (``unit.*``: label, help, length) as the newest commune template in force
    today declares them: what the first-start form asks before any period, so any template of a
    period, exists (every template declares them alike)."""
    import datetime as _dt

    lib = library(data_dir)
    newest = lib.newest_valid(_dt.date.today(), "xa")
    for t in ([newest] if newest is not None else []) + lib.all()[::-1]:
        found = {k: f for k, f in t.fields.items() if k.startswith("unit.")}
        if found:
            return found
    return {}


def check_template(path: str | os.PathLike) -> list[Problem]:
    return check_file(path)


def template_warnings(path: str | os.PathLike) -> list[Problem]:
    """What ``template check`` warns about in a usable template (fields entered, never printed)."""
    return check_file_warnings(path)


def describe(t: Template) -> list[str]:
    """What ``template show`` prints: identity, validity, pages, sections and fields, indicators, rules."""
    valid = (f"từ {t.valid_from:%d/%m/%Y}" if t.valid_from else "") + \
        (f" đến {t.valid_to:%d/%m/%Y}" if t.valid_to else "")
    lines = [f"{t.id} phiên bản {t.version}: {t.title}",
             f"  cấp: {t.level}; hiệu lực: {valid.strip() or 'không giới hạn'}",
             f"  mã SHA-256: {t.digest}", f"  tệp: {t.path}"]
    for page in t.pages:
        lines.append(f"Trang «{page.label}»")
        for section in t.sections_on_page(page.key):
            lines.append(f"  Mục «{section.label}»")
            for f in t.fields_in_section(section.key):
                extra = ", bắt buộc" if f.required else ""
                unit = f" ({f.unit})" if f.unit else ""
                lines.append(f"    {f.key}: {f.label}{unit} [{f.type.value}{extra}]")
    lines.append("Chỉ số")
    for ind in t.indicators:
        how = f"{ind.percent} (nhập trực tiếp)" if ind.percent else f"{ind.numerator} / {ind.denominator}"
        lines.append(f"  {ind.key}: {ind.label} = {how}")
    lines.append("Quy tắc (ngoài quy tắc tử số ≤ mẫu số của mỗi chỉ số)")
    for rule in t.rules:
        sev = "lỗi" if rule.severity == "error" else "cảnh báo"
        lines.append(f"  {rule.id} [{rule.kind}, {sev}]: {rule.title or ' '.join(rule.left + rule.right)}")
    lines.append(f"Dàn ý báo cáo: {len(t.outline)} khối")
    return lines


def kept_template_path(data_dir: str | os.PathLike, body: bytes) -> Path:
    """The library file of a template kept in the workspace (received from the superior), named by
    its SHA-256: a file name is never made from what a file says (an id of "../../x" or with a NUL)."""
    return Path(data_dir) / "templates" / f"mau-{hashlib.sha256(body).hexdigest()[:24]}.toml"


def write_kept_template(data_dir: str | os.PathLike, body: str) -> bool:
    """Write a template kept in the workspace into the library folder unless the same bytes are
    already there (the workspace is the reference). True when written; OSError when it cannot be."""
    data = body.encode("utf-8")
    path = kept_template_path(data_dir, data)
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, data=data)
    return True


def sync_kept_templates(store: Store, data_dir: str | os.PathLike) -> int:
    """Every template kept in the workspace written back into the library folder where missing or
    changed (a workspace file restored or copied alone); nothing written when in sync."""
    return sum(write_kept_template(data_dir, t.body)
               for t in TemplateRepository(store).all())
