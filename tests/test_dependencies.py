"""The dependencies' contract: the installed versions are inside the declared range, and the reportlab
internals ``reporting/datatable.py``, ``reporting/template.py`` and ``reporting/paragraph.py`` rely on
still behave as used.

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


def test_the_paragraph_measured_once_prints_the_same_bytes_as_reportlabs(font):
    """``reporting.paragraph.Paragraph`` keeps its first measurement (reportlab's ``blPara``) for the
    same width: a document with everything that measures twice (headings kept with the next
    paragraph, a KeepTogether, a table of paragraphs, paragraphs split across pages, and paragraphs
    refused at a page's foot and pushed whole to the next page) must come out byte for byte as with
    reportlab's own ``Paragraph``."""
    from reportlab import rl_config
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import KeepTogether, PageBreak, SimpleDocTemplate, Spacer, Table
    from reportlab.platypus import Paragraph as ReportlabParagraph

    from ebgov_desktop.reporting.fonts import REGULAR
    from ebgov_desktop.reporting.paragraph import Paragraph

    body = ParagraphStyle("b", fontName=REGULAR, fontSize=14, leading=18, spaceAfter=6,
                          firstLineIndent=36, alignment=4, allowWidows=0)
    heading = ParagraphStyle("h", parent=body, keepWithNext=1)
    words = "Ủy ban nhân dân xã báo cáo tình hình ứng dụng công nghệ thông tin năm 2019. "

    def build(P) -> bytes:
        out = io.BytesIO()
        doc = SimpleDocTemplate(out)
        story = []
        for i in range(14):
            story += [P(f"{i + 1}. Mục {i + 1}", heading), P(f"{i + 1}.1. Tiểu mục", heading),
                      P(words * (1 + 5 * (i % 4)), body)]
            if i % 5 == 2:
                story.append(KeepTogether([P(words * 3, body), P(words, body)]))
            if i % 5 == 4:
                story.append(Table([[P(words, body), [P("Ô", body), P(words * 2, body)]]],
                                   colWidths=[200, 250]))
        for room in (10, 27, 40):  # one line's room or less: the paragraph goes whole to the next page
            story += [PageBreak(), Spacer(1, doc.height - 12 - room), P(words * 3, body)]
        doc.build(story)
        return out.getvalue()

    saved = rl_config.invariant
    rl_config.invariant = 1  # no creation date or random id in the bytes
    try:
        ours, theirs = build(Paragraph), build(ReportlabParagraph)
    finally:
        rl_config.invariant = saved
    assert ours.count(b"/Type /Page\n") > 5
    assert ours == theirs

    # measured again at another width: measured afresh
    p = Paragraph(words * 3, body)
    narrow = p.wrap(200, 1000)
    assert p.wrap(400, 1000) == ReportlabParagraph(words * 3, body).wrap(400, 1000) != narrow
