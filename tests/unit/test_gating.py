"""The gating rules: trial status in, the Enabler's scan types out."""

from __future__ import annotations

import pickle
from datetime import datetime, timedelta, timezone

import pytest
from support.factories import NOW, trial

from pulumi_inspector_trial.domain import gating as gating_rules
from pulumi_inspector_trial.domain import membership
from pulumi_inspector_trial.domain.costs import AccountCosts
from pulumi_inspector_trial.domain.errors import InvalidInputError
from pulumi_inspector_trial.domain.trials import (
    INACTIVE,
    AccountTrials,
    FailedAccount,
    FreeTrial,
    FreeTrialResult,
)
from pulumi_inspector_trial.gating import (
    ENABLER_RESOURCE_TYPES,
    GatingDecision,
    GatingPolicy,
    decide,
    enabler_resource_type,
    scan_types_to_enable,
)

AT = NOW
ACCOUNT = "111122223333"
OTHER = "444455556666"
DEFAULT = GatingPolicy()


def account(*trials: FreeTrial, account_id: str = ACCOUNT) -> AccountTrials:
    return AccountTrials(account_id=account_id, free_trials=trials)


def gate(
    acct: AccountTrials | None,
    wanted: tuple[str, ...] = ("EC2",),
    policy: GatingPolicy = DEFAULT,
    *,
    at: datetime = AT,
    failure: FailedAccount | None = None,
    account_id: str | None = None,
) -> GatingDecision:
    return scan_types_to_enable(acct, wanted, policy, at=at, failure=failure, account_id=account_id)


# --- the type mapping -------------------------------------------------------------------------


def test_enabler_resource_types_are_the_five_pulumi_aws_accepts() -> None:
    assert ENABLER_RESOURCE_TYPES == ("EC2", "ECR", "LAMBDA", "LAMBDA_CODE", "CODE_REPOSITORY")


@pytest.mark.parametrize("trial_type", ENABLER_RESOURCE_TYPES)
def test_enabler_trial_types_map_to_themselves(trial_type: str) -> None:
    assert enabler_resource_type(trial_type) == trial_type


@pytest.mark.parametrize(
    "trial_type",
    ["VM", "CONTAINER_IMAGE", "SERVERLESS_FUNCTION", "MACHINE_IMAGE", "QUANTUM_WIDGET", "ec2", ""],
)
def test_other_trial_types_map_to_none(trial_type: str) -> None:
    assert enabler_resource_type(trial_type) is None


def test_gating_reads_an_enablers_trial_type_from_the_one_table(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Should the service rename a trial type, the table is the one edit: gating follows it.
    monkeypatch.setattr(gating_rules, "_ENABLER_TYPE_OF_TRIAL", {"VM": "EC2"})
    monkeypatch.setattr(gating_rules, "_TRIAL_TYPE_OF_ENABLER", {"EC2": "VM"})

    decision = gate(account(trial("VM"), trial("EC2", status=INACTIVE)))

    assert decision.enable == ("EC2",)
    assert enabler_resource_type("VM") == "EC2"


def test_unknown_trial_types_in_the_account_are_ignored() -> None:
    decision = gate(
        account(trial("EC2"), trial("VM"), trial("QUANTUM_WIDGET"), trial("MACHINE_IMAGE")),
        ("EC2", "ECR"),
    )
    assert decision.enable == ("EC2",)
    assert set(decision.reasons) == {"EC2", "ECR"}


# --- the default policy: enabled while ACTIVE -------------------------------------------------


def test_active_trial_is_enabled_with_days_left_as_reason() -> None:
    decision = gate(account(trial("EC2")))
    assert decision.enable == ("EC2",)
    assert decision.reasons == {"EC2": "trial active, 12 days left"}
    assert decision.resolved


def test_inactive_trial_is_not_enabled() -> None:
    decision = gate(account(trial("EC2", status=INACTIVE)))
    assert decision.enable == ()
    assert decision.reasons == {"EC2": "trial inactive"}


def test_missing_trial_is_not_enabled() -> None:
    decision = gate(account(trial("ECR")))
    assert decision.enable == ()
    assert decision.reasons == {"EC2": "no trial for this type"}


def test_active_trial_past_its_end_date_counts_as_ended() -> None:
    decision = gate(account(trial("EC2", left=timedelta(days=-3))))
    assert decision.enable == ()
    assert decision.reasons == {"EC2": "trial ended on 2026-11-23"}


def test_active_entry_wins_over_an_inactive_one_of_the_same_type() -> None:
    old = trial("EC2", status=INACTIVE, left=timedelta(days=-300))
    decision = gate(account(old, trial("EC2")))
    assert decision.enable == ("EC2",)


def test_of_two_active_entries_of_a_type_the_one_ending_last_decides() -> None:
    ending_soon, ending_later = trial("EC2", left=timedelta(days=2)), trial("EC2")
    assert account(ending_soon, ending_later).trial("EC2") == ending_later
    assert account(ending_later, ending_soon).trial("EC2") == ending_later


def test_of_inactive_entries_only_the_one_ending_last_decides() -> None:
    older = trial("EC2", status=INACTIVE, left=timedelta(days=-300))
    newer = trial("EC2", status=INACTIVE, left=timedelta(days=-3))
    assert account(newer, older).trial("EC2") == newer


def test_unresolved_reason_falls_back_when_no_type_was_considered() -> None:
    decision = GatingDecision(account_id=ACCOUNT, enable=(), resolved=False)
    assert decision.unresolved_reason == "account trial data unavailable"
    assert decision.summary == (
        f"{ACCOUNT}: enable nothing, failing closed (account trial data unavailable)"
    )


def test_enable_is_sorted_and_wanted_duplicates_are_fine() -> None:
    acct = account(trial("LAMBDA"), trial("EC2"), trial("ECR"))
    decision = gate(acct, ("LAMBDA", "EC2", "ECR", "EC2"))
    assert decision.enable == ("EC2", "ECR", "LAMBDA")
    assert list(decision.reasons) == ["EC2", "ECR", "LAMBDA"]


def test_nothing_wanted_enables_nothing() -> None:
    decision = gate(account(trial("EC2")), ())
    assert decision.enable == ()
    assert decision.reasons == {}


# --- min_days_left ----------------------------------------------------------------------------


def test_trial_with_enough_days_left_is_enabled() -> None:
    decision = gate(account(trial("EC2")), policy=GatingPolicy(min_days_left=7))
    assert decision.enable == ("EC2",)


def test_trial_under_the_minimum_is_not_enabled() -> None:
    decision = gate(
        account(trial("EC2", left=timedelta(days=2, hours=5))), policy=GatingPolicy(min_days_left=7)
    )
    assert decision.enable == ()
    assert decision.reasons == {"EC2": "trial ends in 2 days, under the 7-day minimum"}


def test_exactly_min_days_left_is_enough() -> None:
    decision = gate(
        account(trial("EC2", left=timedelta(days=7))), policy=GatingPolicy(min_days_left=7)
    )
    assert decision.enable == ("EC2",)
    assert decision.reasons == {"EC2": "trial active, 7 days left"}


def test_min_days_left_minus_one_second_is_rounded_down_and_not_enough() -> None:
    left = timedelta(days=7) - timedelta(seconds=1)
    decision = gate(account(trial("EC2", left=left)), policy=GatingPolicy(min_days_left=7))
    assert decision.enable == ()
    assert decision.reasons == {"EC2": "trial ends in 6 days, under the 7-day minimum"}


def test_one_day_minus_a_second_reads_as_less_than_a_day() -> None:
    left = timedelta(days=1) - timedelta(seconds=1)
    decision = gate(account(trial("EC2", left=left)), policy=GatingPolicy(min_days_left=1))
    assert decision.reasons == {"EC2": "trial ends in less than a day, under the 1-day minimum"}


def test_last_second_of_a_trial_is_still_enabled_with_no_minimum() -> None:
    decision = gate(account(trial("EC2", left=timedelta(seconds=1))))
    assert decision.enable == ("EC2",)
    assert decision.reasons == {"EC2": "trial active, less than a day left"}


def test_trial_ending_exactly_now_is_not_enabled() -> None:
    decision = gate(account(trial("EC2", left=timedelta(0))))
    assert decision.enable == ()
    assert decision.reasons == {"EC2": "trial ended on 2026-11-26"}


def test_trial_that_ended_a_second_ago_is_not_enabled() -> None:
    decision = gate(account(trial("EC2", left=timedelta(seconds=-1))))
    assert decision.enable == ()


def test_timezone_of_at_does_not_change_the_answer() -> None:
    left = timedelta(days=7) - timedelta(seconds=1)
    acct = account(trial("EC2", left=left), trial("ECR", left=timedelta(days=7)))
    policy = GatingPolicy(min_days_left=7)
    tokyo = AT.astimezone(timezone(timedelta(hours=9)))
    in_utc = gate(acct, ("EC2", "ECR"), policy)
    in_tokyo = gate(acct, ("EC2", "ECR"), policy, at=tokyo)
    assert in_tokyo == in_utc
    assert in_tokyo.enable == ("ECR",)


def test_naive_at_is_refused() -> None:
    with pytest.raises(InvalidInputError, match="timezone-aware"):
        gate(account(trial("EC2")), at=datetime(2026, 11, 26, 12, 0))


# --- require_active=False and always_enable ---------------------------------------------------


def test_without_require_active_wanted_types_are_enabled_whatever_the_trial() -> None:
    acct = account(trial("EC2", status=INACTIVE), trial("ECR", left=timedelta(days=1)))
    policy = GatingPolicy(require_active=False, min_days_left=7)
    decision = gate(acct, ("EC2", "ECR", "LAMBDA"), policy)
    assert decision.enable == ("EC2", "ECR", "LAMBDA")
    assert decision.reasons == {
        "EC2": "trial not required (trial inactive)",
        "ECR": "trial not required (trial active, 1 day left)",
        "LAMBDA": "trial not required (no trial for this type)",
    }


def test_always_enable_types_are_enabled_without_a_trial() -> None:
    decision = gate(account(), ("EC2",), GatingPolicy(always_enable={"EC2"}))
    assert decision.enable == ("EC2",)
    assert decision.reasons == {"EC2": "always enabled"}


def test_always_enable_types_are_enabled_even_when_not_wanted() -> None:
    decision = gate(account(trial("EC2")), ("EC2",), GatingPolicy(always_enable=["LAMBDA"]))
    assert decision.enable == ("EC2", "LAMBDA")
    assert decision.reasons["LAMBDA"] == "always enabled"


def test_always_enable_accepts_any_iterable_and_stores_a_frozenset() -> None:
    policy = GatingPolicy(always_enable=(t for t in ["ECR", "EC2", "ECR"]))
    assert policy.always_enable == frozenset({"EC2", "ECR"})


# --- fail closed ------------------------------------------------------------------------------


def test_failed_account_enables_nothing_and_says_why() -> None:
    failure = FailedAccount(ACCOUNT, "ACCESS_DENIED", "")
    decision = gate(None, ("EC2", "ECR"), failure=failure)
    assert decision == GatingDecision(
        account_id=ACCOUNT,
        enable=(),
        reasons={
            "EC2": "account trial data unavailable: ACCESS_DENIED",
            "ECR": "account trial data unavailable: ACCESS_DENIED",
        },
        resolved=False,
    )


def test_failed_account_reason_carries_the_service_message() -> None:
    failure = FailedAccount(ACCOUNT, "INTERNAL_ERROR", "try again")
    decision = gate(None, failure=failure)
    assert decision.reasons == {"EC2": "account trial data unavailable: INTERNAL_ERROR: try again"}


def test_failed_account_enables_nothing_even_with_always_enable() -> None:
    failure = FailedAccount(ACCOUNT, "ACCESS_DENIED", "not a member")
    decision = gate(None, ("EC2",), GatingPolicy(always_enable={"ECR"}), failure=failure)
    assert decision.enable == ()
    assert set(decision.reasons) == {"EC2", "ECR"}
    assert not decision.resolved


def test_failure_wins_over_trials_for_the_same_account() -> None:
    failure = FailedAccount(ACCOUNT, "ACCESS_DENIED", "")
    decision = gate(account(trial("EC2")), failure=failure)
    assert decision.enable == ()
    assert not decision.resolved


def test_account_without_data_or_failure_fails_closed() -> None:
    decision = gate(None, account_id=ACCOUNT)
    assert decision.enable == ()
    assert not decision.resolved
    assert decision.reasons == {
        "EC2": "account trial data unavailable: not returned by the service"
    }


def test_an_account_id_is_required() -> None:
    with pytest.raises(InvalidInputError, match="exactly one account id"):
        gate(None)


def test_conflicting_account_ids_are_refused() -> None:
    with pytest.raises(InvalidInputError, match=f"{ACCOUNT}, {OTHER}"):
        gate(account(trial("EC2")), account_id=OTHER)


# --- input validation -------------------------------------------------------------------------


def test_unknown_wanted_types_are_named_with_the_valid_ones() -> None:
    with pytest.raises(InvalidInputError) as error:
        gate(account(), ("EC2", "VM", "ec2"))
    message = str(error.value)
    assert "'VM'" in message and "'ec2'" in message
    assert "EC2, ECR, LAMBDA, LAMBDA_CODE, CODE_REPOSITORY" in message


def test_wanted_as_a_single_string_is_refused() -> None:
    with pytest.raises(InvalidInputError, match="single string 'EC2'"):
        scan_types_to_enable(account(), "EC2", DEFAULT, at=AT)


def test_wanted_types_are_validated_even_for_a_failed_account() -> None:
    with pytest.raises(InvalidInputError, match="'VM'"):
        gate(None, ("VM",), failure=FailedAccount(ACCOUNT, "ACCESS_DENIED", ""))


def test_negative_min_days_left_is_refused() -> None:
    with pytest.raises(InvalidInputError, match="-1"):
        GatingPolicy(min_days_left=-1)


def test_non_integer_min_days_left_is_refused() -> None:
    with pytest.raises(InvalidInputError, match=r"2\.5"):
        GatingPolicy(min_days_left=2.5)  # type: ignore[arg-type]


def test_unknown_always_enable_type_is_refused() -> None:
    with pytest.raises(InvalidInputError, match="'MACHINE_IMAGE'"):
        GatingPolicy(always_enable={"EC2", "MACHINE_IMAGE"})


def test_policy_is_immutable() -> None:
    with pytest.raises(AttributeError):
        DEFAULT.min_days_left = 3  # type: ignore[misc]


# --- summaries --------------------------------------------------------------------------------


def test_summary_lists_enabled_and_skipped_types() -> None:
    decision = gate(account(trial("EC2"), trial("LAMBDA", status=INACTIVE)), ("EC2", "LAMBDA"))
    assert decision.summary == "111122223333: enable EC2; skip LAMBDA (trial inactive)"


def test_summary_of_a_failed_account_says_why_nothing_is_enabled() -> None:
    decision = gate(None, failure=FailedAccount(ACCOUNT, "ACCESS_DENIED", ""))
    assert decision.summary == (
        "111122223333: enable nothing, failing closed "
        "(account trial data unavailable: ACCESS_DENIED)"
    )


def test_summary_names_types_in_the_enablers_order_and_groups_skipped_ones_by_reason() -> None:
    decision = gate(
        account(
            trial("EC2", status=INACTIVE),
            trial("ECR", status=INACTIVE),
            trial("LAMBDA"),
            trial("CODE_REPOSITORY"),
        ),
        ("CODE_REPOSITORY", "EC2", "ECR", "LAMBDA"),
    )
    assert decision.summary == (
        "111122223333: enable LAMBDA, CODE_REPOSITORY; skip EC2, ECR (trial inactive)"
    )


def test_decision_pickles() -> None:
    decision = gate(account(trial("EC2")))
    assert pickle.loads(pickle.dumps(decision)) == decision


# --- decide -----------------------------------------------------------------------------------


def test_decide_gives_one_decision_per_account_including_failed_ones() -> None:
    result = FreeTrialResult(
        accounts=(account(trial("EC2"), account_id=OTHER),),
        failed_accounts=(FailedAccount(ACCOUNT, "ACCESS_DENIED", ""),),
    )
    decisions = decide(result, ["EC2"], DEFAULT, at=AT)
    assert list(decisions) == [ACCOUNT, OTHER]
    assert decisions[ACCOUNT].enable == () and not decisions[ACCOUNT].resolved
    assert decisions[OTHER].enable == ("EC2",)


def test_decide_fails_closed_for_requested_accounts_missing_from_the_result() -> None:
    result = FreeTrialResult(accounts=(account(trial("EC2"), account_id=OTHER),))
    decisions = decide(result, ["EC2"], DEFAULT, at=AT, account_ids=[OTHER, ACCOUNT])
    assert list(decisions) == [ACCOUNT, OTHER]
    assert not decisions[ACCOUNT].resolved
    assert decisions[ACCOUNT].enable == ()


def test_decide_refuses_malformed_account_ids() -> None:
    result = FreeTrialResult(accounts=())
    with pytest.raises(InvalidInputError, match="'12345'"):
        decide(result, ["EC2"], DEFAULT, at=AT, account_ids=["12345"])


def test_decide_validates_wanted_types_with_an_empty_result() -> None:
    with pytest.raises(InvalidInputError, match="'VM'"):
        decide(FreeTrialResult(accounts=()), ["VM"], DEFAULT, at=AT)


# --- after the trial: a budget ----------------------------------------------------------------

ENDED = timedelta(days=-3)


def costs_of(**usage: float) -> AccountCosts:
    return AccountCosts(ACCOUNT, dict(usage))


def budgeted(
    acct: AccountTrials, wanted: tuple[str, ...], budget: float, costs: AccountCosts | None
) -> GatingDecision:
    return scan_types_to_enable(
        acct, wanted, GatingPolicy(max_monthly_cost=budget), at=AT, costs=costs
    )


def test_types_past_their_trial_are_kept_cheapest_first_within_the_budget() -> None:
    decision = budgeted(
        account(
            trial("EC2", status=INACTIVE, left=ENDED),
            trial("ECR", status=INACTIVE, left=ENDED),
            trial("LAMBDA", status=INACTIVE, left=ENDED),
        ),
        ("EC2", "ECR", "LAMBDA"),
        20,
        costs_of(
            EC2_INSTANCE_HOURS=12.0, ECR_INITIAL_SCAN=2.0, ECR_RESCAN=3.0, LAMBDA_FUNCTION_HOURS=8.0
        ),
    )
    assert decision.enable == ("ECR", "LAMBDA")  # 5 + 8 = 13; EC2's 12 more would be 25
    assert (
        decision.reasons["ECR"] == "trial inactive; est. $5.00/month, $5.00 of $20.00 budget used"
    )
    assert decision.reasons["LAMBDA"] == (
        "trial inactive; est. $8.00/month, $13.00 of $20.00 budget used"
    )
    assert decision.reasons["EC2"] == (
        "trial inactive; est. $12.00/month would pass the $20.00 budget ($13.00 used)"
    )


def test_types_still_on_trial_are_free_and_do_not_count() -> None:
    decision = budgeted(
        account(trial("EC2"), trial("ECR", status=INACTIVE, left=ENDED)),
        ("EC2", "ECR"),
        4,
        costs_of(EC2_INSTANCE_HOURS=100.0, ECR_RESCAN=4.0),
    )
    assert decision.enable == ("EC2", "ECR")


def test_a_type_under_min_days_left_counts_as_past_its_trial() -> None:
    decision = scan_types_to_enable(
        account(trial("EC2", left=timedelta(days=2, hours=1))),
        ("EC2",),
        GatingPolicy(min_days_left=7, max_monthly_cost=10),
        at=AT,
        costs=costs_of(EC2_INSTANCE_HOURS=9.5),
    )
    assert decision.enable == ("EC2",)
    assert decision.reasons["EC2"].endswith("est. $9.50/month, $9.50 of $10.00 budget used")


def test_without_an_estimate_nothing_is_kept_past_its_trial() -> None:
    decision = budgeted(account(trial("EC2", status=INACTIVE, left=ENDED)), ("EC2",), 50, None)
    assert decision.enable == ()
    assert "no cost estimate" in decision.reasons["EC2"]


def test_a_type_that_never_had_a_trial_is_not_kept_by_the_budget() -> None:
    decision = budgeted(account(trial("EC2")), ("EC2", "ECR"), 50, costs_of())
    assert decision.enable == ("EC2",)
    assert decision.reasons["ECR"] == "no trial for this type"


def test_without_a_budget_costs_change_nothing() -> None:
    decision = scan_types_to_enable(
        account(trial("EC2", status=INACTIVE, left=ENDED)),
        ("EC2",),
        DEFAULT,
        at=AT,
        costs=costs_of(EC2_INSTANCE_HOURS=0.0),
    )
    assert decision.enable == ()
    assert decision.reasons["EC2"] == "trial inactive"


def test_decide_takes_each_accounts_costs() -> None:
    result = FreeTrialResult(accounts=(account(trial("EC2", status=INACTIVE, left=ENDED)),))
    decisions = decide(
        result,
        ("EC2",),
        GatingPolicy(max_monthly_cost=1),
        at=AT,
        costs={ACCOUNT: costs_of(EC2_INSTANCE_HOURS=0.5)},
    )
    assert decisions[ACCOUNT].enable == ("EC2",)


@pytest.mark.parametrize("budget", [-1, float("nan"), float("inf"), "20", True])
def test_a_bad_budget_is_refused_by_name(budget: object) -> None:
    with pytest.raises(InvalidInputError, match="max_monthly_cost") as error:
        GatingPolicy(max_monthly_cost=budget)  # type: ignore[arg-type]
    assert repr(budget) in str(error.value)


def test_costs_map_usage_types_to_scan_types_and_keep_others_in_the_total() -> None:
    costs = AccountCosts.from_usage(
        ACCOUNT,
        [
            {"type": "EC2_INSTANCE_HOURS", "estimatedMonthlyCost": 1.25, "currency": "USD"},
            {"type": "EC2_AGENTLESS_INSTANCE_HOURS", "estimatedMonthlyCost": 0.75},
            {"type": "CODE_REPOSITORY_SAST", "estimatedMonthlyCost": 2.0},
            {"type": "CODE_REPOSITORY_IAC", "estimatedMonthlyCost": 1.0},
            {"type": "LAMBDA_FUNCTION_CODE_HOURS", "estimatedMonthlyCost": 0.5},
            {"type": "AZURE_VM_HOURS", "estimatedMonthlyCost": 4.0, "cloudProvider": "AZURE"},
            {"type": "QUANTUM_WIDGET_SCANS", "estimatedMonthlyCost": 3.0},
        ],
    )
    assert costs.to_dict() == {
        "currency": "USD",
        "total": 12.5,
        "scan_types": {"CODE_REPOSITORY": 3.0, "EC2": 2.0, "LAMBDA_CODE": 0.5},
        "usage_types": {
            "AZURE_VM_HOURS": 4.0,
            "CODE_REPOSITORY_IAC": 1.0,
            "CODE_REPOSITORY_SAST": 2.0,
            "EC2_AGENTLESS_INSTANCE_HOURS": 0.75,
            "EC2_INSTANCE_HOURS": 1.25,
            "LAMBDA_FUNCTION_CODE_HOURS": 0.5,
            "QUANTUM_WIDGET_SCANS": 3.0,
        },
    }


def test_an_account_without_usage_totals_a_float_zero() -> None:
    total = AccountCosts(ACCOUNT, {}).to_dict()["total"]
    assert isinstance(total, float) and total == 0.0


# --- what the account has ENABLED, and who is not associated -------------------------------------


def test_an_enabled_type_the_gate_does_not_enable_is_marked_in_its_reason():
    decision = GatingDecision(ACCOUNT, ("LAMBDA",), {"EC2": "trial inactive", "LAMBDA": "ok"})

    marked, left_out = membership.left_out_though_enabled(
        decision, ["LAMBDA", "EC2", "LAMBDA_CODE", "AMI"]
    )

    assert left_out == ("EC2", "LAMBDA_CODE")
    assert marked.enable == ("LAMBDA",)
    assert marked.reasons == {
        "EC2": f"trial inactive; {membership.ENABLED_NOW_NOTE}",
        "LAMBDA": "ok",
        "LAMBDA_CODE": f"not wanted; {membership.ENABLED_NOW_NOTE}",
    }


def test_enabled_types_the_gate_enables_change_nothing():
    decision = GatingDecision(ACCOUNT, ("EC2",), {"EC2": "trial active, 3 days left"})

    assert membership.left_out_though_enabled(decision, ["EC2"]) == (decision, ())


def test_an_unresolved_decision_is_not_marked():
    decision = GatingDecision(ACCOUNT, (), {"EC2": "unreadable"}, resolved=False)

    assert membership.left_out_though_enabled(decision, ["EC2"]) == (decision, ())


def test_a_status_read_denial_makes_an_unresolved_account_not_associated():
    decision = GatingDecision(ACCOUNT, (), {"EC2": "account trial data unavailable"}, False)
    denied = FailedAccount(ACCOUNT, "ACCESS_DENIED", "Account is not a member.")

    skipped = membership.as_not_associated(decision, denied)

    assert skipped.is_not_associated
    assert skipped.reasons["EC2"].startswith(gating_rules.NOT_ASSOCIATED_REASON)
    transient = FailedAccount(ACCOUNT, "INTERNAL_ERROR", "Retry.")
    assert membership.as_not_associated(decision, transient) == decision
