"""The native plugin's package schema: valid against Pulumi's metaschema, derived from the one
declaration of the inputs, its outputs the read's own document in camelCase.

(tests/native/test_native_protocol.py: the plugin serves exactly this schema over gRPC.)
"""

from __future__ import annotations

import copy
import dataclasses
import re
from datetime import timezone

import pytest
from packaging.utils import canonicalize_name
from support.factories import NOW, trial
from support.package_schema import schema_errors

from pulumi_inspector_trial import __version__
from pulumi_inspector_trial.domain.costs import AccountCosts
from pulumi_inspector_trial.domain.inputs import (
    GATING_INPUTS,
    INPUTS,
    READ_INPUTS,
    SETTING_INPUTS,
    required_properties,
)
from pulumi_inspector_trial.domain.trials import AccountTrials, FailedAccount, FreeTrialResult
from pulumi_inspector_trial.plugin.names import (
    GET_FREE_TRIAL_INFO,
    GET_SCAN_TYPES,
    PACKAGE,
    PYTHON_PACKAGE,
)
from pulumi_inspector_trial.plugin.schema import (
    ACCOUNT_BEARING,
    FUNCTION_OUTPUTS,
    package_schema,
    snake_case,
)
from pulumi_inspector_trial.plugin.values import result_of
from pulumi_inspector_trial.read.query import AwsSettings, TrialQuery
from pulumi_inspector_trial.read.service import TrialRead
from pulumi_inspector_trial.resources.free_trial_info import ACCOUNT_OUTPUTS

SCHEMA = package_schema()
FUNCTIONS = SCHEMA["functions"]


def test_the_schema_is_valid_against_pulumis_package_metaschema():
    assert schema_errors(SCHEMA) == []


def test_the_metaschema_check_catches_a_broken_schema():
    broken = copy.deepcopy(SCHEMA)
    broken["version"] = "version one"
    broken["functions"]["inspectortrial:index:get trials"] = broken["functions"].pop(GET_SCAN_TYPES)
    errors = schema_errors(broken)
    assert any(error.startswith("version:") for error in errors), errors
    assert any("get trials" in error for error in errors), errors


def test_the_package_is_inspectortrial_at_this_packages_version():
    assert SCHEMA["name"] == PACKAGE == "inspectortrial"
    assert SCHEMA["version"] == __version__


def test_the_generated_python_sdk_cannot_collide_with_this_package():
    python = SCHEMA["language"]["python"]["packageName"]
    assert python == PYTHON_PACKAGE
    # Neither the distribution (PEP 503 names) nor the import package is this one's.
    assert canonicalize_name(python) != canonicalize_name("pulumi-inspector-trial")
    assert python.replace("-", "_") != "pulumi_inspector_trial"


@pytest.mark.parametrize(
    ("token", "declared"),
    [(GET_FREE_TRIAL_INFO, READ_INPUTS), (GET_SCAN_TYPES, (*READ_INPUTS, *GATING_INPUTS))],
)
def test_each_functions_inputs_are_the_declared_ones_in_camel_case(token, declared):
    inputs = FUNCTIONS[token]["inputs"]
    assert list(inputs["properties"]) == [i.camel_name for i in declared]
    assert inputs["required"] == required_properties(declared)
    for item in declared:
        spec = inputs["properties"][item.camel_name]
        expected = item.schema_property()
        assert {k: v for k, v in spec.items() if k != "description"} == {
            k: v for k, v in expected.items() if k != "description"
        }
        assert spec["description"], f"{item.camel_name} has no description"


def test_getscantypes_takes_every_declared_input():
    assert set(FUNCTIONS[GET_SCAN_TYPES]["inputs"]["properties"]) == {i.camel_name for i in INPUTS}


def test_the_provider_config_is_the_declared_settings():
    names = [i.camel_name for i in SETTING_INPUTS]
    assert list(SCHEMA["config"]["variables"]) == names
    assert list(SCHEMA["provider"]["inputProperties"]) == names
    assert set(names) >= {"region", "profile", "roleArn", "endpointUrl"}


def _property_descriptions() -> list[str]:
    specs = [*SCHEMA["config"]["variables"].values()]
    for function in FUNCTIONS.values():
        specs += [*function["inputs"]["properties"].values()]
        specs += [*function["outputs"]["properties"].values()]
    for declared in SCHEMA["types"].values():
        specs += [*declared["properties"].values()]
    return [spec["description"] for spec in specs]


def test_descriptions_speak_the_schemas_names_and_the_plugins_defaults():
    text = "\n".join(_property_descriptions())
    assert "failedAccounts" in text
    for item in INPUTS:
        if item.name != item.camel_name:
            assert not re.search(rf"\b{item.name}\b", text), item.name
    assert "aws:region" not in str(FUNCTIONS[GET_FREE_TRIAL_INFO]["inputs"])
    assert (
        f"{PACKAGE}:region"
        in FUNCTIONS[GET_FREE_TRIAL_INFO]["inputs"]["properties"]["region"]["description"]
    )


def test_each_function_documents_an_example_for_each_language():
    for token, function in FUNCTIONS.items():
        description = function["description"]
        assert "{{% examples %}}" in description, token
        for language in ("typescript", "python", "yaml"):
            assert f"```{language}" in description, (token, language)
    assert "```go" in FUNCTIONS[GET_SCAN_TYPES]["description"]
    assert "```csharp" in FUNCTIONS[GET_SCAN_TYPES]["description"]


def _sample_read(**query: object) -> TrialRead:
    fresh = AccountTrials(
        "111122223333", (dataclasses.replace(trial("EC2"), cloud_provider="AWS"),)
    )
    failed = FailedAccount("555566667777", "ACCESS_DENIED", "not a member")
    costs = AccountCosts("111122223333", {"EC2_INSTANCE_HOURS": 12.5})
    return TrialRead(
        TrialQuery(("111122223333", "555566667777"), AwsSettings(region="us-east-1"), **query),
        "us-east-1",
        FreeTrialResult((fresh,), (failed,)),
        NOW.astimezone(timezone.utc),
        {"111122223333": costs},
    )


def test_every_output_the_read_gives_is_declared_except_the_echoed_settings():
    document = _sample_read(include_costs=True, allow_failed_accounts=True).outputs()
    echoed_settings = {i.name for i in INPUTS} - {"account_ids", "region"}
    declared = {snake_case(name) for name in FUNCTION_OUTPUTS[GET_FREE_TRIAL_INFO]}
    assert set(document) - echoed_settings <= declared


def test_a_reads_document_becomes_the_declared_camel_case_result():
    document = _sample_read(include_costs=True, allow_failed_accounts=True).outputs()
    result = result_of(document, FUNCTION_OUTPUTS[GET_FREE_TRIAL_INFO])
    (account,) = result["accounts"].value
    assert set(account.value) == {"accountId", "freeTrialInfo"}
    (first,) = account.value["freeTrialInfo"].value
    assert first.value["cloudProvider"].value == "AWS"
    assert set(result["failedAccounts"].value[0].value) == {"accountId", "code", "message"}
    # Map keys are data (account ids, usage types), kept as they are.
    costs = result["costs"].value["111122223333"].value
    assert costs["total"].value == pytest.approx(12.5)
    assert list(costs["usageTypes"].value) == ["EC2_INSTANCE_HOURS"]
    assert list(result["activeTypes"].value) == ["111122223333"]


def test_every_output_carrying_account_ids_is_marked_for_secrecy():
    camel = {name: "".join(w.capitalize() for w in name.split("_")) for name in ACCOUNT_OUTPUTS}
    bearing = {name[0].lower() + name[1:] for name in camel.values()}
    assert bearing <= ACCOUNT_BEARING[GET_FREE_TRIAL_INFO]
    assert "region" not in ACCOUNT_BEARING[GET_FREE_TRIAL_INFO]
    assert ACCOUNT_BEARING[GET_SCAN_TYPES] == set(FUNCTION_OUTPUTS[GET_SCAN_TYPES])
