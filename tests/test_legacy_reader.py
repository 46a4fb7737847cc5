"""Must show (issue 21): only the legacy reader reads the 2019 form. The import-linter contract "Only
the legacy reader imports the 2019 constants" (pyproject.toml, run by test_architecture.py) keeps
``domain.catalogue`` to the readers of old periods and format-1 datasets; this test keeps the 2019
default under ``domain.template`` (``default_template``) to the modules that still name it, so that
no new one starts to lean on it, and shrinks with them."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).parents[1] / "ebgov_desktop"

#: The legacy reader: the periods made before templates (storage, the workspace's template of a
#: period) and format-1 datasets (domain.dataset, the superior's quick reader) — through catalogue.
LEGACY_READERS = {
    "domain/dataset.py",
    "storage/store.py",
    "services/workspace.py",
    "services/superior/consolidation.py",
}
#: Where ``default_template`` is defined and the legacy template id resolved, and the legacy
#: reader's door (``catalogue.legacy_template``).
HOME = {"domain/template.py", "domain/catalogue.py"}
#: Modules that still fall back on the 2019 form without being the legacy reader: each is to take the
#: period's template instead. Remove a module from this set when it no longer names the default.
STILL_TO_MOVE = {
    "domain/rules.py",  # RULES, the 2019 rules as a module constant
    "domain/consolidation.py",  # Consolidation's template when none is given
    "reporting/consolidated.py",  # KEY_INDICATORS of the consolidated report
    "services/workspace.py",  # default_template(period) when no template of the level is valid
}


def _names(path: Path) -> tuple[bool, bool]:
    """(imports ``domain.catalogue``, names ``default_template`` of ``domain.template``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    catalogue = default = False
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            module = node.module or ""
            names = {a.name for a in node.names}
            if module.endswith("catalogue") or (module.endswith("domain") and "catalogue" in names):
                catalogue = True
            if module.endswith("template") and "default_template" in names:
                default = True
        elif isinstance(node, ast.Import) and any(a.name.endswith("domain.catalogue") for a in node.names):
            catalogue = True
    return catalogue, default


def _modules() -> dict[str, tuple[bool, bool]]:
    return {p.relative_to(PACKAGE).as_posix(): _names(p) for p in PACKAGE.rglob("*.py")}


def test_only_the_legacy_reader_imports_the_2019_constants():
    importers = {m for m, (catalogue, _d) in _modules().items() if catalogue}
    assert importers <= LEGACY_READERS, f"not the legacy reader: {sorted(importers - LEGACY_READERS)}"


def test_no_new_module_falls_back_on_the_2019_form():
    users = {m for m, (_c, default) in _modules().items() if default}
    allowed = HOME | STILL_TO_MOVE
    assert users <= allowed, (f"{sorted(users - allowed)} name default_template(): take the period's "
                              "template (or catalogue.legacy_template for an old period)")
    moved = STILL_TO_MOVE - users
    assert not moved, f"{sorted(moved)} no longer name the 2019 default: take them out of STILL_TO_MOVE"


def test_the_2019_constants_are_gone():
    """catalogue holds the legacy reader's door only: no FIELDS, REGISTER_KINDS … to lean on."""
    from ebgov_desktop.domain import catalogue

    assert catalogue.__all__ == ["legacy_template"]
    assert catalogue.legacy_template().id == "bc-ungdung-cntt"
