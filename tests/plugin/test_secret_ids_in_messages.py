"""An account id given as a secret is never printed whole: failed accounts and invalid ids name it
by its last four digits, through the real plugin at preview and the output function. Plain ids
are still named whole."""

from __future__ import annotations

import json
from typing import Any

import grpc
import pulumi
import pytest

from pulumi_inspector_trial import FreeTrialInfo, get_free_trial_info_output
from pulumi_inspector_trial.domain.errors import FailedAccountsError
from pulumi_inspector_trial.emulator.sample import FRESH_ACCOUNT, NON_MEMBER_ACCOUNT
from pulumi_inspector_trial.read.query import SECRET_IDS_KEY

MASKED_NON_MEMBER = f"********{NON_MEMBER_ACCOUNT[-4:]}"


def failure_text(error: BaseException) -> str:
    return error.details() if isinstance(error, grpc.RpcError) else str(error)


def test_a_non_member_among_secret_config_ids_is_not_named_whole(preview, emulator):
    def program() -> Any:
        config = pulumi.Config("project")
        trial = FreeTrialInfo(
            "trial",
            account_ids=config.require_secret_object("accountIds"),
            endpoint_url=emulator.endpoint_url,
        )
        return trial.accounts

    ids = json.dumps([FRESH_ACCOUNT, NON_MEMBER_ACCOUNT])
    with pytest.raises(Exception) as raised:
        preview(program, config={"project:accountIds": ids})
    text = failure_text(raised.value)
    assert "could not be resolved for 1 account" in text
    assert MASKED_NON_MEMBER in text
    assert NON_MEMBER_ACCOUNT not in text  # the service's own reason names it too


def test_a_non_member_among_plain_ids_is_named_whole(preview, emulator):
    def program() -> Any:
        return FreeTrialInfo(
            "trial",
            account_ids=[FRESH_ACCOUNT, NON_MEMBER_ACCOUNT],
            endpoint_url=emulator.endpoint_url,
        ).accounts

    with pytest.raises(Exception) as raised:
        preview(program)
    assert NON_MEMBER_ACCOUNT in failure_text(raised.value)


def test_one_secret_element_masks_every_id_in_the_message(preview, emulator):
    def program() -> Any:
        return FreeTrialInfo(
            "trial",
            account_ids=[NON_MEMBER_ACCOUNT, pulumi.Output.secret(FRESH_ACCOUNT)],
            endpoint_url=emulator.endpoint_url,
        ).accounts

    with pytest.raises(Exception) as raised:
        preview(program)
    text = failure_text(raised.value)
    assert MASKED_NON_MEMBER in text and NON_MEMBER_ACCOUNT not in text


def test_an_invalid_secret_id_is_not_echoed(preview, emulator):
    def program() -> Any:
        return FreeTrialInfo(
            "trial",
            account_ids=pulumi.Output.secret([FRESH_ACCOUNT, "aws_secret=abcd98765"]),
            endpoint_url=emulator.endpoint_url,
        ).accounts

    with pytest.raises(ValueError) as raised:  # the SDK's, around ours
        preview(program)
    assert "abcd98765" not in str(raised.value) and "'********8765'" in str(raised.value)
    assert emulator.backend.requests == []


def test_the_provider_masks_ids_the_program_says_are_secret(plugin, emulator):
    urn = "urn:pulumi:dev::secret-ids::pulumi-python:dynamic/inspector:FreeTrialInfo::trial"
    inputs = {
        "account_ids": [FRESH_ACCOUNT, NON_MEMBER_ACCOUNT],
        "endpoint_url": emulator.endpoint_url,
        SECRET_IDS_KEY: True,
    }
    with pytest.raises(grpc.RpcError) as raised:
        plugin.read("freetrialinfo-secret", urn, inputs=inputs)
    assert MASKED_NON_MEMBER in raised.value.details()
    assert NON_MEMBER_ACCOUNT not in raised.value.details()
    _inputs, failures = plugin.check(urn, {}, {**inputs, "account_ids": ["12345678"]})
    ((named, reason),) = failures
    assert named == "account_ids"
    assert "12345678" not in reason and "'********5678'" in reason


def test_the_output_function_masks_a_non_member_among_secret_ids(preview, emulator):
    def program() -> Any:
        return get_free_trial_info_output(
            account_ids=pulumi.Output.secret([FRESH_ACCOUNT, NON_MEMBER_ACCOUNT]),
            endpoint_url=emulator.endpoint_url,
            region="us-east-1",
        )

    with pytest.raises(FailedAccountsError) as raised:
        preview(program)
    assert MASKED_NON_MEMBER in str(raised.value)
    assert NON_MEMBER_ACCOUNT not in str(raised.value)
