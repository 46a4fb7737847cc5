"""The schema files of resources/schema/ and the small validator that applies them on import."""

import json

import pytest

from ebgov_desktop.exchange.jsonschema_lite import SchemaViolation, validate
from ebgov_desktop.services.datasets import demo_dataset
from ebgov_desktop.services.packages import schemas
from ebgov_desktop.services.paths import resource


def test_the_schema_files_are_the_ones_used_and_accept_the_demo():
    s = schemas()
    assert s.manifest == json.loads(resource("schema", "manifest-v1.schema.json").read_text("utf-8"))
    assert s.data == json.loads(resource("schema", "data-v1.schema.json").read_text("utf-8"))
    validate(json.loads(demo_dataset().to_json()), s.data)


@pytest.mark.parametrize("doc, schema, ok", [
    (True, {"type": "integer"}, False),
    (1, {"type": "integer"}, True),
    (1.5, {"type": "integer"}, False),
    (False, {"type": "number"}, False),
    (None, {"type": ["integer", "null"]}, True),
    ("abc", {"type": "string", "pattern": "^[a-z]+$", "maxLength": 3}, True),
    ("abcd", {"type": "string", "maxLength": 3}, False),
    (5, {"minimum": 0, "maximum": 4}, False),
    ([1, 2, 3], {"type": "array", "maxItems": 2}, False),
    ({"a": 1}, {"type": "object", "additionalProperties": False}, False),
    ({"a": 1}, {"type": "object", "required": ["b"]}, False),
    ({"x": "1"}, {"propertyNames": {"pattern": "^[a-z]$"}, "additionalProperties": {"type": "string"}},
     True),
    (1, {"const": 1}, True),
    (True, {"const": 1}, False),
    ("b", {"enum": ["a", "c"]}, False),
    ("a", {"anyOf": [{"type": "integer"}, {"type": "string"}]}, True),
    ([], {"anyOf": [{"type": "integer"}, {"type": "string"}]}, False),
])
def test_validator_keywords(doc, schema, ok):
    if ok:
        validate(doc, schema)
    else:
        with pytest.raises(SchemaViolation):
            validate(doc, schema)


def test_the_place_of_a_violation_is_named():
    schema = {"type": "object", "properties": {"rows": {"type": "array", "items": {
        "type": "object", "properties": {"n": {"type": "integer"}}}}}}
    with pytest.raises(SchemaViolation) as info:
        validate({"rows": [{"n": 1}, {"n": "x"}]}, schema)
    assert info.value.place == "rows[1].n" and "số nguyên" in info.value.problem


def test_an_unsupported_keyword_is_a_programming_error_not_a_silent_pass():
    with pytest.raises(AssertionError):
        validate(1, {"multipleOf": 2})
