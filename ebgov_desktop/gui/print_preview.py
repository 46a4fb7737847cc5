"""Printing inside the program: a preview of the report's pages and Qt's printing, no PDF viewer.

The pages are rendered from the very PDF the program made (pypdfium2, a maintained binding of PDFium,
the PDF engine of Chrome): what the preview shows and what the printer gets is that file, its draft
mark and data stamp included. "In…" opens the system's print dialog (printer, copies, page range,
duplex where the driver offers it); the pages are then painted onto the ``QPrinter`` off the GUI thread,
at the printer's resolution (at most 300 dpi: sharp text, small print jobs).
"""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

from PySide6 import QtCore
from PySide6.QtCore import QRectF, QSizeF, Signal
from PySide6.QtGui import QImage, QPainter, QPixmap, QTransform
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ..domain.errors import UserError
from ..domain.tasks import TaskState

__all__ = ["PdfPages", "PrintFailed", "print_pdf", "PrintPreviewDialog"]

MAX_PRINT_DPI = 300

# PDFium is not thread-safe, not even across separate documents (pypdfium2's documentation): every call
# into it, from the preview on the GUI thread or the printing worker, holds this lock.
_PDFIUM = threading.RLock()
_ZOOMS = (("Cả trang", 0), ("Vừa chiều ngang", -1), ("50%", 50), ("75%", 75), ("100%", 100),
          ("150%", 150))


class PrintFailed(UserError, RuntimeError):
    """The printer could not be used; the message (Vietnamese) says what to do."""


class PdfPages:
    """A PDF's pages as images (pypdfium2), one document per thread, closed after use; every PDFium
    call holds ``_PDFIUM``, so a preview and a print job never run inside PDFium at the same time."""

    def __init__(self, path: str | Path):
        import pypdfium2 as pdfium  # loaded when the first preview is made

        with _PDFIUM:
            self._doc = pdfium.PdfDocument(str(path))

    def __len__(self) -> int:
        with _PDFIUM:
            return len(self._doc)

    def size(self, index: int) -> tuple[float, float]:
        """Width, height of a page in points (1/72 inch)."""
        with _PDFIUM:
            page = self._doc[index]
            size = tuple(page.get_size())
            page.close()
            return size

    def image(self, index: int, dpi: float) -> QImage:
        with _PDFIUM:
            page = self._doc[index]
            bitmap = page.render(scale=dpi / 72, prefer_bgrx=True, may_draw_forms=False)
            # BGRx in memory is QImage's RGB32 on a little-endian machine (every Windows PC)
            image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride,
                           QImage.Format.Format_RGB32).copy()
            bitmap.close()
            page.close()
            return image

    def close(self) -> None:
        with _PDFIUM:
            self._doc.close()

    def __enter__(self) -> "PdfPages":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def print_pdf(printer: QPrinter, path: str | Path, *, first: int = 1, last: int | None = None,
              copies: int = 1, state: TaskState | None = None) -> int:
    """Paint pages ``first``..``last`` (1-based) of the PDF onto ``printer``, ``copies`` times (when the
    driver does not make the copies itself). A landscape page is turned to fit the paper. ``state``
    gets the progress; its cancel flag stops before the next page. Returns the number of pages sent."""
    with PdfPages(path) as pages:
        last = len(pages) if last is None else min(last, len(pages))
        wanted = list(range(max(1, first) - 1, last)) * max(1, copies)
        printer.setFullPage(True)  # the PDF has its own margins: paint the whole sheet
        dpi = min(printer.resolution(), MAX_PRINT_DPI)
        painter = QPainter()
        if not painter.begin(printer):
            raise PrintFailed("Chưa in được: máy in chưa sẵn sàng hoặc không nhận lệnh in. Hãy kiểm tra "
                              "máy in (đã bật, có giấy, đã cài trình điều khiển) rồi in lại.")
        sent = 0
        try:
            paper = printer.paperRect(QPrinter.Unit.DevicePixel)
            for index in wanted:
                if state is not None:
                    if state.cancelled:
                        break
                    state.set_progress(sent, len(wanted), f"Đang gửi trang {sent + 1}/{len(wanted)} tới máy in…")
                if sent:
                    printer.newPage()
                image = pages.image(index, dpi)
                if (image.width() > image.height()) != (paper.width() > paper.height()):
                    image = image.transformed(QTransform().rotate(90))
                size = QSizeF(image.size()).scaled(paper.size(), QtCore.Qt.AspectRatioMode.KeepAspectRatio)
                x = (paper.width() - size.width()) / 2
                y = (paper.height() - size.height()) / 2
                painter.drawImage(QRectF(x, y, size.width(), size.height()), image)
                sent += 1
        finally:
            painter.end()
        return sent


def _print_worker(state, printer: QPrinter, path: Path, first: int, last: int, copies: int) -> int:
    return print_pdf(printer, path, first=first, last=last, copies=copies, state=state)


class PrintPreviewDialog(QDialog):
    """The report's pages as they will print, with "In…" (the system print dialog) and zoom.

    ``folder`` (the temporary folder the PDF was made in) is removed when the dialog closes.
    ``printed(pages)`` when the pages have gone to the printer.
    """

    printed = Signal(int)

    def __init__(self, path: Path, title: str, parent=None, *, folder: Path | None = None):
        super().__init__(parent)
        self.setObjectName("print_preview")
        self.setWindowTitle(f"Xem trước khi in — {title}")
        self.path, self.folder, self.title = Path(path), folder, title
        self.pages = PdfPages(self.path)
        self.page_count = len(self.pages)
        self.printer: QPrinter | None = None
        self.print_dialog: QPrintDialog | None = None
        self.task = None
        self.status_text = ""

        lay = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.count_label = QLabel(f"{self.page_count} trang", objectName="print_preview.pages")
        bar.addWidget(self.count_label)
        bar.addSpacing(16)
        zoom_label = QLabel("&Cỡ xem:")
        self.zoom = QComboBox(objectName="print_preview.zoom")
        for text, value in _ZOOMS:
            self.zoom.addItem(text, value)
        zoom_label.setBuddy(self.zoom)
        bar.addWidget(zoom_label)
        bar.addWidget(self.zoom)
        bar.addStretch(1)
        self.state = QLabel(objectName="print_preview.state")
        bar.addWidget(self.state)
        self.print_button = QPushButton("&In…", objectName="print_preview.print")
        self.print_button.setDefault(True)
        self.print_button.clicked.connect(self.ask_and_print)
        self.close_button = QPushButton("Đó&ng", objectName="print_preview.close")
        self.close_button.clicked.connect(self.reject)
        bar.addWidget(self.print_button)
        bar.addWidget(self.close_button)
        lay.addLayout(bar)

        self.scroll = QScrollArea(objectName="print_preview.scroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setAlignment(QtCore.Qt.AlignmentFlag.AlignHCenter)
        holder = QWidget()
        holder.setStyleSheet("background: #808080;")
        self.page_box = QVBoxLayout(holder)
        self.page_box.setSpacing(12)
        self.page_labels: list[QLabel] = []
        for n in range(self.page_count):
            label = QLabel(objectName=f"print_preview.page{n + 1}")
            label.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
            label.setToolTip(f"Trang {n + 1}/{self.page_count}")
            self.page_box.addWidget(label, 0, QtCore.Qt.AlignmentFlag.AlignHCenter)
            self.page_labels.append(label)
        self.page_box.addStretch(1)
        self.scroll.setWidget(holder)
        lay.addWidget(self.scroll, 1)

        self._next = 0
        self._dpi = 0.0
        self._renderer = QtCore.QTimer(self)
        self._renderer.setInterval(0)
        self._renderer.timeout.connect(self._render_next)
        self.zoom.currentIndexChanged.connect(lambda _i: self.render_pages())
        self.resize(900, 720)
        self.finished.connect(self._cleanup)

    # -- pages -------------------------------------------------------------------------------------
    @property
    def rendered(self) -> int:
        """Pages shown so far (they are rendered one per event-loop turn)."""
        return self._next

    def _fit_dpi(self) -> float:
        zoom = self.zoom.currentData()
        if zoom and zoom > 0:
            return 96 * zoom / 100
        sizes = [self.pages.size(i) for i in range(self.page_count)] or [(595.0, 842.0)]
        view = self.scroll.viewport()
        dpi = max(300, view.width() - 40) / max(w for w, _h in sizes) * 72
        if zoom == 0:  # the whole page in view
            dpi = min(dpi, max(200, view.height() - 24) / max(h for _w, h in sizes) * 72)
        return max(30.0, min(150.0, dpi))

    def render_pages(self) -> None:
        if self.task is not None:
            return  # printing: the document is not rendered from two threads
        self._dpi = self._fit_dpi()
        self._next = 0
        self._renderer.start()

    def _render_next(self) -> None:
        if self._next >= self.page_count or self.task is not None:
            self._renderer.stop()
            return
        if self._dpi <= 0:  # (not shown yet when printing ended: nothing was sized)
            self._dpi = self._fit_dpi()
        image = self.pages.image(self._next, self._dpi * self.devicePixelRatioF())
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(self.devicePixelRatioF())
        self.page_labels[self._next].setPixmap(pixmap)
        self._next += 1

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._next == 0:
            self.render_pages()

    # -- printing ----------------------------------------------------------------------------------
    def ask_and_print(self) -> QPrintDialog | None:
        """The system print dialog (printer, copies, pages, duplex); printing starts when it is accepted."""
        if self.task is not None:
            return None
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.title)
        printer.setFromTo(1, self.page_count)
        dialog = QPrintDialog(printer, self)
        dialog.setObjectName("print_dialog")
        dialog.setWindowTitle("In báo cáo")
        dialog.setMinMax(1, self.page_count)
        dialog.setOption(QPrintDialog.PrintDialogOption.PrintPageRange, True)
        dialog.setOption(QPrintDialog.PrintDialogOption.PrintToFile, True)
        dialog.setOption(QPrintDialog.PrintDialogOption.PrintCollateCopies, True)
        self.printer, self.print_dialog = printer, dialog
        # exec(), not open(): on Windows the system's own print dialog is modal by nature
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)
        return dialog

    def print_to(self, printer: QPrinter) -> None:
        """Send the chosen pages to ``printer`` off the GUI thread."""
        from .tasks import run_task

        if self.task is not None:
            return
        self._renderer.stop()  # PDFium is not used from two threads at once
        first, last = 1, self.page_count
        if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
            first, last = printer.fromPage(), max(printer.fromPage(), printer.toPage())
        copies = 1 if printer.supportsMultipleCopies() else printer.copyCount()
        self.printer = printer
        self.print_button.setEnabled(False)
        self.zoom.setEnabled(False)
        self.state.setText("Đang gửi tới máy in…")
        self.task = run_task(_print_worker, printer, self.path, first, last, copies,
                             on_done=self._printed, on_error=self._failed,
                             on_progress=lambda d, t, text: self.state.setText(text),
                             on_finished=self._print_finished)

    def _printed(self, pages: int) -> None:
        self.status_text = f"Đã gửi {pages} trang tới máy in."
        self.state.setText(self.status_text)
        self.printed.emit(pages)

    def _failed(self, exc: BaseException, _details: str) -> None:
        self.state.setText("")
        if isinstance(exc, PrintFailed):
            QMessageBox.warning(self, "Chưa in được", str(exc))
            return
        from .crash import report_exception

        report_exception(exc, "printing the report")

    def _print_finished(self) -> None:
        self.task = None
        self.print_button.setEnabled(True)
        self.zoom.setEnabled(True)
        if self._next < self.page_count:
            self._renderer.start()

    def _cleanup(self) -> None:
        self._renderer.stop()
        if self.task is not None:
            self.task.cancel()
            QtCore.QThreadPool.globalInstance().waitForDone(30_000)
        self.pages.close()
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
