"""Trợ giúp: the Vietnamese user guide (F1) and "Dữ liệu của tôi ở đâu?".

The guide is a few HTML files in ``resources/help/`` shipped with the program (nothing needs a network):
``index.html`` lists the topics in order; each topic's title is its ``<title>``. The help window shows
them in a ``QTextBrowser`` (links between topics work) with the list of topics and a search by word,
diacritics ignored. F1 opens the topic of the page being shown.
"""

from __future__ import annotations

import datetime as _dt
import html
import re
from pathlib import Path

from PySide6 import QtCore
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ..domain.formatting import fold
from ..services.backup import data_place
from ..services.paths import resource
from .dialogs import message_label

__all__ = ["help_dir", "topics", "HelpWindow", "show_help", "PAGE_TOPICS", "TEMPLATE_PAGE_TOPICS",
           "page_topic", "DataPlaceDialog", "show_data_place"]

#: The topic F1 opens on each page of the commune window (and of the superior window).
PAGE_TOPICS = {
    "unit_doc": "trang-don-vi.html", "equipment": "trang-thiet-bi.html", "staff": "trang-nhan-luc.html",
    "apps": "trang-ung-dung.html", "tthc": "trang-tthc.html", "assessment": "trang-danh-gia.html",
    "check": "trang-kiem-tra.html",
    "units": "cap-tren.html", "board": "cap-tren.html", "consolidated": "cap-tren.html",
    "report": "cap-tren.html", "templates": "cap-tren.html",
}
#: The pages of a template whose own topics differ from those above (the 2025 template's pages).
TEMPLATE_PAGE_TOPICS = {
    "cds-xa-2025": {
        "unit_doc": "mau2025-don-vi.html", "lead": "mau2025-lanh-dao.html", "infra": "mau2025-ha-tang.html",
        "staff": "mau2025-nhan-luc.html", "tthc": "mau2025-tthc.html", "ops": "mau2025-dieu-hanh.html",
        "society": "mau2025-xa-hoi-so.html", "assessment": "mau2025-danh-gia.html",
    },
}


def page_topic(template_id: str | None, page: str | None) -> str | None:
    """The topic F1 opens on ``page`` of a window showing a period of template ``template_id``: the
    template's own topic of that page, else the page's (None: the guide's contents)."""
    return TEMPLATE_PAGE_TOPICS.get(template_id or "", {}).get(page or "") or PAGE_TOPICS.get(page or "")


_STYLE = """
body { font-size: 11pt; }
h1 { font-size: 16pt; color: #1f3d5c; }
h2 { font-size: 13pt; color: #1f3d5c; margin-top: 14px; }
td { padding: 3px 6px; }
"""


def help_dir() -> Path:
    return resource("help")


def _title(path: Path) -> str:
    m = re.search(r"<title>(.*?)</title>", path.read_text(encoding="utf-8"), re.S)
    return html.unescape(m.group(1).strip()) if m else path.stem


def topics() -> list[tuple[str, str]]:
    """(file name, title) of every topic, in the order of the guide's contents (index.html first)."""
    index = help_dir() / "index.html"
    names = ["index.html"]
    for name in re.findall(r'href="([^"#]+\.html)"', index.read_text(encoding="utf-8")):
        if name not in names:
            names.append(name)
    return [(name, _title(help_dir() / name)) for name in names]


def _plain(path: Path) -> str:
    return fold(html.unescape(re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8"))))


class HelpWindow(QWidget):
    """The guide: topics on the left (with a search box), the topic on the right."""

    def __init__(self, parent=None):
        super().__init__(parent, QtCore.Qt.WindowType.Window)
        self.setObjectName("help_window")
        self.setWindowTitle("Hướng dẫn sử dụng")
        self._topics = topics()
        self._texts = {name: _plain(help_dir() / name) for name, _title in self._topics}

        left = QWidget()
        left_lay = QVBoxLayout(left)
        left_lay.setContentsMargins(0, 0, 0, 0)
        self.search = QLineEdit(objectName="help.search")
        self.search.setPlaceholderText("Tìm trong hướng dẫn…")
        self.search.setClearButtonEnabled(True)
        self.list = QListWidget(objectName="help.topics")
        self.list.setStyleSheet("QListWidget::item { padding: 4px 2px; }")
        for name, title in self._topics:
            item = QListWidgetItem(title)
            item.setData(QtCore.Qt.ItemDataRole.UserRole, name)
            self.list.addItem(item)
        left_lay.addWidget(self.search)
        left_lay.addWidget(self.list, 1)

        self.browser = QTextBrowser(objectName="help.browser")
        self.browser.setOpenLinks(True)
        self.browser.setOpenExternalLinks(False)
        self.browser.setSearchPaths([str(help_dir())])
        self.browser.document().setDefaultStyleSheet(_STYLE)
        self.browser.sourceChanged.connect(self._source_changed)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.browser)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([280, 720])
        lay = QHBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.addWidget(splitter)

        self.list.currentItemChanged.connect(self._chosen)
        self.search.textChanged.connect(self.filter)
        self.resize(1000, 640)
        self.show_topic("index.html")

    def keyPressEvent(self, event) -> None:
        """Esc and Ctrl+W close the guide, as any help window on Windows (the keys reach here from the
        search box, the list and the page, which leave them unused)."""
        if event.key() == QtCore.Qt.Key.Key_Escape or event.matches(QKeySequence.StandardKey.Close) \
                or (event.key() == QtCore.Qt.Key.Key_W
                    and event.modifiers() == QtCore.Qt.KeyboardModifier.ControlModifier):
            self.close()
            return
        super().keyPressEvent(event)

    @property
    def current(self) -> str:
        return self._name(self.browser.source())

    @staticmethod
    def _name(url: QUrl) -> str:
        return Path(url.toLocalFile() or url.path()).name

    def show_topic(self, name: str) -> None:
        if name not in self._texts:
            name = "index.html"
        self.browser.setSource(QUrl.fromLocalFile(str(help_dir() / name)))

    def _chosen(self, item, _previous=None) -> None:
        if item is not None and item.data(QtCore.Qt.ItemDataRole.UserRole) != self.current:
            self.show_topic(item.data(QtCore.Qt.ItemDataRole.UserRole))

    def _source_changed(self, url: QUrl) -> None:
        name = self._name(url)  # (source() still gives the page before while this signal is sent)
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(QtCore.Qt.ItemDataRole.UserRole) == name:
                self.list.blockSignals(True)
                self.list.setCurrentItem(item)
                self.list.blockSignals(False)
                break

    def filter(self, text: str) -> list[str]:
        """Show only the topics holding every word of ``text`` (diacritics ignored); their names."""
        words = fold(text).split()
        shown = []
        for row in range(self.list.count()):
            item = self.list.item(row)
            name = item.data(QtCore.Qt.ItemDataRole.UserRole)
            hit = all(w in self._texts[name] for w in words)
            item.setHidden(not hit)
            if hit:
                shown.append(name)
        return shown


def show_help(window, topic: str | None = None) -> HelpWindow:
    """Open (or bring forward) the help window of ``window``, at ``topic``."""
    help_window = getattr(window, "help_window", None)
    if help_window is None:
        help_window = HelpWindow(window)
        window.help_window = help_window
    help_window.show_topic(topic or "index.html")
    help_window.show()
    help_window.raise_()
    help_window.activateWindow()
    return help_window


def _when(moment: _dt.datetime) -> str:
    return f"{moment:%H:%M} ngày {moment:%d/%m/%Y}"


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB".replace(".", ",") if n >= 1024 * 1024 else f"{max(1, n // 1024)} KB"


class DataPlaceDialog(QDialog):
    """Trợ giúp > Dữ liệu của tôi ở đâu?: the data folder, the newest backup, a button to open it."""

    def __init__(self, paths, parent=None):
        super().__init__(parent)
        self.setObjectName("data_place")
        self.setWindowTitle("Dữ liệu của tôi ở đâu?")
        place = data_place(paths)
        self.place = place
        if place.latest is None:
            backup = "Chưa có bản sao lưu nào. Hãy vào Tệp > Sao lưu và phục hồi… và bấm Sao lưu ngay."
        else:
            backup = (f"{_when(place.latest)} ({place.latest_reason.lower()}); có {place.backups} bản "
                      f"sao lưu trong thư mục {place.backups_dir.name}.")
        rows = (("Thư mục dữ liệu", str(place.data_dir), "data_place.folder"),
                ("Tệp dữ liệu", f"{place.workspace.name} ({_size(place.workspace_size)})",
                 "data_place.file"),
                ("Sao lưu gần nhất", backup, "data_place.backup"))
        lay = QVBoxLayout(self)
        intro = QLabel("Mọi dữ liệu của chương trình (số liệu, sổ thiết bị, khóa ký, bản sao lưu, nhật ký) "
                       "nằm trong thư mục dưới đây, trên máy này. Chương trình không gửi gì lên mạng.")
        intro.setWordWrap(True)
        lay.addWidget(intro)
        self.labels: dict[str, QLabel] = {}
        for title, text, name in rows:
            head = QLabel(f"<b>{html.escape(title)}:</b>")
            value = message_label(name, text)
            lay.addWidget(head)
            lay.addWidget(value)
            self.labels[name] = value
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.open_button = buttons.addButton("&Mở thư mục dữ liệu", QDialogButtonBox.ButtonRole.ActionRole)
        self.open_button.setObjectName("data_place.open")
        self.copy_button = buttons.addButton("&Chép đường dẫn", QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.setObjectName("data_place.copy")
        self.open_button.clicked.connect(self.open_folder)
        self.copy_button.clicked.connect(
            lambda: QGuiApplication.clipboard().setText(str(self.place.data_dir)))
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.resize(620, 300)

    def open_folder(self) -> bool:
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.place.data_dir)))


def show_data_place(window) -> DataPlaceDialog:
    dialog = DataPlaceDialog(window.ws.paths, window)
    dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
    window.data_place_dialog = dialog
    dialog.open()
    return dialog
