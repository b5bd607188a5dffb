"""Where a read happens in the provider process: ``AWS_REGION`` without stack config, and the
stack's ``aws:region`` over it; the emulator records the region each request was signed for."""

from __future__ import annotations

import os

from pulumi_inspector_trial.emulator.sample import FRESH_ACCOUNT
from pulumi_inspector_trial.testing import FREE_TRIAL_INFO_TYPE, ProviderPlugin

URN = f"urn:pulumi:dev::project::{FREE_TRIAL_INFO_TYPE}::trial"


def signing_regions(emulator) -> set[str | None]:
    return {r.signing_region for r in emulator.backend.requests}


def test_the_provider_process_honours_aws_region_without_stack_config(emulator):
    env = {**os.environ, "AWS_REGION": "eu-north-1"}
    env.pop("AWS_DEFAULT_REGION", None)
    with ProviderPlugin(env=env) as plugin:
        plugin.configure({})
        _, outputs = plugin.read(
            "freetrialinfo-test",
            URN,
            inputs={"account_ids": [FRESH_ACCOUNT], "endpoint_url": emulator.endpoint_url},
        )
    assert outputs["region"] == "eu-north-1"
    assert signing_regions(emulator) == {"eu-north-1"}


def test_the_stack_region_wins_over_aws_region_in_the_provider(emulator):
    env = {**os.environ, "AWS_REGION": "eu-north-1"}
    with ProviderPlugin(env=env) as plugin:
        plugin.configure({"aws:region": "us-west-2"})
        _, outputs = plugin.read(
            "freetrialinfo-test",
            URN,
            inputs={"account_ids": [FRESH_ACCOUNT], "endpoint_url": emulator.endpoint_url},
        )
    assert outputs["region"] == "us-west-2"
