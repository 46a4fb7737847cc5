"""Foundation sub-commands: init, demo, load, dump, check."""

from __future__ import annotations

import argparse

from ..domain.periods import Period, PeriodError
from ..domain.system_errors import os_reason
from ..domain.units import UnitKind, code_shape_problem, province_code_for
from ..services.datasets import demo_dataset, read_dataset_file, write_dataset_file
from ..services.paths import app_paths
from ..services.startup import open_workspace as open_checked_workspace
from ..services.workspace import Workspace
from . import CliError, command

_KINDS = [k.value for k in UnitKind]


def add_data_dir(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data-dir", metavar="THƯ_MỤC", default=argparse.SUPPRESS,
                   help="thư mục dữ liệu (mặc định: thư mục dữ liệu của người dùng)")


def add_period(p: argparse.ArgumentParser, required: bool = True) -> None:
    p.add_argument("--period", metavar="KỲ", required=required, type=_period,
                   help="kỳ báo cáo: 2019, 2019-H1, 2019-9T, 2019-Q3, 2019-07")


def _period(text: str) -> Period:
    try:
        return Period.parse(text)
    except PeriodError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


_period.__name__ = "kỳ báo cáo"


def checked_paths(args, *, must_exist: bool = True):
    """The data folder's paths after the start-up check the window makes: a damaged workspace (a 0-byte
    file included) is refused and kept as it is, with the ``restore`` to run; a read-only folder gets
    its own sentence."""
    from ..services.startup import HealthState, check_workspace, cli_refusal

    paths = app_paths(args.data_dir)
    health = check_workspace(paths)
    if not health.ok:
        raise CliError(cli_refusal(paths, health))
    if must_exist and health.state is HealthState.NEW:
        where = args.data_dir or "thư mục dữ liệu mặc định"
        raise CliError(f"chưa có dữ liệu trong {where}; hãy chạy lệnh init hoặc demo trước")
    return paths


def open_workspace(args, *, must_exist: bool = True) -> Workspace:
    paths = checked_paths(args, must_exist=must_exist)
    # the same opening as the window: a backup before any migration, the daily start backup
    return open_checked_workspace(paths)


@command("init", "tạo dữ liệu cho một đơn vị mới")
class Init:
    @staticmethod
    def configure(p):
        add_data_dir(p)
        p.add_argument("--kind", required=True, choices=_KINDS, metavar="LOẠI",
                       help="loại đơn vị: " + ", ".join(_KINDS))
        p.add_argument("--code", required=True, metavar="MÃ",
                       help="mã đơn vị hành chính: xã 5 chữ số, huyện 3, tỉnh 2 (danh mục của Tổng cục "
                            "Thống kê)")
        p.add_argument("--name", required=True, metavar="TÊN", help='tên đơn vị, ví dụ "Quảng Thọ"')
        p.add_argument("--province", required=True, metavar="TỈNH", help="tên tỉnh / thành phố")
        p.add_argument("--province-code", metavar="MÃ_TỈNH", help="mã tỉnh (mặc định: tra theo tên)")
        p.add_argument("--district", default="", metavar="HUYỆN", help="tên huyện (tùy chọn)")
        add_period(p, required=False)
        p.add_argument("--unlisted", action="store_true",
                       help="vẫn tạo khi mã không có trong danh mục đơn vị hành chính của kỳ báo cáo "
                            "(hoặc danh mục ghi tên khác)")

    @staticmethod
    def run(args):
        from ..domain.dataset import unit_from_dict
        from ..services import units as official

        unit = unit_from_dict({
            "code": args.code, "kind": args.kind, "name": args.name,
            "province": args.province, "district": args.district,
            "province_code": args.province_code or province_code_for(args.province),
        })
        shape = code_shape_problem(unit.kind, unit.code)
        if shape:
            raise CliError(shape)
        day = official.list_date(args.period)
        problems = official.unit_problems(unit, day)
        if problems and not args.unlisted:
            raise CliError("; ".join(problems) + ". Hãy kiểm tra lại mã (hoặc thêm --unlisted nếu chắc "
                           "chắn mã đúng)")
        listed = official.official(unit, day)
        if listed is not None and not problems and not args.province_code:
            unit = unit.with_changes(province_code=listed.province_code)
        with open_workspace(args, must_exist=False) as ws:
            if ws.unit is not None:
                raise CliError(f"thư mục này đã có dữ liệu của {ws.unit.short_council_name} "
                               f"(mã {ws.unit.code}); chọn thư mục khác")
            ws.set_unit(unit)
            if args.period and not unit.kind.is_commune:  # the report defaults of a superior body
                from ..services.superior import ensure_period

                ensure_period(ws, args.period)
            elif args.period:
                ws.create_period(args.period)
            print(f"Đã tạo dữ liệu cho {unit.short_council_name} (mã {unit.code}) tại "
                  f"{ws.paths.data_dir}")
            if not unit.kind.is_commune and not problems:
                count = official.add_expected_from_list(ws, unit, day)
                if count:
                    print(f"Danh sách đơn vị cấp xã phải báo cáo: {count} đơn vị theo danh mục đơn vị "
                          "hành chính (xem: lệnh units).")
        return 0


@command("demo", "nạp dữ liệu mẫu: xã Quảng Thọ, năm 2019")
class Demo:
    @staticmethod
    def configure(p):
        add_data_dir(p)

    @staticmethod
    def run(args):
        ds = demo_dataset()
        with open_workspace(args, must_exist=False) as ws:
            ws.load_dataset(ds)
            print(f"Đã nạp dữ liệu mẫu {ds.unit.short_council_name}, {ds.period.label}, "
                  f"vào {ws.paths.data_dir}")
        return 0


@command("load", "nạp một tệp dữ liệu (JSON) của một kỳ báo cáo")
class Load:
    @staticmethod
    def configure(p):
        add_data_dir(p)
        p.add_argument("file", metavar="TỆP.json", help="tệp dữ liệu (xem docs/dataset-format.md)")

    @staticmethod
    def run(args):
        ds = read_dataset_file(args.file)
        with open_workspace(args, must_exist=False) as ws:
            ws.load_dataset(ds)
            print(f"Đã nạp {ds.unit.short_council_name}, {ds.period.label} từ {args.file}")
        return 0


@command("dump", "ghi dữ liệu một kỳ báo cáo ra tệp JSON")
class Dump:
    @staticmethod
    def configure(p):
        add_data_dir(p)
        add_period(p)
        p.add_argument("--out", required=True, metavar="TỆP.json", help="tệp sẽ ghi")

    @staticmethod
    def run(args):
        with open_workspace(args) as ws:
            period = ws.require_period(args.period)
            try:
                path = write_dataset_file(ws.dataset(period), args.out)
            except OSError as exc:
                raise CliError(f"không ghi được {args.out}: {os_reason(exc)}") from None
            print(f"Đã ghi {period.label} ra {path}")
        return 0


@command("check", "kiểm tra số liệu một kỳ báo cáo (mã thoát 1 nếu có lỗi)")
class Check:
    @staticmethod
    def configure(p):
        add_data_dir(p)
        add_period(p)

    @staticmethod
    def run(args):
        with open_workspace(args) as ws:
            period = ws.require_period(args.period)
            unit = ws.require_unit()
            if not unit.kind.is_commune:  # a huyện / tỉnh: its consolidated report's own document
                from ..services.report import document_warnings

                warnings = document_warnings(ws, period)
                for line in warnings:
                    print(f"Cảnh báo: {line}")
                print(f"Kỳ {period.label} (báo cáo tổng hợp): 0 lỗi, {len(warnings)} cảnh báo.")
                return 0
            snap = ws.snapshot(period)
            findings, explanations = snap.findings, snap.explanations
        errors = [f for f in findings if f.is_error]
        warnings = [f for f in findings if not f.is_error]
        for f in findings:
            line = f"{f.severity.label}: {f.message}"
            if f.id in explanations:
                line += f" — Giải trình: {explanations[f.id]}"
            print(line)
        print(f"Kỳ {period.label}: {len(errors)} lỗi, {len(warnings)} cảnh báo.")
        return 1 if errors else 0


@command("merge", "gộp dữ liệu của một xã cũ (sáp nhập từ 01/7/2025): sổ thiết bị và các kỳ báo cáo để "
                  "tham khảo, từ gói dữ liệu .ebgov hoặc bản sao lưu")
class Merge:
    @staticmethod
    def configure(p):
        add_data_dir(p)
        p.add_argument("source", metavar="TỆP", help="gói dữ liệu (.ebgov) hoặc bản sao lưu của xã cũ")
        p.add_argument("--dry-run", action="store_true", help="chỉ xem trước, không thay đổi dữ liệu")
        p.add_argument("--unlisted", action="store_true",
                       help="vẫn gộp khi danh mục không ghi xã cũ này sáp nhập vào đơn vị hiện tại")

    @staticmethod
    def run(args):
        from ..services import merge

        with open_workspace(args) as ws:
            preview = merge.preview_merge(ws, args.source)
            print(preview.summary)
            for problem in preview.problems:
                print(f"Không gộp được: {problem}")
            if preview.problems:
                return 2
            if not preview.listed:
                print("Lưu ý: danh mục đơn vị hành chính không ghi xã cũ này sáp nhập vào đơn vị "
                      "hiện tại.")
            if args.dry_run:
                print("Chạy thử: không thay đổi dữ liệu.")
                return 0
            ids = merge.apply_merge(ws, preview, confirm_unlisted=args.unlisted)
        print(f"Đã gộp {len(ids)} dòng vào sổ thiết bị (hoàn tác: Ctrl+Z trong cửa sổ chương trình).")
        return 0
