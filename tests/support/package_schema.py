"""Pulumi's package metaschema (vendored, see tests/fixtures/pulumi/NOTICE.md) as a validator."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import regress  # ECMA-262 regular expressions; check-jsonschema depends on it
from jsonschema import Draft202012Validator, validators
from jsonschema.exceptions import ValidationError

from support.paths import TESTS

METASCHEMA = TESTS / "fixtures" / "pulumi" / "package-metaschema.json"


def _ecma_pattern(
    validator: Any, pattern: str, instance: object, schema: object
) -> Iterator[ValidationError]:
    # The metaschema's patterns are ECMA-262, as JSON Schema specifies (named groups spelled
    # `(?<name>...)`, which Python's `re` refuses): match them with an ECMA engine.
    if validator.is_type(instance, "string") and regress.Regex(pattern).find(instance) is None:
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


PackageSchemaValidator = validators.extend(Draft202012Validator, {"pattern": _ecma_pattern})


def schema_errors(schema: dict[str, Any]) -> list[str]:
    """Every way ``schema`` breaks Pulumi's package metaschema, as ``path: message``."""
    metaschema = json.loads(METASCHEMA.read_text(encoding="utf-8"))
    return [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in PackageSchemaValidator(metaschema).iter_errors(schema)
    ]
