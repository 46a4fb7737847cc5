"""``ebgov-desktop register import FILE`` / ``register export --out FILE``: the register and Excel."""

from __future__ import annotations

from . import CliError, command
from .data import add_data_dir, add_period, open_workspace


@command("register", "sổ thiết bị: nhập từ Excel/CSV, xuất ra Excel")
class Register:
    @staticmethod
    def configure(p):
        sub = p.add_subparsers(dest="action", metavar="VIỆC", title="việc", required=True)
        imp = sub.add_parser("import", help="nhập sổ thiết bị từ tệp .xlsx hoặc .csv (UTF-8, Windows-1258)",
                             description="Đọc sổ thiết bị của đơn vị (tệp Excel .xlsx hoặc CSV), in "
                                         "từng dòng có vấn đề (dòng, cột), rồi thêm các dòng mới vào "
                                         "sổ trong một lần (hoàn tác được trong cửa sổ bằng Ctrl+Z). "
                                         "Dòng đã có trong sổ không được thêm lại.")
        add_data_dir(imp)
        add_period(imp, required=False)
        imp.add_argument("file", metavar="TỆP", help="tệp .xlsx hoặc .csv")
        imp.add_argument("--dry-run", action="store_true", help="chỉ xem trước, không thay đổi gì")
        exp = sub.add_parser("export", help="xuất sổ thiết bị ra tệp Excel (.xlsx)",
                             description="Ghi cả sổ thiết bị (kể cả thiết bị đã thanh lý) ra một "
                                         "trang tính Excel; tệp này nhập lại được đúng như cũ.")
        add_data_dir(exp)
        exp.add_argument("--out", required=True, metavar="TỆP.xlsx", help="tệp Excel sẽ ghi")

    @staticmethod
    def run(args):
        from ..services import register_io

        with open_workspace(args) as ws:
            if args.action == "export":
                path = register_io.export_register(ws, args.out)
                print(f"Đã ghi {len(ws.register_items())} dòng của sổ thiết bị ra {path}.")
                return 0
            period = ws.require_period(args.period) if args.period else (
                ws.periods()[-1] if ws.periods() else None)
            preview, ids = register_io.import_register(ws, args.file, period=period,
                                                       dry_run=args.dry_run)
        if preview.problems:
            raise CliError(preview.summary())
        for problem in preview.row_problems:
            label = "Lỗi" if problem.severity == "error" else "Lưu ý"
            print(f"{label}: {problem}")
        header = preview.header_row + 1
        print(f"Dòng tiêu đề: {header}. " + preview.summary())
        if args.dry_run:
            print("Chưa thay đổi gì (--dry-run).")
        else:
            print(f"Đã thêm {len(ids)} dòng vào sổ thiết bị.")
        return 1 if preview.count("error") else 0
