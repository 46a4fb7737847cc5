"""Make the official PDF report of a period (the window and ``ebgov-desktop report`` call this).

Both read a ``PeriodSnapshot`` (``Workspace.snapshot``): the window takes it when the officer asks
for the report (the errors and the missing figures it shows are the snapshot's) and hands that very
snapshot to the background worker, which reports progress on a ``domain.tasks.TaskState`` and
returns None when that state is cancelled (nothing left on disk).
"""

from __future__ import annotations

import errno
import io
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..domain.periods import Period
from ..domain.rules import Finding
from ..domain.system_errors import os_reason
from ..domain.tasks import Cancelled, TaskState
from ..domain.units import Unit
from ..storage.atomic import atomic_write
from .paths import resource
from .revisions import Revision
from .snapshot import PeriodSnapshot
from .workspace import Workspace, WorkspaceError

__all__ = [
    "ReportBlocked",
    "ReportResult",
    "default_report_name",
    "draft_name",
    "document_warnings",
    "DocxResult",
    "make_docx",
    "default_docx_name",
    "DRAFT_MARK",
    "fonts_dir",
    "make_report",
]



class ReportBlocked(WorkspaceError):
    """The data still has errors; ``errors`` lists them (the window shows them, the CLI prints them)."""

    def __init__(self, errors: list[Finding]):
        self.errors = errors
        super().__init__(
            f"Số liệu còn {len(errors)} lỗi, chưa thể in báo cáo. Hãy sửa các lỗi ở trang Kiểm tra "
            "rồi in lại.")


@dataclass(frozen=True)
class ReportResult:
    path: Path
    pages: int
    size: int  # bytes
    revision: Revision
    warnings: int  # warnings still shown (explained or not)
    draft: bool = False  # made while errors remained: marked, under a ``_NHAP`` name


def write_pdf(report, out: str | os.PathLike, *, state: TaskState | None = None,
              error: type[Exception] = WorkspaceError) -> Path | None:
    """Build ``report`` into ``out`` atomically (``storage.atomic.atomic_write``: temporary file, fsync,
    rename, read back). A failure or a cancel leaves neither the file nor its temporary file; a failure
    raises ``error`` with a Vietnamese message; a cancel (``state.cancel()``) returns None."""
    out = Path(out)
    try:
        atomic_write(out, write=lambda fh: report.build(fh, state), check=_check_pdf)
    except Cancelled:
        return None
    except OSError as exc:
        reason = os_reason(exc)
        raise error(
            f"Không ghi được tệp {out} ({reason}). Hãy chọn thư mục khác hoặc đóng tệp "
            "đang mở trong chương trình xem PDF.") from None
    return out


def _check_pdf(path: Path) -> None:
    """Read back: a whole PDF (header and end-of-file marker), not a truncated one."""
    with open(path, "rb") as fh:
        head = fh.read(5)
        fh.seek(max(0, path.stat().st_size - 1024))
        tail = fh.read()
    if head != b"%PDF-" or b"%%EOF" not in tail:
        raise OSError(errno.EIO, "tệp đọc lại không phải một bản PDF đầy đủ")


def fonts_dir() -> Path:
    return resource("fonts")


def _ascii_fold(text: str) -> str:
    text = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return re.sub(r"[^A-Za-z0-9]+", "", text.title())


def default_report_name(unit: Unit, period: Period) -> str:
    """``BC_UD-CNTT_19894-QuangTho_2019.pdf``: unit code and name (no diacritics), period code."""
    name = _ascii_fold(unit.name)
    unit_part = f"{unit.code}-{name}" if name else unit.code
    return f"BC_UD-CNTT_{unit_part}_{period}.pdf"


#: Across every page of a PDF made while errors remain (``report --force``, "Vẫn xuất để xem lại").
DRAFT_MARK = "BẢN NHÁP — CÒN LỖI"
DRAFT_SUFFIX = "_NHAP"


def draft_name(out: str | os.PathLike) -> Path:
    """``R.pdf`` → ``R_NHAP.pdf``: a draft never takes (or overwrites) the official file's name."""
    out = Path(out)
    if out.stem.upper().endswith(DRAFT_SUFFIX):
        return out
    return out.with_name(f"{out.stem}{DRAFT_SUFFIX}{out.suffix or '.pdf'}")


#: The signature block: without them a report prints with an empty place for the signer.
SIGNATURE_KEYS = ("doc.signer_authority", "doc.signer_title", "doc.signer_name")


def document_warnings(ws: Workspace, period: Period) -> list[str]:
    """What the printed report of ``period`` would lack: the signature block's empty lines, an empty
    Nơi nhận (the commune's check has them as template rules; the superior's check and consolidation
    use this). The labels are the period's template's (of a period not made yet: the one it would
    get)."""
    values = ws.values(period) if ws.has_period(period) else {}
    template = ws.template_for(period)
    out = [f"Chưa nhập: {template.label(k)} (khối chữ ký của báo cáo)." for k in SIGNATURE_KEYS
           if not str(values.get(k) or "").strip()]
    if not [line for line in values.get("doc.recipients") or () if str(line).strip()]:
        out.append("Chưa nhập: Nơi nhận (báo cáo in ra không có nơi nhận).")
    return out


def _commune_report(snap: PeriodSnapshot, *, force: bool, state: TaskState | None):
    """The report of the snapshot's period made ready to lay out (PDF or Word): the findings, the
    dataset and the revision are the snapshot's (the rules do not run again).

    Raises ReportBlocked while errors remain unless ``force``; forced, the report is a draft."""
    from ..reporting.commune import CommuneReport, DataStamp

    p = snap.period
    if state is not None:
        state.set_progress(0, 100, "Đang kiểm tra số liệu…")
    errors = snap.errors
    if errors and not force:
        raise ReportBlocked(errors)
    revision = snap.revision
    stamp = DataStamp(snap.unit.code, p.code, p.label, revision.number, revision.short_digest)
    report = CommuneReport(fonts_dir(), snap.dataset, findings=list(snap.findings), stamp=stamp,
                           template=snap.template)
    if errors:  # forced: a draft, marked on every page, under its own name
        report.draft = DRAFT_MARK
    return report, revision


def make_report(snap: PeriodSnapshot, out: str | os.PathLike, *, force: bool = False,
                state: TaskState | None = None) -> ReportResult | None:
    """Write the commune report of the snapshot's period (``Workspace.snapshot``) to ``out``
    (atomically); no workspace is needed, so the window's background worker prints the very data and
    decision the officer saw. Raises ReportBlocked while
    errors remain (unless ``force``), WorkspaceError for an unwritable file;
    None when ``state`` was cancelled (nothing written). Forced while errors remain, the PDF is a draft:
    ``DRAFT_MARK`` across every page, written to ``draft_name(out)`` (``…_NHAP.pdf``), never to the
    official name."""
    report, revision = _commune_report(snap, force=force, state=state)
    if report.draft:
        out = draft_name(out)
    out = write_pdf(report, out, state=state)
    if out is None:
        return None
    return ReportResult(out, report.pages, out.stat().st_size, revision, len(snap.warnings),
                        draft=bool(report.draft))


@dataclass(frozen=True)
class DocxResult:
    path: Path
    size: int  # bytes
    revision: Revision
    draft: bool = False


def make_docx(snap: PeriodSnapshot, out: str | os.PathLike, *, force: bool = False,
              state: TaskState | None = None) -> DocxResult:
    """The Word copy of the report of the snapshot's period (``reporting/docx.py``), atomically, for the officer
    to finish the wording in Word: the same content and the same rules as the PDF (refused while errors
    remain unless ``force``; then a draft, marked, under a ``_NHAP`` name). The PDF stays the official
    output; the document's properties say so."""
    from ..reporting.docx import build_docx

    out = Path(out)
    if out.suffix.lower() != ".docx":
        out = out.with_name(out.name + ".docx")
    report, revision = _commune_report(snap, force=force, state=state)
    if report.draft:
        out = draft_name(out)
    if state is not None:
        state.set_progress(30, 100, "Đang dàn trang bản Word…")
    document = build_docx(report)
    if state is not None:
        state.set_progress(80, 100, "Đang ghi tệp Word…")
    try:
        buf = io.BytesIO()  # in memory first: a ZipFile left open by a full disk printed a traceback
        document.save(buf)
        atomic_write(out, data=buf.getvalue(), check=_check_docx)
    except OSError as exc:
        raise WorkspaceError(f"Không ghi được tệp {out} ({os_reason(exc)}). Hãy chọn thư mục khác hoặc "
                             "đóng tệp đang mở trong Word.") from None
    if state is not None:
        state.set_progress(100, 100, "Đã tạo xong bản Word.")
    return DocxResult(out, out.stat().st_size, revision, draft=bool(report.draft))


def _check_docx(path: Path) -> None:
    """Read back: a whole .docx (a ZIP holding the document)."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as z:
            if "word/document.xml" not in z.namelist() or z.testzip() is not None:
                raise OSError(errno.EIO, "tệp đọc lại không phải một tệp Word đầy đủ")
    except zipfile.BadZipFile:
        raise OSError(errno.EIO, "tệp đọc lại không phải một tệp Word đầy đủ") from None


def default_docx_name(unit: Unit, period: Period) -> str:
    """The PDF's name with ``.docx``: ``BC_UD-CNTT_19894-QuangTho_2019.docx``."""
    return default_report_name(unit, period).removesuffix(".pdf") + ".docx"
