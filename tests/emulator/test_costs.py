"""After the trial: estimated costs through the function and the command line, against the
emulator's sample organisation (whose usage says what each account would cost a month); through
the provider plugin: tests/plugin/test_costs.py."""

from __future__ import annotations

import io
import json

import pytest
from support.sample_costs import SAMPLE_COSTS

from pulumi_inspector_trial import GatedEnabler, get_free_trial_info
from pulumi_inspector_trial.aws.resolver import TrialResolver
from pulumi_inspector_trial.cli import main
from pulumi_inspector_trial.emulator import InspectorBackend, Organisation
from pulumi_inspector_trial.emulator.sample import (
    ENDING_SOON_ACCOUNT,
    EXPIRED_ACCOUNT,
    FRESH_ACCOUNT,
    NEW_TYPES_ACCOUNT,
    NON_MEMBER_ACCOUNT,
)
from pulumi_inspector_trial.read.query import AwsSettings

EXPIRED_COSTS = SAMPLE_COSTS[EXPIRED_ACCOUNT]


def cli(emulator, *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(
        [*argv, "--endpoint-url", emulator.endpoint_url, "--region", "us-east-1"],
        stdout=out,
        stderr=err,
    )
    return code, out.getvalue(), err.getvalue()


# --- the library -----------------------------------------------------------------------------


def test_the_function_sums_usage_per_scan_type_exactly(emulator):
    result = get_free_trial_info(
        [EXPIRED_ACCOUNT],
        region="us-east-1",
        endpoint_url=emulator.endpoint_url,
        include_costs=True,
    )
    assert result.costs == {EXPIRED_ACCOUNT: EXPIRED_COSTS}


def test_an_unknown_usage_type_counts_in_the_total_only(emulator):
    result = get_free_trial_info(
        [NEW_TYPES_ACCOUNT],
        region="us-east-1",
        endpoint_url=emulator.endpoint_url,
        include_costs=True,
    )
    costs = result.costs[NEW_TYPES_ACCOUNT]
    assert costs["scan_types"] == {"EC2": 2.0}
    assert costs["total"] == 7.0
    assert costs["usage_types"]["AZURE_VM_AGENT_BASED_INSTANCE_HOURS"] == 5.0


def test_an_account_without_usage_costs_nothing(make_emulator):
    server = make_emulator(Organisation(members={FRESH_ACCOUNT: ()}))
    result = get_free_trial_info(
        [FRESH_ACCOUNT], region="us-east-1", endpoint_url=server.endpoint_url, include_costs=True
    )
    assert result.costs == {
        FRESH_ACCOUNT: {"currency": "USD", "total": 0.0, "scan_types": {}, "usage_types": {}}
    }


def test_without_include_costs_list_usage_totals_is_never_called(emulator):
    result = get_free_trial_info(
        [EXPIRED_ACCOUNT], region="us-east-1", endpoint_url=emulator.endpoint_url
    )
    assert result.costs is None
    assert emulator.backend.request_count("ListUsageTotals") == 0


def test_failed_accounts_get_no_cost_entry(emulator):
    result = get_free_trial_info(
        [FRESH_ACCOUNT, NON_MEMBER_ACCOUNT],
        region="us-east-1",
        endpoint_url=emulator.endpoint_url,
        include_costs=True,
        allow_failed_accounts=True,
    )
    assert list(result.costs) == [FRESH_ACCOUNT]


def test_costs_across_chunks_take_one_request_per_500_accounts(start_emulator):
    server = start_emulator(InspectorBackend(Organisation(members={}, synthesize_members=True)))
    try:
        ids = [str(100_000_000_000 + n) for n in range(1_200)]
        costs = TrialResolver(
            AwsSettings(region="us-east-1", endpoint_url=server.endpoint_url)
        ).resolve_costs(ids)
        count = server.backend.request_count("ListUsageTotals")
    finally:
        server.stop()
    assert sorted(costs) == ids
    assert all(c.total > 0 for c in costs.values())
    assert count == 3


def test_a_bad_budget_is_refused_before_any_request(emulator):
    from pulumi_inspector_trial.domain.errors import InvalidInputError

    with pytest.raises(InvalidInputError, match="max_monthly_cost"):
        GatedEnabler("gate", account_ids=[FRESH_ACCOUNT], max_monthly_cost=float("nan"))
    assert emulator.backend.requests == []


# --- the command line --------------------------------------------------------------------------


def test_status_costs_json_adds_a_costs_list_per_account_and_region(emulator):
    code, out, _ = cli(
        emulator, "status", "--costs", "--output", "json", EXPIRED_ACCOUNT, FRESH_ACCOUNT
    )
    assert code == 0
    document = json.loads(out)
    assert set(document) == {"accounts", "failed_accounts", "costs"}
    assert [(c["account_id"], c["region"]) for c in document["costs"]] == [
        (FRESH_ACCOUNT, "us-east-1"),
        (EXPIRED_ACCOUNT, "us-east-1"),
    ]
    expired = document["costs"][1]
    assert {k: v for k, v in expired.items() if k not in ("account_id", "region")} == EXPIRED_COSTS


def test_status_without_costs_keeps_the_document_and_sends_no_usage_request(emulator):
    code, out, _ = cli(emulator, "status", "--output", "json", EXPIRED_ACCOUNT)
    assert code == 0
    assert set(json.loads(out)) == {"accounts", "failed_accounts"}
    assert emulator.backend.request_count("ListUsageTotals") == 0


def test_status_costs_table_shows_an_estimate_per_type_and_a_total(emulator):
    code, out, _ = cli(emulator, "status", "--costs", EXPIRED_ACCOUNT)
    rows = [line.split() for line in out.splitlines()]
    assert code == 0
    assert "EST./MONTH" in rows[0]
    assert [EXPIRED_ACCOUNT, "TOTAL", "$37.50"] in rows
    assert next(r for r in rows if r[:2] == [EXPIRED_ACCOUNT, "EC2"])[-1] == "$12.40"


def test_check_max_monthly_cost_fails_each_account_over_budget(emulator):
    code, out, _ = cli(
        emulator, "check", "--max-monthly-cost", "20", EXPIRED_ACCOUNT, ENDING_SOON_ACCOUNT
    )
    assert code == 1
    errors = [line for line in out.splitlines() if line.startswith("ERROR:")]
    # $35.20 over the scan types ($37.50 with AMI scanning, which no scan type covers).
    assert errors == [
        f"ERROR: Inspector's estimated cost for account {EXPIRED_ACCOUNT} is $35.20/month, "
        "over the $20.00 budget."
    ]


def test_check_max_monthly_cost_within_budget_passes(emulator):
    code, out, _ = cli(emulator, "check", "--max-monthly-cost", "20", ENDING_SOON_ACCOUNT)
    assert code == 0, out


def test_check_budget_findings_are_github_annotations_too(emulator):
    code, out, _ = cli(
        emulator,
        "check",
        "--max-monthly-cost",
        "5",
        "--output",
        "github",
        FRESH_ACCOUNT,
        EXPIRED_ACCOUNT,
    )
    assert code == 1
    assert out.splitlines() == [
        "::error title=Inspector free trial::Inspector's estimated cost for account "
        f"{EXPIRED_ACCOUNT} is $35.20/month, over the $5.00 budget."
    ]


@pytest.mark.parametrize("value", ["-1", "nan", "inf", "twenty"])
def test_a_bad_max_monthly_cost_is_refused_by_name(emulator, value):
    code, _, err = cli(emulator, "check", "--max-monthly-cost", value, FRESH_ACCOUNT)
    assert code == 2
    assert "--max-monthly-cost" in err and repr(value) in err
    assert emulator.backend.requests == []
