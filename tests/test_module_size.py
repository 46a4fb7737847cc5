"""Rooms of a sensible size: no module of the program is over 600 lines (split it by job first)."""

from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "ebgov_desktop"
LIMIT = 600


def test_no_module_is_over_600_lines():
    too_long = sorted(
        f"{path.relative_to(PACKAGE.parent).as_posix()}: {n} lines"
        for path in PACKAGE.rglob("*.py")
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > LIMIT
    )
    assert not too_long, f"modules over {LIMIT} lines (split each by job):\n" + "\n".join(too_long)
