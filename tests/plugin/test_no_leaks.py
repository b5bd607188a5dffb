"""No credential reaches state or outputs through the real provider plugin; with ``role_arn`` the
assumed role's temporary credentials (read back from the headers the emulator recorded) are
searched for too, and the AssumeRole call is shown to happen in the provider process.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Iterator

import grpc
import pytest
from support.leaks import ACCESS_KEY_ID, PROFILE_KEY_ID, ROLE_ARN, SESSION_TOKEN, assert_no_secret

from pulumi_inspector_trial.emulator.sample import FRESH_ACCOUNT
from pulumi_inspector_trial.testing import FREE_TRIAL_INFO_TYPE, ProviderPlugin, serialized_provider

URN = f"urn:pulumi:dev::leaks::{FREE_TRIAL_INFO_TYPE}::trial"


@pytest.fixture
def plugin(secret_env: dict[str, str], emulator, aws_env) -> Iterator[ProviderPlugin]:
    env = aws_env(**secret_env, AWS_ENDPOINT_URL_STS=emulator.endpoint_url)
    with ProviderPlugin(env=env) as running:
        running.configure({"aws:region": "us-east-1"})
        yield running


def recorded_credentials(emulator) -> tuple[str, ...]:
    """The key id and session token each BatchGetFreeTrialInfo request was signed with."""
    found = []
    for request in emulator.backend.requests:
        headers = {k.lower(): v for k, v in request.headers.items()}
        if request.operation == "BatchGetFreeTrialInfo":
            found += re.findall(r"Credential=([^/]+)/", headers.get("authorization", ""))
            found.append(headers.get("x-amz-security-token", ""))
    return tuple(f for f in found if f)


@pytest.mark.parametrize("profile", [None, "leaky"])
def test_read_outputs_hold_no_credential(plugin, emulator, profile):
    inputs = {"account_ids": [FRESH_ACCOUNT], "endpoint_url": emulator.endpoint_url}
    if profile:
        inputs["profile"] = profile
    _, outputs = plugin.read("freetrialinfo-leaks", URN, inputs=inputs)
    assert outputs["accounts"]
    assert_no_secret(json.dumps(outputs))
    signed_with = recorded_credentials(emulator)
    assert (PROFILE_KEY_ID if profile else ACCESS_KEY_ID) in signed_with  # they were in use


def test_an_assumed_role_is_assumed_in_the_provider_process_and_never_surfaces(plugin, emulator):
    inputs = {
        "account_ids": [FRESH_ACCOUNT],
        "endpoint_url": emulator.endpoint_url,
        "role_arn": ROLE_ARN,
    }
    assert emulator.backend.request_count("AssumeRole") == 0  # this process made no STS call
    _, outputs = plugin.read("freetrialinfo-leaks", URN, inputs=inputs)
    assert emulator.backend.request_count("AssumeRole") == 1
    assumed = recorded_credentials(emulator)
    assert assumed and all(c not in (ACCESS_KEY_ID, SESSION_TOKEN) for c in assumed)
    state = json.dumps(outputs) + base64.b64decode(serialized_provider()).decode("latin-1")
    assert_no_secret(state, *assumed)
    assert outputs["role_arn"] == ROLE_ARN  # the role is a setting, not a credential

    emulator.backend.faults.deny_all = True
    with pytest.raises(grpc.RpcError) as error:
        plugin.read("freetrialinfo-leaks", URN, inputs={**inputs, "account_ids": ["999988887777"]})
    assert ROLE_ARN in error.value.details()  # the message says which role to check
    assert_no_secret(error.value.details(), *assumed)
