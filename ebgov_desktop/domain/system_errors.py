"""What an operating-system error means, in Vietnamese (the OS's own text is English on most PCs)."""

from __future__ import annotations

import errno

__all__ = ["os_reason"]

_REASONS = {
    errno.ENOENT: "thư mục không tồn tại hoặc không có tệp này",
    errno.ENOTDIR: "đường dẫn không phải là thư mục",
    errno.EISDIR: "đây là một thư mục, không phải tệp",
    errno.EACCES: "không có quyền ghi hoặc tệp đang được mở",
    errno.EPERM: "không có quyền",
    errno.ENOSPC: "ổ đĩa đã đầy",
    errno.EROFS: "ổ đĩa chỉ cho đọc",
    errno.EEXIST: "tệp đã có",
    errno.EBUSY: "tệp đang được chương trình khác dùng",
    errno.EIO: "lỗi đọc ghi ổ đĩa (USB có thể đã bị rút ra)",
    errno.ENAMETOOLONG: "tên tệp quá dài",
    errno.EINVAL: "tên tệp có ký tự không hợp lệ",
    errno.ENODEV: "không tìm thấy ổ đĩa",
    errno.ENXIO: "không tìm thấy ổ đĩa",
}
_REASONS[getattr(errno, "EDQUOT", -1)] = "ổ đĩa đã đầy"


def os_reason(exc: OSError) -> str:
    """A short Vietnamese reason for ``exc`` (never the operating system's English text)."""
    if isinstance(exc, FileNotFoundError) or exc.errno == errno.ENOENT:
        return _REASONS[errno.ENOENT]
    if isinstance(exc, PermissionError) and exc.errno is None:
        return _REASONS[errno.EACCES]
    reason = _REASONS.get(exc.errno)
    if reason:
        return reason
    return f"lỗi hệ điều hành số {exc.errno}" if exc.errno else "lỗi đọc ghi tệp"
