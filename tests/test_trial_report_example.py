"""``examples/trial-report`` as ``pulumi preview`` runs it: config in, trial data out, known."""

from __future__ import annotations

import os
import runpy
from pathlib import Path

import pulumi
import pytest

from pulumi_inspector_trial.emulator.sample import FRESH_ACCOUNT, NON_MEMBER_ACCOUNT
from pulumi_inspector_trial.testing import FREE_TRIAL_INFO_TYPE, PreviewMocks, ProviderPlugin

EXAMPLE = Path(__file__).parents[1] / "examples" / "trial-report" / "__main__.py"


@pytest.fixture
def plugin():
    with ProviderPlugin(env=dict(os.environ)) as running:
        yield running


def test_trial_report_exports_known_trials_at_preview(plugin, emulator):
    mocks = PreviewMocks(
        plugin,
        config={
            "aws:region": "us-east-1",
            "project:accountIds": f'["{NON_MEMBER_ACCOUNT}", "{FRESH_ACCOUNT}"]',
            "project:endpointUrl": emulator.endpoint_url,
        },
    ).install()
    exported: dict = {}

    @pulumi.runtime.test
    def run_program():
        namespace = runpy.run_path(str(EXAMPLE))
        trial = namespace["trial"]
        return pulumi.Output.all(trial.active_types, trial.failed_accounts).apply(
            lambda values: exported.update(active=values[0], failed=values[1])
        )

    run_program()
    assert list(exported["active"]) == [FRESH_ACCOUNT]
    assert [f["account_id"] for f in exported["failed"]] == [NON_MEMBER_ACCOUNT]
    (registered,) = mocks.of_type(FREE_TRIAL_INFO_TYPE)
    assert registered.inputs["account_ids"] == [FRESH_ACCOUNT, NON_MEMBER_ACCOUNT]
