"""Mutation check of the rule engine: break each comparison a rule makes, some test must fail.

Generic over the engine: every comparison (``<``, ``<=``, ``>``, ``>=``, ``==``, ``!=``, and the
``operator.lt``… functions, should the engine move to a table of operators) inside the functions the
engine dispatches rules to (the functions named in a module-level dict of ``domain/rules.py``, such
as ``_KINDS``) is replaced in turn by its off-by-one or negated twin; the rule tests run against each
mutant in a fresh process and must fail. A surviving mutant names a comparison no test pins down.
"""

import ast
import subprocess
import sys
from pathlib import Path

import pytest
from wine import UNDER_WINE

ROOT = Path(__file__).resolve().parents[1]
RULES = ROOT / "ebgov_desktop" / "domain" / "rules.py"
ORACLE = [str(ROOT / "tests" / "test_rules.py")]
_TWIN = {ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Eq: ast.NotEq,
         ast.NotEq: ast.Eq}
_TWIN_FN = {"lt": "le", "le": "lt", "gt": "ge", "ge": "gt", "eq": "ne", "ne": "eq"}


def _dispatched(tree: ast.Module) -> set[str]:
    """Names of the functions a module-level dict maps rule kinds to."""
    names = set()
    for node in tree.body:
        value = node.value if isinstance(node, (ast.Assign, ast.AnnAssign)) else None
        if isinstance(value, ast.Dict):
            names |= {v.id for v in value.values if isinstance(v, ast.Name)}
    return names


def mutants(source: str) -> list[tuple[str, str]]:
    """(description, mutated source) for every comparison in the dispatched rule functions."""
    tree = ast.parse(source)
    targets = _dispatched(tree)
    assert targets, "no dispatch table of rule kinds found in domain/rules.py"
    sites = []
    for fn in tree.body:
        if isinstance(fn, ast.FunctionDef) and fn.name in targets:
            for node in ast.walk(fn):
                if isinstance(node, ast.Compare):
                    sites += [(fn.name, node, i) for i, op in enumerate(node.ops) if type(op) in _TWIN]
                elif isinstance(node, ast.Attribute) and node.attr in _TWIN_FN and \
                        isinstance(node.value, ast.Name) and node.value.id == "operator":
                    sites.append((fn.name, node, None))
    out = []
    for n, (fn_name, _node, i) in enumerate(sites):
        tree = ast.parse(source)  # a fresh tree per mutant; find the same site by position
        fn = next(f for f in tree.body if isinstance(f, ast.FunctionDef) and f.name == fn_name)
        found = [x for x in ast.walk(fn) if isinstance(x, type(_node)) and x.lineno == _node.lineno
                 and x.col_offset == _node.col_offset]
        node = found[0]
        if i is None:
            before = node.attr
            node.attr = _TWIN_FN[before]
            what = f"operator.{before} → operator.{node.attr}"
        else:
            before = type(node.ops[i])
            node.ops[i] = _TWIN[before]()
            what = f"{before.__name__} → {_TWIN[before].__name__}"
        out.append((f"{fn_name} line {_node.lineno}: {what} (#{n})", ast.unparse(tree)))
    return out


def test_the_mutator_finds_the_comparisons():
    found = mutants(RULES.read_text(encoding="utf-8"))
    assert len(found) >= 10, [d for d, _ in found]


@pytest.mark.slow
@pytest.mark.skipif(UNDER_WINE, reason="the rule engine is plain Python, the same on every OS; each mutant is a "
                    "new process, which costs seconds under Wine (over 10 minutes in all): run on Linux")
def test_every_broken_comparison_is_caught_by_a_test(tmp_path):
    original = RULES.read_text(encoding="utf-8")
    (tmp_path / "rules_original.py").write_text(original, encoding="utf-8")
    base = subprocess.run([sys.executable, str(ROOT / "tests" / "rule_mutant.py"),
                           str(tmp_path / "rules_original.py"), *ORACLE], cwd=ROOT, capture_output=True, text=True)
    assert base.returncode == 0, "the rule tests must pass on the real engine first:\n" + base.stdout[-2000:]
    survivors = []
    for description, source in mutants(original):
        path = tmp_path / "rules_mutant.py"
        path.write_text(source, encoding="utf-8")
        proc = subprocess.run([sys.executable, str(ROOT / "tests" / "rule_mutant.py"), str(path), *ORACLE],
                              cwd=ROOT, capture_output=True, text=True, timeout=300)
        if proc.returncode == 0:
            survivors.append(description)
        elif proc.returncode not in (1,):  # 1 = tests failed; anything else = the run itself broke
            pytest.fail(f"{description}: the mutant run did not complete:\n{proc.stdout[-2000:]}{proc.stderr[-2000:]}")
    assert survivors == [], "comparisons no test pins down:\n" + "\n".join(survivors)
