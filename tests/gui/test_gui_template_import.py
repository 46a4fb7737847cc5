"""Tệp > Nhập biểu mẫu từ cấp trên…: the fingerprint shown on first use, a changed file refused with its
reason, a file of another key refused until the fingerprint read out by phone is typed."""

import pytest
from gui_keys import type_text
from PySide6.QtCore import Qt
from template_samples import small_template

from ebgov_desktop.domain.units import Unit, UnitKind
from ebgov_desktop.services import keys
from ebgov_desktop.services.templates_exchange import (
    export_template,
    import_template,
    pinned_signer,
    stored_templates,
)
from ebgov_desktop.services.workspace import Workspace


def sent_down(tmp_path, name, version=1):
    """A province (its own data folder and key) signs ``bc-thu`` and writes it to a USB folder."""
    usb = tmp_path / f"usb-{name}"
    usb.mkdir()
    source = tmp_path / f"{name}.toml"
    source.write_text(small_template(version), encoding="utf-8")
    with Workspace.open(tmp_path / name) as ws:
        ws.set_unit(Unit(code="46", kind=UnitKind.TINH, name="Huế", province="Huế", province_code="46"))
        import_template(ws, source)
        return export_template(ws, "bc-thu", usb), keys.fingerprint(ws.paths)


@pytest.fixture
def dialog_of(qtbot, demo_window):
    def open_(path):
        dialog = demo_window.import_template(path)
        qtbot.addWidget(dialog)
        return dialog
    return open_


def test_first_use_shows_the_fingerprint_then_the_template_is_kept(qtbot, demo_window, dialog_of,
                                                                    tmp_path):
    sent, fp = sent_down(tmp_path, "tinh")
    dialog = dialog_of(sent.path)
    assert fp in dialog.message.text() and "lần đầu" in dialog.message.text()
    assert "gọi điện" in dialog.message.text()
    import re

    assert re.search(r"ký ngày \d{2}/\d{2}/\d{4}\.", dialog.message.text())  # not 2026-12-05
    assert dialog.ok.text() == "Đúng mã khóa, &nhập biểu mẫu"
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert [t.template_id for t in stored_templates(demo_window.ws)] == ["bc-thu"]
    assert pinned_signer(demo_window.ws).fingerprint == fp
    assert demo_window.statusBar().currentMessage().startswith("Đã nhập biểu mẫu «Báo cáo thử nghiệm»")


def test_a_changed_byte_is_refused_with_its_reason(qtbot, demo_window, dialog_of, tmp_path):
    sent, _fp = sent_down(tmp_path, "tinh")
    raw = bytearray(sent.path.read_bytes())
    raw[raw.index("Tổng số".encode())] ^= 0x01
    sent.path.write_bytes(bytes(raw))
    dialog = dialog_of(sent.path)
    assert "Không nhập được biểu mẫu" in dialog.message.text()
    assert "nội dung biểu mẫu đã bị sửa sau khi ký" in dialog.message.text()
    assert not dialog.ok.isVisible()
    assert stored_templates(demo_window.ws) == []


def test_another_key_needs_the_fingerprint_read_out_by_phone(qtbot, demo_window, dialog_of, tmp_path):
    first, fp = sent_down(tmp_path, "tinh")
    import_template(demo_window.ws, first.path)
    other, other_fp = sent_down(tmp_path, "khac", version=2)
    dialog = dialog_of(other.path)
    assert other_fp in dialog.message.text() and fp in dialog.message.text()
    assert dialog.fingerprint.isVisible()
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert dialog.problem.text() == "Hãy nhập mã khóa cấp trên đọc qua điện thoại."
    type_text(dialog.fingerprint, fp)  # the old key's code: refused
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert "khác mã khóa" in dialog.problem.text() and dialog.isVisible()
    dialog.fingerprint.clear()
    type_text(dialog.fingerprint, other_fp)
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert pinned_signer(demo_window.ws).fingerprint == other_fp
    assert [t.version for t in stored_templates(demo_window.ws)] == [1, 2]
