"""State written by an earlier version still refreshes, and destroys with no network at all.

``fixtures/state-v0.1.0.json`` is what a ``FreeTrialInfo`` of 0.1.0 holds in state (inputs,
outputs and the pickled ``__provider``), recorded by ``fixtures/record_state.py``; each test
drives it through the provider plugin's own process.
"""

from __future__ import annotations

import json

import grpc
import pytest
from support.paths import FIXTURES
from support.plain_messages import closed_port_url

from pulumi_inspector_trial.testing import ProviderPlugin

STATE = json.loads((FIXTURES / "state-v0.1.0.json").read_text())
ROLE_ARN = "arn:aws:iam::111122223333:role/gone"
DESTROYED = [
    pytest.param(STATE["outputs"], id="as recorded"),
    pytest.param({**STATE["outputs"], "role_arn": ROLE_ARN}, id="with a role"),
]


def test_refresh_of_recorded_state_still_reads(emulator, aws_env):
    env = aws_env(AWS_ENDPOINT_URL_INSPECTOR2=emulator.endpoint_url)
    with ProviderPlugin(env=env) as plugin:
        plugin.configure({"aws:region": "us-east-1"})
        id_, outputs = plugin.read(
            STATE["id"], STATE["urn"], inputs=STATE["inputs"], properties=STATE["outputs"]
        )
    assert id_ == STATE["id"]
    # The emulator serves the same organisation at the same moment: the same data comes back.
    for key in ("accounts", "failed_accounts", "active_types", "account_ids", "region"):
        assert outputs[key] == STATE["outputs"][key], key
    assert outputs["__provider"] == STATE["outputs"]["__provider"]
    assert emulator.backend.request_count() == 1


@pytest.mark.parametrize("properties", DESTROYED)
def test_destroy_of_recorded_state_sends_no_request(emulator, aws_env, properties):
    """Credentials, a region, and every endpoint (Inspector and STS) at the emulator: a delete
    that read the trials or assumed the role would be seen there."""
    url = emulator.endpoint_url
    with ProviderPlugin(env=aws_env(AWS_ENDPOINT_URL=url, AWS_ENDPOINT_URL_STS=url)) as plugin:
        plugin.configure({"aws:region": "us-east-1"})
        plugin.delete(STATE["id"], STATE["urn"], properties)
    assert emulator.backend.requests == []


@pytest.mark.parametrize("properties", DESTROYED)
def test_destroy_of_recorded_state_needs_no_credentials(aws_env, properties):
    closed = closed_port_url()
    env = aws_env(credentials=False, AWS_ENDPOINT_URL=closed, AWS_ENDPOINT_URL_STS=closed)
    with ProviderPlugin(env=env) as plugin:
        plugin.configure({})
        # The premise: this process cannot read the state it is about to delete.
        with pytest.raises(grpc.RpcError) as refresh:
            plugin.read(STATE["id"], STATE["urn"], inputs=STATE["inputs"], properties=properties)
        assert "No AWS credentials were found" in refresh.value.details()
        plugin.delete(STATE["id"], STATE["urn"], properties)  # raises if it needed them
