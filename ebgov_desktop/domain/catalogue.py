"""The 2019 form, for the legacy reader only.

Every period made before templates existed (the period table names no template) and every format-1
dataset were entered on the 2019 template (``resources/templates/bc-ungdung-cntt-2019.toml``); the
code that reads them takes it from here. Everything else takes the period's template as an argument
(``Workspace.template(period)``, ``Dataset.template``): the import-linter contract "Only the legacy
reader imports the 2019 constants" (pyproject.toml) keeps it so.
"""

from __future__ import annotations

from .template import Template, default_template

__all__ = ["legacy_template"]


def legacy_template() -> Template:
    """The template of a period made before templates, and of a format-1 dataset: the 2019 one."""
    return default_template()
