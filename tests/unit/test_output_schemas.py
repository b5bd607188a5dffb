"""The JSON Schemas of ``status``, ``check`` and ``terraform-external`` (shipped in
``pulumi_inspector_trial/schemas``): each a valid draft 2020-12 schema with every object closed,
and the README's check document valid (the commands' output: tests/emulator/test_output_schemas.py
and tests/emulator/test_terraform_external.py).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from support.paths import REPO
from support.schemas import CHECK, errors_of, schema

# --- the schemas ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["status", "check", "terraform-external"])
def test_each_schema_is_a_valid_draft_2020_12_schema(name):
    document = schema(name)
    assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(document)


@pytest.mark.parametrize("name", ["status", "check", "terraform-external"])
def test_every_object_of_each_schema_is_closed(name):
    """A fixed document: no object may grow a key the schema does not name."""

    def objects(node: Any) -> Iterator[dict[str, Any]]:
        if isinstance(node, dict):
            if node.get("type") == "object":
                yield node
            for value in node.values():
                yield from objects(value)
        elif isinstance(node, list):
            for value in node:
                yield from objects(value)

    closed = [o.get("additionalProperties") for o in objects(schema(name)) if "properties" in o]
    assert closed and all(value is False for value in closed)


# --- as a pipeline uses them -------------------------------------------------------------------


def test_the_readmes_check_document_is_valid_and_not_ok():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.index("### What `check` reports")
    block = readme.index("```json\n", section) + len("```json\n")
    document = json.loads(readme[block : readme.index("```", block)])
    assert errors_of(CHECK, document) == []
    assert errors_of(CHECK, {**document, "ok": True})
