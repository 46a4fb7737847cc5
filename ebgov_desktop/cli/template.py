"""``template list | show ID | check FILE``: the report templates (forms and report outlines)."""

from __future__ import annotations

import argparse

from ..services.templates import check_template, describe, library
from . import CliError, command
from .data import add_data_dir


@command("template", "mẫu báo cáo (biểu mẫu và dàn ý): list, show MÃ, check TỆP")
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

    @staticmethod
    def run(args) -> int:
        data_dir = getattr(args, "data_dir", None)
        if args.action == "list":
            for t in library(data_dir).all():
                valid = f"từ {t.valid_from:%d/%m/%Y}" if t.valid_from else ""
                print(f"{t.id}\tphiên bản {t.version}\t{t.level}\t{valid}\t{t.title}")
            return 0
        if args.action == "show":
            t = library(data_dir).find(args.template_id, args.version)
            if t is None:
                raise CliError(f"không có mẫu '{args.template_id}'"
                               + (f" phiên bản {args.version}" if args.version else "")
                               + "; xem danh sách bằng: ebgov-desktop template list")
            print("\n".join(describe(t)))
            return 0
        problems = check_template(args.file)
        if not problems:
            print(f"{args.file}: mẫu hợp lệ, không có lỗi.")
            return 0
        import sys

        for p in problems:
            print(f"{args.file}:{p.line}: {p.message}" if p.line else f"{args.file}: {p.message}",
                  file=sys.stderr)
        print(f"Có {len(problems)} lỗi trong mẫu; chưa dùng được.", file=sys.stderr)
        return 2
