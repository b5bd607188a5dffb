"""The JSON schemas of the status, check and terraform-external documents, and the document a
real run prints."""

from __future__ import annotations

import io
import json
from datetime import datetime
from importlib.resources import files
from typing import Any

from jsonschema import Draft202012Validator

from pulumi_inspector_trial.cli import main


def schema(name: str) -> dict[str, Any]:
    text = files("pulumi_inspector_trial").joinpath(f"schemas/{name}.schema.json").read_text()
    document: dict[str, Any] = json.loads(text)
    return document


STATUS = Draft202012Validator(schema("status"))
CHECK = Draft202012Validator(schema("check"))
TERRAFORM = Draft202012Validator(schema("terraform-external"))


def printed(fixed_now: datetime, *argv: str) -> tuple[int, dict[str, Any]]:
    """Run the command; its exit code and the JSON document it printed."""
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err, clock=lambda: fixed_now)
    assert out.getvalue(), err.getvalue()
    document: dict[str, Any] = json.loads(out.getvalue())
    return code, document


def errors_of(validator: Draft202012Validator, document: Any) -> list[str]:
    return [error.message for error in validator.iter_errors(document)]
