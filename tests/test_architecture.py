"""The layers of DESIGN.md, enforced: import-linter's contracts must hold."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_linter_contracts_hold():
    lint = Path(sys.executable).with_name("lint-imports")
    proc = subprocess.run([str(lint), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
                          cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Contracts: 3 kept, 0 broken." in proc.stdout


def test_domain_imports_nothing_of_ours_but_domain():
    for path in (ROOT / "ebgov_desktop" / "domain").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        for layer in ("storage", "services", "exchange", "reporting", "gui", "cli"):
            assert f"from ..{layer}" not in text and f"ebgov_desktop.{layer}" not in text, path


def test_ruff_finds_nothing():
    ruff = Path(sys.executable).with_name("ruff")
    proc = subprocess.run([str(ruff), "check", "--no-cache", "."], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
