"""The policy behind ``inspector-trial check`` and its three output formats."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
from support import factories

from pulumi_inspector_trial.aws.client import service_trial_types
from pulumi_inspector_trial.cli.render import (
    CLI_ADVICE,
    format_github,
    format_json,
    format_text,
    unread_sentences,
)
from pulumi_inspector_trial.domain.checks import (
    CheckReport,
    Finding,
    Unread,
    evaluate_check,
    require_known_types,
)
from pulumi_inspector_trial.domain.errors import InvalidInputError, describe_failed_accounts
from pulumi_inspector_trial.domain.trials import (
    ACTIVE,
    INACTIVE,
    AccountTrials,
    FailedAccount,
    FreeTrial,
    FreeTrialResult,
)

AT = datetime(2026, 11, 26, 0, 0, 0, tzinfo=timezone.utc)
A = "111122223333"
B = "333344445555"


def trial(
    trial_type: str, *, status: str = ACTIVE, left: timedelta = timedelta(days=20)
) -> FreeTrial:
    """Twenty days left at midnight, unless told otherwise."""
    return factories.trial(trial_type, status=status, left=left, at=AT)


def result(*accounts: AccountTrials, failed: tuple[FailedAccount, ...] = ()) -> FreeTrialResult:
    return FreeTrialResult(accounts=accounts, failed_accounts=failed)


def account(account_id: str, *trials: FreeTrial) -> AccountTrials:
    return AccountTrials(account_id=account_id, free_trials=trials)


def messages(report: CheckReport) -> list[tuple[str, str]]:
    return [(f.severity, f.message) for f in report.findings]


# --- require_active ---------------------------------------------------------------------------


def test_required_active_trial_passes() -> None:
    report = evaluate_check(result(account(A, trial("EC2"))), require_active=["EC2"], at=AT)
    assert report.findings == ()
    assert not report.violated


def test_required_inactive_trial_is_an_error_naming_its_end_date() -> None:
    ended = trial("EC2", status=INACTIVE, left=timedelta(days=-25))
    report = evaluate_check(result(account(B, ended)), require_active=["EC2"], at=AT)
    assert report.findings == (
        Finding(
            "error",
            B,
            "EC2",
            "Inspector free trial for EC2 in account 333344445555 is INACTIVE (ended 2026-11-01).",
        ),
    )
    assert report.violated


def test_required_missing_trial_is_an_error() -> None:
    report = evaluate_check(result(account(A, trial("EC2"))), require_active=["ECR"], at=AT)
    assert messages(report) == [
        ("error", "Inspector free trial for ECR in account 111122223333 is missing.")
    ]


def test_required_types_may_be_trial_types_the_enabler_does_not_know() -> None:
    report = evaluate_check(
        result(account(A, trial("EC2"), trial("MACHINE_IMAGE"))),
        require_active=["EC2,MACHINE_IMAGE"],
        at=AT,
    )
    assert report.findings == ()


def test_required_active_trial_past_its_end_date_is_an_error() -> None:
    stale = trial("EC2", left=timedelta(days=-1))
    report = evaluate_check(result(account(A, stale)), require_active=["EC2"], at=AT)
    assert messages(report) == [
        (
            "error",
            "Inspector free trial for EC2 in account 111122223333 ended on 2026-11-25, "
            "though the service still reports it ACTIVE.",
        )
    ]


def test_a_type_sent_twice_is_judged_by_its_active_entry_ending_last() -> None:
    ending_soon, ending_later = trial("EC2", left=timedelta(days=2)), trial("EC2")
    report = evaluate_check(
        result(account(A, ending_soon, ending_later)),
        require_active=["EC2"],
        min_days_left=7,
        at=AT,
    )
    assert report.findings == ()


def test_comma_separated_and_repeated_required_types_are_split_and_deduplicated() -> None:
    report = evaluate_check(result(account(A)), require_active=["ECR,EC2", " EC2 ", "ECR"], at=AT)
    assert [f.trial_type for f in report.findings] == ["EC2", "ECR"]


def test_a_single_string_of_required_types_is_accepted() -> None:
    report = evaluate_check(result(account(A)), require_active="EC2,ECR", at=AT)
    assert [f.trial_type for f in report.findings] == ["EC2", "ECR"]


@pytest.mark.parametrize("token", ["", "ec2", "EC-2", "EC2 ECR", "2EC"])
def test_malformed_required_type_is_refused_naming_it(token: str) -> None:
    with pytest.raises(InvalidInputError) as error:
        evaluate_check(result(account(A)), require_active=["EC2", token], at=AT)
    assert repr(token.strip()) in str(error.value)


def test_empty_token_between_commas_is_refused() -> None:
    with pytest.raises(InvalidInputError, match="''"):
        evaluate_check(result(account(A)), require_active=["EC2,,ECR"], at=AT)


def test_a_required_type_outside_the_known_ones_is_refused_naming_it_and_them() -> None:
    with pytest.raises(InvalidInputError) as error:
        require_known_types(["EC2,EC3"], ("EC2", "ECR"), option="--require-active")
    assert str(error.value).startswith(
        "Unknown trial type 'EC3' in --require-active: expected one of EC2, ECR "
    )


def test_without_known_types_any_well_formed_type_is_required() -> None:
    assert require_known_types(["EC3,EC2"], None) == ("EC2", "EC3")


def test_service_trial_types_are_the_classic_ones_and_more() -> None:
    types = service_trial_types()
    assert types is not None
    assert {"EC2", "ECR", "LAMBDA", "LAMBDA_CODE", "CODE_REPOSITORY"} < set(types)
    assert list(types) == sorted(types)


def test_service_trial_types_are_unknown_when_botocore_cannot_read_its_settings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("AWS_PROFILE", "no-such-profile")
    assert service_trial_types() is None


# --- days left --------------------------------------------------------------------------------


def test_trial_under_min_days_left_is_an_error_naming_date_and_days() -> None:
    ending = trial("EC2", left=timedelta(days=2, hours=12))
    report = evaluate_check(result(account(A, ending)), min_days_left=7, at=AT)
    assert messages(report) == [
        (
            "error",
            "Inspector free trial for EC2 in account 111122223333 ends on 2026-11-28, "
            "in 2 days (minimum 7).",
        )
    ]


def test_min_days_left_applies_to_every_active_type_when_none_is_required() -> None:
    acct = account(
        A,
        trial("EC2", left=timedelta(days=1)),
        trial("VM", left=timedelta(days=3)),
        trial("ECR", status=INACTIVE, left=timedelta(days=1)),
        trial("LAMBDA"),
    )
    report = evaluate_check(result(acct), min_days_left=7, at=AT)
    assert [(f.severity, f.trial_type) for f in report.findings] == [
        ("error", "EC2"),
        ("error", "VM"),
    ]


def test_min_days_left_applies_only_to_required_types_when_some_are() -> None:
    acct = account(A, trial("EC2"), trial("ECR", left=timedelta(days=1)))
    report = evaluate_check(result(acct), require_active=["EC2"], min_days_left=7, at=AT)
    assert report.findings == ()


def test_exactly_min_days_left_passes() -> None:
    report = evaluate_check(
        result(account(A, trial("EC2", left=timedelta(days=7)))), min_days_left=7, at=AT
    )
    assert report.findings == ()


def test_min_days_left_minus_one_second_fails_as_days_round_down() -> None:
    left = timedelta(days=7) - timedelta(seconds=1)
    report = evaluate_check(result(account(A, trial("EC2", left=left))), min_days_left=7, at=AT)
    assert messages(report) == [
        (
            "error",
            "Inspector free trial for EC2 in account 111122223333 ends on 2026-12-02, "
            "in 6 days (minimum 7).",
        )
    ]


def test_last_hours_read_as_less_than_a_day() -> None:
    report = evaluate_check(
        result(account(A, trial("EC2", left=timedelta(hours=5)))), min_days_left=1, at=AT
    )
    assert messages(report) == [
        (
            "error",
            "Inspector free trial for EC2 in account 111122223333 ends on 2026-11-26, "
            "in less than a day (minimum 1).",
        )
    ]


def test_trial_ending_within_seven_days_is_a_warning_without_min_days_left() -> None:
    report = evaluate_check(
        result(account(A, trial("EC2", left=timedelta(days=2, hours=12)))), at=AT
    )
    assert messages(report) == [
        (
            "warning",
            "Inspector free trial for EC2 in account 111122223333 ends on 2026-11-28, in 2 days.",
        )
    ]
    assert not report.violated


def test_trial_with_seven_days_left_is_not_a_warning() -> None:
    report = evaluate_check(result(account(A, trial("EC2", left=timedelta(days=7)))), at=AT)
    assert report.findings == ()


def test_no_warning_when_min_days_left_is_given_and_met() -> None:
    report = evaluate_check(
        result(account(A, trial("EC2", left=timedelta(days=3)))), min_days_left=2, at=AT
    )
    assert report.findings == ()


def test_timezone_of_at_does_not_change_the_report() -> None:
    acct = account(A, trial("EC2", left=timedelta(days=7) - timedelta(seconds=1)))
    honolulu = AT.astimezone(timezone(timedelta(hours=-10)))
    in_utc = evaluate_check(result(acct), min_days_left=7, at=AT)
    assert evaluate_check(result(acct), min_days_left=7, at=honolulu) == in_utc


def test_naive_at_is_refused() -> None:
    with pytest.raises(InvalidInputError, match="timezone-aware"):
        evaluate_check(result(account(A)), at=datetime(2026, 11, 26))


@pytest.mark.parametrize("bad", [-1, True, 2.5])
def test_bad_min_days_left_is_refused_naming_it(bad: object) -> None:
    with pytest.raises(InvalidInputError, match=repr(bad).replace(".", r"\.")):
        evaluate_check(result(account(A)), min_days_left=bad, at=AT)  # type: ignore[arg-type]


# --- failed accounts and ordering -------------------------------------------------------------


def test_a_failed_account_is_unread_with_its_code_not_a_finding() -> None:
    failed = (FailedAccount(B, "ACCESS_DENIED", "Not a member"),)
    report = evaluate_check(result(account(A), failed=failed), at=AT, region="us-east-1")
    assert report.findings == ()
    assert report.unread == (Unread("account", "us-east-1", "Not a member", B, "ACCESS_DENIED"),)
    assert report.checked_accounts == (A,)  # only what was read was checked
    assert not report.ok and not report.violated


def test_an_account_failed_in_every_region_is_never_checked_nor_ok() -> None:
    failed = (FailedAccount(B, "INTERNAL_ERROR", ""),)
    report = CheckReport.combine(
        evaluate_check(result(failed=failed), at=AT, region=region)
        for region in ("us-east-1", "eu-west-1")
    )
    assert report.checked_accounts == ()
    assert [(u.region, u.account_id) for u in report.unread] == [
        ("eu-west-1", B),
        ("us-east-1", B),
    ]
    assert report.to_dict()["ok"] is False


def test_zero_accounts_checked_is_never_ok() -> None:
    report = evaluate_check(result(), at=AT)
    assert report.unread == () and report.findings == ()
    assert not report.ok
    assert (
        format_text(report)
        == "INCOMPLETE: 0 errors, 0 warnings in 0 accounts; no account was checked"
    )
    assert format_github(report) == "::error title=Inspector free trial::No account was checked."


def test_every_finding_carries_its_region_even_where_messages_do_not_name_it() -> None:
    inactive = trial("EC2", status=INACTIVE, left=-timedelta(days=1))
    report = evaluate_check(
        result(account(A, inactive)),
        require_active=["EC2"],
        at=AT,
        region="us-east-1",
        name_region=False,
    )
    (finding,) = report.findings
    assert finding.region == "us-east-1"
    assert "us-east-1" not in finding.message
    assert report.regions == ("us-east-1",)
    named = evaluate_check(
        result(account(A, inactive)), require_active=["EC2"], at=AT, region="us-east-1"
    )
    assert "in us-east-1" in named.findings[0].message


def test_a_resolved_account_without_a_cost_estimate_is_unread_under_a_budget() -> None:
    report = evaluate_check(
        result(account(A), account(B)),
        at=AT,
        region="us-east-1",
        costs={},
        max_monthly_cost=10,
    )
    assert [(u.kind, u.account_id) for u in report.unread] == [("costs", A), ("costs", B)]
    assert report.findings == ()
    assert not report.ok
    assert "cannot be held to the $10.00 budget" in report.unread[0].message


def test_findings_are_ordered_by_account_then_type() -> None:
    report = evaluate_check(
        result(account(A), account(B)),
        require_active=["LAMBDA", "EC2"],
        at=AT,
    )
    assert [(f.account_id, f.trial_type) for f in report.findings] == [
        (A, "EC2"),
        (A, "LAMBDA"),
        (B, "EC2"),
        (B, "LAMBDA"),
    ]
    assert report.checked_accounts == (A, B)


# --- formats ----------------------------------------------------------------------------------

FAILING = CheckReport(
    findings=(
        Finding("error", B, "EC2", "Trial for EC2 is INACTIVE (ended 2026-11-01)."),
        Finding("warning", A, "ECR", "Trial 100% over,\r\nnext: line."),
        Finding("notice", A, None, "Just so you know."),
    ),
    checked_accounts=(A, B),
)
PASSING = CheckReport(
    findings=(Finding("warning", A, "EC2", "Trial for EC2 ends on 2026-11-28, in 2 days."),),
    checked_accounts=(A, B),
)


def test_text_format_of_a_violated_report() -> None:
    assert format_text(FAILING) == (
        "ERROR: Trial for EC2 is INACTIVE (ended 2026-11-01).\n"
        "WARNING: Trial 100% over,\\r\\nnext: line.\n"
        "NOTICE: Just so you know.\n"
        "FAILED: 1 error, 1 warning in 2 accounts"
    )


def test_text_format_of_a_passing_report() -> None:
    assert format_text(PASSING) == (
        "WARNING: Trial for EC2 ends on 2026-11-28, in 2 days.\nOK: 2 accounts checked"
    )


def test_text_format_counts_in_the_singular() -> None:
    report = CheckReport(findings=(), checked_accounts=(A,))
    assert format_text(report) == "OK: 1 account checked"


def test_text_format_escapes_control_characters_in_messages() -> None:
    report = CheckReport(
        findings=(Finding("error", A, "EC2\x1b[2J", "Trial for EC2\x1b[2J is\x00 gone."),),
        checked_accounts=(A,),
    )
    assert format_text(report).splitlines()[0] == "ERROR: Trial for EC2\\x1b[2J is\\x00 gone."


def test_json_format_is_the_stable_document() -> None:
    document = json.loads(format_json(FAILING))
    assert document == {
        "ok": False,
        "checked_accounts": [A, B],
        "regions": [],
        "unread": [],
        "findings": [
            {
                "severity": "error",
                "account_id": B,
                "region": None,
                "trial_type": "EC2",
                "message": "Trial for EC2 is INACTIVE (ended 2026-11-01).",
            },
            {
                "severity": "warning",
                "account_id": A,
                "region": None,
                "trial_type": "ECR",
                "message": "Trial 100% over,\r\nnext: line.",
            },
            {
                "severity": "notice",
                "account_id": A,
                "region": None,
                "trial_type": None,
                "message": "Just so you know.",
            },
        ],
    }


def test_json_format_is_indented_with_sorted_keys() -> None:
    report = CheckReport(findings=(), checked_accounts=(A,))
    assert format_json(report) == (
        '{\n  "checked_accounts": [\n    "111122223333"\n  ],\n  "findings": [],\n  "ok": true,\n'
        '  "regions": [],\n  "unread": []\n}'
    )


def test_github_format_escapes_messages_and_has_no_pass_notice_when_violated() -> None:
    assert format_github(FAILING).splitlines() == [
        "::error title=Inspector free trial::Trial for EC2 is INACTIVE (ended 2026-11-01).",
        "::warning title=Inspector free trial::Trial 100%25 over,%0D%0Anext: line.",
        "::notice title=Inspector free trial::Just so you know.",
    ]


def test_github_format_escapes_control_characters_github_leaves_alone() -> None:
    report = CheckReport(
        findings=(Finding("error", A, "EC2", "Trial \x1b[31mred\x1b[0m\nnext."),),
        checked_accounts=(A,),
    )
    assert format_github(report) == (
        "::error title=Inspector free trial::Trial \\x1b[31mred\\x1b[0m%0Anext."
    )


def test_github_format_ends_with_a_pass_notice_when_nothing_is_violated() -> None:
    assert format_github(PASSING) == (
        "::warning title=Inspector free trial::Trial for EC2 ends on 2026-11-28, in 2 days.\n"
        "::notice title=Inspector free trial::All 2 accounts pass"
    )


def test_github_format_of_a_real_check() -> None:
    ending = trial("EC2", left=timedelta(days=2, hours=12))
    report = evaluate_check(result(account(A, ending)), min_days_left=7, at=AT)
    assert format_github(report) == (
        "::error title=Inspector free trial::Inspector free trial for EC2 in account "
        "111122223333 ends on 2026-11-28, in 2 days (minimum 7)."
    )


def test_github_format_escapes_the_title_as_a_property() -> None:
    report = CheckReport(findings=(), checked_accounts=(A,))
    assert format_github(report, title="Trials: prod, 100%\n") == (
        "::notice title=Trials%3A prod%2C 100%25%0A::The 1 account passes"
    )


# --- what could not be read -------------------------------------------------------------------

UNREAD_REGION = Unread.of_region("eu-west-1", "Could not connect to the Inspector endpoint.")
PARTIAL = CheckReport(
    findings=(),
    checked_accounts=(A,),
    regions=("us-east-1",),
    unread=(UNREAD_REGION,),
)


def test_json_of_a_report_with_an_unread_region_is_not_ok_and_lists_it() -> None:
    document = json.loads(format_json(PARTIAL))
    assert document["ok"] is False
    assert document["unread"] == [
        {
            "kind": "region",
            "region": "eu-west-1",
            "account_id": None,
            "code": None,
            "message": "Could not connect to the Inspector endpoint.",
        }
    ]


def test_text_of_a_report_with_an_unread_region_says_incomplete_never_ok() -> None:
    assert format_text(PARTIAL).splitlines() == [
        "UNREAD: eu-west-1: Could not connect to the Inspector endpoint.",
        "INCOMPLETE: 0 errors, 0 warnings in 1 account; could not read 1 region",
    ]


def test_github_has_an_error_per_unread_region_and_no_pass_notice() -> None:
    assert format_github(PARTIAL).splitlines() == [
        "::error title=Inspector free trial::eu-west-1: Could not connect to the Inspector "
        "endpoint."
    ]


def test_github_summarises_each_regions_failed_accounts_in_one_annotation() -> None:
    failed = [FailedAccount(f"{100000000000 + i}", "ACCESS_DENIED", "No") for i in range(10_000)]
    east = evaluate_check(result(account(A), failed=tuple(failed)), at=AT, region="us-east-1")
    west = evaluate_check(result(failed=tuple(failed[:2])), at=AT, region="eu-west-1")
    report = CheckReport.combine([east, west])
    lines = format_github(report).splitlines()
    assert lines == [
        "::error title=Inspector free trial::eu-west-1: "
        + describe_failed_accounts(failed[:2], advice=CLI_ADVICE),
        "::error title=Inspector free trial::us-east-1: "
        + describe_failed_accounts(failed, advice=CLI_ADVICE),
    ]
    assert "pass" not in format_github(report)
    assert len(report.unread) == 10_002  # JSON lists each account in each region
    assert format_text(report).splitlines()[-1] == (
        "INCOMPLETE: 0 errors, 0 warnings in 1 account and 2 regions; could not read 10000 accounts"
    )


def test_several_unknown_costs_in_a_region_make_one_sentence() -> None:
    ids = [f"{100000000000 + i}" for i in range(7)]
    report = evaluate_check(
        result(*(account(i) for i in ids)),
        at=AT,
        region="us-east-1",
        costs={},
        max_monthly_cost=5,
    )
    (sentence,) = unread_sentences(report)
    assert sentence.startswith("us-east-1: Inspector's estimated costs of 7 accounts are unknown")
    assert "and 2 more" in sentence


def test_a_violated_report_with_unread_data_says_both() -> None:
    report = CheckReport(
        findings=(Finding("error", A, "EC2", "Trial for EC2 is INACTIVE.", "us-east-1"),),
        checked_accounts=(A,),
        regions=("us-east-1",),
        unread=(UNREAD_REGION,),
    )
    assert format_text(report).splitlines()[-1] == (
        "FAILED: 1 error, 0 warnings in 1 account; could not read 1 region"
    )
