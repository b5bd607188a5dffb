"""Secret and unknown inputs at preview, through the real plugin: the edges real stacks start at.

Secret inputs (the whole list, one element, secret config, region, endpoint) never crash the
program; every output that carries an account id is secret in the program and in the state the
engine writes; the id carries nothing secret. Unknown inputs leave the outputs unknown and send
nothing (a secret profile or role: tests/process/test_secrets_and_unknowns.py).
"""

from __future__ import annotations

import json
from typing import Any

import pulumi
import pytest

from pulumi_inspector_trial import FreeTrialInfo, get_free_trial_info_output
from pulumi_inspector_trial.emulator.sample import (
    ENDING_SOON_ACCOUNT,
    FRESH_ACCOUNT,
    NON_MEMBER_ACCOUNT,
)
from pulumi_inspector_trial.testing import FREE_TRIAL_INFO_TYPE

ACCOUNT_OUTPUTS = (
    "account_ids",
    "accounts",
    "active_types",
    "costs",
    "enabled_types",
    "failed_accounts",
)
"""Every output that carries an account id: what the read asks the engine to keep secret."""
DATA_OUTPUTS = ("account_ids", "accounts", "active_types", "failed_accounts")
"""Those with a value when costs are not asked for (``costs`` is then null)."""


def unknown(value: Any = None) -> pulumi.Output[Any]:
    """An Output unknown at preview, as another resource's output not yet created is."""

    async def resolved() -> Any:
        return value

    async def no() -> bool:
        return False

    return pulumi.Output(set(), resolved(), no())


async def secrecy(trial: FreeTrialInfo) -> dict[str, bool]:
    names = (*DATA_OUTPUTS, "region")
    return {name: await getattr(trial, name).is_secret() for name in names}


def read_of(run: Any, name: str = "trial") -> Any:
    (read,) = [r for r in run.mocks.of_type(FREE_TRIAL_INFO_TYPE) if r.name == name]
    return read


def test_a_secret_list_of_ids_is_read_and_its_account_outputs_are_secret(preview, emulator):
    async def program() -> dict[str, bool]:
        trial = FreeTrialInfo(
            "trial",
            account_ids=pulumi.Output.secret([FRESH_ACCOUNT]),
            endpoint_url=emulator.endpoint_url,
        )
        return await secrecy(trial)

    run = preview(program)
    assert run.value == {**dict.fromkeys(DATA_OUTPUTS, True), "region": False}
    assert emulator.backend.request_count() == 1
    assert sorted(run.mocks.secret_outputs("trial")) == sorted(ACCOUNT_OUTPUTS)


def test_one_secret_element_makes_the_account_outputs_secret(preview, emulator):
    def program() -> Any:
        trial = FreeTrialInfo(
            "trial",
            account_ids=[ENDING_SOON_ACCOUNT, pulumi.Output.secret(FRESH_ACCOUNT)],
            endpoint_url=emulator.endpoint_url,
        )
        return pulumi.Output.all(trial.active_types, pulumi.Output.from_input(secrecy(trial)))

    run = preview(program)
    active, secret = run.value
    assert set(active) == {FRESH_ACCOUNT, ENDING_SOON_ACCOUNT}
    assert all(secret[name] for name in DATA_OUTPUTS)
    assert sorted(run.mocks.secret_outputs("trial")) == sorted(ACCOUNT_OUTPUTS)


def test_ids_from_secret_config_are_read_and_stay_secret(preview, emulator):
    async def program() -> Any:
        config = pulumi.Config("project")
        trial = FreeTrialInfo(
            "trial",
            account_ids=config.require_secret_object("accountIds"),
            endpoint_url=emulator.endpoint_url,
        )
        return await trial.active_types.is_secret(), await trial.active_types.future()

    ids = json.dumps([FRESH_ACCOUNT, ENDING_SOON_ACCOUNT])
    run = preview(program, config={"project:accountIds": ids})
    is_secret, active = run.value
    assert is_secret
    assert set(active) == {FRESH_ACCOUNT, ENDING_SOON_ACCOUNT}


def test_the_id_of_a_read_of_secret_ids_names_no_account(preview, emulator):
    def program() -> None:
        FreeTrialInfo(
            "a",
            account_ids=pulumi.Output.secret([FRESH_ACCOUNT]),
            endpoint_url=emulator.endpoint_url,
        )
        FreeTrialInfo(
            "b",
            account_ids=pulumi.Output.secret([ENDING_SOON_ACCOUNT]),
            endpoint_url=emulator.endpoint_url,
        )
        FreeTrialInfo("plain", account_ids=[FRESH_ACCOUNT], endpoint_url=emulator.endpoint_url)

    run = preview(program)
    ids = {name: read_of(run, name).id for name in ("a", "b", "plain")}
    # Nothing derived from the secret ids: two different secret lists give the same id.
    assert ids["a"] == ids["b"] != ids["plain"]
    assert all(i.startswith("freetrialinfo-") for i in ids.values())


@pytest.mark.parametrize("name", ["region", "endpoint_url"])
def test_a_secret_location_is_read_and_keeps_its_echo_and_the_ids_secret(preview, emulator, name):
    inputs: dict[str, Any] = {"region": "us-east-1", "endpoint_url": emulator.endpoint_url}
    inputs[name] = pulumi.Output.secret(inputs[name])

    async def program() -> Any:
        trial = FreeTrialInfo("trial", account_ids=[FRESH_ACCOUNT], **inputs)
        return await trial.accounts.is_secret(), await trial.account_ids.is_secret()

    run = preview(program)
    assert run.value == (True, True)
    assert name in run.mocks.secret_outputs("trial")
    assert emulator.backend.request_count() == 1


def test_plain_inputs_keep_plain_outputs(preview, emulator):
    async def program() -> dict[str, bool]:
        trial = FreeTrialInfo(
            "trial", account_ids=[FRESH_ACCOUNT], endpoint_url=emulator.endpoint_url
        )
        return await secrecy(trial)

    run = preview(program)
    assert run.value == {**dict.fromkeys(DATA_OUTPUTS, False), "region": False}
    assert run.mocks.secret_outputs("trial") == ()


def test_secret_outputs_the_program_asks_for_are_kept(preview, emulator):
    async def program() -> bool:
        trial = FreeTrialInfo(
            "trial",
            account_ids=[FRESH_ACCOUNT],
            endpoint_url=emulator.endpoint_url,
            opts=pulumi.ResourceOptions(additional_secret_outputs=["region"]),
        )
        return await trial.region.is_secret()

    run = preview(program)
    assert run.value is True
    assert run.mocks.secret_outputs("trial") == ("region",)


def test_unknown_ids_leave_the_outputs_unknown_and_send_nothing(preview, emulator):
    def program() -> Any:
        trial = FreeTrialInfo("trial", account_ids=unknown(), endpoint_url=emulator.endpoint_url)
        return trial.active_types

    run = preview(program)
    assert not run.known
    assert emulator.backend.request_count() == 0
    assert read_of(run).id is None  # the engine's skip: no Read reached the provider


def test_one_unknown_element_leaves_the_outputs_unknown(preview, emulator):
    def program() -> Any:
        trial = FreeTrialInfo(
            "trial", account_ids=[FRESH_ACCOUNT, unknown()], endpoint_url=emulator.endpoint_url
        )
        return trial.scan_types(FRESH_ACCOUNT, ["EC2"])

    run = preview(program)
    assert not run.known
    assert emulator.backend.request_count() == 0


def test_an_unknown_region_leaves_the_outputs_unknown(preview, emulator):
    def program() -> Any:
        trial = FreeTrialInfo(
            "trial",
            account_ids=[FRESH_ACCOUNT],
            region=unknown(),
            endpoint_url=emulator.endpoint_url,
        )
        return trial.accounts

    run = preview(program)
    assert not run.known
    assert emulator.backend.request_count() == 0


def test_the_output_function_keeps_secret_ids_secret(preview, emulator):
    async def program() -> Any:
        result = get_free_trial_info_output(
            account_ids=pulumi.Output.secret([FRESH_ACCOUNT, NON_MEMBER_ACCOUNT]),
            endpoint_url=emulator.endpoint_url,
            region="us-east-1",
            allow_failed_accounts=True,
        )
        active = result.apply(lambda r: r.active_types)
        return await active.is_secret(), await active.future()

    run = preview(program)
    is_secret, active = run.value
    assert is_secret
    assert list(active) == [FRESH_ACCOUNT]


def test_the_output_function_sends_nothing_for_unknown_ids(preview, emulator):
    def program() -> Any:
        return get_free_trial_info_output(
            account_ids=unknown(), endpoint_url=emulator.endpoint_url, region="us-east-1"
        )

    run = preview(program)
    assert not run.known
    assert emulator.backend.request_count() == 0
