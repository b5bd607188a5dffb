"""After the trial: estimated costs through the real provider plugin at preview, against the
emulator's sample organisation: the resource's costs, budgets for scan types and ``GatedEnabler``
(the function and command line: tests/emulator/test_costs.py)."""

from __future__ import annotations

from typing import Any

import pulumi
from support.sample_costs import SAMPLE_COSTS

from pulumi_inspector_trial import FreeTrialInfo, GatedEnabler
from pulumi_inspector_trial.emulator.sample import (
    ENDING_SOON_ACCOUNT,
    EXPIRED_ACCOUNT,
)
from pulumi_inspector_trial.testing import FREE_TRIAL_INFO_TYPE

EXPIRED_COSTS = SAMPLE_COSTS[EXPIRED_ACCOUNT]


# --- the library -----------------------------------------------------------------------------


def test_the_resources_costs_are_known_at_preview_and_secret_with_secret_ids(preview, emulator):
    async def program() -> Any:
        trial = FreeTrialInfo(
            "trial",
            account_ids=pulumi.Output.secret([EXPIRED_ACCOUNT]),
            endpoint_url=emulator.endpoint_url,
            include_costs=True,
        )
        return await trial.costs.is_secret(), await trial.costs.future()

    run = preview(program)
    is_secret, costs = run.value
    assert is_secret
    assert costs == {EXPIRED_ACCOUNT: EXPIRED_COSTS}
    assert "costs" in run.mocks.secret_outputs("trial")


def test_scan_types_with_a_budget_keep_types_past_their_trial(preview, emulator):
    def program() -> Any:
        trial = FreeTrialInfo(
            "trial",
            account_ids=[EXPIRED_ACCOUNT],
            endpoint_url=emulator.endpoint_url,
            include_costs=True,
        )
        return trial.scan_types(EXPIRED_ACCOUNT, max_monthly_cost=10)

    # Cheapest first within $10: ECR $3.10, LAMBDA_CODE $4.20 ($7.30); LAMBDA's $6.00 would pass.
    assert preview(program).value == ["ECR", "LAMBDA_CODE"]


def test_gated_enabler_with_a_budget_at_preview(preview, emulator, fixed_now):
    def program() -> Any:
        return GatedEnabler(
            "gate",
            account_ids=[EXPIRED_ACCOUNT, ENDING_SOON_ACCOUNT],
            endpoint_url=emulator.endpoint_url,
            min_days_left=3,
            max_monthly_cost=20,
            at=fixed_now,
        ).decision_documents

    run = preview(program)
    enablers = {
        r.name: r.inputs["resourceTypes"]
        for r in run.mocks.of_type("aws:inspector2/enabler:Enabler")
    }
    assert enablers[f"gate-{EXPIRED_ACCOUNT}"] == ["ECR", "LAMBDA", "LAMBDA_CODE"]
    assert run.value[EXPIRED_ACCOUNT]["reasons"]["EC2"] == (
        "trial inactive; est. $12.40/month would pass the $20.00 budget ($13.30 used)"
    )
    (trials,) = run.mocks.of_type(FREE_TRIAL_INFO_TYPE)
    assert trials.inputs["include_costs"] is True
    assert emulator.backend.request_count("ListUsageTotals") >= 1
