"""The window (PySide6 only here): pages built from the catalogue, table models, dialogs."""
