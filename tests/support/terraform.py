"""Terraform's side of ``inspector-trial terraform-external``: a query as the ``external`` data
source writes it on stdin, the result as Terraform reads it from stdout, and
``examples/terraform/main.tf`` as python-hcl2 parses it (there is no ``terraform`` binary here)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import hcl2

from pulumi_inspector_trial.emulator import EmulatorServer
from support.cli_runner import Cli, Outcome

COMMAND = "terraform-external"
CONSOLE_SCRIPT = Path(sys.executable).with_name("inspector-trial")


def query_at(emulator: EmulatorServer, **keys: str) -> dict[str, str]:
    """A query that points the read at ``emulator`` in us-east-1, plus ``keys``."""
    return {"region": "us-east-1", "endpoint_url": emulator.endpoint_url, **keys}


def ask(cli: Cli, query: dict[str, Any] | str) -> Outcome:
    """Run the command in-process (``main``), the query on stdin (JSON unless already text)."""
    return cli(COMMAND, stdin=query if isinstance(query, str) else json.dumps(query))


def ask_process(
    query: dict[str, Any] | str, env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    """Run the installed console script as Terraform does: the query on stdin, nothing else."""
    # The timeout only keeps a hung process from holding the suite.
    return subprocess.run(
        [str(CONSOLE_SCRIPT), COMMAND],
        input=query if isinstance(query, str) else json.dumps(query),
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )


def result_of(stdout: str) -> dict[str, str]:
    """The result as Terraform takes it: one JSON object whose values are all strings."""
    result = json.loads(stdout)
    assert isinstance(result, dict), stdout
    assert all(isinstance(value, str) for value in result.values()), result
    return result


def document_of(result: dict[str, str]) -> dict[str, Any]:
    """The whole result document, as ``jsondecode(data.external.x.result.json)`` reads it."""
    document: dict[str, Any] = json.loads(result["json"])
    return document


# --- examples/terraform/main.tf, as python-hcl2 reads it ---------------------------------------

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "terraform" / "main.tf"
_INTERPOLATION = re.compile(r"\$\{(?P<expression>.*)\}", re.DOTALL)


def example() -> dict[str, Any]:
    """The example's configuration; string literals keep their quotes (python-hcl2 8)."""
    with EXAMPLE.open(encoding="utf-8") as text:
        configuration: dict[str, Any] = hcl2.load(text)
    return configuration


def unquoted(text: str) -> str:
    return text[1:-1] if len(text) >= 2 and text[0] == text[-1] == '"' else text


def expression(value: str) -> str:
    """The HCL expression of an attribute, without the ``${...}`` python-hcl2 wraps it in."""
    found = _INTERPOLATION.fullmatch(value)
    return found["expression"] if found else value


def block(configuration: dict[str, Any], kind: str, *labels: str) -> dict[str, Any]:
    """The one ``kind "label" ...`` block of the configuration."""
    for entry in configuration.get(kind, []):
        node = entry
        for label in labels:
            node = node.get(f'"{label}"')
            if node is None:
                break
        else:
            found: dict[str, Any] = node
            return found
    raise AssertionError(f"no {kind} {' '.join(labels)} block in {EXAMPLE}")


def variable_defaults(configuration: dict[str, Any]) -> dict[str, Any]:
    """Each declared variable's default (None for none), literals unquoted."""
    defaults: dict[str, Any] = {}
    for entry in configuration["variable"]:
        for name, spec in entry.items():
            default = spec.get("default")
            if isinstance(default, list):
                default = [unquoted(item) for item in default]
            elif isinstance(default, str):
                default = unquoted(default)
            defaults[unquoted(name)] = default
    return defaults


_JOIN = re.compile(r'join\(",", var\.(\w+)\)')
_TOSTRING = re.compile(r"tostring\(var\.(\w+)\)")
_VARIABLE = re.compile(r"var\.(\w+)")
_UNLESS_NULL = re.compile(r"var\.(\w+) == null \? null : tostring\(var\.(\w+)\)")


def evaluate(text: str, variables: dict[str, Any]) -> str | None:
    """The value Terraform gives one query attribute of the example, for the few expression forms
    the example uses; any other form fails the test, naming it, rather than guessing."""
    source = expression(text)
    if found := _JOIN.fullmatch(source):
        return ",".join(variables[found[1]])
    if found := _UNLESS_NULL.fullmatch(source):
        assert found[1] == found[2], source
        value = variables[found[1]]
        return None if value is None else _tostring(value)
    if found := _TOSTRING.fullmatch(source):
        return _tostring(variables[found[1]])
    if found := _VARIABLE.fullmatch(source):
        value = variables[found[1]]
        assert value is None or isinstance(value, str), f"{source} is not a string"
        return value
    raise AssertionError(f"the example's query uses {source!r}, which this test cannot evaluate")


def _tostring(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def example_query(variables: dict[str, Any]) -> dict[str, str]:
    """The query the example's data source sends with ``variables`` (over the defaults): null
    values left out, as hashicorp/external 2.3.2 and later do."""
    configuration = example()
    values = {**variable_defaults(configuration), **variables}
    query = block(configuration, "data", "external", "inspector_trials")["query"]
    evaluated = {key: evaluate(text, values) for key, text in query.items()}
    return {key: value for key, value in evaluated.items() if value is not None}
