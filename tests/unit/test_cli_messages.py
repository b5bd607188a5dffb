"""What ``inspector-trial`` says when something is wrong, without a network: a bad endpoint port,
and failed-account messages built from the errors themselves, bounded, counted by code and
escaped (the messages against the emulator: tests/emulator/test_cli_messages.py).
"""

from __future__ import annotations

import re

import pytest
from support.plain_messages import assert_plain

from pulumi_inspector_trial.domain.errors import (
    FAILED_ACCOUNTS_NAMED,
    RESOURCE_ADVICE,
    describe_failed_accounts,
)
from pulumi_inspector_trial.domain.trials import FailedAccount
from pulumi_inspector_trial.emulator.sample import FRESH_ACCOUNT

# --- endpoints and regions from the environment -----------------------------------------------


@pytest.mark.parametrize("variable", ["AWS_ENDPOINT_URL_INSPECTOR2", "AWS_ENDPOINT_URL"])
def test_an_environment_endpoint_with_a_port_out_of_range_exits_2(cli, monkeypatch, variable):
    monkeypatch.setenv(variable, "http://127.0.0.1:99999")
    outcome = cli("status", "--region", "us-east-1", FRESH_ACCOUNT)
    assert outcome.code == 2
    assert variable in outcome.message
    assert "99999" in outcome.message


# --- failed accounts --------------------------------------------------------------------------

MANY = 1_000
MANY_IDS = [f"{100_000_000_000 + i}" for i in range(MANY)]


def test_past_a_handful_of_failed_accounts_only_the_first_are_named():
    failed = [FailedAccount(i, "ACCESS_DENIED", "Not a member.") for i in MANY_IDS]
    message = describe_failed_accounts(failed)
    named = re.findall(r"\b\d{12}\b", message)
    assert named == MANY_IDS[:FAILED_ACCOUNTS_NAMED]
    assert f"{MANY_IDS[0]} (ACCESS_DENIED: Not a member)" in message


def test_a_handful_of_failed_accounts_are_each_named_without_a_count_by_code():
    failed = [FailedAccount(i, "ACCESS_DENIED", "Not a member.") for i in MANY_IDS[:5]]
    message = describe_failed_accounts(failed)
    assert re.findall(r"\b\d{12}\b", message) == MANY_IDS[:5]
    assert "more" not in message
    assert message.startswith("Free-trial data could not be resolved for 5 accounts: ")


def test_failure_codes_past_the_three_commonest_are_counted_together():
    codes = ["ACCESS_DENIED"] * 4 + ["INTERNAL_ERROR"] * 3 + ["THIRD"] * 2 + ["FOURTH", "FIFTH"]
    failed = [FailedAccount(i, c, "") for i, c in zip(MANY_IDS, codes, strict=False)]
    message = describe_failed_accounts(failed)
    assert "(4 ACCESS_DENIED, 3 INTERNAL_ERROR, 2 THIRD, 2 with other codes)" in message


def test_failed_account_messages_stay_bounded_whatever_the_service_sends():
    failed = [
        FailedAccount(i, f"CODE_{n}_" + "X" * 500, "y. " * 5_000) for n, i in enumerate(MANY_IDS)
    ]
    message = describe_failed_accounts(failed, advice=RESOURCE_ADVICE)
    assert len(message) < 1_000
    assert_plain(message)


def test_a_failed_account_message_escapes_control_characters():
    failed = [FailedAccount(MANY_IDS[0], "ACCESS_DENIED", "denied\x1b[31m\nFAKE LINE")]
    message = describe_failed_accounts(failed)
    assert "denied\\x1b[31m\\nFAKE LINE" in message
    assert "\x1b" not in message and "\n" not in message
