"""The OpenAPI schema as served, and validation of real answers against it."""

from __future__ import annotations

import copy
import functools
import json
from typing import Any
from urllib.parse import urlsplit

from django.test import Client
from jsonschema import FormatChecker
from openapi_schema_validator import OAS30ReadValidator, oas30_format_checker

# The stock checker lets every string pass as "uri" unless rfc3987 is installed; check it here,
# so that a blank URL matches only the blank branch of the schema's oneOf.
FORMATS = FormatChecker()
FORMATS.checkers = dict(oas30_format_checker.checkers)


@FORMATS.checks("uri")
def _is_uri(value: object) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return bool(parts.scheme and (parts.netloc or parts.path))


@functools.cache
def served_schema() -> dict[str, Any]:
    """The schema from ``/api/schema/?format=json`` (it needs no database)."""
    response = Client().get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return json.loads(response.content)


def _closed(components: dict[str, Any]) -> dict[str, Any]:
    """Components where objects allow no undocumented properties."""
    closed = copy.deepcopy(components)
    for schema in closed.get("schemas", {}).values():
        if schema.get("type") == "object" and "properties" in schema:
            schema.setdefault("additionalProperties", False)
    return closed


def response_schema(path: str, method: str, status: int) -> dict[str, Any]:
    """The JSON schema of one documented answer, with the components to resolve its $refs."""
    spec = served_schema()
    operation = spec["paths"][path][method.lower()]
    responses = operation["responses"]
    assert str(status) in responses, f"{method} {path} does not document {status}"
    schema = responses[str(status)]["content"]["application/json"]["schema"]
    return {**schema, "components": _closed(spec["components"])}


def validate_response(path: str, method: str, response: Any) -> None:
    """Assert that a real answer matches what the schema documents for its status code."""
    schema = response_schema(path, method, response.status_code)
    validator = OAS30ReadValidator(schema, format_checker=FORMATS)
    errors = sorted(validator.iter_errors(response.json()), key=lambda e: list(e.absolute_path))
    assert not errors, f"{method} {path} {response.status_code}: " + "; ".join(
        f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]
    )
