"""Superior-level sub-commands: units (the expected communes), board, consolidate."""

from __future__ import annotations

from ..domain.formatting import vn_int
from . import CliError, command
from .data import add_data_dir, add_period, open_workspace
from .exchange import format_table


@command("units", "danh sách đơn vị cấp xã phải báo cáo (cấp huyện, tỉnh): xem, nhập từ tệp, thêm, "
                  "đổi tên, bỏ")
class Units:
    @staticmethod
    def configure(p):
        add_data_dir(p)
        p.add_argument("--import", dest="import_file", metavar="TỆP",
                       help="nhập danh sách từ tệp .xlsx hoặc .csv (cột Mã, Tên, Loại)")
        p.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra tệp, không thay đổi dữ liệu")
        p.add_argument("--add", nargs=2, metavar=("MÃ", "TÊN"), help="thêm một đơn vị")
        p.add_argument("--kind", default="", metavar="LOẠI",
                       help="loại đơn vị khi thêm hoặc đổi tên: xã, phường, thị trấn, đặc khu")
        p.add_argument("--rename", nargs=2, metavar=("MÃ", "TÊN_MỚI"), help="đổi tên một đơn vị")
        p.add_argument("--from", dest="valid_from", metavar="NGÀY",
                       help="ngày tên mới (hoặc việc bỏ) có hiệu lực, dạng 01/07/2025")
        p.add_argument("--remove", metavar="MÃ", help="bỏ một đơn vị khỏi danh sách")
        p.add_argument("--learn", action="store_true",
                       help="thêm các đơn vị đã gửi gói dữ liệu mà chưa có trong danh sách")
        p.add_argument("--list", action="store_true", help="in danh sách (mặc định khi không có lựa chọn khác)")

    @staticmethod
    def run(args):
        from ..services import superior as sup

        with open_workspace(args) as ws:
            sup.require_superior(ws)
            acted = False
            if args.import_file:
                acted = True
                result = sup.import_expected(ws, args.import_file, dry_run=args.dry_run,
                                             valid_from=args.valid_from)
                if not result.ok:
                    raise CliError(result.summary)
                print(("Chạy thử (không thay đổi dữ liệu): " if args.dry_run else "") + result.summary)
            if args.add:
                acted = True
                c = sup.add_expected(ws, args.add[0], args.add[1], args.kind or None)
                print(f"Đã thêm {c.full_name} (mã {c.code}).")
            if args.rename:
                acted = True
                c = sup.rename_expected(ws, args.rename[0], args.rename[1], kind=args.kind or None,
                                        valid_from=args.valid_from)
                print(f"Đã đổi tên đơn vị mã {c.code}: " + "; ".join(sup.name_history(ws, c.code)))
            if args.remove:
                acted = True
                sup.remove_expected(ws, args.remove, on=args.valid_from)
                print(f"Đã bỏ đơn vị mã {args.remove} khỏi danh sách"
                      + (f" từ ngày {args.valid_from}." if args.valid_from else "."))
            if args.learn:
                acted = True
                codes = sup.learn_expected(ws)
                print(f"Đã thêm {vn_int(len(codes))} đơn vị từ các gói dữ liệu đã nhập.")
            if args.list or not acted:
                communes = sup.list_expected(ws)
                rows = [[c.code, c.full_name, _source(c.source),
                         "; ".join(sup.name_history(ws, c.code)[1:])] for c in communes]
                print(format_table(["Mã", "Đơn vị", "Nguồn", "Lịch sử"], rows))
                active = sum(1 for c in communes if c.active)
                print(f"{vn_int(active)} đơn vị đang phải báo cáo.")
        return 0


def _source(source: str) -> str:
    return {"typed": "nhập tay", "list": "từ danh sách", "learned": "từ gói dữ liệu"}.get(source, source)


@command("office", "cơ quan ban hành báo cáo tổng hợp (cấp huyện, tỉnh), ví dụ Sở Khoa học và Công nghệ")
class Office:
    @staticmethod
    def configure(p):
        add_data_dir(p)
        p.add_argument("--set", dest="name", metavar="TÊN",
                       help='tên cơ quan, ví dụ "Sở Khoa học và Công nghệ"; "" = Ủy ban nhân dân')

    @staticmethod
    def run(args):
        from ..services import superior as sup

        with open_workspace(args) as ws:
            unit = sup.require_superior(ws)
            if args.name is not None:
                sup.set_office(ws, args.name)
            above, lines = sup.header_lines(unit, sup.office(ws))
        print("Tiêu đề báo cáo tổng hợp: " + " / ".join(([above] if above else []) + list(lines)))
        return 0


@command("board", "tình hình nộp báo cáo của các đơn vị cấp xã trong một kỳ (cấp huyện, tỉnh)")
class BoardCommand:
    @staticmethod
    def configure(p):
        add_data_dir(p)
        add_period(p)

    @staticmethod
    def run(args):
        from ..services import superior as sup

        with open_workspace(args) as ws:
            b = sup.board(ws, args.period)
        headers, rows = sup.board_table(b)
        print(format_table(headers, [["" if v is None else str(v) for v in r] for r in rows]))
        print(f"{b.sentence}.")
        return 0


@command("consolidate", "in báo cáo tổng hợp PDF (và bảng Excel) của các đơn vị cấp xã trong một kỳ")
class Consolidate:
    @staticmethod
    def configure(p):
        add_data_dir(p)
        add_period(p)
        p.add_argument("--out", required=True, metavar="TỆP.pdf", help="tệp PDF sẽ ghi")
        p.add_argument("--xlsx", metavar="TỆP.xlsx",
                       help="ghi thêm bảng Excel: tình hình nộp, chỉ tiêu các đơn vị, thiết bị tổng hợp")

    @staticmethod
    def run(args):
        from ..services import superior as sup

        with open_workspace(args) as ws:
            result = sup.make_consolidated_report(ws, args.period, args.out, xlsx=args.xlsx)
            from ..services.report import document_warnings

            warnings = document_warnings(ws, args.period)
        print(f"{result.sentence}.")
        for line in warnings:
            print(f"Cảnh báo: {line}")
        print(f"Đã in báo cáo tổng hợp {args.period.label} ({vn_int(result.communes)} đơn vị, "
              f"{vn_int(result.pages)} trang): {result.path}")
        if result.xlsx:
            print(f"Đã ghi bảng Excel: {result.xlsx}")
        return 0
