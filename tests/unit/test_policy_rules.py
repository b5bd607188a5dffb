"""The policy's rules in process: its configuration, the region an Enabler goes to, what it
finds uncovered, and the pack's shared cost reads. (Through the engine's protocol:
test_policy_pack.py.)"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

import pytest
from pulumi_policy.proxy import UnknownValueError
from support.factories import NOW

from pulumi_inspector_trial.domain.costs import AccountCosts
from pulumi_inspector_trial.domain.errors import InvalidInputError, TrialDataError
from pulumi_inspector_trial.domain.trials import (
    ACTIVE,
    INACTIVE,
    AccountTrials,
    FailedAccount,
    FreeTrial,
    FreeTrialResult,
)
from pulumi_inspector_trial.policy import (
    CONFIG_SCHEMA,
    EnablerReview,
    PackSettings,
    Uncovered,
    enabler_region,
    free_trial_policy,
    review_enabler,
)
from pulumi_inspector_trial.policy.reads import PackReads
from pulumi_inspector_trial.read.query import ResolveLimits

AT = NOW
COVERED = "111122223333"
ENDED = "333344445555"
DENIED = "555566667777"
UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"


def trial(kind: str, status: str = ACTIVE, days: int = 12) -> FreeTrial:
    end = AT + timedelta(days=days, hours=6)
    return FreeTrial(kind, end - timedelta(days=15), end, status)


TRIALS = FreeTrialResult(
    accounts=(
        AccountTrials(COVERED, (trial("EC2"), trial("ECR", days=2), trial("LAMBDA"))),
        AccountTrials(ENDED, (trial("EC2", INACTIVE), trial("ECR", INACTIVE))),
    ),
    failed_accounts=(FailedAccount(DENIED, "ACCESS_DENIED", "Not a member."),),
)


class FakeResolver:
    """What the pack's reads give, from memory; records what it was asked where."""

    def __init__(self, region: str, asked: list[tuple[str, tuple[str, ...]]]) -> None:
        self._region = region
        self.asked = asked

    @property
    def region(self) -> str:
        return self._region

    def resolve(self, account_ids: Iterable[str]) -> FreeTrialResult:
        ids = tuple(account_ids)
        self.asked.append((self._region, ids))
        return FreeTrialResult(
            accounts=tuple(a for a in TRIALS.accounts if a.account_id in ids),
            failed_accounts=tuple(f for f in TRIALS.failed_accounts if f.account_id in ids),
        )

    def resolve_costs(self, account_ids: Iterable[str]) -> dict[str, AccountCosts]:
        return {i: AccountCosts(i, {"EC2_INSTANCE_HOURS": 12.4}) for i in account_ids}


@pytest.fixture
def asked() -> list[tuple[str, tuple[str, ...]]]:
    return []


@pytest.fixture
def review(asked):
    def run(
        props: dict[str, Any],
        settings: PackSettings | None = None,
        provider: dict[str, Any] | None = None,
    ) -> EnablerReview:
        return review_enabler(
            props,
            provider,
            settings or PackSettings(region="us-east-1"),
            at=AT,
            resolver_for=lambda s, _limits: FakeResolver(s.region or "us-east-1", asked),
        )

    return run


def enabler(accounts: list[str], types: list[str], **extra: Any) -> dict[str, Any]:
    return {"accountIds": accounts, "resourceTypes": types, **extra}


# --- configuration ------------------------------------------------------------------------------


def test_the_config_defaults_check_active_trials_only():
    settings = PackSettings.from_config({})
    assert settings == PackSettings()
    assert settings.gating.min_days_left == 0 and settings.gating.always_enable == frozenset()
    assert settings.gating.max_monthly_cost is None


def test_the_config_is_read_with_the_schemas_names():
    settings = PackSettings.from_config(
        {
            "minDaysLeft": 7.0,  # JSON through protobuf: every number is a float
            "allowedTypes": ["ECR"],
            "maxMonthlyCost": 20,
            "region": "eu-west-1",
            "endpointUrl": "http://127.0.0.1:4580",
            "timeout": 30,
        }
    )
    assert settings.gating.min_days_left == 7
    assert settings.gating.always_enable == {"ECR"}
    assert settings.gating.max_monthly_cost == 20.0
    assert (settings.region, settings.endpoint_url) == ("eu-west-1", "http://127.0.0.1:4580")
    assert settings.limits == ResolveLimits(total_timeout=30.0)


def test_the_schema_lists_every_setting():
    assert set(CONFIG_SCHEMA.properties) == {
        "minDaysLeft",
        "allowedTypes",
        "maxMonthlyCost",
        "region",
        "endpointUrl",
        "timeout",
        "showAccountIds",
    }
    assert free_trial_policy().config_schema is CONFIG_SCHEMA


@pytest.mark.parametrize(
    ("config", "named"),
    [
        ({"minDaysLeft": -1}, "minDaysLeft -1"),
        ({"minDaysLeft": 2.5}, "minDaysLeft 2.5"),
        ({"minDaysLeft": True}, "minDaysLeft True"),
        ({"allowedTypes": ["EC3"]}, "allowedTypes: 'EC3'"),
        ({"allowedTypes": "EC2"}, "allowedTypes 'EC2'"),
        ({"allowedTypes": 5}, "allowedTypes 5"),
        ({"maxMonthlyCost": "lots"}, "maxMonthlyCost 'lots'"),
        ({"maxMonthlyCost": -5}, "maxMonthlyCost -5"),
        ({"region": "mars"}, "region 'mars'"),
        ({"region": 1}, "region 1"),
        ({"endpointUrl": "ftp://x"}, "endpointUrl 'ftp://x'"),
        ({"endpointUrl": "http://user:pw@host"}, "endpointUrl 'http://...@host'"),
        ({"timeout": 0}, "timeout 0"),
        ({"timeout": 99999}, "timeout 99999"),
        ({"timeout": "soon"}, "timeout 'soon'"),
        ({"minDayLeft": 7}, "'minDayLeft'"),
    ],
)
def test_a_bad_config_value_is_refused_naming_the_key_and_the_value(config, named):
    with pytest.raises(InvalidInputError) as error:
        PackSettings.from_config(config)
    assert named in str(error.value)
    assert "pw" not in str(error.value)


def test_the_engines_enforcement_key_is_not_a_bad_setting():
    assert PackSettings.from_config({"enforcementLevel": "mandatory"}) == PackSettings()


# --- the region ---------------------------------------------------------------------------------


def test_the_enablers_own_region_comes_first():
    settings = PackSettings(region="ap-south-1")
    props = {"region": "eu-west-1"}
    assert enabler_region(props, {"region": "eu-west-3"}, settings, {}) == "eu-west-1"


def test_then_its_providers_region():
    settings = PackSettings(region="ap-south-1")
    assert enabler_region({}, {"region": "eu-west-3"}, settings, {}) == "eu-west-3"


def test_then_the_packs_region_config():
    settings = PackSettings(region="ap-south-1")
    env = {"AWS_REGION": "us-west-2"}
    assert enabler_region({}, {}, settings, env) == "ap-south-1"


def test_then_aws_region_before_aws_default_region():
    env = {"AWS_REGION": "us-west-2", "AWS_DEFAULT_REGION": "us-east-2"}
    assert enabler_region({}, None, PackSettings(), env) == "us-west-2"
    assert enabler_region({}, None, PackSettings(), {"AWS_DEFAULT_REGION": "us-east-2"}) == (
        "us-east-2"
    )
    assert enabler_region({}, None, PackSettings(), {}) is None


def test_a_region_unknown_at_preview_is_not_guessed():
    with pytest.raises(UnknownValueError):
        enabler_region({"region": UNKNOWN}, None, PackSettings(region="us-east-1"), {})
    with pytest.raises(UnknownValueError):
        enabler_region({}, {"region": UNKNOWN}, PackSettings(region="us-east-1"), {})


# --- what is uncovered --------------------------------------------------------------------------


def test_types_a_running_trial_covers_are_not_uncovered(review):
    assert review(enabler([COVERED], ["EC2", "LAMBDA"])).uncovered == ()


def test_each_uncovered_account_and_type_names_the_region_and_why(review):
    found = review(enabler([COVERED, ENDED], ["EC2", "ECR"]), PackSettings(region="eu-west-1"))
    assert found.uncovered == (
        Uncovered(ENDED, "EC2", "eu-west-1", "trial inactive"),
        Uncovered(ENDED, "ECR", "eu-west-1", "trial inactive"),
    )
    assert found.messages[0] == (
        f"Account {ENDED}: EC2 in eu-west-1 is not covered by a free trial (trial inactive)."
    )


def test_min_days_left_uncovers_a_trial_ending_sooner(review):
    found = review(enabler([COVERED], ["EC2", "ECR"]), PackSettings(min_days_left=3))
    assert [(u.resource_type, u.why) for u in found.uncovered] == [
        ("ECR", "trial ends in 2 days, under the 3-day minimum")
    ]


def test_allowed_types_are_covered_without_a_trial(review):
    settings = PackSettings(allowed_types=frozenset({"EC2"}))
    assert review(enabler([ENDED], ["EC2"]), settings).uncovered == ()


def test_an_account_the_service_could_not_answer_for_fails_closed_allowed_types_included(review):
    # As GatedEnabler's always_enable: nothing is turned on where the trials cannot be seen.
    settings = PackSettings(allowed_types=frozenset({"EC2"}))
    found = review(enabler([DENIED], ["EC2"]), settings)
    assert [u.why for u in found.uncovered] == [
        "account trial data unavailable: ACCESS_DENIED: Not a member"
    ]


def test_a_failed_read_fails_closed_for_every_account_and_type_saying_why():
    def failing(_settings: Any, _limits: Any) -> Any:
        raise TrialDataError("Could not connect to the Inspector endpoint.")

    found = review_enabler(
        enabler([COVERED, ENDED], ["EC2", "ECR"]),
        None,
        PackSettings(region="us-east-1"),
        at=AT,
        resolver_for=failing,
    )
    assert len(found.uncovered) == 4
    assert {u.why for u in found.uncovered} == {
        "account trial data unavailable: Could not connect to the Inspector endpoint."
    }
    assert found.covered_types == []


def test_no_region_anywhere_fails_closed_saying_so():
    def no_region(_settings: Any, _limits: Any) -> Any:
        raise TrialDataError("No AWS region is set.")

    (found,) = review_enabler(
        enabler([COVERED], ["EC2"]), None, PackSettings(), resolver_for=no_region
    ).uncovered
    assert found.region is None
    assert "in no region" in found.message and "No AWS region is set" in found.message


def test_a_type_the_policy_does_not_know_is_uncovered(review):
    (found,) = review(enabler([COVERED], ["EC2", "VM"])).uncovered
    assert found.resource_type == "VM" and "not a scan type this policy knows" in found.why


def test_the_budget_keeps_types_past_their_trial_while_affordable(review):
    kept = review(enabler([ENDED], ["EC2"]), PackSettings(max_monthly_cost=20))
    assert kept.uncovered == ()
    over = review(enabler([ENDED], ["EC2"]), PackSettings(max_monthly_cost=10))
    assert "would pass the $10.00 budget" in over.uncovered[0].why


def test_remediation_keeps_only_types_covered_in_every_account(review):
    found = review(enabler([COVERED, ENDED], ["LAMBDA", "EC2"]), PackSettings())
    assert found.covered_types == []  # ENDED has no LAMBDA trial, nor an active EC2 one
    found = review(enabler([COVERED], ["LAMBDA", "EC2", "ECR"]), PackSettings(min_days_left=3))
    assert found.covered_types == ["LAMBDA", "EC2"]


def test_malformed_account_ids_are_one_problem_and_nothing_is_read(review, asked):
    found = review(
        enabler(["1234567", COVERED], ["EC2"]),
        PackSettings(region="us-east-1", show_account_ids=True),
    )
    assert found.uncovered == () and "'1234567'" in (found.problem or "")
    assert asked == []


def test_a_malformed_account_id_is_shown_by_its_last_four_characters_by_default(review, asked):
    found = review(enabler(["1234567", COVERED], ["EC2"]))
    assert "1234567" not in (found.problem or "") and "'********4567'" in (found.problem or "")
    assert asked == []


def test_an_enabler_with_no_accounts_or_types_turns_nothing_on(review, asked):
    assert review(enabler([], ["EC2"])).messages == []
    assert review(enabler([COVERED], [])).messages == []
    assert asked == []


@pytest.mark.parametrize(
    "props",
    [
        enabler(UNKNOWN, ["EC2"]),  # type: ignore[arg-type]
        enabler([COVERED, UNKNOWN], ["EC2"]),
        enabler([COVERED], UNKNOWN),  # type: ignore[arg-type]
        enabler([COVERED], ["EC2", UNKNOWN]),
        enabler([COVERED], ["EC2"], region=UNKNOWN),
    ],
)
def test_a_value_unknown_at_preview_is_no_finding_and_reads_nothing(review, asked, props):
    with pytest.raises(UnknownValueError):
        review(props)
    assert asked == []


# --- the pack's shared cost reads ---------------------------------------------------------------


class CountingCosts:
    """Stands for the shared trial batches: counts cost reads, optionally failing the first."""

    def __init__(self, fail_first: bool = False, wait: threading.Event | None = None) -> None:
        self.resolver = type("R", (), {"limits": ResolveLimits(total_timeout=5)})()
        self.calls: list[tuple[str, ...]] = []
        self.fail_first = fail_first
        self.wait = wait
        self.region = "us-east-1"

    def resolve_costs(self, account_ids: Iterable[str]) -> dict[str, AccountCosts]:
        ids = tuple(account_ids)
        self.calls.append(ids)
        if self.wait is not None:
            self.wait.wait(5)
        if self.fail_first and len(self.calls) == 1:
            raise TrialDataError("Access denied calling inspector2:ListUsageTotals.")
        return {i: AccountCosts(i, {"ECR_RESCAN": 1.0}) for i in ids}


def test_each_accounts_costs_are_asked_once_however_many_enablers_name_it():
    trials = CountingCosts()
    reads = PackReads(trials)  # type: ignore[arg-type]
    reads.resolve_costs([COVERED, ENDED])
    again = reads.resolve_costs([ENDED, DENIED])
    assert trials.calls == [(COVERED, ENDED), (DENIED,)]
    assert again[ENDED].scan_types == {"ECR": 1.0}


def test_concurrent_enablers_wait_for_the_cost_read_already_on_its_way():
    release = threading.Event()
    trials = CountingCosts(wait=release)
    reads = PackReads(trials)  # type: ignore[arg-type]
    answers: list[dict[str, AccountCosts]] = []
    first = threading.Thread(target=lambda: answers.append(reads.resolve_costs([COVERED])))
    first.start()
    while not trials.calls:
        threading.Event().wait(0.01)
    second = threading.Thread(target=lambda: answers.append(reads.resolve_costs([COVERED])))
    second.start()
    release.set()
    first.join(5)
    second.join(5)
    assert trials.calls == [(COVERED,)]
    assert len(answers) == 2 and answers[0] == answers[1]


def test_a_failed_cost_read_is_not_kept():
    trials = CountingCosts(fail_first=True)
    reads = PackReads(trials)  # type: ignore[arg-type]
    with pytest.raises(TrialDataError):
        reads.resolve_costs([COVERED])
    assert reads.resolve_costs([COVERED])[COVERED].total == 1.0
    assert trials.calls == [(COVERED,), (COVERED,)]
