"""``template list | show ID | check FILE | export ID --out DIR | import FILE``: the report templates
(forms and report outlines), and sending them down to the communes on a USB stick."""

from __future__ import annotations

import argparse

from ..services.templates import check_template, describe, library, template_warnings
from . import CliError, command
from .data import add_data_dir


@command("template", "mẫu báo cáo (biểu mẫu và dàn ý): list, show MÃ, check TỆP, export MÃ, import TỆP")
class TemplateCommand:
    @staticmethod
    def configure(p: argparse.ArgumentParser) -> None:
        add_data_dir(p)
        sub = p.add_subparsers(dest="action", metavar="VIỆC", required=True)
        sub.add_parser("list", help="liệt kê các mẫu báo cáo chương trình có")
        show = sub.add_parser("show", help="in các trang, trường, chỉ số, quy tắc của một mẫu")
        show.add_argument("template_id", metavar="MÃ", help="mã mẫu, ví dụ bc-ungdung-cntt")
        show.add_argument("--version", type=int, metavar="SỐ", help="phiên bản (mặc định: mới nhất)")
        check = sub.add_parser("check", help="kiểm tra một tệp mẫu; mã thoát 2 nếu có lỗi")
        check.add_argument("file", metavar="TỆP", help="tệp mẫu .toml")
        export = sub.add_parser("export", help="cấp trên: ký mẫu bằng khóa của đơn vị và ghi ra thư mục "
                                               "(USB) để gửi xuống xã")
        export.add_argument("template_id", metavar="MÃ", help="mã mẫu, ví dụ cds-xa-2025")
        export.add_argument("--version", type=int, metavar="SỐ", help="phiên bản (mặc định: mới nhất)")
        export.add_argument("--out", required=True, metavar="THƯ_MỤC",
                            help="thư mục sẽ ghi (thường là ổ USB)")
        imp = sub.add_parser("import", help="xã: nhập mẫu do cấp trên gửi (tệp có chữ ký); cấp trên: "
                                            "nhập mẫu tự soạn")
        imp.add_argument("file", metavar="TỆP", help="tệp mẫu (BM_….toml)")
        imp.add_argument("--accept-key", metavar="MÃ_KHÓA",
                         help="chấp nhận khóa ký mới của cấp trên có mã này (đã gọi điện đối chiếu)")

    @staticmethod
    def run(args) -> int:
        data_dir = getattr(args, "data_dir", None)
        if args.action in ("export", "import"):
            return _exchange(args)
        if args.action == "list":
            for t in library(data_dir).all():
                valid = " ".join(x for x in (f"từ {t.valid_from:%d/%m/%Y}" if t.valid_from else "",
                                             f"đến {t.valid_to:%d/%m/%Y}" if t.valid_to else "") if x)
                year = f"mẫu năm {t.valid_from.year}" if t.valid_from else ""
                print(f"{t.id}\tphiên bản {t.version}\t{t.level}\t{year}\t"
                      f"hiệu lực {valid or 'không giới hạn'}\t{t.title}")
            return 0
        if args.action == "show":
            t = library(data_dir).find(args.template_id, args.version)
            if t is None:
                raise CliError(f"không có mẫu '{args.template_id}'"
                               + (f" phiên bản {args.version}" if args.version else "")
                               + "; xem danh sách bằng: ebgov-desktop template list")
            print("\n".join(describe(t)))
            return 0
        import sys

        problems = check_template(args.file)
        if not problems:
            warnings = template_warnings(args.file)
            for p in warnings:
                print(f"{args.file}:{p.line}: cảnh báo: {p.message}" if p.line
                      else f"{args.file}: cảnh báo: {p.message}", file=sys.stderr)
            print(f"{args.file}: mẫu hợp lệ, không có lỗi"
                  + (f" ({len(warnings)} cảnh báo)." if warnings else "."))
            return 0

        for p in problems:
            print(f"{args.file}:{p.line}: {p.message}" if p.line else f"{args.file}: {p.message}",
                  file=sys.stderr)
        print(f"Có {len(problems)} lỗi trong mẫu; chưa dùng được.", file=sys.stderr)
        return 2


def _exchange(args) -> int:
    """``export`` and ``import``: signed template files (services/templates_exchange.py)."""
    import sys
    from pathlib import Path

    from ..services.templates_exchange import TemplateExchangeError, export_template, import_template
    from .data import open_workspace

    if args.action == "import" and not Path(args.file).is_file():
        raise CliError(f"không tìm thấy tệp {args.file}")
    with open_workspace(args) as ws:
        try:
            if args.action == "export":
                result = export_template(ws, args.template_id, args.out, version=args.version)
                print(f"Đã ghi mẫu {result.template_id} phiên bản {result.version}: {result.path}")
                print(f"Mã khóa ký của đơn vị (đọc cho xã khi xã gọi điện đối chiếu): {result.fingerprint}")
                return 0
            result = import_template(ws, args.file, accept_fingerprint=args.accept_key)
        except TemplateExchangeError as exc:
            if args.action == "export":
                raise CliError(str(exc)) from None
            print(f"Lỗi: {exc}", file=sys.stderr)
            if exc.wrong_key:
                print(f"Sau khi đối chiếu, chấp nhận bằng: ebgov-desktop template import {args.file} "
                      f"--accept-key {exc.fingerprint}", file=sys.stderr)
            return 1
    print(result.message)
    return 0
