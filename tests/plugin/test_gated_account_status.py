"""``GatedEnabler(include_account_status=True)`` at preview, against the emulator: an account the
status read denies is skipped as not an associated member, an ENABLED type the gate does not
enable is named, and without it no status is read at all (counted on the control API)."""

from __future__ import annotations

import dataclasses
import logging
from typing import Any

import pytest
from support.emulator_calls import control

from pulumi_inspector_trial import GatedEnabler
from pulumi_inspector_trial.domain.gating import NOT_ASSOCIATED_REASON
from pulumi_inspector_trial.domain.membership import ENABLED_NOW_NOTE
from pulumi_inspector_trial.emulator import EmulatorServer
from pulumi_inspector_trial.emulator.sample import (
    ENDING_SOON_ACCOUNT,
    EXPIRED_ACCOUNT,
    FRESH_ACCOUNT,
    NEW_TYPES_ACCOUNT,
    NON_MEMBER_ACCOUNT,
    SAMPLE_ACCOUNT_IDS,
    sample_organisation,
)
from pulumi_inspector_trial.gating import ENABLER_RESOURCE_TYPES
from pulumi_inspector_trial.testing import FREE_TRIAL_INFO_TYPE

ENABLER_TYPE = "aws:inspector2/enabler:Enabler"
ALL_TYPES = sorted(ENABLER_RESOURCE_TYPES)
STATUS = "BatchGetAccountStatus"
NOT_ASSOCIATED = f"enable nothing ({NOT_ASSOCIATED_REASON} (ACCESS_DENIED: "


def enablers_of(mocks: Any) -> dict[str, list[str]]:
    return {r.name: r.inputs["resourceTypes"] for r in mocks.of_type(ENABLER_TYPE)}


def counts(server: EmulatorServer) -> dict[str, int]:
    """What the emulator was asked, by operation, as its control API counts it."""
    status, _, document = control(server.port, "GET", "/_emulator/requests")
    assert status == 200
    counted: dict[str, int] = document["counts"]
    return counted


def messages(caplog: pytest.LogCaptureFixture, level: int) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno == level]


def test_a_non_member_the_status_read_denies_is_skipped_as_not_associated(
    preview, emulator, fixed_now, caplog
):
    caplog.set_level(logging.INFO)

    def program() -> Any:
        gate = GatedEnabler(
            "gate",
            account_ids=[FRESH_ACCOUNT, NON_MEMBER_ACCOUNT],
            include_account_status=True,
            endpoint_url=emulator.endpoint_url,
            at=fixed_now,
        )
        return gate.skipped_accounts, gate.decision_documents

    run = preview(program)

    skipped, decisions = run.value
    assert skipped[NON_MEMBER_ACCOUNT].startswith(f"{NON_MEMBER_ACCOUNT}: {NOT_ASSOCIATED}")
    assert "is not a member of the organization" in skipped[NON_MEMBER_ACCOUNT]
    assert decisions[NON_MEMBER_ACCOUNT]["resolved"] is False
    assert enablers_of(run.mocks) == {f"gate-{FRESH_ACCOUNT}": ALL_TYPES}
    assert not [w for w in messages(caplog, logging.WARNING) if NON_MEMBER_ACCOUNT in w]
    assert [i for i in messages(caplog, logging.INFO) if NOT_ASSOCIATED_REASON in i]


def test_without_account_status_the_same_non_member_is_warned_about_as_unreadable(
    preview, emulator, fixed_now, caplog
):
    caplog.set_level(logging.INFO)

    run = preview(
        lambda: (
            GatedEnabler(
                "gate",
                account_ids=[FRESH_ACCOUNT, NON_MEMBER_ACCOUNT],
                endpoint_url=emulator.endpoint_url,
                at=fixed_now,
            ).skipped_accounts
        )
    )

    assert "failing closed" in run.value[NON_MEMBER_ACCOUNT]
    assert NOT_ASSOCIATED_REASON not in run.value[NON_MEMBER_ACCOUNT]
    assert [w for w in messages(caplog, logging.WARNING) if NON_MEMBER_ACCOUNT in w]
    assert STATUS not in counts(emulator)


def test_a_member_not_associated_is_skipped_though_its_trials_read(
    preview, make_emulator, fixed_now, caplog
):
    caplog.set_level(logging.INFO)
    organisation = dataclasses.replace(
        sample_organisation(fixed_now), relationships={FRESH_ACCOUNT: "INVITED"}
    )
    server = make_emulator(organisation)

    run = preview(
        lambda: (
            GatedEnabler(
                "gate",
                account_ids=[FRESH_ACCOUNT],
                include_account_status=True,
                endpoint_url=server.endpoint_url,
                at=fixed_now,
            ).skipped_accounts
        )
    )

    assert run.value[FRESH_ACCOUNT].startswith(f"{FRESH_ACCOUNT}: {NOT_ASSOCIATED}")
    assert "INVITED" in run.value[FRESH_ACCOUNT]
    assert enablers_of(run.mocks) == {}
    assert not [w for w in messages(caplog, logging.WARNING) if FRESH_ACCOUNT in w]


def test_the_trials_child_is_given_account_status_and_records_what_is_enabled(
    preview, emulator, fixed_now
):
    run = preview(
        lambda: GatedEnabler(
            "gate",
            account_ids=[FRESH_ACCOUNT, EXPIRED_ACCOUNT],
            include_account_status=True,
            endpoint_url=emulator.endpoint_url,
            at=fixed_now,
        )
    )

    (trials,) = run.mocks.of_type(FREE_TRIAL_INFO_TYPE)
    assert trials.name == "gate-trials"
    assert trials.inputs["include_account_status"] is True
    assert trials.outputs["enabled_types"] == {
        FRESH_ACCOUNT: ["EC2", "ECR", "LAMBDA"],
        EXPIRED_ACCOUNT: ["EC2"],
    }


def test_without_account_status_the_trials_child_is_given_none(preview, emulator, fixed_now):
    run = preview(
        lambda: GatedEnabler(
            "gate", account_ids=[FRESH_ACCOUNT], endpoint_url=emulator.endpoint_url, at=fixed_now
        )
    )

    (trials,) = run.mocks.of_type(FREE_TRIAL_INFO_TYPE)
    assert "include_account_status" not in trials.inputs
    assert trials.outputs.get("enabled_types") is None


@pytest.mark.parametrize(
    "selection",
    [{"account_ids": list(SAMPLE_ACCOUNT_IDS)}, {"members": True}],
    ids=["account_ids", "members"],
)
def test_without_account_status_no_status_is_read(preview, emulator, fixed_now, selection):
    run = preview(
        lambda: GatedEnabler("gate", endpoint_url=emulator.endpoint_url, at=fixed_now, **selection)
    )

    assert enablers_of(run.mocks)
    asked = counts(emulator)
    assert asked["BatchGetFreeTrialInfo"] >= 1
    assert STATUS not in asked


@pytest.mark.parametrize(
    "selection",
    [{"account_ids": list(SAMPLE_ACCOUNT_IDS)}, {"members": True}],
    ids=["account_ids", "members"],
)
def test_with_account_status_it_is_read_beside_the_trials(preview, emulator, fixed_now, selection):
    preview(
        lambda: GatedEnabler(
            "gate",
            include_account_status=True,
            endpoint_url=emulator.endpoint_url,
            at=fixed_now,
            **selection,
        )
    )

    # Once at program time and once by the trials child, each a single request of 100 ids.
    assert counts(emulator)[STATUS] == 2


def test_members_gate_the_same_with_or_without_account_status(preview, make_emulator, fixed_now):
    def enablers(**inputs: Any) -> dict[str, list[str]]:
        server = make_emulator()
        run = preview(
            lambda: GatedEnabler(
                "gate", members=True, endpoint_url=server.endpoint_url, at=fixed_now, **inputs
            )
        )
        return enablers_of(run.mocks)

    without = enablers()
    assert set(without) == {
        f"gate-{FRESH_ACCOUNT}",
        f"gate-{ENDING_SOON_ACCOUNT}",
        f"gate-{NEW_TYPES_ACCOUNT}",
    }
    assert enablers(include_account_status=True) == without


# --- what is ENABLED already --------------------------------------------------------------------


def test_an_enabled_type_the_gate_allows_is_still_given_to_the_enabler(
    preview, emulator, fixed_now, caplog
):
    caplog.set_level(logging.WARNING)

    run = preview(
        lambda: GatedEnabler(
            "gate",
            account_ids=[FRESH_ACCOUNT],  # EC2, ECR and LAMBDA ENABLED, every trial running
            include_account_status=True,
            endpoint_url=emulator.endpoint_url,
            at=fixed_now,
        )
    )

    assert enablers_of(run.mocks) == {f"gate-{FRESH_ACCOUNT}": ALL_TYPES}
    assert not [w for w in messages(caplog, logging.WARNING) if FRESH_ACCOUNT in w]


def test_an_enabled_type_the_gate_does_not_enable_is_left_out_and_named(
    preview, emulator, fixed_now, caplog
):
    caplog.set_level(logging.WARNING)

    def program() -> Any:
        return GatedEnabler(
            "gate",
            # ENDING_SOON: EC2 and ECR ENABLED, 2 days left; LAMBDA_CODE ENABLED, trial ended.
            # EXPIRED: EC2 ENABLED, every trial ended.
            account_ids=[ENDING_SOON_ACCOUNT, EXPIRED_ACCOUNT],
            min_days_left=7,
            include_account_status=True,
            endpoint_url=emulator.endpoint_url,
            at=fixed_now,
        ).decision_documents

    run = preview(program)

    assert enablers_of(run.mocks) == {f"gate-{ENDING_SOON_ACCOUNT}": ["CODE_REPOSITORY", "LAMBDA"]}
    ending = run.value[ENDING_SOON_ACCOUNT]["reasons"]
    noted = sorted(t for t, why in ending.items() if why.endswith(ENABLED_NOW_NOTE))
    assert noted == ["EC2", "ECR", "LAMBDA_CODE"]
    assert run.value[EXPIRED_ACCOUNT]["reasons"]["EC2"].endswith(ENABLED_NOW_NOTE)
    assert not run.value[EXPIRED_ACCOUNT]["reasons"]["ECR"].endswith(ENABLED_NOW_NOTE)
    warnings = messages(caplog, logging.WARNING)
    assert [w for w in warnings if f"{ENDING_SOON_ACCOUNT} has EC2, ECR, LAMBDA_CODE ENABLED" in w]
    assert [w for w in warnings if f"{EXPIRED_ACCOUNT} has EC2 ENABLED" in w]


def test_without_account_status_the_same_decisions_name_nothing_enabled(
    preview, emulator, fixed_now
):
    run = preview(
        lambda: (
            GatedEnabler(
                "gate",
                account_ids=[ENDING_SOON_ACCOUNT, EXPIRED_ACCOUNT],
                min_days_left=7,
                endpoint_url=emulator.endpoint_url,
                at=fixed_now,
            ).decision_documents
        )
    )

    assert enablers_of(run.mocks) == {f"gate-{ENDING_SOON_ACCOUNT}": ["CODE_REPOSITORY", "LAMBDA"]}
    reasons = [why for d in run.value.values() for why in d["reasons"].values()]
    assert not [why for why in reasons if ENABLED_NOW_NOTE in why]


def test_in_two_regions_each_is_gated_on_its_own_status_read(preview, emulator, fixed_now):
    def program() -> Any:
        gate = GatedEnabler(
            "gate",
            account_ids=[FRESH_ACCOUNT, NON_MEMBER_ACCOUNT],
            include_account_status=True,
            regions=["us-east-1", "eu-west-1"],
            endpoint_url=emulator.endpoint_url,
            at=fixed_now,
        )
        return gate.skipped_accounts

    run = preview(program)

    enablers = {r.name: r.inputs for r in run.mocks.of_type(ENABLER_TYPE)}
    assert sorted(enablers) == [
        f"gate-eu-west-1-{FRESH_ACCOUNT}",
        f"gate-us-east-1-{FRESH_ACCOUNT}",
    ]
    assert {inputs["region"] for inputs in enablers.values()} == {"us-east-1", "eu-west-1"}
    assert NOT_ASSOCIATED_REASON in str(run.value)
    # Each region's program-time read, and each region's FreeTrialInfo child, read status.
    assert counts(emulator)[STATUS] == 4
