"""The dependencies' contract: the installed versions are inside the declared range, and the reportlab
internals ``reporting/datatable.py`` and ``reporting/template.py`` rely on still behave as used.

If a reportlab upgrade breaks one of these, this file fails loudly (before a report silently prints
wrong): check the new version's internals, adapt ``datatable.py``, then widen the pin in
``pyproject.toml`` to the newly tested minor version.
"""

import io
import re
import tomllib
from importlib.metadata import version
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _declared() -> dict[str, str]:
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    return {re.match(r"[A-Za-z0-9_.\-]+", d).group(0): d for d in deps}


def _tuple(v: str) -> tuple[int, ...]:
    return tuple(int(x) for x in re.findall(r"\d+", v)[:3])


def test_installed_versions_satisfy_the_declared_ranges():
    for name, spec in _declared().items():
        got = _tuple(version(name))
        for op, bound in re.findall(r"(>=|<)\s*([0-9][0-9.]*)", spec):
            b = _tuple(bound)
            assert (got >= b) if op == ">=" else (got < b), f"{name} {version(name)} outside {spec}"


def test_reportlab_is_a_tested_minor_version():
    """datatable.py is tested with these reportlab minors only (see the pin in pyproject.toml)."""
    assert _tuple(version("reportlab"))[:2] in {(5, 0), (5, 1)}, version("reportlab")


@pytest.fixture(scope="module")
def font():
    from reportlab.pdfbase.pdfmetrics import getFont

    from ebgov_desktop.reporting.fonts import REGULAR, register_fonts
    from ebgov_desktop.services.report import fonts_dir

    register_fonts(fonts_dir())
    return getFont(REGULAR)


def test_truetype_face_widths_are_what_datatable_sums(font):
    from reportlab.pdfbase.pdfmetrics import stringWidth

    face = font.face
    assert isinstance(face.charWidths, dict) and isinstance(face.defaultWidth, (int, float))
    text = "Ủy ban nhân dân xã Quảng Thọ – 2019"
    ours = sum(face.charWidths.get(ord(ch), face.defaultWidth) for ch in text)
    assert abs(ours * 12 / 1000 - stringWidth(text, font.fontName, 12)) < 1e-6


def test_split_string_subsets_and_the_canvas_escape(font):
    from reportlab.pdfgen.canvas import Canvas

    canv = Canvas(io.BytesIO())
    doc, escape = canv._doc, canv._escape
    assert callable(escape) and escape(b"a(b)c\\") == "a\\(b\\)c\\\\"
    runs = font.splitString("Xã Quảng Thọ", doc)
    assert runs and all(isinstance(subset, int) and isinstance(codes, bytes) for subset, codes in runs)
    assert sum(len(codes) for _subset, codes in runs) == len("Xã Quảng Thọ")  # one code per character
    assert isinstance(font.getSubsetInternalName(runs[0][0], doc), str)
    assert hasattr(canv, "addLiteral")


def test_progress_callback_kinds_and_the_a85_switch(font):
    from reportlab import rl_config
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    assert hasattr(rl_config, "useA85")
    seen = set()
    doc = SimpleDocTemplate(io.BytesIO())
    doc.setProgressCallBack(lambda kind, value: seen.add(kind))
    doc.build([Paragraph("x", getSampleStyleSheet()["Normal"])] * 50)
    assert {"SIZE_EST", "PROGRESS"} <= seen
