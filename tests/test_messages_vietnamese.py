"""Every message the program can show is plain Vietnamese: no English word, no ISO date, no exception
text (SQLite's "database disk image is malformed", an OSError's "[Errno 13] Permission denied").

The messages are collected from the source: the text of every user error the services raise (the
``UserError`` family), and of every call that puts text before the officer (status lines, message boxes,
labels, titles, tooltips). A message built from an exception is allowed only when that exception is a
``UserError`` (its text is already the Vietnamese message); any other exception's text goes to the log.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "ebgov_desktop"

#: calls whose string arguments the officer reads
SHOWN = {"setText", "showMessage", "setWindowTitle", "setPlaceholderText", "setToolTip", "tell",
         "show_message", "information", "warning", "critical", "question", "setLabelText",
         "setStatusTip", "show_input_error", "setWhatsThis", "about"}

#: functions that say an exception in Vietnamese (``domain.system_errors.os_reason``)
TRANSLATORS = {"os_reason", "_write_reason"}

#: exceptions of ours outside the ``UserError`` family whose text is Vietnamese by construction
#: (``exchange/jsonlimits.py`` words every limit for the officer)
VIETNAMESE_TEXT = {"JsonLimitError"}

#: English words that are never Vietnamese syllables (ASCII words such as "in", "to", "do", "no", "con"
#: are Vietnamese too and are left out)
ENGLISH = set("""
the and of is are was were not cannot can't could should would will with without from into this that
these those file files error errors failed failure invalid database disk image malformed permission
denied found missing path directory folder value values key keys signature package template report
none true false null exception traceback warning line column row sheet format version read write
open close save load loading saving please check wrong unknown unexpected expected must empty
access unable exists already success successful done cancel cancelled canceled retry
select choose click type name date time size
""".split())

_ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
#: SQL statements (they may hold a Vietnamese name: a migration's data)
_SQL = re.compile(r"\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|WHERE|AND|FROM)\b")

#: modules whose messages describe a file format in its own terms: the template's TOML keys
#: (``type = …``, ``true``/``false``, dates 2019-01-01), the dataset's JSON, the command line's own
#: command names and options; English names and ISO dates are the format there, exception text is not
FORMAT_TERMS = ("domain/template", "domain/dataset.py", "exchange/jsonschema_lite.py",
                "exchange/template_package.py", "cli/")


def _user_error_names() -> set[str]:
    """``UserError`` and every class of ours deriving from it (by name, through the whole tree)."""
    bases: dict[str, list[str]] = {}
    for path in ROOT.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                bases[node.name] = [b.id if isinstance(b, ast.Name) else getattr(b, "attr", "")
                                    for b in node.bases]
    names = {"UserError"}
    changed = True
    while changed:
        changed = False
        for cls, parents in bases.items():
            if cls not in names and any(p in names for p in parents):
                names.add(cls)
                changed = True
    return names


USER_ERRORS = _user_error_names() | VIETNAMESE_TEXT


class _Collector(ast.NodeVisitor):
    def __init__(self, path: Path):
        self.path = path
        self.problems: list[str] = []
        #: the names bound by ``except X as name`` around the node visited, and whether X is ours
        self.handlers: list[dict[str, bool]] = [{}]
        self.seen: set[int] = set()
        self.docstrings: set[int] = set()

    def where(self, node) -> str:
        return f"{self.path.relative_to(ROOT.parent)}:{node.lineno}"

    def visit_ExceptHandler(self, node: ast.ExceptHandler) -> None:
        types = node.type.elts if isinstance(node.type, ast.Tuple) else [node.type] if node.type else []
        ours = bool(types) and all(
            (t.id if isinstance(t, ast.Name) else getattr(t, "attr", "")) in USER_ERRORS for t in types)
        self.handlers.append({**self.handlers[-1], **({node.name: ours} if node.name else {})})
        self.generic_visit(node)
        self.handlers.pop()

    def _foreign(self, expr: ast.AST) -> str | None:
        """The name of a non-user exception whose own text ``expr`` puts into a message, if it does
        (``os_reason(exc)`` and attributes such as ``exc.lineno`` say it in our words: allowed)."""
        names = self.handlers[-1]
        if isinstance(expr, ast.Call) and \
                (getattr(expr.func, "id", "") or getattr(expr.func, "attr", "")) in TRANSLATORS:
            return None
        if isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name) and expr.value.id in names:
            own_text = expr.attr in ("args", "strerror", "msg", "filename")
            return expr.value.id if own_text and not names[expr.value.id] else None
        if isinstance(expr, ast.Name):
            return expr.id if expr.id in names and not names[expr.id] else None
        for child in ast.iter_child_nodes(expr):
            found = self._foreign(child)
            if found:
                return found
        return None

    file_format = False

    def check_text(self, node: ast.AST) -> None:
        self.seen.add(id(node))
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            parts, values = [node.value], []
        elif isinstance(node, ast.JoinedStr):
            parts = [v.value for v in node.values if isinstance(v, ast.Constant)]
            values = [v for v in node.values if isinstance(v, ast.FormattedValue)]
        elif isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
            self.check_text(node.left)
            self.check_text(node.right)
            return
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "str" \
                and node.args:
            name = self._foreign(node.args[0])
            if name:
                self.problems.append(f"{self.where(node)}: văn bản của ngoại lệ '{name}' đưa ra cho người dùng")
            return
        elif isinstance(node, ast.Name):
            name = self._foreign(node)
            if name:
                self.problems.append(f"{self.where(node)}: văn bản của ngoại lệ '{name}' đưa ra cho người dùng")
            return
        else:
            return
        text = " ".join(parts)
        if self.file_format or any(part in self.path.as_posix() for part in FORMAT_TERMS):
            text = re.sub(r"[A-Za-z_]+|\d{4}-\d{2}-\d{2}", " ", text) if not self.file_format else text
        if self.file_format:
            # a dataset file's problem is said in the file's own terms (JSON's true/false, the
            # template's id/version, ISO dates: docs/dataset-format.md)
            text = re.sub(r"true|false|version|yyyy-mm-dd|\d{4}-\d{2}-\d{2}", " ", text)
        # a command to type (``ebgov-desktop template check``), a file or a key name in quotes are
        # not words of the sentence
        text = re.sub(r"<[^>]+>|%\(\w+\)[rsd]|ebgov-desktop[a-z -]*|[\w.-]+\.(?:json|toml|ebgov|xlsx|csv|pdf|docx)|\"[A-Za-z_]+\"", " ",
                      text)
        if not re.search(r"[À-ỹ]", text) and not values:
            return  # no Vietnamese letter: an identifier, a path, a format — not a sentence
        words = {w.lower() for w in re.findall(r"[A-Za-z']+", text)}
        english = sorted(words & ENGLISH)
        if english:
            self.problems.append(f"{self.where(node)}: từ tiếng Anh {english} trong «{text[:80]}»")
        if _ISO.search(text):
            self.problems.append(f"{self.where(node)}: ngày kiểu ISO trong «{text[:80]}»")
        for v in values:
            name = self._foreign(v.value)
            if name:
                self.problems.append(f"{self.where(node)}: văn bản của ngoại lệ '{name}' trong «{text[:80]}»")
            spec = "".join(p.value for p in getattr(v.format_spec, "values", [])
                           if isinstance(p, ast.Constant))
            if "%Y-%m-%d" in spec or (isinstance(v.value, ast.Call)
                                      and getattr(v.value.func, "attr", "") == "isoformat"):
                self.problems.append(f"{self.where(node)}: ngày kiểu ISO trong «{text[:80]}»")
            if isinstance(v.value, ast.Subscript) and isinstance(v.value.slice, ast.Slice) \
                    and "created" in ast.unparse(v.value.value):
                self.problems.append(f"{self.where(node)}: ngày kiểu ISO cắt từ '{ast.unparse(v.value)}'")

    def visit_JoinedStr(self, node: ast.JoinedStr) -> None:
        """Any sentence with a Vietnamese letter is one the officer can read (code, comments and
        logs are English), wherever it is built: assigned first, returned, joined later."""
        literal = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
        if id(node) not in self.seen and re.search(r"[À-ỹ]", literal) and not _SQL.match(literal):
            self.check_text(node)

    def visit_Constant(self, node: ast.Constant) -> None:
        if isinstance(node.value, str) and id(node) not in self.seen and id(node) not in self.docstrings \
                and re.search(r"[À-ỹ]", node.value) and not _SQL.match(node.value):
            self.check_text(node)

    def visit_keyword(self, node: ast.keyword) -> None:
        if node.arg == "detail":  # a UserError's technical detail goes to the log only
            return
        self.generic_visit(node)

    def visit_Raise(self, node: ast.Raise) -> None:
        call = node.exc
        if isinstance(call, ast.Call):
            name = call.func.id if isinstance(call.func, ast.Name) else getattr(call.func, "attr", "")
            if name in USER_ERRORS:
                # DatasetError(where, problem): the first argument is the place ("values.x")
                self.file_format = name == "DatasetError"
                for arg in call.args[1:2] if name == "DatasetError" else call.args[:1]:
                    self.check_text(arg)
                self.file_format = False
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        owner = node.func.value if isinstance(node.func, ast.Attribute) else None
        logged = isinstance(owner, ast.Name) and owner.id in ("log", "logger", "_log", "logging")
        if name in SHOWN and not logged:
            for arg in node.args:
                self.check_text(arg)
        self.generic_visit(node)


def _docstrings(tree: ast.AST) -> set[int]:
    """The string nodes that are docstrings (English, for the reader of the code)."""
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) \
                and node.body and isinstance(node.body[0], ast.Expr) \
                and isinstance(node.body[0].value, ast.Constant):
            out.add(id(node.body[0].value))
        # an attribute's comment string right after it (``x = 1`` then ``"""what x is"""``)
        for body in (getattr(node, "body", None), getattr(node, "orelse", None)):
            if isinstance(body, list):
                out.update(id(stmt.value) for stmt in body[1:]
                           if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant))
    return out


def _problems() -> list[str]:
    out = []
    for path in sorted(ROOT.rglob("*.py")):
        c = _Collector(path)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        c.docstrings = _docstrings(tree)
        c.visit(tree)
        out += c.problems
    return out


def test_every_message_is_plain_vietnamese():
    problems = _problems()
    assert not problems, f"{len(problems)} thông báo chưa đúng:\n" + "\n".join(problems)


@pytest.mark.parametrize("source,bad", [
    ("try:\n    pass\nexcept OSError as exc:\n    w.setText(f'Không ghi được tệp ({exc})')\n", "ngoại lệ"),
    ("w.showMessage(f'Đã ký ngày {d.isoformat()}')\n", "ISO"),
    ("raise UserError('Tệp bị hỏng: database disk image is malformed')\n", "tiếng Anh"),
])
def test_the_collector_catches_each_kind(tmp_path, source, bad):
    path = ROOT / "_probe.py"
    c = _Collector(path)
    c.visit(ast.parse(source))
    assert c.problems and bad in c.problems[0]


def test_the_collector_lets_a_user_errors_text_through():
    source = "try:\n    pass\nexcept UserError as exc:\n    w.setText(f'Chưa in được: {exc}')\n"
    c = _Collector(ROOT / "_probe.py")
    c.visit(ast.parse(source))
    assert c.problems == []


def _readable_by_an_officer(text: str) -> list[str]:
    """What is wrong with a message that reached the officer at run time."""
    words = {w.lower() for w in re.findall(r"[A-Za-z']+", text)}
    out = [f"từ tiếng Anh {sorted(words & ENGLISH)}"] if words & ENGLISH else []
    if _ISO.search(text):
        out.append("ngày kiểu ISO")
    if re.search(r"\[Errno|Error:|Exception|Traceback|sqlite3|disk image", text):
        out.append("văn bản của ngoại lệ")
    return out


@pytest.mark.parametrize("damage", ["header", "body", "empty"])
def test_a_broken_workspace_is_explained_in_vietnamese(tmp_path, damage):
    """The start-up check's dialog (and the command line's line) for a damaged data file."""
    from ebgov_desktop.services.datasets import demo_dataset
    from ebgov_desktop.services.paths import app_paths
    from ebgov_desktop.services.startup import check_workspace
    from ebgov_desktop.services.workspace import Workspace

    paths = app_paths(tmp_path / "data").ensure()
    with Workspace.open(paths=paths) as ws:
        ws.load_dataset(demo_dataset())
    raw = bytearray(paths.workspace.read_bytes())
    for suffix in ("-wal", "-shm"):
        paths.workspace.with_name(paths.workspace.name + suffix).unlink(missing_ok=True)
    if damage == "header":
        raw[:16] = b"not a database!!"
    elif damage == "body":
        raw[100:4096 * 3] = b"\xff" * (4096 * 3 - 100)  # the schema page and more: malformed
    else:
        raw = bytearray()
    paths.workspace.write_bytes(bytes(raw))
    health = check_workspace(paths)
    assert not health.ok
    assert _readable_by_an_officer(health.message()) == [], health.message()


def test_a_stored_moment_is_read_as_an_officer_writes_it():
    from ebgov_desktop.domain.formatting import when_read

    assert when_read("2026-12-06T04:08:20+07:00") == "04:08 06/12/2026"
    assert when_read("2026-12-06 04:08:20") == "04:08 06/12/2026"
    assert when_read("") == "" and when_read("hỏng") == "hỏng"


def test_a_command_piped_into_head_stops_quietly(tmp_path):
    """``ebgov-desktop … | head``: the reader goes away after its lines; no traceback, exit 0."""
    import subprocess
    import sys

    # a command that prints far more than a pipe holds (the real one would be ``board`` of a province)
    code = ("import sys; from ebgov_desktop import cli\n"
            "cli.build_parser()\n"
            "help_, configure, _run = cli._COMMANDS['key']\n"
            "cli._COMMANDS['key'] = (help_, configure, lambda a: [print('dòng ' * 40) for _ in range(20000)])\n"
            "sys.exit(cli.main(['key', '--data-dir', sys.argv[1]]))")
    proc = subprocess.Popen([sys.executable, "-c", code, str(tmp_path / "d")], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    proc.stdout.read(100)
    proc.stdout.close()  # as head does after its lines
    err = proc.stderr.read().decode("utf-8", "replace")
    assert proc.wait(timeout=120) == 0
    assert "Traceback" not in err and "BrokenPipe" not in err


def test_a_stored_day_alone_is_read_as_an_officer_writes_it():
    from ebgov_desktop.domain.formatting import when_read

    assert when_read("2026-12-05T09:30:00+07:00", with_time=False) == "05/12/2026"
