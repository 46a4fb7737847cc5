"""Entry point of the frozen program (both the windowed and the console executable).

With ``EBGOV_IMPORT_LOG=FILE`` the program appends, when it exits, every Python module it imported and
(on Linux) every shared library it mapped: the bundle's own import log, which ``packaging/build.py
--import-log`` reads to show what the bundle carries but never loads.

With ``EBGOV_SMOKE_PRINT=REPORT.pdf<os.pathsep>OUT.pdf`` it checks printing instead of starting
(``packaging/build.py``'s smoke test): the print preview shows the report's pages (PDFium through
pypdfium2) and the pages are printed through Qt's printing (``QPrinter``, here into a PDF file).
"""

import os
import sys


def _log_imports(path: str) -> None:
    lines = [f"module {name}" for name in sorted(sys.modules)]
    try:
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as maps:
            libs = {line.split()[-1] for line in maps if "/" in line and ".so" in line}
        lines += [f"lib {lib}" for lib in sorted(libs)]
    except OSError:  # not Linux
        pass
    with open(path, "a", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")


def _smoke_print(spec: str) -> int:
    """Preview and print a PDF as the program does; prints "preview N/N, printed N" and returns 0."""
    from pathlib import Path

    from PySide6.QtPrintSupport import QPrinter
    from PySide6.QtWidgets import QApplication

    from ebgov_desktop.gui.print_preview import PrintPreviewDialog, print_pdf

    report, out = spec.split(os.pathsep)
    app = QApplication(sys.argv[:1])
    dialog = PrintPreviewDialog(Path(report), "smoke")
    dialog.show()
    for _ in range(100):  # the preview renders one page per event-loop turn
        if dialog.rendered >= dialog.page_count:
            break
        app.processEvents()
    shown = sum(not label.pixmap().isNull() for label in dialog.page_labels)
    dialog.close()
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(out)
    sent = print_pdf(printer, report)
    print(f"preview {shown}/{dialog.page_count}, printed {sent}")
    return 0 if shown == dialog.page_count == sent > 0 else 1


if __name__ == "__main__":
    log = os.environ.get("EBGOV_IMPORT_LOG")
    if log:
        import atexit

        atexit.register(_log_imports, log)
    if os.environ.get("EBGOV_SMOKE_PRINT"):
        sys.exit(_smoke_print(os.environ["EBGOV_SMOKE_PRINT"]))
    from ebgov_desktop.cli import main

    sys.exit(main())
