"""Every key does one thing: in each page of each window, no Alt+letter is taken twice (the menu bar's
titles and the page's buttons, labels, boxes and tabs together), and every page switch leaves a widget
with the focus, so that what the officer types goes somewhere."""

import re

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QGroupBox,
    QLabel,
    QTabBar,
)

_MNEMONIC = re.compile(r"(?<!&)&([^&\s])")


def _letter(text: str) -> str | None:
    m = _MNEMONIC.search(text or "")
    return m.group(1).lower() if m else None


def mnemonics(window) -> dict[str, list[str]]:
    """Alt+letter → the texts that claim it in what the window shows now."""
    taken: dict[str, list[str]] = {}

    def claim(text):
        letter = _letter(text)
        if letter:
            taken.setdefault(letter, []).append(text.replace("&", ""))

    for action in window.menuBar().actions():
        claim(action.text())
    for kind in (QAbstractButton, QLabel, QGroupBox):
        for w in window.findChildren(kind):
            if not w.isVisibleTo(window):
                continue
            if isinstance(w, QLabel) and w.buddy() is None:
                continue  # a label without a buddy has no key
            claim(w.title() if isinstance(w, QGroupBox) else w.text())
    for bar in window.findChildren(QTabBar):
        if bar.isVisibleTo(window):
            for i in range(bar.count()):
                claim(bar.tabText(i))
    return taken


def _twice(window) -> list[str]:
    return [f"Alt+{k.upper()}: {', '.join(v)}" for k, v in mnemonics(window).items() if len(v) > 1]


def _by_trang_menu(window, key: str) -> None:
    """Go to page ``key`` as Alt+1 … Alt+9 do: the Trang menu's action, with the focus in the window."""
    from PySide6.QtGui import QAction

    window.activateWindow()
    window.findChild(QAction, f"action.go.{key}").trigger()
    QApplication.processEvents()


def _focus_lost(window) -> bool:
    """No visible widget of the page shown has the focus (typing would go nowhere, or to the tabs)."""
    w = QApplication.focusWidget()
    page = window.tabs.currentWidget()
    return w is None or not w.isVisible() or not (page is w or page.isAncestorOf(w))


def _walk(window, keys) -> list[str]:
    """Every page of ``window`` in turn, as Alt+1 … Alt+9 shows it: what is wrong on each."""
    problems = []
    for key in keys:
        _by_trang_menu(window, key)
        problems += [f"{key}: {p}" for p in _twice(window)]
        if _focus_lost(window):
            problems.append(f"{key}: sau khi chuyển trang không ô nào có con trỏ")
    return problems


def test_no_key_twice_on_any_commune_page_and_the_focus_lands(qtbot, demo_window):
    problems = _walk(demo_window, demo_window.page_keys)
    assert not problems, "\n".join(problems)


def test_no_key_twice_on_any_superior_page_and_the_focus_lands(qtbot, data_dir, paths):
    from ebgov_desktop.domain.units import Unit, UnitKind
    from ebgov_desktop.gui.superior.window import SuperiorWindow
    from ebgov_desktop.services.settings import Settings
    from ebgov_desktop.services.workspace import Workspace

    ws = Workspace.open(data_dir)
    ws.set_unit(Unit(code="46", kind=UnitKind.TINH, name="Huế", province="Huế"))
    window = SuperiorWindow(ws, Settings(paths.settings_file))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    problems = _walk(window, list(window.pages))
    ws.close()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("text,letter", [("&Tệp", "t"), ("Tình &trạng", "t"), ("A&&B", None)])
def test_the_mnemonic_reader(text, letter):
    assert _letter(text) == letter
