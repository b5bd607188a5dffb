"""The TypeScript and YAML examples (and the schema's own doc examples, and the README's) use
only names the plugin serves: every function token, argument and output exists in the schema
``GetSchema`` returns, and every required argument is passed."""

from __future__ import annotations

import json
import re

import pytest
import yaml
from support.example_names import problems, typescript_uses, yaml_uses
from support.paths import README, REPO

EXAMPLES = REPO / "examples"


@pytest.fixture(scope="module")
def served(native_plugin):
    return native_plugin.schema()


def test_the_typescript_example_uses_only_served_names(served):
    source = (EXAMPLES / "typescript" / "index.ts").read_text(encoding="utf-8")
    uses = typescript_uses(source, "examples/typescript/index.ts")
    assert {use.token for use in uses} == set(served["functions"])
    assert problems(uses, served) == []
    scan_types = next(u for u in uses if u.token.endswith("getScanTypes"))
    assert {"resourceTypes", "skippedAccounts"} <= scan_types.outputs


def test_the_typescript_example_imports_the_sdk_pulumi_package_add_generates(served):
    folder = EXAMPLES / "typescript"
    package = served["language"]["nodejs"]["packageName"]
    assert f'from "{package}"' in (folder / "index.ts").read_text(encoding="utf-8")
    dependencies = json.loads((folder / "package.json").read_text(encoding="utf-8"))["dependencies"]
    assert dependencies[package] == f"file:sdks/{served['name']}"
    project = yaml.safe_load((folder / "Pulumi.yaml").read_text(encoding="utf-8"))
    assert project["runtime"]["name"] == "nodejs"
    assert (folder / project["packages"][served["name"]]).resolve() == REPO / "provider"


def test_the_yaml_example_uses_only_served_names(served):
    text = (EXAMPLES / "yaml" / "Pulumi.yaml").read_text(encoding="utf-8")
    project = yaml.safe_load(text)
    uses = yaml_uses(project, text, "examples/yaml/Pulumi.yaml")
    assert {use.token for use in uses} == set(served["functions"])
    assert problems(uses, served) == []
    assert project["runtime"] == "yaml"
    assert (EXAMPLES / "yaml" / project["packages"][served["name"]]).resolve() == REPO / "provider"


def test_the_yaml_example_feeds_an_enabler_the_scan_types_for_its_own_account(served):
    project = yaml.safe_load((EXAMPLES / "yaml" / "Pulumi.yaml").read_text(encoding="utf-8"))
    enablers = [r for r in project["resources"].values() if r["type"] == "aws:inspector2:Enabler"]
    assert enablers
    for enabler in enablers:
        (account,) = enabler["properties"]["accountIds"]
        assert enabler["properties"]["resourceTypes"] == f'${{gate.resourceTypes["{account}"]}}'
        assert account in project["variables"]["gate"]["fn::invoke"]["arguments"]["accountIds"]


def _blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", text, re.DOTALL)


def test_the_schemas_doc_examples_use_only_served_names(served):
    for token, function in served["functions"].items():
        uses = []
        for block in _blocks(function["description"], "typescript"):
            uses += typescript_uses(block, f"{token} typescript example")
        for block in _blocks(function["description"], "yaml"):
            uses += yaml_uses(yaml.safe_load(block), block, f"{token} yaml example")
        assert token in {use.token for use in uses}
        assert problems(uses, served) == []


def test_the_readmes_typescript_and_yaml_use_only_served_names(served):
    text = README.read_text(encoding="utf-8")
    section = text.split("## From TypeScript, Go, C#, YAML", 1)[1].split("\n## ", 1)[0]
    uses = []
    for block in _blocks(section, "typescript"):
        uses += typescript_uses(block, "README typescript")
    for block in _blocks(section, "yaml"):
        uses += yaml_uses(yaml.safe_load(block), block, "README yaml")
    assert {use.token for use in uses} == set(served["functions"])
    assert problems(uses, served) == []


def test_a_wrong_name_is_caught(served):
    source = 'const gate = await inspectortrial.getScanTypes({ accountId: "1" });\ngate.types;'
    found = problems(typescript_uses(source, "wrong.ts"), served)
    assert "wrong.ts: inspectortrial:index:getScanTypes has no argument accountId" in found
    assert "wrong.ts: inspectortrial:index:getScanTypes needs accountIds" in found
    assert "wrong.ts: inspectortrial:index:getScanTypes has no output types" in found
