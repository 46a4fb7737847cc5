"""A small JSON Schema (draft 2020-12) validator for the package's schema files.

Only the keywords used by ``resources/schema/*.json`` are supported (``type``, ``properties``,
``required``, ``additionalProperties``, ``propertyNames``, ``items``, ``minItems``, ``maxItems``,
``minLength``, ``maxLength``, ``pattern``, ``enum``, ``const``, ``minimum``, ``maximum``,
``anyOf``, ``$ref`` to ``#/$defs/…``, ``maxProperties``); an unknown keyword in a schema is a
programming error and raises at once, so the schema files cannot silently mean more than is checked.
Lighter than the ``jsonschema`` package (no dependency, nothing to bundle) and enough for two fixed
files.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

__all__ = ["SchemaViolation", "validate"]

_ANNOTATIONS = {"$schema", "$id", "$comment", "title", "description", "$defs", "examples", "default"}
_KNOWN = _ANNOTATIONS | {
    "type", "properties", "required", "additionalProperties", "propertyNames", "items", "minItems",
    "maxItems", "minLength", "maxLength", "pattern", "enum", "const", "minimum", "maximum", "anyOf",
    "$ref", "maxProperties",
}

_TYPE_NAMES = {
    "object": "đối tượng", "array": "danh sách", "string": "chuỗi", "integer": "số nguyên",
    "number": "số", "boolean": "đúng/sai", "null": "trống",
}


class SchemaViolation(ValueError):
    """The document breaks the schema; ``place`` is a JSON path like ``values.staff.x``."""

    def __init__(self, place: str, problem: str):
        self.place = place
        self.problem = problem
        super().__init__(f"{place}: {problem}" if place else problem)


@lru_cache(maxsize=256)
def _regex(pattern: str) -> re.Pattern:
    return re.compile(pattern)


def _is_type(value: Any, name: str) -> bool:
    if name == "object":
        return isinstance(value, dict)
    if name == "array":
        return isinstance(value, list)
    if name == "string":
        return isinstance(value, str)
    if name == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if name == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if name == "boolean":
        return isinstance(value, bool)
    if name == "null":
        return value is None
    raise AssertionError(f"unknown schema type {name!r}")


def _join(place: str, key: Any) -> str:
    if isinstance(key, int):
        return f"{place}[{key}]"
    return f"{place}.{key}" if place else str(key)


def validate(document: Any, schema: dict, *, root: dict | None = None, place: str = "") -> None:
    """Raise ``SchemaViolation`` (Vietnamese) at the first place ``document`` breaks ``schema``."""
    root = schema if root is None else root
    unknown = set(schema) - _KNOWN
    if unknown:
        raise AssertionError(f"schema keywords not supported: {sorted(unknown)}")
    if "$ref" in schema:
        ref = schema["$ref"]
        if not ref.startswith("#/$defs/"):
            raise AssertionError(f"only local $refs are supported: {ref}")
        validate(document, root["$defs"][ref[len("#/$defs/"):]], root=root, place=place)
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(_is_type(document, t) for t in types):
            wanted = " hoặc ".join(_TYPE_NAMES[t] for t in types)
            raise SchemaViolation(place, f"phải là {wanted}")
    if "const" in schema and not _same(document, schema["const"]):
        raise SchemaViolation(place, f"phải là {schema['const']!r}")
    if "enum" in schema and not any(_same(document, e) for e in schema["enum"]):
        raise SchemaViolation(place, "giá trị không nằm trong danh mục cho phép")
    if "anyOf" in schema:
        for option in schema["anyOf"]:
            try:
                validate(document, option, root=root, place=place)
                break
            except SchemaViolation:
                continue
        else:
            raise SchemaViolation(place, "giá trị sai kiểu hoặc vượt giới hạn cho phép")
    if isinstance(document, str):
        if "minLength" in schema and len(document) < schema["minLength"]:
            raise SchemaViolation(place, f"ngắn hơn {schema['minLength']} ký tự")
        if "maxLength" in schema and len(document) > schema["maxLength"]:
            raise SchemaViolation(place, f"dài quá {schema['maxLength']} ký tự")
        if "pattern" in schema and not _regex(schema["pattern"]).search(document):
            raise SchemaViolation(place, "không đúng dạng quy định")
    if _is_type(document, "number"):
        if "minimum" in schema and document < schema["minimum"]:
            raise SchemaViolation(place, f"nhỏ hơn {schema['minimum']}")
        if "maximum" in schema and document > schema["maximum"]:
            raise SchemaViolation(place, f"lớn hơn {schema['maximum']}")
    if isinstance(document, list):
        if "minItems" in schema and len(document) < schema["minItems"]:
            raise SchemaViolation(place, f"ít hơn {schema['minItems']} phần tử")
        if "maxItems" in schema and len(document) > schema["maxItems"]:
            raise SchemaViolation(place, f"nhiều hơn {schema['maxItems']} phần tử")
        if "items" in schema:
            for i, item in enumerate(document):
                validate(item, schema["items"], root=root, place=_join(place, i))
    if isinstance(document, dict):
        if "maxProperties" in schema and len(document) > schema["maxProperties"]:
            raise SchemaViolation(place, f"nhiều hơn {schema['maxProperties']} mục")
        for key in schema.get("required", ()):
            if key not in document:
                raise SchemaViolation(_join(place, key), "thiếu mục bắt buộc")
        props = schema.get("properties", {})
        extra = schema.get("additionalProperties", True)
        names = schema.get("propertyNames")
        for key in sorted(document):
            value = document[key]
            if names is not None:
                validate(key, names, root=root, place=_join(place, key))
            if key in props:
                validate(value, props[key], root=root, place=_join(place, key))
            elif extra is False:
                raise SchemaViolation(_join(place, key), "mục không được phép có")
            elif isinstance(extra, dict):
                validate(value, extra, root=root, place=_join(place, key))


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b
