"""ebgov_desktop — the commune IT / e-government report, offline."""

__version__ = "0.1.0"
APP_NAME = "ebgov-desktop"
