"""Printing inside the program: Ctrl+P → the preview of the very PDF → QPrinter (here a PDF printer)."""

import sys

import pypdf
import pypdfium2 as pdfium
import pytest
from PIL import Image
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QApplication

from ebgov_desktop.domain.periods import Period
from ebgov_desktop.gui.print_preview import PrintPreviewDialog
from ebgov_desktop.services.report import default_report_name


def _look(path, index):
    """A page as a coarse grey picture (8 × 8 pixel blocks at 72 dpi, averaged): what a person sees at
    arm's length, without the anti-aliasing that differs between a vector page and its print raster."""
    pdf = pdfium.PdfDocument(str(path))
    image = pdf[index].render(scale=1, grayscale=True).to_pil().convert("L")
    pdf.close()
    return list(image.resize((image.width // 8, image.height // 8), Image.Resampling.BOX).tobytes())


def _difference(path_a, page_a, path_b, page_b) -> float:
    """Mean absolute difference of two pages' coarse pictures (0 same … 255): about 2.5 between a
    report page and its print, 11 or more between two different pages."""
    a, b = _look(path_a, page_a), _look(path_b, page_b)
    return sum(abs(x - y) for x, y in zip(a, b)) / min(len(a), len(b))


def open_preview(qtbot, window) -> PrintPreviewDialog:
    """Ctrl+P in the window, and the preview it opens once the report is made. (Pressed from the
    test itself: in a fixture's setup the offscreen window does not take shortcuts yet.)"""
    assert not any(f.is_error for f in window.findings())  # warnings never block printing
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    actions = window.report_actions
    qtbot.waitUntil(lambda: actions.preview_dialog is not None, timeout=30_000)
    dialog = actions.preview_dialog
    qtbot.waitUntil(lambda: dialog.rendered == dialog.page_count, timeout=30_000)
    return dialog


def test_ctrl_p_shows_the_preview_with_the_reports_pages(qtbot, demo_window):
    preview = open_preview(qtbot, demo_window)
    assert demo_window.report_actions.print_action.shortcuts()[0] == QKeySequence("Ctrl+P")
    assert isinstance(preview, PrintPreviewDialog) and preview.isVisible()
    pages = len(pypdf.PdfReader(preview.path).pages)
    assert pages >= 3
    assert preview.page_count == pages
    assert preview.findChild(type(preview.count_label), "print_preview.pages").text() == f"{pages} trang"
    shown = [preview.findChild(type(preview.count_label), f"print_preview.page{n}") for n in range(1, pages + 1)]
    assert all(not label.pixmap().isNull() for label in shown)
    first = shown[0].pixmap()
    assert abs(first.height() / first.width() - 297 / 210) < 0.01  # an A4 page, upright
    assert preview.path.name == default_report_name(demo_window.ws.unit, "2019")
    assert f"{pages} trang, xem trước khi in" in demo_window.status.text()


def test_printing_to_a_pdf_printer_produces_the_pages(qtbot, demo_window, tmp_path):
    preview = open_preview(qtbot, demo_window)
    out = tmp_path / "printed.pdf"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    preview.print_to(printer)
    qtbot.waitUntil(lambda: preview.task is None, timeout=60_000)
    assert preview.state.text() == f"Đã gửi {preview.page_count} trang tới máy in."
    assert "tới máy in" in demo_window.status.text()
    printed = pypdf.PdfReader(out)
    assert len(printed.pages) == preview.page_count
    box = printed.pages[0].mediabox
    assert abs(float(box.width) - 595.3) < 2 and abs(float(box.height) - 841.9) < 2  # A4
    for n in range(preview.page_count):  # each printed sheet looks like that page of the report
        assert _difference(out, n, preview.path, n) < 6
    assert _difference(out, 0, preview.path, 1) > 6  # (and not like another page)


@pytest.mark.skipif(sys.platform == "win32", reason="Windows' print dialog is the system's own (PrintDlgEx): "
                    "a test cannot reach into it")
def test_the_print_dialog_offers_the_page_range_and_prints_what_is_chosen(qtbot, demo_window, tmp_path):
    preview = open_preview(qtbot, demo_window)
    out = tmp_path / "page2.pdf"
    seen = []

    def choose_page_2():
        dialog = preview.print_dialog
        seen.append((dialog.isVisible(), dialog.minPage(), dialog.maxPage(),
                     dialog.testOption(QPrintDialog.PrintDialogOption.PrintPageRange)))
        printer = preview.printer
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        printer.setPrintRange(QPrinter.PrintRange.PageRange)
        printer.setFromTo(2, 2)
        dialog.done(QPrintDialog.DialogCode.Accepted)  # as its Print button, the choices made above

    QTimer.singleShot(0, choose_page_2)
    preview.print_button.click()  # the system print dialog, modal
    assert seen == [(True, 1, preview.page_count, True)]
    qtbot.waitUntil(lambda: preview.task is None and out.exists(), timeout=60_000)
    assert len(pypdf.PdfReader(out).pages) == 1
    assert _difference(out, 0, preview.path, 1) < 6


def test_closing_the_preview_removes_the_temporary_report(qtbot, demo_window):
    preview = open_preview(qtbot, demo_window)
    folder = preview.folder
    assert folder.is_dir()
    preview.close_button.click()
    QApplication.processEvents()
    assert not folder.exists()


def _reddish(path, index) -> int:
    """Pixels of a page (at 36 dpi) clearly redder than grey: the draft mark is the page's only red."""
    pdf = pdfium.PdfDocument(str(path))
    image = pdf[index].render(scale=0.5).to_pil().convert("RGB")
    pdf.close()
    data = image.tobytes()
    return sum(1 for i in range(0, len(data), 3) if data[i] > data[i + 1] + 30 and data[i] > data[i + 2] + 30)


def test_a_draft_prints_with_its_mark(qtbot, demo_ws, tmp_path):
    from ebgov_desktop.services.report import make_report

    demo_ws.set_value(Period.parse("2019"), "staff.civil_servants_with_computer", 99)  # an error: a forced draft
    draft = make_report(demo_ws.snapshot(Period.parse("2019")), tmp_path / "R.pdf", force=True)
    assert draft.draft and draft.path.name == "R_NHAP.pdf"
    preview = PrintPreviewDialog(draft.path, "Bản nháp")
    qtbot.addWidget(preview)
    out = tmp_path / "printed.pdf"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    preview.print_to(printer)
    qtbot.waitUntil(lambda: preview.task is None, timeout=60_000)
    assert len(pypdf.PdfReader(out).pages) == preview.page_count
    for n in range(preview.page_count):  # the mark across every printed sheet
        assert _reddish(out, n) > 200, n
