"""argparse in Vietnamese: its few built-in texts, and errors as one line with exit 2."""

from __future__ import annotations

import argparse
import sys

_TEXTS = {
    "usage: ": "Cách dùng: ",
    "positional arguments": "tham số",
    "options": "tùy chọn",
    "optional arguments": "tùy chọn",
    "show this help message and exit": "in hướng dẫn này rồi thoát",
    "the following arguments are required: %s": "thiếu tham số bắt buộc: %s",
    "unrecognized arguments: %s": "tham số không hiểu được: %s",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "lựa chọn không hợp lệ: %(value)r (chọn một trong: %(choices)s)",
    "argument %(argument_name)s: %(message)s": "tham số %(argument_name)s: %(message)s",
    "expected one argument": "cần một giá trị",
    "invalid %(type)s value: %(value)r": "giá trị %(type)s không hợp lệ: %(value)r",
    "ambiguous option: %(option)s could match %(matches)s":
        "tùy chọn không rõ: %(option)s có thể là %(matches)s",
    "%(prog)s: error: %(message)s\n": "%(prog)s: lỗi: %(message)s\n",
}


def _translate(text: str) -> str:
    return _TEXTS.get(text, text)


def install_vietnamese_argparse() -> None:
    argparse._ = _translate  # argparse looks its texts up through this module global


class VietnameseArgumentParser(argparse.ArgumentParser):
    def error(self, message: str):
        print(f"Lỗi: {message}. Xem: {self.prog} --help", file=sys.stderr)
        raise SystemExit(2)
