"""Vietnamese for the few texts Qt itself draws (it ships no Vietnamese translation).

A ``QTranslator`` whose ``translate()`` answers from a table: standard dialog buttons, the line-edit and
text-edit context menus, message-box details, the input dialog and the buttons and labels of Qt's own
file dialog. Keyboard names (Ctrl, Shift …) are left as printed on the keys.
"""

from __future__ import annotations

from PySide6.QtCore import QTranslator

__all__ = ["VietnameseTranslator", "QT_TEXTS"]

_EDIT_MENU = {
    "&Undo": "&Hoàn tác",
    "&Redo": "&Làm lại",
    "Cu&t": "Cắ&t",
    "&Copy": "&Sao chép",
    "&Paste": "&Dán",
    "Delete": "Xóa",
    "Select All": "Chọn tất cả",
}

#: (context, English source) → Vietnamese.
QT_TEXTS: dict[tuple[str, str], str] = {
    **{("QPlatformTheme", en): vi for en, vi in {
        "OK": "Đồng ý",
        "Cancel": "Hủy",
        "&Yes": "&Có",
        "&No": "&Không",
        "Yes to &All": "Có với &tất cả",
        "N&o to All": "K&hông với tất cả",
        "Save": "Lưu",
        "Save All": "Lưu tất cả",
        "Open": "Mở",
        "Close": "Đóng",
        "Discard": "Bỏ qua",
        "Don't Save": "Không lưu",
        "Close without Saving": "Đóng không lưu",
        "Apply": "Áp dụng",
        "Reset": "Đặt lại",
        "Restore Defaults": "Khôi phục mặc định",
        "Help": "Trợ giúp",
        "Abort": "Dừng",
        "Retry": "Thử lại",
        "Ignore": "Bỏ qua",
    }.items()},
    **{("QLineEdit", en): vi for en, vi in _EDIT_MENU.items()},
    **{("QWidgetTextControl", en): vi for en, vi in _EDIT_MENU.items()},
    ("QMessageBox", "Show Details..."): "Xem chi tiết…",
    ("QMessageBox", "Hide Details..."): "Ẩn chi tiết",
    ("QInputDialog", "Enter a value:"): "Nhập giá trị:",
    **{("QFileDialog", en): vi for en, vi in {
        "&Open": "&Mở",
        "Open": "Mở",
        "&Save": "&Lưu",
        "Save": "Lưu",
        "&Choose": "&Chọn",
        "Save As": "Lưu thành",
        "Find Directory": "Chọn thư mục",
        "&Look in:": "&Tìm trong:",
        "File &name:": "&Tên tệp:",
        "Files of &type:": "&Kiểu tệp:",
        "Directory:": "Thư mục:",
        "All Files (*)": "Mọi tệp (*)",
        "Directories": "Thư mục",
        "&New Folder": "Thư mục &mới",
        "New Folder": "Thư mục mới",
        "Create New Folder": "Tạo thư mục mới",
        "Create a New Folder": "Tạo thư mục mới",
        "&Delete": "&Xóa",
        "&Rename": "Đổi &tên",
        "Show &hidden files": "Hiện tệp ẩn",
        "Back": "Lùi",
        "Forward": "Tiến",
        "Go back": "Lùi lại",
        "Go forward": "Tiến tới",
        "Parent Directory": "Thư mục cha",
        "Go to the parent directory": "Lên thư mục cha",
        "List View": "Danh sách",
        "Detail View": "Chi tiết",
        "Change to list view mode": "Xem dạng danh sách",
        "Change to detail view mode": "Xem dạng chi tiết",
        "Files": "Tệp",
        "Sidebar": "Thanh bên",
        "List of places and bookmarks": "Các vị trí và dấu trang",
    }.items()},
    **{("QFileSystemModel", en): vi for en, vi in {
        "Name": "Tên",
        "Size": "Kích thước",
        "Type": "Kiểu",
        "Date Modified": "Ngày sửa",
        "Computer": "Máy tính",
    }.items()},
    ("QAbstractFileIconProvider", "Folder"): "Thư mục",
    ("QAbstractFileIconProvider", "Drive"): "Ổ đĩa",
}


class VietnameseTranslator(QTranslator):
    """Answers Qt's own strings in Vietnamese; everything else passes through untouched."""

    def translate(self, context, source_text, disambiguation=None, n=-1):  # noqa: D401 (Qt API)
        return QT_TEXTS.get((context, source_text))

    def isEmpty(self) -> bool:
        return False
