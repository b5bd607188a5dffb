"""Secret inputs at preview: a secret ``profile`` or ``role_arn`` is read and keeps its echo and the
ids secret, through a provider plugin started with its own AWS config file and STS endpoint (the
other secret and unknown inputs: tests/plugin/test_secrets_and_unknowns.py).
"""

from __future__ import annotations

import os
from typing import Any

import pulumi
import pytest

from pulumi_inspector_trial import FreeTrialInfo
from pulumi_inspector_trial.emulator.sample import (
    FRESH_ACCOUNT,
)
from pulumi_inspector_trial.testing import ProviderPlugin, run_preview


def unknown(value: Any = None) -> pulumi.Output[Any]:
    """An Output unknown at preview, as another resource's output not yet created is."""

    async def resolved() -> Any:
        return value

    async def no() -> bool:
        return False

    return pulumi.Output(set(), resolved(), no())


@pytest.mark.parametrize("name", ["profile", "role_arn"])
def test_a_secret_identity_is_read_and_keeps_its_echo_and_the_ids_secret(emulator, tmp_path, name):
    config = tmp_path / "aws-config"
    config.write_text(
        "[profile reader]\naws_access_key_id = reader-key\naws_secret_access_key = x\n"
    )
    env = {
        **os.environ,
        "AWS_CONFIG_FILE": str(config),
        "AWS_ENDPOINT_URL_STS": emulator.endpoint_url,  # the emulator answers AssumeRole
    }
    identity = {
        "profile": "reader",
        "role_arn": "arn:aws:iam::111122223333:role/InspectorReader",
    }[name]

    async def program() -> Any:
        trial = FreeTrialInfo(
            "trial",
            account_ids=[FRESH_ACCOUNT],
            endpoint_url=emulator.endpoint_url,
            **{name: pulumi.Output.secret(identity)},
        )
        return await trial.accounts.is_secret(), await trial.active_types.future()

    with ProviderPlugin(env=env) as plugin:
        run = run_preview(program, plugin, config={"aws:region": "us-east-1"})
    is_secret, active = run.value
    assert is_secret and list(active) == [FRESH_ACCOUNT]
    assert name in run.mocks.secret_outputs("trial")
