"""Programs at preview: ``FreeTrialInfo`` is read through the real plugin, so its data is known."""

from __future__ import annotations

from typing import Any

import pulumi
import pytest

from pulumi_inspector_trial import FreeTrialInfo, FreeTrialInfoArgs, InvalidInputError
from pulumi_inspector_trial.emulator.sample import (
    ENDING_SOON_ACCOUNT,
    FRESH_ACCOUNT,
    NEW_TYPES_ACCOUNT,
    NON_MEMBER_ACCOUNT,
)
from pulumi_inspector_trial.testing import FREE_TRIAL_INFO_TYPE


def test_outputs_are_known_at_preview_through_the_plugin(preview, emulator):
    def program() -> Any:
        trial = FreeTrialInfo(
            "trial",
            account_ids=[NEW_TYPES_ACCOUNT, FRESH_ACCOUNT],
            endpoint_url=emulator.endpoint_url,
        )
        return pulumi.Output.all(
            trial.accounts, trial.failed_accounts, trial.active_types, trial.region
        )

    run = preview(program)
    assert run.known
    accounts, failed, active, region = run.value
    assert [a["account_id"] for a in accounts] == [FRESH_ACCOUNT, NEW_TYPES_ACCOUNT]
    assert failed == []
    assert active[FRESH_ACCOUNT] == ["CODE_REPOSITORY", "EC2", "ECR", "LAMBDA", "LAMBDA_CODE"]
    assert region == "us-east-1"
    assert emulator.backend.request_count() == 1  # the data came over HTTP, via the plugin


def test_the_resource_is_registered_as_a_read_of_the_dynamic_type(preview, emulator):
    run = preview(
        lambda: FreeTrialInfo(
            "trial", account_ids=[FRESH_ACCOUNT], endpoint_url=emulator.endpoint_url
        )
    )
    (registered,) = run.mocks.of_type(FREE_TRIAL_INFO_TYPE)
    assert registered.id and registered.id.startswith("freetrialinfo-")


def test_same_accounts_in_another_order_get_the_same_id(preview, emulator):
    def program() -> None:
        FreeTrialInfo(
            "a",
            account_ids=[FRESH_ACCOUNT, ENDING_SOON_ACCOUNT],
            endpoint_url=emulator.endpoint_url,
        )
        FreeTrialInfo(
            "b",
            FreeTrialInfoArgs(
                account_ids=[ENDING_SOON_ACCOUNT, FRESH_ACCOUNT, FRESH_ACCOUNT],
                endpoint_url=emulator.endpoint_url,
            ),
        )
        FreeTrialInfo("c", account_ids=[FRESH_ACCOUNT], endpoint_url=emulator.endpoint_url)

    run = preview(program)
    ids = {r.name: r.id for r in run.mocks.of_type(FREE_TRIAL_INFO_TYPE)}
    assert ids["a"] == ids["b"] != ids["c"]


def test_account_ids_from_an_output_are_validated_and_read(preview, emulator):
    def program() -> Any:
        ids = pulumi.Output.from_input([ENDING_SOON_ACCOUNT, FRESH_ACCOUNT])
        trial = FreeTrialInfo("trial", account_ids=ids, endpoint_url=emulator.endpoint_url)
        return pulumi.Output.all(trial.account_ids, trial.active_types)

    run = preview(program)
    assert run.known
    account_ids, active = run.value
    assert account_ids == [FRESH_ACCOUNT, ENDING_SOON_ACCOUNT]
    assert set(active) == {FRESH_ACCOUNT, ENDING_SOON_ACCOUNT}


def test_allow_failed_accounts_lists_them_at_preview(preview, emulator):
    run = preview(
        lambda: (
            FreeTrialInfo(
                "trial",
                account_ids=[FRESH_ACCOUNT, NON_MEMBER_ACCOUNT],
                endpoint_url=emulator.endpoint_url,
                allow_failed_accounts=True,
            ).failed_accounts
        )
    )
    assert run.known
    failed = run.value
    assert failed == [
        {"account_id": NON_MEMBER_ACCOUNT, "code": "ACCESS_DENIED", "message": failed[0]["message"]}
    ]


def test_account_ids_can_be_marked_secret_in_outputs(preview, emulator):
    async def secrecy() -> dict[str, bool]:
        trial = FreeTrialInfo(
            "trial",
            account_ids=[FRESH_ACCOUNT],
            endpoint_url=emulator.endpoint_url,
            opts=pulumi.ResourceOptions(additional_secret_outputs=["account_ids", "accounts"]),
        )
        return {
            "account_ids": await trial.account_ids.is_secret(),
            "region": await trial.region.is_secret(),
        }

    run = preview(secrecy)
    assert run.value == {"account_ids": True, "region": False}


@pytest.mark.parametrize(
    ("inputs", "named"),
    [
        ({"account_ids": ["12345"]}, "'12345'"),
        ({"account_ids": "111122223333"}, "'111122223333'"),
        ({"account_ids": [FRESH_ACCOUNT], "region": "mars"}, "'mars'"),
        ({"account_ids": [FRESH_ACCOUNT], "endpoint_url": "localhost:1"}, "'localhost:1'"),
        ({"account_ids": [FRESH_ACCOUNT], "allow_failed_accounts": "yes"}, "'yes'"),
    ],
)
def test_bad_plain_inputs_fail_in_the_program_naming_the_value(preview, inputs, named):
    def program() -> str:
        with pytest.raises(InvalidInputError) as error:
            FreeTrialInfo("trial", **inputs)
        return str(error.value)

    run = preview(program)
    assert named in run.value
    assert run.mocks.of_type(FREE_TRIAL_INFO_TYPE) == []


def test_a_trial_still_reported_active_after_its_end_is_not_an_active_type(preview, make_emulator):
    from datetime import datetime, timedelta, timezone

    from pulumi_inspector_trial.domain.trials import ACTIVE, FreeTrial
    from pulumi_inspector_trial.emulator import Organisation

    now = datetime.now(timezone.utc)
    stale = FreeTrial("EC2", now - timedelta(days=16), now - timedelta(days=1), ACTIVE)
    running = FreeTrial("ECR", now - timedelta(days=1), now + timedelta(days=14), ACTIVE)
    server = make_emulator(Organisation(members={FRESH_ACCOUNT: (stale, running)}))

    def program() -> Any:
        trial = FreeTrialInfo(
            "trial", account_ids=[FRESH_ACCOUNT], endpoint_url=server.endpoint_url
        )
        return pulumi.Output.all(
            trial.active_types, trial.scan_types(FRESH_ACCOUNT, ["EC2", "ECR"])
        )

    run = preview(program)
    active, enabled = run.value
    # One rule: ACTIVE and not past its end date, for active_types and gating alike.
    assert active == {FRESH_ACCOUNT: ["ECR"]}
    assert enabled == ["ECR"]
