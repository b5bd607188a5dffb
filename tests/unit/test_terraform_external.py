"""``inspector-trial terraform-external`` without a network: the query's keys and how each value
is read from its text, every bad query refused by ``main(argv)`` naming the key and the value
before anything is sent (this tier opens no socket), and the result's two shapes (the reads
against the emulator: tests/emulator/test_terraform_external.py; the real console script:
tests/process/test_terraform_external.py).
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.cli_runner import assert_plain_error
from support.endpoint_sources import SOURCES, endpoint, forget_clients, passwords, schemes, users
from support.factories import NOW
from support.schemas import TERRAFORM, errors_of
from support.terraform import ask

from pulumi_inspector_trial.cli.status import ExitCode
from pulumi_inspector_trial.cli.terraform import (
    QUERY_KEYS,
    TerraformQuery,
    flat_result,
    result_document,
)
from pulumi_inspector_trial.domain.gating import ENABLER_RESOURCE_TYPES, decide
from pulumi_inspector_trial.domain.trials import (
    ACTIVE,
    AccountTrials,
    FailedAccount,
    FreeTrial,
    FreeTrialResult,
)
from pulumi_inspector_trial.emulator.sample import (
    ENDING_SOON_ACCOUNT,
    FRESH_ACCOUNT,
    NON_MEMBER_ACCOUNT,
)

CONTRACT_KEYS = {
    "account_ids",
    "members",
    "region",
    "profile",
    "role_arn",
    "endpoint_url",
    "wanted_types",
    "min_days_left",
    "always_enable",
    "max_monthly_cost",
    "allow_failed_accounts",
}
"""The keys the contract's "Terraform: the external data source" names."""

CLOSED = "http://127.0.0.1:9"
GOOD = {"account_ids": FRESH_ACCOUNT, "region": "us-east-1", "endpoint_url": CLOSED}
"""A query that would be read; a unit test never gets that far."""


# --- the query's keys ----------------------------------------------------------------------------


def test_the_query_takes_exactly_the_contracts_keys():
    assert set(QUERY_KEYS) == CONTRACT_KEYS
    assert len(QUERY_KEYS) == len(set(QUERY_KEYS))


def test_help_names_every_key(cli):
    outcome = cli("terraform-external", "--help")
    assert outcome.code == ExitCode.OK
    text = " ".join(outcome.stdout.split())
    for key in QUERY_KEYS:
        assert key in text


# --- reading each value from its text ------------------------------------------------------------


def test_lists_are_comma_separated_with_white_space_around_items_ignored():
    query = TerraformQuery.from_mapping(
        {
            "account_ids": f"{ENDING_SOON_ACCOUNT}, {FRESH_ACCOUNT},{ENDING_SOON_ACCOUNT}",
            "wanted_types": "LAMBDA, EC2",
            "always_enable": "ECR",
        }
    )
    assert list(query.values["account_ids"]) == [FRESH_ACCOUNT, ENDING_SOON_ACCOUNT]
    assert set(query.values["wanted_types"]) == {"EC2", "LAMBDA"}
    assert query.policy.always_enable == frozenset({"ECR"})


def test_numbers_and_flags_are_read_from_their_text():
    query = TerraformQuery.from_mapping(
        {
            "account_ids": FRESH_ACCOUNT,
            "min_days_left": "7",
            "max_monthly_cost": "12.5",
            "allow_failed_accounts": "true",
            "members": "false",
        }
    )
    assert query.values["min_days_left"] == 7
    assert query.values["max_monthly_cost"] == 12.5
    assert query.values["allow_failed_accounts"] is True
    assert query.members is False


def test_a_key_left_out_or_empty_takes_its_declared_default():
    left_out = TerraformQuery.from_mapping({"account_ids": FRESH_ACCOUNT})
    empty = TerraformQuery.from_mapping(
        {"account_ids": FRESH_ACCOUNT, **{k: "" for k in QUERY_KEYS if k != "account_ids"}}
    )
    for query in (left_out, empty):
        assert set(query.values["wanted_types"]) == set(ENABLER_RESOURCE_TYPES)
        assert query.values["min_days_left"] == 0
        assert query.values["max_monthly_cost"] is None
        assert query.values["allow_failed_accounts"] is False
        assert query.values["region"] is None
        assert query.members is False


# --- bad queries: exit 2, one sentence naming the key and the value, nothing sent ---------------


BAD_VALUES = [
    ("account_ids", "12345", "'12345'"),
    ("account_ids", f"{FRESH_ACCOUNT},", "''"),
    ("region", "moon-base", "'moon-base'"),
    ("region", "us-east-1,eu-west-1", "'us-east-1,eu-west-1'"),
    ("profile", " dev", "' dev'"),
    ("role_arn", "arn:aws:iam::1:role/x", "'arn:aws:iam::1:role/x'"),
    ("endpoint_url", "ftp://127.0.0.1:9", "'ftp://127.0.0.1:9'"),
    ("wanted_types", "EC2,EC3", "'EC3'"),
    ("min_days_left", "-1", "-1"),
    ("min_days_left", "soon", "'soon'"),
    ("min_days_left", "2.5", "'2.5'"),
    ("always_enable", "S3", "'S3'"),
    ("max_monthly_cost", "lots", "'lots'"),
    ("max_monthly_cost", "-5", "-5"),
    ("max_monthly_cost", "nan", "nan"),
    ("allow_failed_accounts", "yes", "'yes'"),
    ("members", "maybe", "'maybe'"),
]
"""(key, bad value, what the message shows of it): one case or more for every key."""


def test_every_key_has_a_bad_value_case():
    assert {key for key, _, _ in BAD_VALUES} == set(QUERY_KEYS)


@pytest.mark.parametrize(("key", "value", "named"), BAD_VALUES)
def test_a_bad_value_exits_2_naming_its_key_and_the_value(cli, key, value, named):
    outcome = ask(cli, {**GOOD, key: value})
    assert outcome.code == ExitCode.USAGE
    assert outcome.stdout == ""
    assert_plain_error(outcome)
    assert key in outcome.message
    assert named in outcome.message


def test_an_unknown_key_exits_2_naming_it_and_the_keys_taken(cli):
    outcome = ask(cli, {**GOOD, "acount_ids": FRESH_ACCOUNT, "zone": "a"})
    assert outcome.code == ExitCode.USAGE
    assert_plain_error(outcome)
    assert "'acount_ids'" in outcome.message and "'zone'" in outcome.message
    assert all(key in outcome.message for key in QUERY_KEYS)


def test_an_unknown_key_is_clipped_never_echoed_whole(cli):
    pasted = "AKIA" + "X" * 60  # a credential pasted as a key
    outcome = ask(cli, {**GOOD, pasted: "1"})
    assert outcome.code == ExitCode.USAGE
    assert pasted not in outcome.stderr


@pytest.mark.parametrize(
    ("value", "kind"),
    [(7, "a number"), (True, "a boolean"), (None, "null"), (["a"], "a list"), ({}, "an object")],
)
def test_a_value_that_is_not_a_string_exits_2_naming_its_key(cli, value, kind):
    outcome = ask(cli, {**GOOD, "min_days_left": value})
    assert outcome.code == ExitCode.USAGE
    assert_plain_error(outcome)
    assert "min_days_left" in outcome.message
    assert kind in outcome.message


@pytest.mark.parametrize("text", ["[]", '"account_ids"', "42", "null"])
def test_json_that_is_not_an_object_exits_2(cli, text):
    outcome = ask(cli, text)
    assert outcome.code == ExitCode.USAGE
    assert_plain_error(outcome)
    assert "JSON object" in outcome.message


@pytest.mark.parametrize("text", ["", "{", "account_ids=111122223333", "{'region': 'x'}"])
def test_malformed_json_exits_2_without_echoing_it(cli, text):
    outcome = ask(cli, text)
    assert outcome.code == ExitCode.USAGE
    assert_plain_error(outcome)
    assert "not JSON" in outcome.message
    assert not text or text not in outcome.stderr


def test_a_repeated_key_exits_2_naming_it(cli):
    text = f'{{"account_ids": "{FRESH_ACCOUNT}", "region": "us-east-1", "region": "eu-west-1"}}'
    outcome = ask(cli, text)
    assert outcome.code == ExitCode.USAGE
    assert_plain_error(outcome)
    assert "'region'" in outcome.message


def test_account_ids_and_members_together_exit_2_naming_both(cli):
    outcome = ask(cli, {**GOOD, "members": "true"})
    assert outcome.code == ExitCode.USAGE
    assert_plain_error(outcome)
    assert "account_ids" in outcome.message and "members" in outcome.message


def test_members_is_refused_until_the_read_path_reads_members(cli):
    query = {key: value for key, value in GOOD.items() if key != "account_ids"}
    outcome = ask(cli, {**query, "members": "true"})
    assert outcome.code == ExitCode.USAGE
    assert_plain_error(outcome)
    assert 'members = "true"' in outcome.message
    assert "account_ids" in outcome.message  # what to do instead


@pytest.mark.parametrize("accounts", [None, ""], ids=["left out", "empty"])
def test_no_accounts_exits_2_naming_account_ids(cli, accounts):
    query = {key: value for key, value in GOOD.items() if key != "account_ids"}
    if accounts is not None:
        query["account_ids"] = accounts
    outcome = ask(cli, query)
    assert outcome.code == ExitCode.USAGE
    assert_plain_error(outcome)
    assert "account_ids" in outcome.message


# --- the result --------------------------------------------------------------------------------


def _result() -> FreeTrialResult:
    def trial(trial_type: str, days: int) -> FreeTrial:
        return FreeTrial(trial_type, NOW - timedelta(days=3), NOW + timedelta(days=days), ACTIVE)

    return FreeTrialResult(
        accounts=(AccountTrials(FRESH_ACCOUNT, (trial("LAMBDA", 9), trial("EC2", 9))),),
        failed_accounts=(FailedAccount(NON_MEMBER_ACCOUNT, "ACCESS_DENIED", "not a member"),),
    )


def test_each_account_gets_its_types_in_the_enablers_order_and_a_failed_one_nothing():
    query = TerraformQuery.from_mapping(
        {"account_ids": f"{FRESH_ACCOUNT},{NON_MEMBER_ACCOUNT}", "allow_failed_accounts": "true"}
    )
    decisions = decide(
        _result(),
        query.values["wanted_types"],
        query.policy,
        at=NOW,
        account_ids=query.values["account_ids"],
    )
    document = result_document("us-east-1", query, _result(), decisions, None)
    flat = flat_result(decisions, document)
    assert flat[FRESH_ACCOUNT] == "EC2,LAMBDA"
    assert flat[NON_MEMBER_ACCOUNT] == ""
    assert json.loads(flat["json"]) == document
    assert document["decisions"][NON_MEMBER_ACCOUNT]["resolved"] is False
    assert errors_of(TERRAFORM, document) == []


def test_the_schema_refuses_a_document_the_command_never_prints():
    query = TerraformQuery.from_mapping({"account_ids": FRESH_ACCOUNT})
    decisions = decide(
        _result(), ENABLER_RESOURCE_TYPES, query.policy, at=NOW, account_ids=[FRESH_ACCOUNT]
    )
    document = result_document("us-east-1", query, _result(), decisions, None)
    assert errors_of(TERRAFORM, document) == []
    assert errors_of(TERRAFORM, {**document, "extra": 1})
    assert errors_of(TERRAFORM, {**document, "resource_types": {FRESH_ACCOUNT: ["S3"]}})
    assert errors_of(TERRAFORM, {**document, "resource_types": {"12": []}})
    del document["costs"]
    assert errors_of(TERRAFORM, document)


# --- no endpoint password in any message -------------------------------------------------------

PROPERTY = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _query_keys(flags: list[str]) -> dict[str, str]:
    """A source's command-line flags (``--role-arn ARN``) as the query's keys."""
    pairs = zip(flags[::2], flags[1::2], strict=True)
    return {flag.removeprefix("--").replace("-", "_"): value for flag, value in pairs}


@PROPERTY
@given(source=st.sampled_from(SOURCES), scheme=schemes, user=users, password=passwords)
def test_no_endpoint_password_is_printed_whatever_its_source(
    monkeypatch, tmp_path, cli, source, scheme, user, password
):
    url = endpoint(scheme, user, password)
    with monkeypatch.context() as patch:
        forget_clients(patch)
        if source.name == "flag":
            keys = {"endpoint_url": url}
        else:
            keys = _query_keys(source.place(url, patch, tmp_path))
        query = {"account_ids": FRESH_ACCOUNT, "region": "us-east-1", **keys}
        outcome = ask(cli, query)
    assert password not in outcome.stdout + outcome.stderr
    assert outcome.code == ExitCode.USAGE, outcome.stderr  # refused before any request
    assert source.named in outcome.message
