"""``FreeTrialInfo.scan_types``: the gating rules applied to the resource's outputs at preview.

The resource is read through the real provider plugin from the emulator's sample organisation,
and every decision is made at an injected moment (``fixed_now`` unless a test says otherwise).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from pulumi_inspector_trial import FreeTrialInfo, InvalidInputError
from pulumi_inspector_trial.emulator import EmulatorServer, sample_organisation
from pulumi_inspector_trial.emulator.sample import (
    ENDING_SOON_ACCOUNT,
    EXPIRED_ACCOUNT,
    FRESH_ACCOUNT,
    NEW_TYPES_ACCOUNT,
    NON_MEMBER_ACCOUNT,
    SAMPLE_ACCOUNT_IDS,
)


@pytest.fixture
def with_trial(preview: Callable[..., Any], emulator: EmulatorServer) -> Callable[..., Any]:
    """``with_trial(body, endpoint_url=None)``: run a program at preview that reads every sample
    account into a ``FreeTrialInfo`` (from ``emulator`` unless another endpoint is given) and
    calls ``body(trial)``; return what the Output it returns resolves to, or ``None`` if that
    never became known."""

    def run(body: Callable[[FreeTrialInfo], Any], endpoint_url: str | None = None) -> Any:
        def program() -> Any:
            trial = FreeTrialInfo(
                "trial",
                account_ids=list(SAMPLE_ACCOUNT_IDS),
                endpoint_url=endpoint_url or emulator.endpoint_url,
                allow_failed_accounts=True,
            )
            return body(trial)

        return preview(program).value

    return run


@pytest.fixture
def scan_types(with_trial: Callable[..., Any]) -> Callable[..., Any]:
    """``scan_types(account_id, ...)``: the resolved ``trial.scan_types(account_id, ...)``."""
    return lambda *args, **kwargs: with_trial(lambda trial: trial.scan_types(*args, **kwargs))


def test_fresh_account_gets_every_type_known_at_preview(scan_types, fixed_now):
    assert scan_types(FRESH_ACCOUNT, at=fixed_now) == [
        "CODE_REPOSITORY",
        "EC2",
        "ECR",
        "LAMBDA",
        "LAMBDA_CODE",
    ]


def test_ended_trial_types_are_dropped(scan_types, fixed_now):
    assert scan_types(ENDING_SOON_ACCOUNT, at=fixed_now) == [
        "CODE_REPOSITORY",
        "EC2",
        "ECR",
        "LAMBDA",
    ]


def test_min_days_left_drops_types_whose_trial_ends_sooner(scan_types, fixed_now):
    assert scan_types(ENDING_SOON_ACCOUNT, at=fixed_now, min_days_left=7) == [
        "CODE_REPOSITORY",
        "LAMBDA",
    ]


def test_wanted_limits_the_types(scan_types, fixed_now):
    assert scan_types(FRESH_ACCOUNT, ["LAMBDA", "EC2"], at=fixed_now) == ["EC2", "LAMBDA"]


def test_later_moment_sees_trials_that_have_ended_by_then(scan_types, fixed_now):
    three_days_on = fixed_now + timedelta(days=3)
    assert scan_types(ENDING_SOON_ACCOUNT, at=three_days_on) == ["CODE_REPOSITORY", "LAMBDA"]


def test_trial_types_without_an_enabler_type_are_ignored(scan_types, fixed_now):
    assert scan_types(NEW_TYPES_ACCOUNT, at=fixed_now) == ["EC2", "ECR"]


def test_always_enable_types_are_enabled_whatever_the_trial_says(scan_types, fixed_now):
    assert scan_types(EXPIRED_ACCOUNT, ["EC2"], always_enable=["ECR"], at=fixed_now) == ["ECR"]


def test_expired_account_gets_no_types(scan_types, fixed_now):
    assert scan_types(EXPIRED_ACCOUNT, at=fixed_now) == []


def test_failed_account_gets_no_types_even_always_enabled_ones(scan_types, fixed_now):
    assert scan_types(NON_MEMBER_ACCOUNT, always_enable=["EC2"], at=fixed_now) == []


def test_account_absent_from_the_resource_gets_no_types(scan_types, fixed_now):
    assert scan_types("999988887777", at=fixed_now) == []


def refused_at_the_call(error: str, *args: Any, **kwargs: Any) -> Callable[..., None]:
    """A program body asserting that ``scan_types`` raises when called, before outputs resolve."""

    def body(trial: FreeTrialInfo) -> None:
        with pytest.raises(InvalidInputError, match=error):
            trial.scan_types(*args, **kwargs)

    return body


def test_unknown_wanted_type_is_refused_at_the_call_naming_it(with_trial, fixed_now):
    with_trial(refused_at_the_call("'EC3'", FRESH_ACCOUNT, ["EC2", "EC3"], at=fixed_now))


def test_a_single_string_of_wanted_types_is_refused_at_the_call(with_trial, fixed_now):
    with_trial(refused_at_the_call("single string", FRESH_ACCOUNT, "EC2", at=fixed_now))


def test_bad_account_id_is_refused_at_the_call_naming_it(with_trial, fixed_now):
    with_trial(refused_at_the_call("'1111'", "1111", at=fixed_now))


def test_negative_min_days_left_is_refused_at_the_call(with_trial, fixed_now):
    with_trial(refused_at_the_call("min_days_left", FRESH_ACCOUNT, min_days_left=-1, at=fixed_now))


def test_naive_at_is_refused_at_the_call(with_trial, fixed_now):
    naive = fixed_now.replace(tzinfo=None)
    with_trial(refused_at_the_call("timezone-aware", FRESH_ACCOUNT, at=naive))


def test_without_at_the_decision_is_made_now(with_trial, make_emulator):
    # Trials relative to the real clock: ending-soon's EC2 and ECR have 2 days left now, and are
    # over for a decision made three days from now (see the injected-moment test above).
    around_now = make_emulator(sample_organisation(datetime.now(timezone.utc)))
    types = with_trial(
        lambda trial: trial.scan_types(ENDING_SOON_ACCOUNT, min_days_left=2),
        endpoint_url=around_now.endpoint_url,
    )
    assert types == ["CODE_REPOSITORY", "EC2", "ECR", "LAMBDA"]
