"""What the package's client reads from the emulator's ListUsageTotals: each sample account's
estimated costs after its trial, as ``TrialResolver.resolve_costs`` sums them, over real HTTP on
127.0.0.1."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from support.sample_costs import NO_COSTS, SAMPLE_COSTS

from pulumi_inspector_trial.aws.resolver import USAGE_PAGE_SIZE, TrialResolver
from pulumi_inspector_trial.domain.costs import AccountCosts
from pulumi_inspector_trial.emulator import (
    EmulatorServer,
    InspectorBackend,
    Organisation,
    Usage,
)
from pulumi_inspector_trial.emulator.sample import (
    EXPIRED_ACCOUNT,
    FRESH_ACCOUNT,
    NON_MEMBER_ACCOUNT,
    SAMPLE_ACCOUNT_IDS,
)
from pulumi_inspector_trial.read.query import AwsSettings

MakeEmulator = Callable[..., EmulatorServer]
StartEmulator = Callable[[InspectorBackend], EmulatorServer]

"""Each sample account's ``AccountCosts.to_dict()``: what it would cost a month after its trial."""


def resolve_costs(server: EmulatorServer, account_ids: list[str]) -> dict[str, AccountCosts]:
    settings = AwsSettings(region="us-east-1", endpoint_url=server.endpoint_url)
    return TrialResolver(settings).resolve_costs(account_ids)


def test_every_sample_account_costs_what_its_story_says(emulator: EmulatorServer) -> None:
    costs = resolve_costs(emulator, list(SAMPLE_ACCOUNT_IDS))

    assert {account: c.to_dict() for account, c in costs.items()} == SAMPLE_COSTS
    assert emulator.backend.request_count("ListUsageTotals") == 1


def test_the_expired_accounts_costs_sum_exactly(emulator: EmulatorServer) -> None:
    (costs,) = resolve_costs(emulator, [EXPIRED_ACCOUNT]).values()

    assert costs.to_dict() == SAMPLE_COSTS[EXPIRED_ACCOUNT]
    # EC2_AMI_HOURS maps to no scan type: it counts in the total only.
    assert costs.total == pytest.approx(sum(costs.scan_types.values()) + 2.30)
    assert costs.scan_types["ECR"] == 3.1  # ECR_INITIAL_SCAN 1.10 + ECR_RESCAN 2.00


def test_an_account_without_usage_costs_nothing(make_emulator: MakeEmulator) -> None:
    server = make_emulator(Organisation(members={FRESH_ACCOUNT: ()}))

    costs = resolve_costs(server, [FRESH_ACCOUNT, NON_MEMBER_ACCOUNT])

    assert {account: c.to_dict() for account, c in costs.items()} == {
        FRESH_ACCOUNT: NO_COSTS,
        NON_MEMBER_ACCOUNT: NO_COSTS,
    }
    assert costs[FRESH_ACCOUNT].total == 0.0


def test_an_unknown_usage_type_counts_in_the_total_and_usage_types_only(
    make_emulator: MakeEmulator,
) -> None:
    usage = (
        Usage("EC2_INSTANCE_HOURS", 80, 1.0),
        Usage("QUANTUM_SCAN_MINUTES", 3, 4.5, cloud_provider="NOT_APPLICABLE"),
        Usage("GCP_CLOUD_RUN_HOURS", 10, 0.25, cloud_provider="GCP"),
    )
    server = make_emulator(Organisation(members={FRESH_ACCOUNT: ()}, usage={FRESH_ACCOUNT: usage}))

    (costs,) = resolve_costs(server, [FRESH_ACCOUNT]).values()

    assert costs.to_dict() == {
        "currency": "USD",
        "total": 5.75,
        "scan_types": {"EC2": 1.0},
        "usage_types": {
            "EC2_INSTANCE_HOURS": 1.0,
            "GCP_CLOUD_RUN_HOURS": 0.25,
            "QUANTUM_SCAN_MINUTES": 4.5,
        },
    }


def test_10000_synthesized_accounts_cost_the_same_on_every_run(
    start_emulator: StartEmulator,
) -> None:
    ids = [str(200_000_000_000 + n) for n in range(10_000)]
    runs = []
    for _ in range(2):
        server = start_emulator(InspectorBackend(Organisation(members={}, synthesize_members=True)))
        try:
            runs.append(resolve_costs(server, ids))
            count = server.backend.request_count("ListUsageTotals")
        finally:
            server.stop()
        assert count == -(-len(ids) // USAGE_PAGE_SIZE)  # one full page per request

    first, again = runs
    assert sorted(first) == ids
    assert all(c.total > 0 for c in first.values())
    assert {a: c.to_dict() for a, c in first.items()} == {a: c.to_dict() for a, c in again.items()}
