"""``ebgov-desktop report``: the official PDF report of a period, headless."""

from __future__ import annotations

from ..services.workspace import WorkspaceError
from . import CliError, command
from .data import add_data_dir, add_period, open_workspace, require_period


@command("report", "in báo cáo chính thức (PDF) của một kỳ báo cáo")
class Report:
    @staticmethod
    def configure(p):
        add_data_dir(p)
        add_period(p)
        p.add_argument("--out", required=True, metavar="TỆP.pdf", help="tệp PDF sẽ ghi")
        p.add_argument("--force", action="store_true",
                       help="vẫn in khi số liệu còn lỗi (cảnh báo không bao giờ chặn việc in)")

    @staticmethod
    def run(args):
        from ..services.report import ReportBlocked, make_report

        with open_workspace(args) as ws:
            period = require_period(ws, args.period)
            try:
                result = make_report(ws, period, args.out, force=args.force)
            except ReportBlocked as exc:
                for f in exc.errors:
                    print(f"{f.severity.label}: {f.message}")
                print(f"Kỳ {period.label}: còn {len(exc.errors)} lỗi, chưa in báo cáo. Hãy sửa các lỗi "
                      "(lệnh check) hoặc dùng --force để vẫn in.")
                return 1
            except WorkspaceError as exc:
                raise CliError(str(exc)) from None
            missing = [f.message for f in ws.findings(period) if f.rule_id == "required_figures"]
        if missing:
            print(f"Cảnh báo: còn {len(missing)} chỉ tiêu bắt buộc chưa nhập (báo cáo thiếu các số liệu này): "
                  + " ".join(missing))
        if result.draft:
            print(f"Số liệu còn lỗi: đây là BẢN NHÁP (dấu «BẢN NHÁP — CÒN LỖI» trên mọi trang), ghi ra "
                  f"{result.path}, không phải tệp báo cáo chính thức.")
        print(f"Đã ghi báo cáo {period.label} ({result.pages} trang) ra {result.path}. "
              f"Phiên bản dữ liệu {result.revision.number}, mã kiểm tra "
              f"{result.revision.short_digest}.")
        return 0
