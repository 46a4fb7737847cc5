"""Run the rule tests against one mutant of ``domain/rules.py`` (used by ``test_rule_mutations.py``).

    python tests/rule_mutant.py MUTANT_SOURCE_FILE TEST_FILE...

The mutated source is installed as ``ebgov_desktop.domain.rules`` before anything imports the real
one; pytest then runs the given test files. Exit code: pytest's (0 = the mutant survived).
"""

import sys
import types
from pathlib import Path

import pytest

import ebgov_desktop.domain as domain

source = Path(sys.argv[1]).read_text(encoding="utf-8")
module = types.ModuleType("ebgov_desktop.domain.rules")
module.__package__ = "ebgov_desktop.domain"
module.__file__ = str(Path(domain.__file__).with_name("rules.py"))
sys.modules[module.__name__] = module
exec(compile(source, module.__file__, "exec"), module.__dict__)
domain.rules = module
sys.exit(pytest.main(["-q", "-x", "-p", "no:randomly", "-p", "no:cacheprovider", "--no-header",
                      *sys.argv[2:]]))
