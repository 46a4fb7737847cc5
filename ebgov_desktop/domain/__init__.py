"""Pure domain: the form catalogue, rules, indicators, periods, units and formatting.

Imports nothing of the project and no framework (enforced by import-linter).
"""
