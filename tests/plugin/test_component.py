"""``GatedEnabler``: one Enabler per account with something to enable, decided at program time.

Each test runs a small program at preview under ``PreviewMocks``: the component reads the trials
from the emulator with ``get_free_trial_info`` (in this process), and its child ``FreeTrialInfo``
is read through the real provider plugin, as the engine would. Decisions are made at the injected
``fixed_now``, which the sample organisation is built around.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from typing import Any

import pulumi
import pulumi_aws as aws
import pytest

from pulumi_inspector_trial import (
    GatedEnabler,
    GatedEnablerArgs,
    TrialDataError,
)
from pulumi_inspector_trial.emulator import EmulatorServer, FaultPlan
from pulumi_inspector_trial.emulator.sample import (
    ENDING_SOON_ACCOUNT,
    EXPIRED_ACCOUNT,
    FRESH_ACCOUNT,
    NEW_TYPES_ACCOUNT,
    NON_MEMBER_ACCOUNT,
    SAMPLE_ACCOUNT_IDS,
)
from pulumi_inspector_trial.gating import ENABLER_RESOURCE_TYPES
from pulumi_inspector_trial.testing import FREE_TRIAL_INFO_TYPE, PreviewMocks

ENABLER_TYPE = "aws:inspector2/enabler:Enabler"
ALL_TYPES = sorted(ENABLER_RESOURCE_TYPES)


def enablers_of(mocks: PreviewMocks) -> dict[str, tuple[list[str], list[str]]]:
    """``{name: (account_ids, resource_types)}`` of the registered Enablers."""
    return {
        r.name: (r.inputs["accountIds"], r.inputs["resourceTypes"])
        for r in mocks.of_type(ENABLER_TYPE)
    }


def gate(emulator: EmulatorServer, fixed_now: Any, **inputs: Any) -> Callable[[], GatedEnabler]:
    inputs.setdefault("account_ids", list(SAMPLE_ACCOUNT_IDS))
    return lambda: GatedEnabler("gate", endpoint_url=emulator.endpoint_url, at=fixed_now, **inputs)


# --- what is enabled -----------------------------------------------------------------------------


def test_fresh_account_gets_one_enabler_with_every_wanted_type_sorted(preview, emulator, fixed_now):
    run = preview(gate(emulator, fixed_now, account_ids=[FRESH_ACCOUNT]))
    assert enablers_of(run.mocks) == {f"gate-{FRESH_ACCOUNT}": ([FRESH_ACCOUNT], ALL_TYPES)}


def test_each_account_gets_exactly_the_types_its_trials_allow(preview, emulator, fixed_now):
    run = preview(gate(emulator, fixed_now))
    assert enablers_of(run.mocks) == {
        f"gate-{FRESH_ACCOUNT}": ([FRESH_ACCOUNT], ALL_TYPES),
        f"gate-{ENDING_SOON_ACCOUNT}": (
            [ENDING_SOON_ACCOUNT],
            ["CODE_REPOSITORY", "EC2", "ECR", "LAMBDA"],
        ),
        f"gate-{NEW_TYPES_ACCOUNT}": ([NEW_TYPES_ACCOUNT], ["EC2", "ECR"]),
    }


def test_min_days_left_drops_the_types_whose_trial_ends_sooner(preview, emulator, fixed_now):
    run = preview(gate(emulator, fixed_now, account_ids=[ENDING_SOON_ACCOUNT], min_days_left=7))
    assert enablers_of(run.mocks) == {
        f"gate-{ENDING_SOON_ACCOUNT}": ([ENDING_SOON_ACCOUNT], ["CODE_REPOSITORY", "LAMBDA"])
    }


def test_wanted_types_limit_the_enabled_types(preview, emulator, fixed_now):
    run = preview(
        gate(emulator, fixed_now, account_ids=[ENDING_SOON_ACCOUNT], wanted_types=["LAMBDA", "EC2"])
    )
    assert enablers_of(run.mocks) == {
        f"gate-{ENDING_SOON_ACCOUNT}": ([ENDING_SOON_ACCOUNT], ["EC2", "LAMBDA"])
    }


def test_account_with_nothing_to_enable_gets_no_enabler(preview, emulator, fixed_now):
    run = preview(gate(emulator, fixed_now, account_ids=[EXPIRED_ACCOUNT, FRESH_ACCOUNT]))
    assert list(enablers_of(run.mocks)) == [f"gate-{FRESH_ACCOUNT}"]


def test_always_enable_types_are_enabled_whatever_the_trial_says(preview, emulator, fixed_now):
    run = preview(gate(emulator, fixed_now, account_ids=[EXPIRED_ACCOUNT], always_enable=["ECR"]))
    assert enablers_of(run.mocks) == {f"gate-{EXPIRED_ACCOUNT}": ([EXPIRED_ACCOUNT], ["ECR"])}


def test_require_active_false_enables_every_wanted_type_of_a_resolved_account(
    preview, emulator, fixed_now
):
    run = preview(gate(emulator, fixed_now, account_ids=[EXPIRED_ACCOUNT], require_active=False))
    assert enablers_of(run.mocks) == {f"gate-{EXPIRED_ACCOUNT}": ([EXPIRED_ACCOUNT], ALL_TYPES)}


# --- failing closed ------------------------------------------------------------------------------


def test_non_member_account_gets_no_enabler_even_for_always_enable_types(
    preview, emulator, fixed_now
):
    run = preview(
        gate(
            emulator,
            fixed_now,
            account_ids=[NON_MEMBER_ACCOUNT],
            always_enable=["EC2"],
            require_active=False,
        )
    )
    assert enablers_of(run.mocks) == {}


def test_non_member_account_is_warned_about_by_id(preview, emulator, fixed_now, caplog):
    caplog.set_level(logging.WARNING)
    preview(gate(emulator, fixed_now, account_ids=[NON_MEMBER_ACCOUNT, FRESH_ACCOUNT]))
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert NON_MEMBER_ACCOUNT in warnings[0]
    assert "ACCESS_DENIED" in warnings[0]


def test_non_member_decision_is_unresolved_with_the_failure_as_reason(preview, emulator, fixed_now):
    run = preview(lambda: gate(emulator, fixed_now, account_ids=[NON_MEMBER_ACCOUNT])().decisions)
    decision = run.value[NON_MEMBER_ACCOUNT]
    assert (decision.resolved, decision.enable) == (False, ())
    assert all("ACCESS_DENIED" in why for why in decision.reasons.values())


def test_service_refusing_the_caller_fails_the_program_instead_of_enabling_nothing(
    preview, make_emulator, fixed_now
):
    refusing = make_emulator(faults=FaultPlan(deny_all=True))
    with pytest.raises(TrialDataError):
        preview(gate(refusing, fixed_now, account_ids=[FRESH_ACCOUNT]))


# --- what the component records ------------------------------------------------------------------


def test_registered_outputs_are_decisions_enabled_and_skipped_accounts(
    preview, emulator, fixed_now, monkeypatch
):
    registered: dict[str, Any] = {}
    monkeypatch.setattr(
        GatedEnabler, "register_outputs", lambda self, outputs: registered.update(outputs)
    )
    preview(
        gate(
            emulator,
            fixed_now,
            account_ids=[FRESH_ACCOUNT, EXPIRED_ACCOUNT, NON_MEMBER_ACCOUNT],
            wanted_types=["EC2"],
        )
    )
    assert registered["enabled_accounts"] == [FRESH_ACCOUNT]
    assert registered["decisions"][FRESH_ACCOUNT] == {
        "enable": ["EC2"],
        "reasons": {"EC2": "trial active, 12 days left"},
        "resolved": True,
    }
    assert registered["decisions"][NON_MEMBER_ACCOUNT]["resolved"] is False
    assert registered["skipped_accounts"] == {
        EXPIRED_ACCOUNT: f"{EXPIRED_ACCOUNT}: enable nothing; skip EC2 (trial inactive)",
        NON_MEMBER_ACCOUNT: (
            f"{NON_MEMBER_ACCOUNT}: enable nothing, failing closed "
            "(account trial data unavailable: "
            f"ACCESS_DENIED: Account {NON_MEMBER_ACCOUNT} is not a member of the organization)"
        ),
    }


def test_trials_are_recorded_as_a_child_read_that_allows_failed_accounts(
    preview, emulator, fixed_now
):
    run = preview(lambda: gate(emulator, fixed_now)().trials.urn)
    (trials,) = run.mocks.of_type(FREE_TRIAL_INFO_TYPE)
    assert trials.name == "gate-trials"
    assert trials.inputs["account_ids"] == sorted(SAMPLE_ACCOUNT_IDS)
    assert trials.inputs["allow_failed_accounts"] is True
    assert [f["account_id"] for f in trials.outputs["failed_accounts"]] == [NON_MEMBER_ACCOUNT]
    assert "inspector-trial:index:GatedEnabler$" in run.value


def test_enablers_are_children_of_the_component(preview, emulator, fixed_now):
    run = preview(lambda: gate(emulator, fixed_now)().enablers[FRESH_ACCOUNT].urn)
    assert f"inspector-trial:index:GatedEnabler${ENABLER_TYPE}::gate-{FRESH_ACCOUNT}" in run.value


@pytest.mark.parametrize("option", ["provider", "providers"])
def test_aws_provider_given_to_the_component_is_used_by_the_enablers(
    preview, emulator, fixed_now, option
):
    def program() -> Any:
        provider = aws.Provider("west", region="us-west-2")
        given = provider if option == "provider" else {"aws": provider}
        component = GatedEnabler(
            "gate",
            account_ids=[FRESH_ACCOUNT],
            endpoint_url=emulator.endpoint_url,
            at=fixed_now,
            opts=pulumi.ResourceOptions(**{option: given}),
        )
        return component.enablers[FRESH_ACCOUNT].get_provider(ENABLER_TYPE) is provider

    assert preview(program).value is True


def test_region_reads_the_trials_and_places_the_enablers_there(preview, emulator, fixed_now):
    run = preview(gate(emulator, fixed_now, account_ids=[FRESH_ACCOUNT], region="eu-west-1"))
    (enabler,) = run.mocks.of_type(ENABLER_TYPE)
    (trials,) = run.mocks.of_type(FREE_TRIAL_INFO_TYPE)
    assert (enabler.inputs["region"], trials.inputs["region"]) == ("eu-west-1", "eu-west-1")


def test_args_object_gives_the_same_enablers_as_keyword_inputs(preview, emulator, fixed_now):
    args = GatedEnablerArgs(
        account_ids=[ENDING_SOON_ACCOUNT],
        min_days_left=7,
        endpoint_url=emulator.endpoint_url,
        at=fixed_now,
    )
    run = preview(lambda: GatedEnabler("gate", args))
    assert enablers_of(run.mocks) == {
        f"gate-{ENDING_SOON_ACCOUNT}": ([ENDING_SOON_ACCOUNT], ["CODE_REPOSITORY", "LAMBDA"])
    }


# --- validation, before any request --------------------------------------------------------------


@pytest.mark.parametrize("option", ["provider", "providers"])
def test_trials_are_read_in_the_region_of_the_aws_provider_given(
    preview, emulator, fixed_now, option
):
    def program() -> Any:
        provider = aws.Provider("euw1", region="eu-west-1")
        given = provider if option == "provider" else [provider]
        return GatedEnabler(
            "gate",
            account_ids=[FRESH_ACCOUNT],
            endpoint_url=emulator.endpoint_url,
            at=fixed_now,
            opts=pulumi.ResourceOptions(**{option: given}),
        ).enabled_accounts

    run = preview(program)  # the stack's aws:region is us-east-1
    assert run.value == [FRESH_ACCOUNT]
    regions = {r.signing_region for r in emulator.backend.requests}
    assert regions == {"eu-west-1"}  # the decision's read and the child read alike
    (trials,) = run.mocks.of_type(FREE_TRIAL_INFO_TYPE)
    assert trials.inputs["region"] == "eu-west-1"
    (enabler,) = run.mocks.of_type(ENABLER_TYPE)
    assert "region" not in enabler.inputs  # the provider places it


def test_a_parents_aws_provider_decides_the_region_too(preview, emulator, fixed_now):
    def program() -> Any:
        provider = aws.Provider("euw1", region="eu-west-1")
        parent = pulumi.ComponentResource(
            "test:index:Parent", "parent", None, pulumi.ResourceOptions(providers=[provider])
        )
        return GatedEnabler(
            "gate",
            account_ids=[FRESH_ACCOUNT],
            endpoint_url=emulator.endpoint_url,
            at=fixed_now,
            opts=pulumi.ResourceOptions(parent=parent),
        ).enabled_accounts

    preview(program)
    assert {r.signing_region for r in emulator.backend.requests} == {"eu-west-1"}


def test_region_given_wins_over_the_aws_providers(preview, emulator, fixed_now):
    def program() -> Any:
        provider = aws.Provider("euw1", region="eu-west-1")
        return GatedEnabler(
            "gate",
            account_ids=[FRESH_ACCOUNT],
            endpoint_url=emulator.endpoint_url,
            region="ap-southeast-2",
            at=fixed_now,
            opts=pulumi.ResourceOptions(provider=provider),
        ).enabled_accounts

    preview(program)
    assert {r.signing_region for r in emulator.backend.requests} == {"ap-southeast-2"}


def test_without_a_provider_trials_are_read_in_the_stack_region(preview, emulator, fixed_now):
    preview(gate(emulator, fixed_now, account_ids=[FRESH_ACCOUNT]))
    assert {r.signing_region for r in emulator.backend.requests} == {"us-east-1"}


# --- upgrades keep every resource where it was --------------------------------------------------

URNS_WITHOUT_REGIONS = [
    "urn:pulumi:stack::project::inspector-trial:index:GatedEnabler"
    "$aws:inspector2/enabler:Enabler::inspector-111122223333",
    "urn:pulumi:stack::project::inspector-trial:index:GatedEnabler"
    "$aws:inspector2/enabler:Enabler::inspector-222233334444",
    "urn:pulumi:stack::project::inspector-trial:index:GatedEnabler"
    "$aws:inspector2/enabler:Enabler::inspector-444455556666",
    "urn:pulumi:stack::project::inspector-trial:index:GatedEnabler"
    "$pulumi-python:dynamic/inspector:FreeTrialInfo::inspector-trials",
    "urn:pulumi:stack::project::pulumi:pulumi:Stack$inspector-trial:index:GatedEnabler::inspector",
]
"""Recorded from 0.1.0: a changed URN would make ``pulumi up`` replace an Enabler, which disables
and re-enables Inspector in that account."""


def test_without_regions_the_urns_are_those_of_0_1_0(preview, emulator, fixed_now):
    run = preview(
        lambda: GatedEnabler(
            "inspector",
            account_ids=list(SAMPLE_ACCOUNT_IDS),
            endpoint_url=emulator.endpoint_url,
            at=fixed_now,
            min_days_left=3,
        )
    )
    assert run.mocks.urns() == URNS_WITHOUT_REGIONS


# --- several regions ---------------------------------------------------------------------------

EAST, WEST = "us-east-1", "eu-west-1"


@pytest.fixture
def regional_emulator(fixed_now, start_emulator):
    """EC2 and ECR run in us-east-1; in eu-west-1 EC2 has ended and the account is new to ECR."""
    from datetime import timedelta

    from pulumi_inspector_trial.domain.trials import ACTIVE, INACTIVE, FreeTrial
    from pulumi_inspector_trial.emulator import Organisation, RegionalBackends

    def trial(kind: str, days_left: int, status: str = ACTIVE) -> FreeTrial:
        end = fixed_now + timedelta(days=days_left, hours=6)
        return FreeTrial(kind, end - timedelta(days=15), end, status)

    organisations = {
        EAST: Organisation(members={FRESH_ACCOUNT: (trial("EC2", 10), trial("ECR", 10))}),
        WEST: Organisation(members={FRESH_ACCOUNT: (trial("EC2", -3, INACTIVE), trial("ECR", 12))}),
    }
    server = start_emulator(RegionalBackends(organisations))
    yield server
    server.stop()


def regional_gate(server: EmulatorServer, fixed_now: Any, **inputs: Any) -> Callable[[], Any]:
    return lambda: GatedEnabler(
        "gate",
        account_ids=[FRESH_ACCOUNT],
        wanted_types=["EC2", "ECR"],
        regions=[EAST, WEST],
        endpoint_url=server.endpoint_url,
        at=fixed_now,
        **inputs,
    )


def test_regions_give_an_enabler_per_account_and_region_with_its_region(
    preview, regional_emulator, fixed_now
):
    run = preview(regional_gate(regional_emulator, fixed_now))
    enablers = {
        r.name: (r.inputs["region"], r.inputs["resourceTypes"])
        for r in run.mocks.of_type(ENABLER_TYPE)
    }
    assert enablers == {
        f"gate-{EAST}-{FRESH_ACCOUNT}": (EAST, ["EC2", "ECR"]),
        f"gate-{WEST}-{FRESH_ACCOUNT}": (WEST, ["ECR"]),
    }


def test_regions_record_a_free_trial_info_per_region_read_in_that_region(
    preview, regional_emulator, fixed_now
):
    run = preview(regional_gate(regional_emulator, fixed_now))
    trials = {r.name: r.inputs["region"] for r in run.mocks.of_type(FREE_TRIAL_INFO_TYPE)}
    assert trials == {f"gate-trials-{EAST}": EAST, f"gate-trials-{WEST}": WEST}
    signed = Counter(r.signing_region for r in regional_emulator.backend.requests)
    assert set(signed) == {EAST, WEST}  # the decision's reads and the recorded ones


def test_regions_export_decisions_per_region(preview, regional_emulator, fixed_now):
    def program() -> Any:
        gate = regional_gate(regional_emulator, fixed_now)()
        return gate.decision_documents, gate.enabled_accounts, gate.skipped_accounts

    decisions, enabled, skipped = preview(program).value
    assert decisions[WEST][FRESH_ACCOUNT]["enable"] == ["ECR"]
    assert decisions[WEST][FRESH_ACCOUNT]["reasons"]["EC2"] == "trial inactive"
    assert decisions[EAST][FRESH_ACCOUNT]["enable"] == ["EC2", "ECR"]
    assert enabled == {EAST: [FRESH_ACCOUNT], WEST: [FRESH_ACCOUNT]}
    assert skipped == {EAST: {}, WEST: {}}


def test_with_regions_the_single_region_views_say_what_to_use(
    preview, regional_emulator, fixed_now
):
    def program() -> str:
        gate = regional_gate(regional_emulator, fixed_now)()
        with pytest.raises(AttributeError) as error:
            gate.decisions  # noqa: B018
        return str(error.value)

    assert "decisions_by_region" in preview(program).value
