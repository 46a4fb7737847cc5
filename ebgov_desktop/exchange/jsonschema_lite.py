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
from typing import Any, Callable

from ..domain.errors import UserError

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


class SchemaViolation(UserError, ValueError):
    """The document breaks the schema; ``place`` is a JSON path like ``values.staff.x``."""

    def __init__(self, place: str, problem: str):
        self.place = place
        self.problem = problem
        super().__init__(f"{place}: {problem}" if place else problem)


@lru_cache(maxsize=256)
def _regex(pattern: str) -> re.Pattern:
    """``pattern`` with ECMA-262 meaning, as JSON Schema wants: ``$`` is the end of the text only
    (Python's ``$`` also matches before a final newline, so ``"^[0-9a-f]{64}$"`` took ``"…\\n"``)."""
    return re.compile(re.sub(r"(?<!\\)\$", r"\\Z", pattern))


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
    check = _compiled(schema if root is None else root, schema)
    path: list = [place] if place else []
    check(document, path)


_CACHE: dict[int, tuple[dict, Callable]] = {}


def _compiled(root: dict, schema: dict) -> Callable[[Any, list], None]:
    """The schema turned once into nested closures (the files are fixed: cache by identity)."""
    hit = _CACHE.get(id(schema))
    if hit is not None and hit[0] is schema:
        return hit[1]
    check = _compile(schema, root)
    _CACHE[id(schema)] = (schema, check)
    return check


def _place(path: list) -> str:
    out = ""
    for step in path:
        out = _join(out, step)
    return out


def _compile(schema: dict, root: dict) -> Callable[[Any, list], None]:
    unknown = set(schema) - _KNOWN
    if unknown:
        raise AssertionError(f"schema keywords not supported: {sorted(unknown)}")
    checks: list[Callable[[Any, list], None]] = []
    if "$ref" in schema:
        ref = schema["$ref"]
        if not ref.startswith("#/$defs/"):
            raise AssertionError(f"only local $refs are supported: {ref}")
        target = root["$defs"][ref[len("#/$defs/"):]]
        holder: list = []

        def check_ref(doc, path):
            if not holder:
                holder.append(_compiled(root, target))
            holder[0](doc, path)

        checks.append(check_ref)
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        wanted = " hoặc ".join(_TYPE_NAMES[t] for t in types)

        py_types = tuple({"object": dict, "array": list, "string": str, "integer": int,
                          "number": (int, float), "boolean": bool, "null": type(None)}[t]
                         for t in types)
        py_types = tuple(t for group in py_types for t in (group if isinstance(group, tuple) else (group,)))
        bool_ok = "boolean" in types

        def check_type(doc, path):
            if not isinstance(doc, py_types) or (doc is True or doc is False) and not bool_ok:
                raise SchemaViolation(_place(path), f"phải là {wanted}")

        checks.append(check_type)
    if "const" in schema:
        const = schema["const"]

        def check_const(doc, path):
            if not _same(doc, const):
                raise SchemaViolation(_place(path), f"phải là {const!r}")

        checks.append(check_const)
    if "enum" in schema:
        options = schema["enum"]

        def check_enum(doc, path):
            if not any(_same(doc, e) for e in options):
                raise SchemaViolation(_place(path), "giá trị không nằm trong danh mục cho phép")

        checks.append(check_enum)
    if "anyOf" in schema:
        alternatives = [_compile(option, root) for option in schema["anyOf"]]

        def check_any(doc, path):
            for alternative in alternatives:
                try:
                    alternative(doc, path)
                    return
                except SchemaViolation:
                    continue
            raise SchemaViolation(_place(path), "giá trị sai kiểu hoặc vượt giới hạn cho phép")

        checks.append(check_any)
    min_len, max_len, pattern = schema.get("minLength"), schema.get("maxLength"), schema.get("pattern")
    if min_len is not None or max_len is not None or pattern is not None:
        regex = _regex(pattern) if pattern is not None else None

        def check_string(doc, path):
            if not isinstance(doc, str):
                return
            if min_len is not None and len(doc) < min_len:
                raise SchemaViolation(_place(path), f"ngắn hơn {min_len} ký tự")
            if max_len is not None and len(doc) > max_len:
                raise SchemaViolation(_place(path), f"dài quá {max_len} ký tự")
            if regex is not None and not regex.search(doc):
                raise SchemaViolation(_place(path), "không đúng dạng quy định")

        checks.append(check_string)
    minimum, maximum = schema.get("minimum"), schema.get("maximum")
    if minimum is not None or maximum is not None:
        def check_number(doc, path):
            if not _is_type(doc, "number"):
                return
            if minimum is not None and doc < minimum:
                raise SchemaViolation(_place(path), f"nhỏ hơn {minimum}")
            if maximum is not None and doc > maximum:
                raise SchemaViolation(_place(path), f"lớn hơn {maximum}")

        checks.append(check_number)
    if {"minItems", "maxItems", "items"} & set(schema):
        min_items, max_items = schema.get("minItems"), schema.get("maxItems")
        item_check = _compile(schema["items"], root) if "items" in schema else None

        def check_array(doc, path):
            if not isinstance(doc, list):
                return
            if min_items is not None and len(doc) < min_items:
                raise SchemaViolation(_place(path), f"ít hơn {min_items} phần tử")
            if max_items is not None and len(doc) > max_items:
                raise SchemaViolation(_place(path), f"nhiều hơn {max_items} phần tử")
            if item_check is not None:
                for i, item in enumerate(doc):
                    path.append(i)
                    item_check(item, path)
                    path.pop()

        checks.append(check_array)
    if {"maxProperties", "required", "properties", "additionalProperties", "propertyNames"} & set(schema):
        max_props = schema.get("maxProperties")
        required = tuple(schema.get("required", ()))
        props = {k: _compile(v, root) for k, v in schema.get("properties", {}).items()}
        extra = schema.get("additionalProperties", True)
        extra_check = _compile(extra, root) if isinstance(extra, dict) else None
        names_check = _compile(schema["propertyNames"], root) if "propertyNames" in schema else None

        def check_object(doc, path):
            if not isinstance(doc, dict):
                return
            if max_props is not None and len(doc) > max_props:
                raise SchemaViolation(_place(path), f"nhiều hơn {max_props} mục")
            for key in required:
                if key not in doc:
                    raise SchemaViolation(_place(path + [key]), "thiếu mục bắt buộc")
            for key in sorted(doc):
                path.append(key)
                if names_check is not None:
                    names_check(key, path)
                sub = props.get(key)
                if sub is not None:
                    sub(doc[key], path)
                elif extra is False:
                    raise SchemaViolation(_place(path), "mục không được phép có")
                elif extra_check is not None:
                    extra_check(doc[key], path)
                path.pop()

        checks.append(check_object)

    def check(doc, path):
        for c in checks:
            c(doc, path)

    return check


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b
