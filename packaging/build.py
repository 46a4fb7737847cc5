"""Build the one-folder bundle on this OS, print its size, and smoke-test the built program.

    python packaging/build.py [--dist DIR] [--no-smoke] [--import-log]

Prints the size per component (Qt libraries, Qt plugins, ICU, Python, reportlab…). With
``--import-log`` it also runs the frozen program through its use cases (demo, report with its Word copy,
print preview and printing, check, package export and import, consolidation with Excel, both windows,
and on Linux with ``xvfb-run`` the window on an X server, for the xcb platform) with ``EBGOV_IMPORT_LOG`` set
(``launcher.py``) and marks, per component, the bytes of files no run ever loaded: what the spec can
still leave out.

Needs PyInstaller (``pip install pyinstaller``). On Windows the result is ``dist/ebgov-desktop/`` with
``ebgov-desktop.exe`` and ``ebgov-desktop-console.exe``; packaging/installer.nsi (makensis) turns it
into a setup: see .ci/windows.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ebgov_desktop import __version__  # noqa: E402

EXE_SUFFIX = ".exe" if sys.platform == "win32" else ""
#: Figures of the demo report (seed 001) that the smoke test expects in the PDF text.
DEMO_FIGURES = ("22/22", "10/14", "21/22", "95,5%", "13/14", "92,9%", "74/74", "988", "442", "20/22",
                "388/388", "Số: 22/BC-UBND", "Trần Kim")


def write_version_info(path: Path) -> None:
    """The Windows version resource (file properties → Details)."""
    parts = [int(p) for p in __version__.split(".")[:3]] + [0]
    v = tuple(parts[:4])
    path.write_text(f"""VSVersionInfo(
  ffi=FixedFileInfo(filevers={v}, prodvers={v}, mask=0x3f, flags=0x0, OS=0x40004, fileType=0x1,
                    subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([StringTable('042a04b0', [
      StringStruct('CompanyName', 'ebgov_desktop'),
      StringStruct('FileDescription', 'Báo cáo ứng dụng CNTT, chính quyền điện tử cấp xã'),
      StringStruct('FileVersion', '{__version__}'),
      StringStruct('InternalName', 'ebgov-desktop'),
      StringStruct('LegalCopyright', 'MIT'),
      StringStruct('OriginalFilename', 'ebgov-desktop.exe'),
      StringStruct('ProductName', 'ebgov_desktop'),
      StringStruct('ProductVersion', '{__version__}')])]),
    VarFileInfo([VarStruct('Translation', [0x042a, 1200])])
  ]
)
""", encoding="utf-8")


def build(dist: Path, work: Path) -> Path:
    write_version_info(ROOT / "packaging" / "version_info.txt")
    cmd = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
           "--distpath", str(dist), "--workpath", str(work), str(ROOT / "packaging" / "ebgov_desktop.spec")]
    print("$", " ".join(cmd), flush=True)
    # PyInstaller's cache of processed binaries is per user and --clean empties it: give each build
    # its own, so that two builds at once (two checkouts, a test run beside a release) cannot collide
    env = dict(os.environ, PYINSTALLER_CONFIG_DIR=str(Path(work) / "pyinstaller-config"))
    subprocess.run(cmd, check=True, cwd=ROOT, env=env)
    bundle = dist / "ebgov-desktop"
    if not sys.platform == "win32":  # one executable; the console twin is the same file (see the spec)
        console = bundle / "ebgov-desktop-console"
        if not console.exists():
            console.symlink_to("ebgov-desktop")
    return bundle


def sizes(bundle: Path, top: int = 10) -> tuple[int, list[tuple[int, str]]]:
    files = [p for p in bundle.rglob("*") if p.is_file() and not p.is_symlink()]
    total = sum(p.stat().st_size for p in files)
    biggest = sorted(((p.stat().st_size, str(p.relative_to(bundle))) for p in files), reverse=True)
    return total, biggest[:top]


#: Parts of a Linux bundle that a Windows bundle does not have: ICU (Qt on Windows uses the ICU of the
#: OS), the X11/xcb/GLib/D-Bus stack and the libraries Linux Python links to.
LINUX_ONLY = ("libicu", "libX", "libxcb", "libxkb", "libglib", "libgio", "libgobject", "libgcrypt",
              "libsystemd", "libcairo", "libpango", "libharfbuzz", "libfreetype", "libfontconfig",
              "libstdc++", "libdbus", "libQt6DBus", "libQt6XcbQpa", "libmount", "libblkid",
              "libpcre", "libpixman", "libpng", "libgpg", "liblz4", "libcap", "libselinux",
              "libexpat", "libbz2", "libffi", "libuuid", "libz.", "libgraphite", "libbrotli",
              "libjpeg.so", "libzstd.so", "libkrb5", "libk5crypto", "libgssapi", "libcom_err",
              "libkeyutils", "libresolv", "libEGL", "libGL", "libOpenGL", "libGLdispatch",
              "libGLX", "libdatrie", "libthai", "libfribidi", "libxml2", "libicu",
              # CUPS and what it links to (QtPrintSupport on Linux; Windows prints through the OS)
              "libcups", "libgnutls", "libp11-kit", "libunistring", "libnettle", "libhogweed",
              "libtasn1", "libidn2", "libgmp", "libavahi", "libkrb5support",
              # GCC's runtime, BSD helpers, GLib threads, Python's lzma (in _lzma.pyd on Windows), the
              # X11 platform plugin (Windows has qwindows.dll: WINDOWS_ONLY)
              "libgcc_s", "libbsd", "libmd.", "libgthread", "liblzma.so", "libqxcb")


#: (component, test on the file's path inside the bundle), first match wins
COMPONENTS = (
    ("ICU (Linux only)", lambda p: "libicu" in p.name),
    ("Qt plugins", lambda p: "plugins" in p.parts),
    ("Qt libraries", lambda p: p.name.startswith(("libQt6", "Qt6")) or p.name.startswith("libpyside6")
     or p.name.startswith("libshiboken6")),
    ("PySide6 bindings", lambda p: "PySide6" in p.parts or "shiboken6" in p.parts),
    ("executables (+ their Python archive)", lambda p: len(p.parts) == 1),
    ("Python runtime and stdlib", lambda p: p.name.startswith(("libpython", "python3", "base_library"))
     or "lib-dynload" in p.parts),
    ("resources (fonts, templates, units)", lambda p: "resources" in p.parts),
    ("PDFium (print preview)", lambda p: "pypdfium2" in str(p) or "pdfium" in p.name),
    ("cryptography", lambda p: "cryptography" in p.parts),
    ("Pillow", lambda p: "PIL" in p.parts or "pillow" in p.name.lower()),
    ("lxml", lambda p: "lxml" in p.parts),
    ("reportlab", lambda p: "reportlab" in p.parts),
)


def component_of(rel: Path) -> str:
    for name, test in COMPONENTS:
        if test(rel):
            return name
    return "other (system libraries, small packages)"


def component_table(bundle: Path, loaded_libs: set[str] | None = None) -> list[tuple[str, int, int]]:
    """(component, bytes, bytes of files never loaded — or -1 without an import log), largest first."""
    sizes_by: dict[str, list[int]] = {}
    for p in bundle.rglob("*"):
        if not p.is_file() or p.is_symlink():
            continue
        rel = p.relative_to(bundle)
        size = p.stat().st_size
        entry = sizes_by.setdefault(component_of(rel), [0, 0])
        entry[0] += size
        if loaded_libs is not None and _is_library(p) and p.resolve().name not in loaded_libs:
            entry[1] += size
    rows = [(name, total, unused if loaded_libs is not None else -1) for name, (total, unused) in sizes_by.items()]
    return sorted(rows, key=lambda r: -r[1])


def _is_library(p: Path) -> bool:
    return p.suffix in (".so", ".pyd", ".dll") or ".so." in p.name


def print_components(bundle: Path, loaded_libs: set[str] | None = None) -> None:
    rows = component_table(bundle, loaded_libs)
    windows = windows_components(bundle)
    rows += [(name, 0, -1 if loaded_libs is None else 0) for name in windows if name not in
             {r[0] for r in rows}]
    head = "  never loaded" if loaded_libs is not None else ""
    print(f"\n  {'component':<42} {'MB':>7}{head}  Windows est.")
    for name, total, unused in rows:
        tail = f"  {unused / 1e6:10.1f}" if unused >= 0 else ""
        print(f"  {name:<42} {total / 1e6:7.1f}{tail}  {windows.get(name, 0) / 1e6:10.1f}")
    print(f"  {'total':<42} {sum(r[1] for r in rows) / 1e6:7.1f}"
          + (f"  {sum(r[2] for r in rows) / 1e6:10.1f}" if loaded_libs is not None else "")
          + f"  {sum(windows.values()) / 1e6:10.1f}")


def import_log(bundle: Path) -> tuple[set[str], set[str], list[str]]:
    """(modules, shared libraries) the frozen program loads over its use cases (EBGOV_IMPORT_LOG), and
    the runs that failed: every run must exit with 0, or what the log shows proves nothing."""
    console = bundle / f"ebgov-desktop-console{EXE_SUFFIX}"
    window = bundle / f"ebgov-desktop{EXE_SUFFIX}"
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        log = tmp / "imports.log"
        env = dict(os.environ, EBGOV_IMPORT_LOG=str(log), QT_QPA_PLATFORM="offscreen")
        d, h, usb = tmp / "xa", tmp / "huyen", tmp / "usb"
        usb.mkdir()
        runs = [
            [console, "--version"], [console, "demo", "--data-dir", d],
            [console, "report", "--data-dir", d, "--period", "2019", "--out", tmp / "r.pdf",
             "--docx", tmp / "r.docx"],
            [console, "print-check"],  # EBGOV_SMOKE_PRINT below: the preview and printing of r.pdf
            [console, "check", "--data-dir", d, "--period", "2019"],
            [console, "export", "--data-dir", d, "--period", "2019", "--out", usb],
            [console, "init", "--data-dir", h, "--kind", "huyen", "--code", "477", "--name", "Quảng Điền",
             "--province", "Thừa Thiên Huế"],
            [console, "import", "--data-dir", h, usb],
            [console, "consolidate", "--data-dir", h, "--period", "2019", "--out", tmp / "c.pdf",
             "--xlsx", tmp / "c.xlsx"],
            [window, "--data-dir", d], [window, "--data-dir", h],
        ]
        if sys.platform.startswith("linux") and shutil.which("xvfb-run"):
            # the window once more on a real X server: what the xcb platform loads on a Linux desktop
            runs.append(["xvfb-run", "-a", window, "--data-dir", d])
        failed = []
        for cmd in runs:
            run_env = dict(env, EBGOV_SMOKE_TEST="1") if window in cmd else env
            if cmd[0] == "xvfb-run":
                run_env = dict(run_env, QT_QPA_PLATFORM="xcb")
            if cmd[1:] == ["print-check"]:
                cmd = cmd[:1]
                run_env = dict(env, EBGOV_SMOKE_PRINT=f"{tmp / 'r.pdf'}{os.pathsep}{tmp / 'p.pdf'}")
            what = " ".join(str(c) for c in cmd[1:]) or "print preview and printing"
            try:
                proc = subprocess.run([str(c) for c in cmd], env=run_env, capture_output=True, text=True,
                                      encoding="utf-8", timeout=120)
            except subprocess.TimeoutExpired:
                failed.append(f"{what}: did not finish in 120 s")
                continue
            if proc.returncode != 0:
                failed.append(f"{what} → {proc.returncode}\n{proc.stdout[-1500:]}\n{proc.stderr[-3000:]}")
        modules, libs = set(), set()
        for line in log.read_text(encoding="utf-8").splitlines():
            kind, _, name = line.partition(" ")
            (modules if kind == "module" else libs).add(name if kind == "module" else Path(name).name)
    return modules, libs, failed


#: Files a Windows bundle has and a Linux one has not, in bytes as in the win_amd64 wheels of
#: PySide6-Essentials and shiboken6 6.12.0 and Python 3.11 (measured 2026-11-29; which DLL imports
#: which read from the wheels' DLLs): the Microsoft C++ runtime each Qt wheel carries beside its DLLs
#: and PyInstaller collects beside the DLL that imports it (PySide6/: msvcp140, msvcp140_1, msvcp140_2,
#: vcruntime140, vcruntime140_1; shiboken6/: msvcp140, vcruntime140, vcruntime140_1), Python's own
#: vcruntime140 pair, python3.dll (the stable-ABI forwarder the abi3 modules import), libffi-8.dll
#: (ctypes), and the Windows platform and style plugins.
WINDOWS_ONLY = (
    ("C++ runtime beside PySide6's DLLs", 1_010_000), ("C++ runtime beside shiboken6's DLL", 710_000),
    ("Python's vcruntime140.dll, vcruntime140_1.dll", 160_000), ("python3.dll", 70_000),
    ("libffi-8.dll", 40_000), ("platforms/qwindows.dll", 1_000_000),
    ("styles/qmodernwindowsstyle.dll", 240_000),
)


def windows_estimate(bundle: Path) -> int:
    """The size of the same bundle built on Windows, estimated from this one: on Windows, this figure
    is simply the bundle's size; elsewhere it is the bundle less its Linux-only parts (``LINUX_ONLY``:
    ICU, the X11/xcb/GLib/D-Bus and CUPS stacks, the system libraries Linux Python links to), plus
    the second executable (the console twin, a link on Linux, its own file with its own copy of the
    Python archive on Windows), plus the Windows-only files (``WINDOWS_ONLY``).

    What it does not model: the same library built for Windows has another size. Measured with the
    6.12/50.0/5.15/6.1/13.0 win_amd64 wheels against this Linux bundle: Qt's DLLs and their bindings
    3.8 MB smaller, cryptography 1.7 MB smaller, lxml 1.2 MB smaller, Pillow (one .pyd against
    _imaging plus pillow.libs) 1.1 MB smaller, PDFium 0.8 MB larger: so the estimate runs about 7 MB
    high. The figure that counts is this function's on Windows."""
    return sum(windows_components(bundle).values())


WINDOWS_ONLY_COMPONENT = "Windows only (C++ runtime, qwindows…)"


def windows_components(bundle: Path) -> dict[str, int]:
    """``windows_estimate`` per component (see ``COMPONENTS``)."""
    if sys.platform == "win32":
        return {name: total for name, total, _unused in component_table(bundle)}
    by: dict[str, int] = {WINDOWS_ONLY_COMPONENT: sum(size for _name, size in WINDOWS_ONLY)}
    for p in bundle.rglob("*"):
        if p.is_file() and not p.is_symlink() and not p.name.startswith(LINUX_ONLY):
            name = component_of(p.relative_to(bundle))
            by[name] = by.get(name, 0) + p.stat().st_size
    if (bundle / "ebgov-desktop-console").is_symlink():  # the console twin
        name = component_of(Path("ebgov-desktop"))
        by[name] = by.get(name, 0) + (bundle / "ebgov-desktop").stat().st_size
    return by


def run(exe: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    proc = subprocess.run([str(exe), *args], capture_output=True, text=True, encoding="utf-8",
                          env=env, timeout=300)
    if proc.returncode != 0:
        raise RuntimeError(f"{exe.name} {' '.join(args)} → {proc.returncode}\n{proc.stdout}\n{proc.stderr}")
    return proc


def smoke_test(bundle: Path) -> list[str]:
    """Run the frozen program headless and with its window offscreen; return what was checked."""
    console = bundle / f"ebgov-desktop-console{EXE_SUFFIX}"
    window = bundle / f"ebgov-desktop{EXE_SUFFIX}"
    checked = []
    out = run(console, "--version").stdout
    assert __version__ in out, out
    checked.append(f"--version: {out.strip()}")
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        run(console, "demo", "--data-dir", str(data))
        checked.append("demo: loaded")
        pdf = Path(tmp) / "report.pdf"
        word = Path(tmp) / "report.docx"
        run(console, "report", "--data-dir", str(data), "--period", "2019", "--out", str(pdf),
            "--docx", str(word))
        text = pdf_text(pdf)
        missing = [f for f in DEMO_FIGURES if f not in text]
        assert not missing, f"PDF lacks {missing}"
        with zipfile.ZipFile(word) as z:  # python-docx's template travelled with the bundle
            body = z.read("word/document.xml").decode("utf-8")
        missing = [f for f in DEMO_FIGURES if f not in body]
        assert not missing, f"DOCX lacks {missing}"
        checked.append(f"report: {pdf.stat().st_size} bytes, demo figures present (and in the "
                       f"{word.stat().st_size}-byte Word copy)")
        printed = Path(tmp) / "printed.pdf"
        out = run(console, env=dict(os.environ, QT_QPA_PLATFORM="offscreen",
                                    EBGOV_SMOKE_PRINT=f"{pdf}{os.pathsep}{printed}")).stdout
        assert "printed" in out and printed.stat().st_size > 0, out
        checked.append(f"print: {out.strip()} (PDFium preview, QPrinter into a PDF file)")
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", EBGOV_SMOKE_TEST="1")
        proc = subprocess.run([str(window), "--data-dir", str(data)], env=env, timeout=120,
                              capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr
        checked.append("window: started offscreen, painted, closed")
    return checked


def pdf_text(pdf: Path) -> str:
    try:
        from pypdf import PdfReader
    except ImportError:  # the build environment may lack the test extras
        return pdf.read_bytes().decode("latin-1")
    return "\n".join(page.extract_text() or "" for page in PdfReader(str(pdf)).pages)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Build and smoke-test the ebgov-desktop bundle.")
    ap.add_argument("--dist", type=Path, default=ROOT / "dist")
    ap.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller")
    ap.add_argument("--no-smoke", action="store_true")
    ap.add_argument("--import-log", action="store_true",
                    help="run the use cases with the import log and show what is never loaded")
    args = ap.parse_args(argv)
    if shutil.which("pyinstaller") is None and not _has_pyinstaller():
        print("PyInstaller is missing: pip install pyinstaller", file=sys.stderr)
        return 2
    bundle = build(args.dist, args.work)
    total, biggest = sizes(bundle)
    print(f"\nBundle: {bundle}  {total / 1e6:.1f} MB"
          f"  (Windows estimate: {windows_estimate(bundle) / 1e6:.1f} MB, see windows_estimate)")
    for size, name in biggest:
        print(f"  {size / 1e6:7.1f} MB  {name}")
    loaded, failed = None, []
    if args.import_log:
        modules, loaded, failed = import_log(bundle)
        print(f"\nImport log: {len(modules)} Python modules and {len(loaded)} shared libraries loaded")
        for failure in failed:
            print(f"IMPORT LOG RUN FAILED: {failure}", file=sys.stderr)
    print_components(bundle, loaded)
    if not args.no_smoke:
        for line in smoke_test(bundle):
            print("smoke:", line)
        print("Smoke test passed.")
    return 1 if failed else 0


def _has_pyinstaller() -> bool:
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        return False
    return True


if __name__ == "__main__":
    raise SystemExit(main())
