"""USB package sub-commands: export, import, key, accept-key."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from ..domain.formatting import vn_int
from . import CliError, command
from .data import add_data_dir, add_period, open_workspace


def _width(text: str) -> int:
    return sum(0 if unicodedata.combining(c) else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def format_table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max([_width(h)] + [_width(r[i]) for r in rows]) for i, h in enumerate(headers)]
    lines = ["  ".join(_pad(h, w) for h, w in zip(headers, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(_pad(c, w) for c, w in zip(r, widths)).rstrip() for r in rows]
    return "\n".join(lines)


@command("export", "xuất gói dữ liệu đã ký (.ebgov) của một kỳ báo cáo để gửi cấp trên")
class Export:
    @staticmethod
    def configure(p):
        add_data_dir(p)
        add_period(p)
        p.add_argument("--out", required=True, metavar="THƯ_MỤC",
                       help="thư mục sẽ ghi gói dữ liệu (thường là ổ USB)")

    @staticmethod
    def run(args):
        from ..services.packages import export_package

        with open_workspace(args) as ws:
            snap = ws.snapshot(args.period)
            period = snap.period
            result = export_package(ws, snap, args.out)
            print(f"Đã xuất {period.label}, lần gửi {result.revision}: {result.path} "
                  f"({vn_int(result.size)} byte).")
            print(f"Mã dữ liệu (SHA-256): {result.digest}")
            print(f"Mã khóa ký của đơn vị: {result.fingerprint}")
            missing = [f.message for f in snap.findings if f.rule_id == "required_figures"]
            if missing:
                print(f"Cảnh báo: còn {len(missing)} chỉ tiêu bắt buộc chưa nhập; cấp trên sẽ thấy «Thiếu "
                      "số liệu»: " + " ".join(missing))
        return 0


@command("import", "nhập các gói dữ liệu (.ebgov) của đơn vị cấp dưới (tệp hoặc thư mục)")
class Import:
    @staticmethod
    def configure(p):
        add_data_dir(p)
        p.add_argument("--dry-run", action="store_true",
                       help="chỉ kiểm tra và phân loại, không thay đổi dữ liệu")
        p.add_argument("sources", nargs="+", metavar="TỆP_HOẶC_THƯ_MỤC",
                       help="tệp .ebgov hoặc thư mục chứa chúng")

    @staticmethod
    def run(args):
        from ..services.packages import collect_package_files, import_packages

        missing = [s for s in args.sources if not Path(s).exists()]
        if missing:  # bad input: nothing is imported, exit 2 (README)
            raise CliError("không tìm thấy " + ", ".join(missing) + "; hãy kiểm tra đường dẫn (USB đã cắm?)")
        with open_workspace(args) as ws:
            if not collect_package_files(args.sources):
                raise CliError("không tìm thấy tệp gói dữ liệu (.ebgov) nào trong "
                               + ", ".join(args.sources))
            report = import_packages(ws, args.sources, dry_run=args.dry_run)
        rows = [[r.file.name, f"{r.unit_code} {r.unit_name}".strip(), r.period,
                 "" if r.revision is None else str(r.revision), r.outcome.label, r.reason]
                for r in report.results]
        print(format_table(["Tệp", "Đơn vị", "Kỳ", "Lần gửi", "Kết quả", "Lý do"], rows))
        print(report.summary)
        needs_attention = any(r.outcome.refused or r.outcome.value == "conflict"
                              for r in report.results)
        return 1 if needs_attention else 0


@command("key", "in mã khóa ký của đơn vị (để đối chiếu qua điện thoại)")
class Key:
    @staticmethod
    def configure(p):
        add_data_dir(p)

    @staticmethod
    def run(args):
        from ..services import keys

        with open_workspace(args) as ws:
            print(f"Mã khóa ký của {ws.require_unit().short_council_name}: "
                  f"{keys.fingerprint(ws.paths)}")
        return 0


@command("accept-key", "chấp nhận khóa ký mới của một đơn vị (sau khi đã đối chiếu qua điện thoại)")
class AcceptKey:
    @staticmethod
    def configure(p):
        add_data_dir(p)
        p.add_argument("file", metavar="TỆP.ebgov", help="gói dữ liệu ký bằng khóa mới")
        p.add_argument("--fingerprint", required=True, metavar="MÃ_KHÓA",
                       help="mã khóa đơn vị đọc qua điện thoại, ví dụ 46C0-794F-8CC3-08D3-805E")

    @staticmethod
    def run(args):
        from ..services.packages import accept_key_of_file

        with open_workspace(args) as ws:
            accepted = accept_key_of_file(ws, args.file, args.fingerprint)
            key = accepted.key
            print(f"Đã xác nhận khóa {key.fingerprint} cho đơn vị {key.unit_code}; gói dữ liệu của khóa "
                  "này đã được nhập:")
            for r in accepted.report.results:
                print(f"  {r.message}")
        return 0


@command("key-history", "cấp trên: lịch sử khóa ký của các đơn vị (lần đầu thấy, xác nhận, chấp nhận, từ chối)")
class KeyHistory:
    @staticmethod
    def configure(p):
        add_data_dir(p)
        p.add_argument("unit", nargs="?", metavar="MÃ_ĐƠN_VỊ", help="chỉ một đơn vị (mặc định: tất cả)")

    @staticmethod
    def run(args):
        from ..services.packages import key_history_lines, pinned_keys

        with open_workspace(args) as ws:
            keys = [k for k in pinned_keys(ws) if args.unit in (None, k.unit_code)]
            codes = sorted({k.unit_code for k in keys} | ({args.unit} if args.unit else set()))
            for code in codes:
                key = next((k for k in keys if k.unit_code == code), None)
                state = ("chưa có khóa" if key is None else
                         f"khóa {key.fingerprint}, " + ("đã xác nhận" if key.confirmed else "chưa xác nhận"))
                print(f"Đơn vị {code}: {state}")
                for line in key_history_lines(ws, code):
                    print(f"  {line}")
        return 0
