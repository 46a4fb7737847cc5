"""The frozen bundle: built with PyInstaller, smoke-tested, and portable mode writes only beside it.

Slow (a minute or more): marked ``slow``; ``.ci/run`` runs it with the rest.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytest.importorskip("PyInstaller", reason="PyInstaller is in the test extras")

sys.path.insert(0, str(ROOT / "packaging"))
import build  # noqa: E402


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    built = os.environ.get("EBGOV_TEST_BUNDLE")  # .ci/windows: the bundle it has just built under Wine
    if built:
        return Path(built)
    out = tmp_path_factory.mktemp("bundle")
    return build.build(out / "dist", out / "work")


@pytest.mark.slow
def test_bundle_builds_lean_and_passes_its_smoke_test(bundle):
    total, biggest = build.sizes(bundle)
    # Goals (issue 13): Linux <= 130 MB, Windows estimate <= 70 MB. Measured 2026-11-29: Linux 128.0 MB
    # (Qt's ICU data trimmed to 3.6 MB, packaging/icu_data.py), Windows estimate 102.9 MB: the Linux
    # goal holds; the Windows bound only catches a regression (what is left: see the commit log).
    # Without icupkg and gcc (Linux), build.py warns and bundles Qt's full ICU data: 28 MB more.
    icu_tools = bool(shutil.which("icupkg") and shutil.which("gcc"))
    limit = 130e6 if icu_tools or not sys.platform.startswith("linux") else 158e6
    if sys.platform == "win32":
        # the real Windows build (.ci/windows), 2026-12-06: 95.2 MB with the console twin (6.3 MB, its own
        # copy of the Python archive), over the 90 MB goal of issue 23: this bound catches regressions
        limit = 97e6
    assert total < limit, f"bundle is {total / 1e6:.1f} MB: {biggest}"
    assert build.windows_estimate(bundle) < 105e6
    names = [p.name for p in bundle.rglob("*")]
    for unwanted in ("libQt6Qml.so.6", "libQt6Quick.so.6", "libQt6Pdf.so.6", "libQt6Network.so.6",
                     "Qt6Qml.dll", "opengl32sw.dll", "libqsqlite.so",
                     # the GTK stack of the left-out platform theme, the line editor (never loaded)
                     "libcairo.so.2", "libgio-2.0.so.0", "libpango-1.0.so.0", "libgdk_pixbuf-2.0.so.0",
                     "libreadline.so.8",
                     # OpenSSL's hashes (hashlib's built-ins are used), the JPEG plugin, the unpacked
                     # template of python-docx (default.docx is what it reads)
                     "libcrypto.so.3", "libcrypto-3.dll", "libqjpeg.so", "qjpeg.dll",
                     "default-docx-template",
                     # hermetic: GTK 3 of the build machine (gtk3 theme plugin), the zone database
                     "libgtk-3.so.0", "libgdk-3.so.0", "libqgtk3.so", "tzdata"):
        assert unwanted not in names
    table = build.component_table(bundle)  # what build.py prints: every byte in one component
    assert sum(size for _name, size, _unused in table) == total
    assert {name for name, _size, _unused in table} >= {"Qt libraries", "Python runtime and stdlib"}
    assert (bundle / "_internal" / "resources" / "demo" / "quang-tho-2019.json").exists()
    assert (bundle / "_internal" / "docx" / "templates" / "default.docx").exists()
    icu = [p for p in bundle.rglob("libicudata.so.*") if not p.is_symlink()]
    if icu and icu_tools:
        assert icu[0].stat().st_size < 8e6  # trimmed (32 MB in the wheel)
    checked = build.smoke_test(bundle)
    assert [line.split(":")[0] for line in checked] == ["--version", "demo", "report", "print", "window"]


@pytest.mark.slow
def test_portable_mode_writes_nothing_outside_the_bundle(bundle, tmp_path):
    portable = tmp_path / "usb" / "ebgov"
    shutil.copytree(bundle, portable, symlinks=True)
    (portable / "portable.txt").write_text("", encoding="utf-8")
    home = tmp_path / "home"
    home.mkdir()
    # the program's own defaults: no XDG folders, no cache folder of the test run
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_") and k != "EBGOV_CACHE_DIR"}
    env.update(HOME=str(home), XDG_DATA_HOME=str(home / "xdg-data"), XDG_STATE_HOME=str(home / "xdg-state"),
               XDG_CONFIG_HOME=str(home / "xdg-config"), XDG_CACHE_HOME=str(home / "xdg-cache"),
               TMPDIR=str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    console = portable / f"ebgov-desktop-console{build.EXE_SUFFIX}"
    proc = subprocess.run([str(console), "demo"], env=env, capture_output=True, text=True, encoding="utf-8",
                          timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert (portable / "data" / "workspace.sqlite").exists()
    assert list((portable / "data" / "cache" / "templates").glob("*.json"))  # parsed templates too
    written = [p for p in home.rglob("*")]
    assert written == [], written
    proc = subprocess.run([str(console), "check", "--period", "2019"], env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=300)
    assert proc.returncode == 0 and "0 lỗi" in proc.stdout


_ICU_PROBE = """
from PySide6.QtCore import QCollator, QLocale, QStringDecoder, QTimeZone
vi = QLocale("vi_VN")
words = ["Đà Nẵng", "Dương", "Ân", "An", "Ấp", "Bình", "đá", "da", "Ơn", "Ôn", "On", "Ưu", "Uy"]
print(sorted(words, key=QCollator(vi).sortKey))
print(vi.toUpper("đường ưu tiên ơn"), QLocale("tr_TR").toUpper("i"))
tz = QTimeZone(b"Asia/Ho_Chi_Minh")
print(tz.displayName(QTimeZone.StandardTime, QTimeZone.LongName, vi))
print(tz.displayName(QTimeZone.DaylightTime, QTimeZone.ShortName, QLocale("en_US")))
print(QTimeZone(b"Asia/Saigon").id(), QTimeZone(b"Asia/Saigon").isValid())
print(QStringDecoder("ISO-8859-1").isValid(), QStringDecoder("UTF-16LE").isValid())
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="only Linux Qt brings its own ICU")
def test_trimmed_icu_data_gives_qt_the_same_vietnamese_answers(tmp_path):
    """What QtCore asks ICU for (collation, locale case mapping, zone names) is answered the same with
    the bundle's trimmed ICU data (packaging/icu_data.py) as with the full one."""
    import icu_data
    import PySide6

    if shutil.which("icupkg") is None or shutil.which("gcc") is None:
        pytest.skip("icupkg or gcc missing: the bundle keeps the full ICU data")
    full = next((Path(PySide6.__file__).parent / "Qt" / "lib").glob("libicudata.so.*"))
    trimmed = icu_data.trim(full, tmp_path)
    assert trimmed.stat().st_size < full.stat().st_size / 5
    dropped = (tmp_path / "dropped.txt").read_text(encoding="ascii").split()
    assert {"coll/de.res", "de.res", "zone/fr.res", "brkitr/thaidict.dict", "translit/root.res",
            "ibm-1258_P100-1997.cnv"} <= set(dropped)
    for kept in ("coll/vi.res", "coll/root.res", "coll/ucadata.icu", "vi.res", "zone/vi.res", "zone/en.res",
                 "root.res", "res_index.res", "zone/pool.res", "zoneinfo64.res", "metaZones.res",
                 "cnvalias.icu", "nfc.nrm"):
        assert kept not in dropped

    def probe(lib_dir=None):
        env = dict(os.environ)
        if lib_dir:  # searched before libicuuc's RUNPATH ($ORIGIN, the full data)
            env["LD_LIBRARY_PATH"] = str(lib_dir)
        return subprocess.run([sys.executable, "-c", _ICU_PROBE], env=env, capture_output=True, text=True,
                              encoding="utf-8", check=True).stdout

    answers = probe(tmp_path)
    assert answers == probe()
    assert "'Dương', 'đá', 'Đà Nẵng'" in answers and "ĐƯỜNG ƯU TIÊN ƠN İ" in answers
    assert "Giờ Đông Dương" in answers
