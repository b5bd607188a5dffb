"""``examples/terraform/main.tf`` speaks the command's protocol: parsed with python-hcl2 (there is
no ``terraform`` binary here), every query key it sends is one the command takes, every value a
string, every result key and document field it reads is one the command writes, and the Enabler's
``resource_types`` come from ``split(",", ...)`` of the result (the example's query run against the
emulator: tests/process/test_terraform_external.py).
"""

from __future__ import annotations

import re
from importlib.metadata import entry_points

import hcl2
import pytest
from support.paths import README
from support.schemas import schema
from support.terraform import (
    EXAMPLE,
    block,
    example,
    example_query,
    expression,
    unquoted,
    variable_defaults,
)

from pulumi_inspector_trial.cli.parser import build_parser
from pulumi_inspector_trial.cli.terraform import QUERY_KEYS, RESULT_DOCUMENT_KEY, TerraformQuery
from pulumi_inspector_trial.domain.gating import ENABLER_RESOURCE_TYPES

DATA = "data.external.inspector_trials"
DOCUMENT = schema("terraform-external")


def _expressions() -> list[str]:
    """Every expression of the example, wherever it stands."""
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
        elif isinstance(node, str) and node.startswith("${"):
            found.append(expression(node))

    walk(example())
    return found


def test_the_data_source_runs_the_installed_command():
    data = block(example(), "data", "external", "inspector_trials")
    program = [unquoted(word) for word in data["program"]]
    (script,) = entry_points(group="console_scripts", name=program[0])
    assert script.value == "pulumi_inspector_trial.cli:run"
    assert build_parser().parse_args(program[1:]).command == "terraform-external"


def test_every_query_key_is_one_the_command_takes():
    query = block(example(), "data", "external", "inspector_trials")["query"]
    assert set(query) <= set(QUERY_KEYS)
    assert "account_ids" in query


@pytest.mark.parametrize(
    "variables",
    [
        {"account_ids": ["111122223333", "444455556666"]},
        {
            "account_ids": ["111122223333"],
            "max_monthly_cost": 12.5,
            "allow_failed_accounts": True,
            "always_enable": ["ECR"],
            "endpoint_url": "http://127.0.0.1:4580",
        },
    ],
    ids=["defaults", "every variable set"],
)
def test_the_query_it_sends_is_strings_the_command_accepts(variables):
    query = example_query(variables)
    assert all(isinstance(value, str) for value in query.values())
    parsed = TerraformQuery.from_mapping(query)  # raises, naming the key, on a bad one
    assert list(parsed.values["account_ids"]) == sorted(variables["account_ids"])


def test_the_variables_defaults_are_values_the_command_accepts():
    defaults = variable_defaults(example())
    assert set(defaults["wanted_types"]) <= set(ENABLER_RESOURCE_TYPES)
    assert set(defaults["always_enable"]) <= set(ENABLER_RESOURCE_TYPES)


def test_every_result_key_it_reads_is_one_the_command_writes():
    read = []
    for text in _expressions():
        read += re.findall(rf"{re.escape(DATA)}\.result\.(\w+)", text)
        read += re.findall(rf'{re.escape(DATA)}\.result\["([^"]+)"\]', text)
    assert read, "the example reads nothing of the result"
    # The other keys are account ids, which the example takes by iterating over the result.
    assert set(read) == {RESULT_DOCUMENT_KEY}


def test_the_accounts_loop_leaves_out_the_json_key_and_empty_answers():
    (loop,) = [
        text for text in _expressions() if re.search(rf"in {re.escape(DATA)}\.result\s*:", text)
    ]
    assert f'!= "{RESULT_DOCUMENT_KEY}"' in loop
    assert '!= ""' in loop  # an Enabler needs at least one type


def test_every_document_field_it_reads_is_in_the_documents_schema():
    fields: dict[str, str] = {}
    for text in _expressions():
        for field in re.findall(r"local\.trials\.(\w+)", text):
            fields[field] = text
    assert fields, "the example reads nothing of the document"
    assert set(fields) <= set(DOCUMENT["properties"])
    # Attributes of the loop variables: `for id, decision in local.trials.decisions : decision.x`.
    items = {"decisions": "decision", "failed_accounts": "failedAccount"}
    for field, text in fields.items():
        for name in re.findall(rf"for (?:\w+, )?(\w+) in local\.trials\.{field}\b", text):
            attributes = set(re.findall(rf"\b{name}\.(\w+)", text))
            assert attributes <= set(DOCUMENT["$defs"][items[field]]["properties"]), text


def test_the_enabler_takes_its_resource_types_from_split_of_the_result():
    enabler = block(example(), "resource", "aws_inspector2_enabler", "trial")
    assert expression(enabler["for_each"]) == "local.resource_types"
    assert expression(enabler["resource_types"]) == "each.value"
    assert [expression(a) for a in enabler["account_ids"]] == ["each.key"]
    locals_ = {k: v for entry in example()["locals"] for k, v in entry.items()}
    assert 'split(",", types)' in expression(locals_["resource_types"])


def test_every_variable_it_uses_is_declared():
    used = {name for text in _expressions() for name in re.findall(r"\bvar\.(\w+)", text)}
    assert used and used <= set(variable_defaults(example())), EXAMPLE


def test_the_readmes_terraform_snippet_sends_keys_the_command_takes():
    readme = README.read_text(encoding="utf-8")
    start = readme.index("```hcl\n", readme.index("## From Terraform")) + len("```hcl\n")
    snippet = hcl2.loads(readme[start : readme.index("```", start)])
    query = block(snippet, "data", "external", "inspector_trials")["query"]
    assert set(query) <= set(QUERY_KEYS)
    literals = {key: unquoted(text) for key, text in query.items() if not text.startswith("${")}
    TerraformQuery.from_mapping({"account_ids": "111122223333", **literals})
    enabler = block(snippet, "resource", "aws_inspector2_enabler", "trial")
    assert 'split(",", types)' in expression(enabler["for_each"])
    assert f'!= "{RESULT_DOCUMENT_KEY}"' in expression(enabler["for_each"])
