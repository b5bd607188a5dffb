"""The native plugin over gRPC, as the engine drives it for a TypeScript or YAML program: plugin
info, schema, provider config, and invokes with plain, secret, bad and unknown inputs.

(tests/native/test_native_concurrency.py: many invokes at once; tests/native/test_examples.py:
the examples' names against the served schema; tests/unit/test_native_schema.py: the schema.)
"""

from __future__ import annotations

import sys
from datetime import datetime, timezone
from typing import Any

import pytest
from support.aws_env import fake_aws_process_env
from support.paths import REPO

from pulumi_inspector_trial import __version__
from pulumi_inspector_trial.aws.resolver import resolve_free_trials
from pulumi_inspector_trial.domain.gating import GatingPolicy, decide
from pulumi_inspector_trial.emulator import sample_organisation
from pulumi_inspector_trial.emulator.sample import (
    ENDING_SOON_ACCOUNT,
    EXPIRED_ACCOUNT,
    FRESH_ACCOUNT,
    NEW_TYPES_ACCOUNT,
    NON_MEMBER_ACCOUNT,
)
from pulumi_inspector_trial.plugin.names import GET_FREE_TRIAL_INFO, GET_SCAN_TYPES
from pulumi_inspector_trial.plugin.schema import (
    ACCOUNT_BEARING,
    package_schema,
)
from pulumi_inspector_trial.testing import (
    UNKNOWN,
    NativeProviderPlugin,
    PluginCallError,
    Secret,
)

MEMBERS = [FRESH_ACCOUNT, ENDING_SOON_ACCOUNT, EXPIRED_ACCOUNT, NEW_TYPES_ACCOUNT]


@pytest.fixture
def emulator(make_emulator):
    # Built around the real clock: the plugin decides at the moment it reads.
    return make_emulator(sample_organisation(datetime.now(timezone.utc)))


def camel_keys(value: Any) -> Any:
    """The contract's snake_case document in the schema's camelCase (no data keys in it)."""
    if isinstance(value, dict):
        return {
            k.split("_")[0] + "".join(w.capitalize() for w in k.split("_")[1:]): camel_keys(v)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [camel_keys(v) for v in value]
    return value


# -- plugin info, schema, config ---------------------------------------------------------------


def test_the_plugin_reports_this_packages_version(native_plugin):
    assert native_plugin.plugin_info() == __version__


def test_the_plugin_serves_the_package_schema(native_plugin):
    assert native_plugin.schema() == package_schema()


def test_the_plugin_folder_serves_the_same_plugin_as_the_language_host_runs_it(tmp_path):
    folder = REPO / "provider"
    assert "runtime:\n  name: python" in (folder / "PulumiPlugin.yaml").read_text()
    assert "-e .." in (folder / "requirements.txt").read_text().splitlines()
    env = fake_aws_process_env(tmp_path)
    with NativeProviderPlugin(env=env, command=[sys.executable, str(folder)]) as plugin:
        assert plugin.plugin_info() == __version__
        assert plugin.schema() == package_schema()


def test_good_provider_config_passes_check_config(native_plugin, emulator):
    config = {"region": "eu-west-1", "endpointUrl": emulator.endpoint_url, "profile": "ci"}
    assert native_plugin.check_config(config) == []


def test_a_bad_config_value_fails_check_config_naming_the_variable(native_plugin):
    failures = dict(native_plugin.check_config({"region": "us-east-one"}))
    assert list(failures) == ["region"]
    assert "inspectortrial:region" in failures["region"]
    assert "'us-east-one'" in failures["region"]


def test_an_unknown_config_variable_is_named(native_plugin):
    failures = dict(native_plugin.check_config({"regoin": "us-east-1"}))
    assert "inspectortrial:regoin" in failures["regoin"]


def test_an_endpoint_password_in_config_is_refused_and_never_shown(native_plugin):
    failures = dict(native_plugin.check_config({"endpointUrl": "http://ci:s3cr3tpass@127.0.0.1:9"}))
    assert "endpointUrl" in failures
    assert "s3cr3tpass" not in failures["endpointUrl"]


def test_diff_config_names_the_changed_variables(native_plugin):
    old = {"region": "us-east-1", "profile": "ci"}
    assert native_plugin.diff_config(old, {**old, "region": "eu-west-1"}) == ["region"]
    assert native_plugin.diff_config(old, {"region": "us-east-1"}) == ["profile"]
    assert native_plugin.diff_config(old, dict(old)) == []


def test_configure_accepts_secrets_and_supports_preview(native_plugin):
    response = native_plugin.configure({"region": "us-east-1"})
    assert response.acceptSecrets is True
    assert response.supportsPreview is True


# -- getFreeTrialInfo --------------------------------------------------------------------------


def test_get_free_trial_info_returns_the_read_in_camel_case(native_plugin, emulator):
    url = emulator.endpoint_url
    result = native_plugin.invoke(GET_FREE_TRIAL_INFO, {"accountIds": MEMBERS, "endpointUrl": url})
    assert result.failures == []
    expected = resolve_free_trials(MEMBERS, region="us-east-1", endpoint_url=url).to_dict()
    assert result.outputs["accounts"] == camel_keys(expected["accounts"])
    assert result.outputs["failedAccounts"] == []
    assert result.outputs["accountIds"] == sorted(MEMBERS)
    assert result.outputs["region"] == "us-east-1"  # from the provider's config
    assert set(result.outputs["activeTypes"]) == set(MEMBERS)
    assert "costs" not in result.outputs  # not asked for


def test_plain_inputs_keep_plain_outputs(native_plugin, emulator):
    args = {"accountIds": [FRESH_ACCOUNT], "endpointUrl": emulator.endpoint_url}
    assert native_plugin.invoke(GET_FREE_TRIAL_INFO, args).secret == frozenset()


def test_secret_account_ids_make_every_account_bearing_output_secret(native_plugin, emulator):
    args = {"accountIds": Secret([FRESH_ACCOUNT]), "endpointUrl": emulator.endpoint_url}
    result = native_plugin.invoke(GET_FREE_TRIAL_INFO, args)
    assert result.failures == []
    assert result.secret == ACCOUNT_BEARING[GET_FREE_TRIAL_INFO] & set(result.outputs)
    assert {"accountIds", "accounts", "activeTypes"} <= result.secret
    assert "region" not in result.secret
    assert result.outputs["accountIds"] == [FRESH_ACCOUNT]


def test_a_secret_id_inside_a_plain_list_is_enough(native_plugin, emulator):
    args = {"accountIds": [Secret(FRESH_ACCOUNT)], "endpointUrl": emulator.endpoint_url}
    assert "accounts" in native_plugin.invoke(GET_FREE_TRIAL_INFO, args).secret


def test_a_secret_region_keeps_its_echo_secret_too(native_plugin, emulator):
    args = {
        "accountIds": [FRESH_ACCOUNT],
        "region": Secret("us-east-1"),
        "endpointUrl": emulator.endpoint_url,
    }
    result = native_plugin.invoke(GET_FREE_TRIAL_INFO, args)
    assert {"region", "accounts", "accountIds"} <= result.secret


def test_costs_are_read_only_when_asked_for(native_plugin, emulator):
    args = {"accountIds": [FRESH_ACCOUNT], "endpointUrl": emulator.endpoint_url}
    native_plugin.invoke(GET_FREE_TRIAL_INFO, args)
    assert {r.operation for r in emulator.backend.requests} == {"BatchGetFreeTrialInfo"}
    result = native_plugin.invoke(GET_FREE_TRIAL_INFO, {**args, "includeCosts": True})
    assert set(result.outputs["costs"][FRESH_ACCOUNT]) == {
        "currency",
        "total",
        "scanTypes",
        "usageTypes",
    }
    assert "ListUsageTotals" in {r.operation for r in emulator.backend.requests}


def test_members_and_account_status_read_the_organisation(native_plugin, emulator):
    args = {"members": True, "includeAccountStatus": True, "endpointUrl": emulator.endpoint_url}

    result = native_plugin.invoke(GET_FREE_TRIAL_INFO, args)

    assert result.failures == []
    assert result.outputs["accountIds"] == MEMBERS
    assert result.outputs["enabledTypes"] == {
        FRESH_ACCOUNT: ["EC2", "ECR", "LAMBDA"],
        ENDING_SOON_ACCOUNT: ["EC2", "ECR", "LAMBDA", "LAMBDA_CODE"],
        EXPIRED_ACCOUNT: ["EC2"],
        NEW_TYPES_ACCOUNT: ["EC2"],
    }
    assert emulator.backend.request_count("ListMembers") == 1


def test_members_with_account_ids_is_a_failure_naming_members(native_plugin, emulator):
    args = {"members": True, "accountIds": [FRESH_ACCOUNT], "endpointUrl": emulator.endpoint_url}

    result = native_plugin.invoke(GET_FREE_TRIAL_INFO, args)

    assert [prop for prop, _ in result.failures] == ["members"]
    assert emulator.backend.requests == []


def test_get_scan_types_of_the_members_decides_for_each_member(native_plugin, emulator):
    args = {"members": True, "endpointUrl": emulator.endpoint_url}

    result = native_plugin.invoke(GET_SCAN_TYPES, args)

    assert result.failures == []
    assert sorted(result.outputs["decisions"]) == MEMBERS


# -- bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "prop", "named"),
    [
        ({"accountIds": ["12345"]}, "accountIds", "'12345'"),
        ({"accountIds": []}, "accountIds", "accountIds"),
        ({}, "accountIds", "accountIds"),
        ({"accountIds": [FRESH_ACCOUNT], "region": "us-east-one"}, "region", "'us-east-one'"),
        ({"accountIds": [FRESH_ACCOUNT], "roleArn": "admin"}, "roleArn", "'admin'"),
        (
            {"accountIds": [FRESH_ACCOUNT], "allowFailedAccounts": "yes"},
            "allowFailedAccounts",
            "'yes'",
        ),
        ({"accountIds": [FRESH_ACCOUNT], "minDaysLeft": 7}, "minDaysLeft", "minDaysLeft"),
    ],
)
def test_bad_input_to_get_free_trial_info_is_a_failure_naming_the_property(
    native_plugin, emulator, args, prop, named
):
    result = native_plugin.invoke(
        GET_FREE_TRIAL_INFO, {**args, "endpointUrl": emulator.endpoint_url}
    )
    assert [failure[0] for failure in result.failures] == [prop]
    assert named in result.failures[0][1]
    assert emulator.backend.request_count() == 0  # nothing sent


@pytest.mark.parametrize(
    ("args", "prop", "named"),
    [
        ({"wantedTypes": ["EC2", "S3"]}, "wantedTypes", "'S3'"),
        ({"alwaysEnable": "ECR"}, "alwaysEnable", "'ECR'"),
        ({"minDaysLeft": 7.5}, "minDaysLeft", "7.5"),
        ({"minDaysLeft": -1}, "minDaysLeft", "-1"),
        ({"maxMonthlyCost": -5}, "maxMonthlyCost", "-5"),
    ],
)
def test_bad_gating_input_is_a_failure_naming_the_property(
    native_plugin, emulator, args, prop, named
):
    result = native_plugin.invoke(
        GET_SCAN_TYPES,
        {"accountIds": [FRESH_ACCOUNT], "endpointUrl": emulator.endpoint_url, **args},
    )
    assert [failure[0] for failure in result.failures] == [prop]
    assert named in result.failures[0][1]
    assert emulator.backend.request_count() == 0


def test_a_bad_secret_account_id_is_never_shown_whole(native_plugin, emulator):
    args = {"accountIds": Secret(["98765432101"]), "endpointUrl": emulator.endpoint_url}
    ((prop, reason),) = native_plugin.invoke(GET_FREE_TRIAL_INFO, args).failures
    assert prop == "accountIds"
    assert "98765432101" not in reason
    assert "2101" in reason


def test_an_endpoint_password_in_an_argument_is_never_shown(native_plugin):
    args = {"accountIds": [FRESH_ACCOUNT], "endpointUrl": "http://ci:s3cr3tpass@127.0.0.1:9"}
    ((prop, reason),) = native_plugin.invoke(GET_FREE_TRIAL_INFO, args).failures
    assert prop == "endpointUrl"
    assert "s3cr3tpass" not in reason


def test_failed_accounts_fail_the_invoke_naming_them(native_plugin, emulator):
    args = {"accountIds": [FRESH_ACCOUNT, NON_MEMBER_ACCOUNT], "endpointUrl": emulator.endpoint_url}
    ((prop, reason),) = native_plugin.invoke(GET_FREE_TRIAL_INFO, args).failures
    assert prop == "accountIds"
    assert NON_MEMBER_ACCOUNT in reason
    assert "allowFailedAccounts" in reason  # the advice speaks the schema's names


def test_allowed_failed_accounts_are_listed(native_plugin, emulator):
    args = {
        "accountIds": [FRESH_ACCOUNT, NON_MEMBER_ACCOUNT],
        "endpointUrl": emulator.endpoint_url,
        "allowFailedAccounts": True,
    }
    result = native_plugin.invoke(GET_FREE_TRIAL_INFO, args)
    assert [f["accountId"] for f in result.outputs["failedAccounts"]] == [NON_MEMBER_ACCOUNT]
    assert result.outputs["failedAccounts"][0]["code"] == "ACCESS_DENIED"


def test_a_read_that_fails_is_one_sentence_without_a_traceback(native_plugin):
    args = {"accountIds": [FRESH_ACCOUNT], "endpointUrl": "http://127.0.0.1:9"}
    with pytest.raises(PluginCallError) as raised:
        native_plugin.invoke(GET_FREE_TRIAL_INFO, args)
    message = raised.value.message
    assert "http://127.0.0.1:9" in message
    assert "Traceback" not in message
    assert "File " not in message


def test_an_unknown_function_is_named(native_plugin):
    with pytest.raises(PluginCallError) as raised:
        native_plugin.invoke("inspectortrial:index:getTrials", {"accountIds": [FRESH_ACCOUNT]})
    assert "inspectortrial:index:getTrials" in raised.value.message


def test_no_region_anywhere_is_a_failure_saying_where_to_set_one(tmp_path, emulator):
    with NativeProviderPlugin(env=fake_aws_process_env(tmp_path)) as plugin:
        plugin.configure({})
        args = {"accountIds": [FRESH_ACCOUNT], "endpointUrl": emulator.endpoint_url}
        ((prop, reason),) = plugin.invoke(GET_FREE_TRIAL_INFO, args).failures
    assert prop == "region"
    assert "inspectortrial:region" in reason
    assert emulator.backend.request_count() == 0


# -- unknown inputs ----------------------------------------------------------------------------


@pytest.mark.parametrize("account_ids", [UNKNOWN, [FRESH_ACCOUNT, UNKNOWN]])
def test_unknown_inputs_give_unknown_outputs_and_read_nothing(native_plugin, emulator, account_ids):
    args = {"accountIds": account_ids, "endpointUrl": emulator.endpoint_url}
    result = native_plugin.invoke(GET_SCAN_TYPES, args)
    assert result.failures == []
    assert result.unknown == set(
        package_schema()["functions"][GET_SCAN_TYPES]["outputs"]["properties"]
    )
    assert emulator.backend.request_count() == 0


# -- getScanTypes ------------------------------------------------------------------------------


def test_get_scan_types_decides_as_the_gating_rules_do(native_plugin, emulator):
    url = emulator.endpoint_url
    args = {"accountIds": MEMBERS, "endpointUrl": url, "minDaysLeft": 5, "alwaysEnable": ["ECR"]}
    result = native_plugin.invoke(GET_SCAN_TYPES, args)
    assert result.failures == []
    expected = decide(
        resolve_free_trials(MEMBERS, region="us-east-1", endpoint_url=url),
        ("EC2", "ECR", "LAMBDA", "LAMBDA_CODE", "CODE_REPOSITORY"),
        GatingPolicy(min_days_left=5, always_enable=["ECR"]),
        at=datetime.now(timezone.utc),
    )
    assert result.outputs["resourceTypes"] == {
        i: list(d.enable) for i, d in expected.items() if d.enable
    }
    assert result.outputs["decisions"] == {i: d.to_dict() for i, d in expected.items()}
    assert result.outputs["skippedAccounts"] == {
        i: d.summary for i, d in expected.items() if not d.enable
    }
    assert all(types for types in result.outputs["resourceTypes"].values())


def test_allowed_failed_accounts_are_skipped_failing_closed(native_plugin, emulator):
    args = {
        "accountIds": [FRESH_ACCOUNT, NON_MEMBER_ACCOUNT],
        "endpointUrl": emulator.endpoint_url,
        "allowFailedAccounts": True,
        "alwaysEnable": ["ECR"],
    }
    result = native_plugin.invoke(GET_SCAN_TYPES, args)
    assert NON_MEMBER_ACCOUNT not in result.outputs["resourceTypes"]
    assert "ACCESS_DENIED" in result.outputs["skippedAccounts"][NON_MEMBER_ACCOUNT]
    assert result.outputs["decisions"][NON_MEMBER_ACCOUNT]["resolved"] is False


def test_a_budget_reads_costs_for_scan_types(native_plugin, emulator):
    args = {
        "accountIds": [EXPIRED_ACCOUNT],
        "endpointUrl": emulator.endpoint_url,
        "maxMonthlyCost": 1000,
    }
    result = native_plugin.invoke(GET_SCAN_TYPES, args)
    assert result.failures == []
    assert "ListUsageTotals" in {r.operation for r in emulator.backend.requests}
    assert any(
        "budget" in why for why in result.outputs["decisions"][EXPIRED_ACCOUNT]["reasons"].values()
    )


def test_secret_input_to_get_scan_types_makes_every_output_secret(native_plugin, emulator):
    args = {"accountIds": Secret([FRESH_ACCOUNT]), "endpointUrl": emulator.endpoint_url}
    result = native_plugin.invoke(GET_SCAN_TYPES, args)
    assert result.secret == {"resourceTypes", "skippedAccounts", "decisions"}


def test_an_output_value_without_its_value_counts_as_unknown(native_plugin, emulator):
    # What an engine sends for an unknown output that carries dependencies (and may be secret):
    # an output value with no `value`, which the SDK's own unmarshalling refuses.
    from google.protobuf import struct_pb2
    from pulumi.runtime import rpc
    from pulumi.runtime.proto import provider_pb2

    unknown_output = struct_pb2.Value()
    unknown_output.struct_value.update(
        {
            rpc._special_sig_key: rpc._special_output_value_sig,
            "secret": True,
            "dependencies": ["urn:pulumi:stack::project::aws:organizations/account:Account::a"],
        }
    )
    args = struct_pb2.Struct()
    args.fields["accountIds"].CopyFrom(unknown_output)
    args.update({"endpointUrl": emulator.endpoint_url})
    response = native_plugin.stub.Invoke(provider_pb2.InvokeRequest(tok=GET_SCAN_TYPES, args=args))
    returned = dict(getattr(response, "return").fields)
    assert {name: value.string_value for name, value in returned.items()} == dict.fromkeys(
        ["resourceTypes", "skippedAccounts", "decisions"], UNKNOWN
    )
    assert emulator.backend.request_count() == 0
