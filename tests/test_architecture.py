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
    for contract in ("Layers: cli > gui > services", "Only gui imports PySide6",
                     "The window and the command line go through services, never storage",
                     "SQL lives in storage only", "The domain imports no framework",
                     "Only the legacy reader imports the 2019 constants"):
        assert any(line.startswith(contract) and " KEPT" in line for line in proc.stdout.splitlines()), \
            contract
    assert "Contracts: 6 kept, 0 broken." in proc.stdout


def test_domain_imports_nothing_of_ours_but_domain():
    for path in (ROOT / "ebgov_desktop" / "domain").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        for layer in ("storage", "services", "exchange", "reporting", "gui", "cli"):
            assert f"from ..{layer}" not in text and f"ebgov_desktop.{layer}" not in text, path


def test_every_error_the_user_can_meet_derives_from_user_error():
    """One family: each carries the Vietnamese ``message`` and the log's ``detail``."""
    from ebgov_desktop.cli import CliError
    from ebgov_desktop.domain.dataset import DatasetError
    from ebgov_desktop.domain.errors import UserError
    from ebgov_desktop.domain.periods import PeriodError
    from ebgov_desktop.domain.template import TemplateError
    from ebgov_desktop.exchange.errors import PackageError
    from ebgov_desktop.exchange.jsonschema_lite import SchemaViolation
    from ebgov_desktop.reporting.fonts import FontError
    from ebgov_desktop.services.backup import BackupError
    from ebgov_desktop.services.keys import KeyFileError
    from ebgov_desktop.services.packages import ExchangeError
    from ebgov_desktop.services.report import ReportBlocked
    from ebgov_desktop.services.superior import SuperiorError
    from ebgov_desktop.services.workspace import WorkspaceError
    from ebgov_desktop.storage import StorageError

    for cls in (CliError, DatasetError, PeriodError, PackageError, SchemaViolation, FontError, BackupError,
                KeyFileError, ExchangeError, ReportBlocked, SuperiorError, WorkspaceError, StorageError,
                TemplateError):
        assert issubclass(cls, UserError), cls
    exc = StorageError("Ổ đĩa đã đầy, không ghi được dữ liệu.", detail="sqlite3: database or disk is full")
    assert str(exc) == exc.message == "Ổ đĩa đã đầy, không ghi được dữ liệu."
    assert "disk is full" in exc.log_text() and "disk is full" not in str(exc)


def test_no_behaviour_depends_on_the_words_of_a_message():
    """Errors are told apart by class or typed attribute, never by matching Vietnamese text."""
    import re

    vi = "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"
    pattern = re.compile(rf"""["'][^"'\n]*[{vi}][^"'\n]*["']\s*"""
                         r"""(in\s+(str\(|exc|e\.|message|problem|reason|text)|==\s*(str\(|exc|problem))""")
    reverse = re.compile(rf"""(problem|reason|message|str\(exc\))\s*(==|!=)\s*["'][^"'\n]*[{vi}]""")
    for path in (ROOT / "ebgov_desktop").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not pattern.search(text) and not reverse.search(text), path


def test_ruff_finds_nothing():
    ruff = Path(sys.executable).with_name("ruff")
    proc = subprocess.run([str(ruff), "check", "--no-cache", "."], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
