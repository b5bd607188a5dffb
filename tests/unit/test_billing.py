"""What is enabled and the bill that is coming, as pure rules: ``domain.status`` and
``evaluate_check(billing_within=...)`` (through the command line: tests/emulator/
test_cli_organisation.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from support.factories import NOW, trial

from pulumi_inspector_trial.domain.checks import FREE_SCANNING_UNUSED, evaluate_check
from pulumi_inspector_trial.domain.costs import AccountCosts
from pulumi_inspector_trial.domain.errors import InvalidInputError
from pulumi_inspector_trial.domain.status import (
    STATUS_FAILURE_PREFIX,
    AccountStatus,
    enabler_type_of_key,
    with_status_failures,
)
from pulumi_inspector_trial.domain.trials import (
    INACTIVE,
    AccountTrials,
    FailedAccount,
    FreeTrialResult,
)

A = "111122223333"
B = "444455556666"


def status(*enabled: str, account_id: str = A) -> AccountStatus:
    keys = ("ec2", "ecr", "lambda", "lambdaCode", "codeRepository")
    state = {key: "ENABLED" if enabler_type_of_key(key) in enabled else "DISABLED" for key in keys}
    return AccountStatus.from_resource_state(account_id, "ENABLED", state)


def one_account(*trials: object) -> FreeTrialResult:
    return FreeTrialResult((AccountTrials(A, tuple(trials)),))  # type: ignore[arg-type]


def findings(result: FreeTrialResult, enabled: AccountStatus, days: int = 7, **more: object):
    """The billing findings alone: ``min_days_left=0`` keeps the days-left warnings out."""
    report = evaluate_check(
        result,
        at=NOW,
        statuses={A: enabled},
        billing_within=days,
        min_days_left=0,
        **more,  # type: ignore[arg-type]
    )
    return [(f.severity, f.trial_type) for f in report.findings], report


@pytest.mark.parametrize(
    ("key", "scan_type"),
    [
        ("ec2", "EC2"),
        ("ecr", "ECR"),
        ("lambda", "LAMBDA"),
        ("lambdaCode", "LAMBDA_CODE"),
        ("codeRepository", "CODE_REPOSITORY"),
        ("ami", "AMI"),
        ("someNewScan", "SOMENEWSCAN"),
    ],
)
def test_each_resource_key_is_named_as_its_scan_type(key, scan_type):
    assert enabler_type_of_key(key) == scan_type


def test_only_enabled_states_count_as_enabled():
    account = AccountStatus.from_resource_state(
        A, "ENABLED", {"ec2": "ENABLED", "ecr": "ENABLING", "lambda": "SUSPENDED"}
    )
    assert account.enabled_types == ["EC2"]


def test_an_enabled_type_whose_trial_ends_within_the_days_is_an_error():
    found, report = findings(one_account(trial("EC2", left=timedelta(days=3))), status("EC2"))
    assert found == [("error", "EC2")]
    assert report.violated
    assert "ends on" in report.findings[0].message


def test_an_enabled_type_whose_trial_ends_later_is_nothing():
    found, report = findings(one_account(trial("EC2", left=timedelta(days=9))), status("EC2"))
    assert found == []
    assert report.ok


def test_an_enabled_type_whose_trial_has_ended_is_billed_now():
    ended = trial("ECR", status=INACTIVE, left=-timedelta(days=2))
    found, report = findings(one_account(ended), status("ECR"))
    assert found == [("error", "ECR")]
    assert "billed now" in report.findings[0].message


def test_an_enabled_scan_type_without_any_trial_is_billed():
    found, _ = findings(one_account(), status("LAMBDA"))
    assert found == [("error", "LAMBDA")]


def test_a_newer_enabled_type_with_no_trial_of_its_name_is_left_alone():
    newer = AccountStatus.from_resource_state(A, "ENABLED", {"ami": "ENABLED"})
    found, _ = findings(one_account(), newer)
    assert found == []


def test_a_running_trial_of_a_type_not_enabled_is_a_notice_not_a_failure():
    found, report = findings(one_account(trial("LAMBDA_CODE")), status())
    assert found == [("notice", "LAMBDA_CODE")]
    assert report.ok
    assert report.findings[0].message.endswith(f"{FREE_SCANNING_UNUSED}.")


def test_the_estimate_is_stated_when_costs_are_given():
    costs = {A: AccountCosts(A, {"EC2_INSTANCE_HOURS": 8.2})}
    _, report = findings(
        one_account(trial("EC2", left=timedelta(days=1))), status("EC2"), costs=costs
    )
    assert "(estimated $8.20/month)" in report.findings[0].message


def test_an_account_without_a_status_is_unread_so_the_report_is_not_ok():
    report = evaluate_check(one_account(trial("EC2")), at=NOW, statuses={}, billing_within=7)
    assert not report.ok
    assert [(u.kind, u.account_id) for u in report.unread] == [("account", A)]


def test_negative_days_are_refused():
    with pytest.raises(InvalidInputError):
        evaluate_check(one_account(), at=NOW, statuses={A: status()}, billing_within=-1)


def test_a_failed_status_fails_the_account_and_keeps_a_trial_failure_first():
    result = FreeTrialResult(
        (AccountTrials(A, (trial("EC2"),)),),
        (FailedAccount(B, "ACCESS_DENIED", "not a member"),),
    )
    merged = with_status_failures(
        result,
        [
            FailedAccount(A, "INTERNAL_ERROR", "try again"),
            FailedAccount(B, "ACCESS_DENIED", "denied"),
        ],
    )
    assert merged.accounts == ()
    assert {f.account_id: f.message for f in merged.failed_accounts} == {
        A: STATUS_FAILURE_PREFIX + "try again",
        B: "not a member",
    }
