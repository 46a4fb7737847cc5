"""Dataset files: load a JSON file into a workspace, dump a period to one (``docs/dataset-format.md``)."""

from __future__ import annotations

import json
import os
from pathlib import Path

from ..domain.dataset import Dataset, DatasetError
from ..storage.atomic import atomic_write
from .paths import resource

__all__ = ["DEMO_DATASET", "dumps_pretty", "read_dataset_file", "write_dataset_file", "demo_dataset"]

DEMO_DATASET = ("demo", "quang-tho-2019.json")
MAX_FILE_SIZE = 20 * 1024 * 1024


def dumps_pretty(ds: Dataset) -> str:
    """The human-readable file form: sorted keys, 2-space indent, UTF-8 (NFC), newline at the end."""
    return json.dumps(json.loads(ds.to_json()), ensure_ascii=False, sort_keys=True, indent=2) + "\n"


def read_dataset_file(path: str | os.PathLike) -> Dataset:
    """Read and validate a dataset file; DatasetError (Vietnamese) names the file and the place."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_SIZE:
            raise DatasetError(str(path), "tệp quá lớn (hơn 20 MB)")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DatasetError(str(path), "không tìm thấy tệp") from None
    except IsADirectoryError:
        raise DatasetError(str(path), "đây là thư mục, không phải tệp") from None
    except PermissionError:
        raise DatasetError(str(path), "không có quyền đọc tệp") from None
    try:
        return Dataset.from_json(raw)
    except DatasetError as exc:
        raise DatasetError(f"{path}: {exc.place}" if exc.place else str(path), exc.problem) from None


def write_dataset_file(ds: Dataset, path: str | os.PathLike) -> Path:
    """Write atomically (``atomic_write``: temporary file, fsync, rename)."""
    return atomic_write(Path(path), data=dumps_pretty(ds).encode("utf-8"))


def demo_dataset() -> Dataset:
    return read_dataset_file(resource(*DEMO_DATASET))
