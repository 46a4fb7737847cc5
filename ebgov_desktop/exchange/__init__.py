"""The USB package: write, read, verify, sign (format: docs/exchange-format.md)."""
