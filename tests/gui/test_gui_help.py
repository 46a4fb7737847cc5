"""Trợ giúp: the bundled Vietnamese guide (F1) and "Dữ liệu của tôi ở đâu?"."""

import datetime as dt
import re
import unicodedata
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QLabel

from ebgov_desktop.domain.template import default_template
from ebgov_desktop.gui import help_window
from ebgov_desktop.gui.superior.window import PAGES as SUPERIOR_PAGES
from ebgov_desktop.services import backup

PAGES = default_template().pages


def test_the_guide_is_bundled_complete_and_its_links_hold():
    folder = help_window.help_dir()
    files = sorted(p.name for p in folder.glob("*.html"))
    names = [name for name, _title in help_window.topics()]
    assert sorted(names) == files  # the contents list every topic, once
    assert names[0] == "index.html" and len(names) >= 13
    for name in files:
        text = (folder / name).read_text(encoding="utf-8")
        assert unicodedata.is_normalized("NFC", text), name
        assert "http" not in text, name  # nothing needs a network
        for link in re.findall(r'href="([^"#]+)"', text):
            assert (folder / link).is_file(), f"{name} → {link}"
    titles = dict(help_window.topics())
    for needed in ("Bắt đầu", "Gửi dữ liệu cho cấp trên qua USB", "Sao lưu và phục hồi",
                   "Cấp huyện, tỉnh: tổng hợp báo cáo các xã", "Dữ liệu của tôi ở đâu?"):
        assert needed in titles.values()
    # every page of both windows has its topic, named after the page
    for page in PAGES:
        assert page.label in titles[help_window.PAGE_TOPICS[page.key]]
    for key, _label in SUPERIOR_PAGES:
        assert help_window.PAGE_TOPICS[key] in titles


def test_f1_opens_the_topic_of_the_page_shown(qtbot, demo_window):
    demo_window.show_page("equipment")
    qtbot.keyClick(demo_window, Qt.Key.Key_F1)
    window = demo_window.help_window
    assert window.isVisible() and window.objectName() == "help_window"
    browser = window.findChild(type(window.browser), "help.browser")
    assert window.current == "trang-thiet-bi.html"
    assert browser.documentTitle() == "Trang Thiết bị (sổ trang thiết bị)"
    assert "Nhập sổ thiết bị từ Excel" in browser.toPlainText()
    assert window.list.currentItem().text() == "Trang Thiết bị (sổ trang thiết bị)"

    # a link to another topic follows, and the list of topics follows it
    browser.setSource(browser.source().resolved("sao-luu.html"))
    assert window.current == "sao-luu.html"
    assert window.list.currentItem().text() == "Sao lưu và phục hồi"

    demo_window.show_page("check")
    qtbot.keyClick(demo_window, Qt.Key.Key_F1)
    assert demo_window.help_window is window and window.current == "trang-kiem-tra.html"


def test_the_guide_is_searched_without_diacritics(qtbot, demo_window):
    window = demo_window.show_help()
    assert window.current == "index.html" or window.current == help_window.PAGE_TOPICS["unit_doc"]
    shown = window.filter("ma khoa ky")
    assert "usb.html" in shown and "trang-danh-gia.html" not in shown
    hidden = [window.list.item(r).isHidden() for r in range(window.list.count())]
    assert any(hidden) and not all(hidden)
    assert len(window.filter("")) == window.list.count()


def test_where_is_my_data(qtbot, demo_window, monkeypatch):
    paths = demo_window.ws.paths
    backup.backup_now(paths, backup.Reason.MANUAL)
    help_menu = demo_window.menus["help"]
    action = next(a for a in help_menu.actions() if a.objectName() == "action.data_place")
    assert action.text() == "&Dữ liệu của tôi ở đâu?"
    action.trigger()
    dialog = demo_window.data_place_dialog
    assert dialog.isVisible()
    assert dialog.findChild(QLabel, "data_place.folder").text() == str(paths.data_dir)
    text = dialog.labels["data_place.backup"].text()
    today = dt.date.today().strftime("%d/%m/%Y")
    assert today in text and "sao lưu theo yêu cầu" in text and "có 1 bản sao lưu" in text
    assert dialog.labels["data_place.file"].text().startswith("workspace.sqlite (")
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url) or True))
    dialog.open_button.click()
    assert [Path(u.toLocalFile()) for u in opened] == [paths.data_dir]  # Windows: QUrl says C:/…


def test_where_is_my_data_without_any_backup(qtbot, demo_window):
    for f in demo_window.ws.paths.backups_dir.glob("*"):
        f.unlink()
    dialog = demo_window.show_data_place()
    assert dialog.labels["data_place.backup"].text().startswith("Chưa có bản sao lưu nào.")


def test_every_figures_tooltip_says_what_counts_not_the_label_again(demo_window):
    from ebgov_desktop.domain.formatting import fold
    from ebgov_desktop.domain.template import FieldType, builtin_dir, load_template

    figures = (FieldType.COUNT, FieldType.PERCENT)
    for path in sorted(builtin_dir().glob("*.toml")):
        template = load_template(path)
        for key, spec in template.fields.items():
            if spec.type not in figures:
                continue
            help_text = (spec.help or "").strip()
            assert len(help_text) > 30, f"{path.name}: {key} has no help saying what counts"
            assert fold(help_text).rstrip(".") != fold(spec.label).rstrip("."), f"{path.name}: {key}"
            assert len(help_text) > len(spec.label) + 20, f"{path.name}: {key}: more than the label"
            assert unicodedata.is_normalized("NFC", help_text)
    # and the window shows it: a figure's tooltip is its label and then what counts
    shown = 0
    for page in demo_window.pages.values():
        for key, editor in getattr(page, "editors", {}).items():
            spec = page.template.fields[key]
            if spec.type not in figures:
                continue
            lines = editor.toolTip().split("\n")
            assert lines[0] == spec.label and spec.help in editor.toolTip(), key
            shown += 1
    assert shown >= 30
