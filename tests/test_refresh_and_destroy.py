"""State written by an earlier version still refreshes, and destroys with no network at all.

``fixtures/state-v0.1.0.json`` is what a ``FreeTrialInfo`` of 0.1.0 holds in state (inputs,
outputs and the pickled ``__provider``), recorded by ``fixtures/record_state.py``.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

import pytest
from plain_messages import closed_port_url

from pulumi_inspector_trial.testing import ProviderPlugin, serialized_provider

STATE = json.loads((Path(__file__).parent / "fixtures" / "state-v0.1.0.json").read_text())


def offline_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """No AWS credentials, config or region anywhere: only what ``extra`` adds."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env |= {
        "AWS_CONFIG_FILE": str(tmp_path / "none"),
        "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "none"),
        "AWS_EC2_METADATA_DISABLED": "true",
    }
    return env | extra


def test_refresh_of_recorded_state_still_reads(emulator, tmp_path):
    env = offline_env(
        tmp_path,
        AWS_ACCESS_KEY_ID="testing-key-id",
        AWS_SECRET_ACCESS_KEY="testing-secret",
        AWS_ENDPOINT_URL_INSPECTOR2=emulator.endpoint_url,
    )
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


@pytest.mark.parametrize(
    "properties",
    [
        pytest.param(STATE["outputs"], id="as recorded"),
        pytest.param({**STATE["outputs"], "endpoint_url": "<closed>"}, id="closed endpoint"),
        pytest.param(
            {**STATE["outputs"], "role_arn": "arn:aws:iam::111122223333:role/gone"}, id="role"
        ),
    ],
)
def test_destroy_of_recorded_state_needs_no_network_and_no_credentials(tmp_path, properties):
    closed = closed_port_url()
    props: dict[str, Any] = {k: (closed if v == "<closed>" else v) for k, v in properties.items()}
    env = offline_env(tmp_path, AWS_ENDPOINT_URL=closed, AWS_ENDPOINT_URL_STS=closed)
    with ProviderPlugin(env=env) as plugin:
        plugin.configure({})
        started = time.monotonic()
        plugin.delete(STATE["id"], STATE["urn"], props)
        assert time.monotonic() - started < 2


def test_the_recorded_provider_is_still_what_this_version_writes():
    """If this changes, old state must still load: the refresh test above is the proof."""
    assert STATE["inputs"]["__provider"] == serialized_provider()
