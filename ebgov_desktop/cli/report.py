"""``ebgov-desktop report``: the official PDF report of a period (and/or its Word copy), headless."""

from __future__ import annotations

from . import CliError, command
from .data import add_data_dir, add_period, open_workspace


@command("report", "in báo cáo chính thức (PDF) của một kỳ báo cáo")
class Report:
    @staticmethod
    def configure(p):
        add_data_dir(p)
        add_period(p)
        p.add_argument("--out", metavar="TỆP.pdf", help="tệp PDF sẽ ghi (bản chính thức)")
        p.add_argument("--docx", metavar="TỆP.docx",
                       help="cũng (hoặc chỉ) ghi bản Word có thể chỉnh sửa của báo cáo")
        p.add_argument("--force", action="store_true",
                       help="vẫn in khi số liệu còn lỗi (cảnh báo không bao giờ chặn việc in)")

    @staticmethod
    def run(args):
        from ..services.report import ReportBlocked, make_docx, make_report

        if not args.out and not args.docx:
            raise CliError("cần --out TỆP.pdf (bản chính thức) hoặc --docx TỆP.docx (bản Word), hoặc cả hai")
        with open_workspace(args) as ws:
            snap = ws.snapshot(args.period)
            period = snap.period
            try:
                result = make_report(snap, args.out, force=args.force) if args.out else None
                word = make_docx(snap, args.docx, force=args.force) if args.docx else None
            except ReportBlocked as exc:
                for f in exc.errors:
                    print(f"{f.severity.label}: {f.message}")
                print(f"Kỳ {period.label}: còn {len(exc.errors)} lỗi, chưa in báo cáo. Hãy sửa các lỗi "
                      "(lệnh check) hoặc dùng --force để vẫn in.")
                return 1
            missing = [f.message for f in snap.findings if f.rule_id == "required_figures"]
        if missing:
            print(f"Cảnh báo: còn {len(missing)} chỉ tiêu bắt buộc chưa nhập (báo cáo thiếu các số liệu này): "
                  + " ".join(missing))
        if word is not None:
            draft = " — BẢN NHÁP, số liệu còn lỗi" if word.draft else ""
            print(f"Đã ghi bản Word (có thể chỉnh sửa{draft}) của báo cáo {period.label} ra {word.path}. "
                  "Bản chính thức là bản PDF.")
        if result is None:
            return 0
        if result.draft:
            print(f"Số liệu còn lỗi: đây là BẢN NHÁP (dấu «BẢN NHÁP — CÒN LỖI» trên mọi trang), ghi ra "
                  f"{result.path}, không phải tệp báo cáo chính thức.")
        print(f"Đã ghi báo cáo {period.label} ({result.pages} trang) ra {result.path}. "
              f"Phiên bản dữ liệu {result.revision.number}, mã kiểm tra "
              f"{result.revision.short_digest}.")
        return 0
