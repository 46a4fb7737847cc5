"""Use cases: open a workspace, edit it, check it, load and dump datasets (and, later, reports and
packages). The GUI and the command line call only this layer.

Importing it keeps parsed template files in the cache folder (``paths.cache_dir``: the user's, or
``data/cache`` beside the executable in portable mode; ``storage.template_cache``), before
anything reads a template: a start then reads the form from JSON instead of parsing its TOML. ``EBGOV_CACHE_DIR`` puts that folder elsewhere (the tests use
their own); ``EBGOV_CACHE_DIR=off`` parses every time.
"""

import os as _os


def _keep_parsed_templates() -> None:
    from ..domain.template import set_parse_cache
    from ..storage.template_cache import TemplateParseCache

    folder = _os.environ.get("EBGOV_CACHE_DIR", "")
    if folder == "off":
        return
    if not folder:
        from .paths import cache_dir

        folder = cache_dir()
    set_parse_cache(TemplateParseCache(_os.path.join(folder, "templates")))


_keep_parsed_templates()
