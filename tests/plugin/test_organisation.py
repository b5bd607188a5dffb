"""The whole organisation in Pulumi programs at preview, through the real provider plugin:
``FreeTrialInfo(members=True, include_account_status=True)``, the functions, and ``GatedEnabler``
with ``members`` and ``enabler_opts``."""

from __future__ import annotations

import logging
from typing import Any

import pulumi
import pytest

from pulumi_inspector_trial import (
    FreeTrialInfo,
    GatedEnabler,
    InvalidInputError,
    get_free_trial_info,
    get_free_trial_info_output,
)
from pulumi_inspector_trial.emulator import FaultPlan
from pulumi_inspector_trial.emulator.sample import (
    ENDING_SOON_ACCOUNT,
    EXPIRED_ACCOUNT,
    FRESH_ACCOUNT,
    NEW_TYPES_ACCOUNT,
)
from pulumi_inspector_trial.read.query import free_trial_info_id
from pulumi_inspector_trial.testing import FREE_TRIAL_INFO_TYPE

ENABLER_TYPE = "aws:inspector2/enabler:Enabler"
MEMBERS = [FRESH_ACCOUNT, ENDING_SOON_ACCOUNT, EXPIRED_ACCOUNT, NEW_TYPES_ACCOUNT]
ENABLED = {
    FRESH_ACCOUNT: ["EC2", "ECR", "LAMBDA"],
    ENDING_SOON_ACCOUNT: ["EC2", "ECR", "LAMBDA", "LAMBDA_CODE"],
    EXPIRED_ACCOUNT: ["EC2"],
    NEW_TYPES_ACCOUNT: ["EC2"],
}


# --- FreeTrialInfo -----------------------------------------------------------------------------


def test_members_and_account_status_are_known_at_preview(preview, emulator):
    def program() -> Any:
        organisation = FreeTrialInfo(
            "organisation",
            members=True,
            include_account_status=True,
            endpoint_url=emulator.endpoint_url,
        )
        return pulumi.Output.all(organisation.account_ids, organisation.enabled_types)

    run = preview(program)

    assert run.known
    account_ids, enabled_types = run.value
    assert account_ids == MEMBERS
    assert enabled_types == ENABLED
    assert emulator.backend.request_count("ListMembers") == 1
    assert emulator.backend.request_count("BatchGetAccountStatus") == 1


def test_a_read_of_the_members_has_the_id_of_its_region_and_endpoint(preview, emulator):
    run = preview(
        lambda: FreeTrialInfo("organisation", members=True, endpoint_url=emulator.endpoint_url)
    )

    (registered,) = run.mocks.of_type(FREE_TRIAL_INFO_TYPE)
    assert registered.id == free_trial_info_id(
        "us-east-1", emulator.endpoint_url, None, members=True
    )


def test_account_status_does_not_change_the_id_of_a_read_of_ids(preview, emulator):
    def program() -> None:
        FreeTrialInfo("a", account_ids=[FRESH_ACCOUNT], endpoint_url=emulator.endpoint_url)
        FreeTrialInfo(
            "b",
            account_ids=[FRESH_ACCOUNT],
            endpoint_url=emulator.endpoint_url,
            include_account_status=True,
        )

    run = preview(program)

    ids = {r.name: r.id for r in run.mocks.of_type(FREE_TRIAL_INFO_TYPE)}
    assert ids["a"] == ids["b"]


def test_plain_inputs_keep_enabled_types_plain_and_a_secret_one_makes_them_secret(
    preview, emulator
):
    async def program() -> dict[str, bool]:
        plain = FreeTrialInfo(
            "plain",
            account_ids=[FRESH_ACCOUNT],
            include_account_status=True,
            endpoint_url=emulator.endpoint_url,
        )
        hidden = FreeTrialInfo(
            "hidden",
            account_ids=pulumi.Output.secret([FRESH_ACCOUNT]),
            include_account_status=True,
            endpoint_url=emulator.endpoint_url,
        )
        return {
            "plain": await plain.enabled_types.is_secret(),
            "hidden": await hidden.enabled_types.is_secret(),
        }

    run = preview(program)

    assert run.value == {"plain": False, "hidden": True}
    assert "enabled_types" in run.mocks.secret_outputs("hidden")


def test_members_with_account_ids_fails_the_program_naming_both(preview, emulator):
    with pytest.raises(InvalidInputError) as raised:
        preview(
            lambda: FreeTrialInfo(
                "both",
                account_ids=[FRESH_ACCOUNT],
                members=True,
                endpoint_url=emulator.endpoint_url,
            )
        )
    assert "account_ids" in str(raised.value) and "members" in str(raised.value)


def test_neither_members_nor_account_ids_is_a_type_error_naming_both():
    with pytest.raises(TypeError) as raised:
        FreeTrialInfo("neither")
    assert "account_ids" in str(raised.value) and "members=True" in str(raised.value)


# --- the functions -----------------------------------------------------------------------------


def test_get_free_trial_info_reads_the_members_and_what_they_enabled(emulator):
    result = get_free_trial_info(
        members=True,
        include_account_status=True,
        region="us-east-1",
        endpoint_url=emulator.endpoint_url,
    )

    assert result.account_ids == MEMBERS
    assert result.enabled_types == ENABLED


def test_get_free_trial_info_output_reads_the_members_too(preview, emulator):
    run = preview(
        lambda: get_free_trial_info_output(
            members=True, include_account_status=True, endpoint_url=emulator.endpoint_url
        ).apply(lambda result: (result.account_ids, result.enabled_types))
    )

    assert run.value == (MEMBERS, ENABLED)


# --- GatedEnabler -------------------------------------------------------------------------------


def enablers_of(mocks: Any) -> dict[str, list[str]]:
    return {r.name: r.inputs["resourceTypes"] for r in mocks.of_type(ENABLER_TYPE)}


def test_gated_enabler_gates_the_associated_members(preview, emulator, fixed_now):
    run = preview(
        lambda: GatedEnabler("gate", members=True, endpoint_url=emulator.endpoint_url, at=fixed_now)
    )

    assert set(enablers_of(run.mocks)) == {
        f"gate-{FRESH_ACCOUNT}",
        f"gate-{ENDING_SOON_ACCOUNT}",
        f"gate-{NEW_TYPES_ACCOUNT}",
    }
    (trials,) = run.mocks.of_type(FREE_TRIAL_INFO_TYPE)
    assert trials.inputs["members"] is True
    assert trials.outputs["account_ids"] == MEMBERS


def test_enabler_opts_reach_every_enabler_and_each_stays_a_child(preview, emulator, fixed_now):
    opts = pulumi.ResourceOptions(
        custom_timeouts=pulumi.CustomTimeouts(create="30m", update="20m"),
        ignore_changes=["resourceTypes"],
    )
    run = preview(
        lambda: GatedEnabler(
            "gate",
            members=True,
            enabler_opts=opts,
            endpoint_url=emulator.endpoint_url,
            at=fixed_now,
        )
    )

    names = list(enablers_of(run.mocks))
    assert names
    for name in names:
        options = run.mocks.options_of(name)
        assert options.custom_timeouts == {"create": "30m", "update": "20m"}
        assert options.ignore_changes == ("resourceTypes",)
        assert "inspector-trial:index:GatedEnabler::gate" in options.parent


def test_without_enabler_opts_enablers_have_no_custom_timeouts(preview, emulator, fixed_now):
    run = preview(
        lambda: GatedEnabler(
            "gate", account_ids=[FRESH_ACCOUNT], endpoint_url=emulator.endpoint_url, at=fixed_now
        )
    )

    assert run.mocks.options_of(f"gate-{FRESH_ACCOUNT}").custom_timeouts == {}


def test_a_member_the_service_denies_is_skipped_as_not_associated(
    preview, make_emulator, fixed_now, caplog
):
    caplog.set_level(logging.INFO)
    server = make_emulator(faults=FaultPlan(access_denied_accounts=frozenset({FRESH_ACCOUNT})))

    run = preview(
        lambda: (
            GatedEnabler(
                "gate", members=True, endpoint_url=server.endpoint_url, at=fixed_now
            ).skipped_accounts
        )
    )

    assert run.value[FRESH_ACCOUNT].startswith(
        f"{FRESH_ACCOUNT}: enable nothing (not an associated member of the delegated "
        "administrator (ACCESS_DENIED"
    )
    assert f"gate-{FRESH_ACCOUNT}" not in enablers_of(run.mocks)
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert not any(FRESH_ACCOUNT in w for w in warnings)


def test_gated_enabler_refuses_members_with_account_ids(emulator):
    with pytest.raises(InvalidInputError) as raised:
        GatedEnabler("gate", members=True, account_ids=[FRESH_ACCOUNT])
    assert raised.value.property == "members"


def test_gated_enabler_refuses_enabler_opts_that_are_not_resource_options():
    with pytest.raises(InvalidInputError) as raised:
        GatedEnabler("gate", members=True, enabler_opts={"timeouts": "30m"})  # type: ignore[arg-type]
    assert "enabler_opts" in str(raised.value)


# --- the plugin, as the engine drives it -------------------------------------------------------

URN = f"urn:pulumi:dev::organisation::{FREE_TRIAL_INFO_TYPE}::organisation"


def test_the_plugin_reads_the_members_and_their_status(plugin, emulator):
    inputs = {
        "members": True,
        "include_account_status": True,
        "endpoint_url": emulator.endpoint_url,
    }

    _, outputs = plugin.read("freetrialinfo-members", URN, inputs=inputs)

    assert outputs["account_ids"] == MEMBERS
    assert outputs["enabled_types"] == ENABLED
    assert outputs["members"] is True


def test_the_plugins_check_refuses_members_with_account_ids_naming_members(plugin, emulator):
    _, failures = plugin.check(
        URN, {}, {"members": True, "account_ids": [FRESH_ACCOUNT], "endpoint_url": "http://x:1"}
    )

    assert [prop for prop, _ in failures] == ["members"]
