"""``inspector-trial terraform-external`` as ``main(argv)`` in-process against the emulator, at the
sample organisation's fixed moment: what each account gets under each gating key, the failed and
unreadable cases, and the result document against its schema (bad queries without a network:
tests/unit/test_terraform_external.py; the real console script:
tests/process/test_terraform_external.py).

The sample organisation tells its story in ``emulator/sample.py``: every trial of FRESH runs 12
more days; ENDING_SOON's EC2 and ECR end in 2 days, LAMBDA_CODE has ended, LAMBDA and
CODE_REPOSITORY run 9 more days; every trial of EXPIRED has ended; NEW_TYPES has EC2 and ECR
only (and types no Enabler knows); NON_MEMBER answers ACCESS_DENIED.
"""

from __future__ import annotations

import pytest
from support.cli_runner import assert_plain_error
from support.plain_messages import closed_port_url
from support.sample_costs import SAMPLE_COSTS
from support.schemas import TERRAFORM, errors_of
from support.terraform import ask, document_of, query_at, result_of

from pulumi_inspector_trial.cli.status import ExitCode
from pulumi_inspector_trial.emulator.sample import (
    ENDING_SOON_ACCOUNT,
    EXPIRED_ACCOUNT,
    FRESH_ACCOUNT,
    NEW_TYPES_ACCOUNT,
    NON_MEMBER_ACCOUNT,
)

MEMBERS = ",".join((FRESH_ACCOUNT, ENDING_SOON_ACCOUNT, EXPIRED_ACCOUNT, NEW_TYPES_ACCOUNT))
EVERY_TYPE = "EC2,ECR,LAMBDA,LAMBDA_CODE,CODE_REPOSITORY"


def _read(cli, emulator, **keys: str) -> dict[str, str]:
    """The result of a query that must succeed; its document is checked against the schema."""
    outcome = ask(cli, query_at(emulator, **keys))
    assert outcome.code == ExitCode.OK, outcome.stderr
    assert outcome.stderr == ""
    result = result_of(outcome.stdout)
    assert errors_of(TERRAFORM, document_of(result)) == []
    return result


# --- what each account gets --------------------------------------------------------------------


def test_each_account_gets_the_types_whose_trial_runs(cli, emulator):
    result = _read(cli, emulator, account_ids=MEMBERS)
    assert result == {
        FRESH_ACCOUNT: EVERY_TYPE,
        ENDING_SOON_ACCOUNT: "EC2,ECR,LAMBDA,CODE_REPOSITORY",
        EXPIRED_ACCOUNT: "",
        NEW_TYPES_ACCOUNT: "EC2,ECR",
        "json": result["json"],
    }


def test_the_document_says_what_was_read_and_why_each_type_is_or_is_not_enabled(cli, emulator):
    document = document_of(_read(cli, emulator, account_ids=f"{EXPIRED_ACCOUNT},{FRESH_ACCOUNT}"))
    assert document["region"] == "us-east-1"
    assert document["account_ids"] == [FRESH_ACCOUNT, EXPIRED_ACCOUNT]
    assert document["resource_types"][EXPIRED_ACCOUNT] == []
    assert document["decisions"][EXPIRED_ACCOUNT]["reasons"]["EC2"] == "trial inactive"
    assert document["decisions"][FRESH_ACCOUNT]["reasons"]["EC2"] == "trial active, 12 days left"
    assert [a["account_id"] for a in document["accounts"]] == [FRESH_ACCOUNT, EXPIRED_ACCOUNT]
    assert document["failed_accounts"] == []
    assert document["costs"] is None


def test_wanted_types_limits_what_is_considered(cli, emulator):
    result = _read(cli, emulator, account_ids=MEMBERS, wanted_types="LAMBDA,EC2")
    assert result[FRESH_ACCOUNT] == "EC2,LAMBDA"
    assert result[ENDING_SOON_ACCOUNT] == "EC2,LAMBDA"
    assert result[NEW_TYPES_ACCOUNT] == "EC2"
    reasons = document_of(result)["decisions"][FRESH_ACCOUNT]["reasons"]
    assert set(reasons) == {"EC2", "LAMBDA"}


def test_min_days_left_drops_trials_that_end_sooner(cli, emulator):
    result = _read(cli, emulator, account_ids=MEMBERS, min_days_left="3")
    assert result[ENDING_SOON_ACCOUNT] == "LAMBDA,CODE_REPOSITORY"
    assert result[FRESH_ACCOUNT] == EVERY_TYPE
    reason = document_of(result)["decisions"][ENDING_SOON_ACCOUNT]["reasons"]["EC2"]
    assert reason == "trial ends in 2 days, under the 3-day minimum"


def test_always_enable_keeps_types_already_paid_for(cli, emulator):
    result = _read(cli, emulator, account_ids=MEMBERS, always_enable="ECR,LAMBDA_CODE")
    assert result[EXPIRED_ACCOUNT] == "ECR,LAMBDA_CODE"
    assert result[NEW_TYPES_ACCOUNT] == "EC2,ECR,LAMBDA_CODE"
    document = document_of(result)
    assert document["decisions"][EXPIRED_ACCOUNT]["reasons"]["ECR"] == "always enabled"
    assert document["always_enable"] == ["ECR", "LAMBDA_CODE"]


def test_max_monthly_cost_keeps_ended_types_cheapest_first_within_the_budget(cli, emulator):
    # ENDING_SOON under a 3-day minimum: LAMBDA_CODE $2.75, ECR $3.40 and EC2 $9.50 are past
    # their trial; $5 keeps LAMBDA_CODE only. EXPIRED: ECR $3.10 fits, LAMBDA_CODE $4.20 not.
    result = _read(cli, emulator, account_ids=MEMBERS, min_days_left="3", max_monthly_cost="5")
    assert result[ENDING_SOON_ACCOUNT] == "LAMBDA,LAMBDA_CODE,CODE_REPOSITORY"
    assert result[EXPIRED_ACCOUNT] == "ECR"
    document = document_of(result)
    reasons = document["decisions"][ENDING_SOON_ACCOUNT]["reasons"]
    assert reasons["LAMBDA_CODE"] == "trial inactive; est. $2.75/month, $2.75 of $5.00 budget used"
    assert "$9.50/month would pass the $5.00 budget" in reasons["EC2"]
    assert document["max_monthly_cost"] == 5.0
    assert document["costs"][EXPIRED_ACCOUNT] == SAMPLE_COSTS[EXPIRED_ACCOUNT]
    assert emulator.backend.request_count("ListUsageTotals") >= 1


def test_without_a_budget_no_cost_is_read(cli, emulator):
    _read(cli, emulator, account_ids=MEMBERS, max_monthly_cost="")
    assert emulator.backend.request_count("ListUsageTotals") == 0


def test_accounts_cost_one_request_per_hundred(cli, emulator):
    _read(cli, emulator, account_ids=f"{MEMBERS},{FRESH_ACCOUNT}")
    assert emulator.backend.request_count() == 1


# --- accounts and regions that cannot be read --------------------------------------------------


def test_allow_failed_accounts_gives_a_failed_account_nothing_and_lists_it(cli, emulator):
    result = _read(
        cli,
        emulator,
        account_ids=f"{FRESH_ACCOUNT},{NON_MEMBER_ACCOUNT}",
        allow_failed_accounts="true",
    )
    assert result[NON_MEMBER_ACCOUNT] == ""
    assert result[FRESH_ACCOUNT] == EVERY_TYPE
    document = document_of(result)
    assert [f["account_id"] for f in document["failed_accounts"]] == [NON_MEMBER_ACCOUNT]
    assert document["failed_accounts"][0]["code"] == "ACCESS_DENIED"
    assert document["decisions"][NON_MEMBER_ACCOUNT]["resolved"] is False


@pytest.mark.parametrize("allow", [None, "false"], ids=["left out", "false"])
def test_a_failed_account_fails_the_read_naming_it_and_the_key_that_accepts_it(
    cli, emulator, allow
):
    keys = {"account_ids": f"{FRESH_ACCOUNT},{NON_MEMBER_ACCOUNT}"}
    if allow is not None:
        keys["allow_failed_accounts"] = allow
    outcome = ask(cli, query_at(emulator, **keys))
    assert outcome.code == ExitCode.UNRESOLVED
    assert outcome.stdout == ""
    assert_plain_error(outcome)
    assert NON_MEMBER_ACCOUNT in outcome.message
    assert 'allow_failed_accounts = "true"' in outcome.message


def test_an_endpoint_that_does_not_answer_exits_3_with_one_sentence(cli):
    query = {
        "account_ids": FRESH_ACCOUNT,
        "region": "us-east-1",
        "endpoint_url": "http://127.0.0.1:1",
    }
    outcome = ask(cli, query)
    assert outcome.code == ExitCode.UNRESOLVED
    assert outcome.stdout == ""
    assert_plain_error(outcome)
    assert "http://127.0.0.1:1" in outcome.message


def test_no_region_anywhere_exits_2_saying_where_to_give_one(cli):
    query = {"account_ids": FRESH_ACCOUNT, "endpoint_url": closed_port_url()}
    outcome = ask(cli, query)
    assert outcome.code == ExitCode.USAGE
    assert_plain_error(outcome)
    assert "region in the query" in outcome.message


def test_the_region_may_come_from_the_environment(cli, emulator, monkeypatch):
    monkeypatch.setenv("AWS_REGION", "us-east-1")
    outcome = ask(cli, {"account_ids": FRESH_ACCOUNT, "endpoint_url": emulator.endpoint_url})
    assert outcome.code == ExitCode.OK, outcome.stderr
    assert document_of(result_of(outcome.stdout))["region"] == "us-east-1"
