"""The read of the whole organisation, with real boto3 over real HTTP to the emulator: the members
(ListMembers, paged, feeding trial batches while later pages arrive) and what each has enabled
(BatchGetAccountStatus, batched, concurrent, retried and failed like trials)."""

from __future__ import annotations

import math
from typing import Any

import botocore.session
import pytest
from support.factories import account_ids, status_unreadable_for

from pulumi_inspector_trial.aws.resolver import TrialResolver
from pulumi_inspector_trial.domain.errors import (
    FailedAccountsError,
    TimeBudgetError,
    TrialDataError,
)
from pulumi_inspector_trial.domain.scan_types import SCAN_TYPES
from pulumi_inspector_trial.emulator import FaultPlan, Organisation
from pulumi_inspector_trial.emulator.sample import (
    ENDING_SOON_ACCOUNT,
    EXPIRED_ACCOUNT,
    FRESH_ACCOUNT,
    NEW_TYPES_ACCOUNT,
    NON_MEMBER_ACCOUNT,
)
from pulumi_inspector_trial.read.query import ResolveLimits, TrialQuery
from pulumi_inspector_trial.read.service import StackDefaults, TrialRead, read_free_trials

FAST = StackDefaults(
    limits=ResolveLimits(
        total_timeout=30,
        connect_timeout=1,
        read_timeout=5,
        max_attempts=3,
        retry_mode="standard",
        internal_error_backoff=0.01,
    )
)
SAMPLE_MEMBERS = [FRESH_ACCOUNT, ENDING_SOON_ACCOUNT, EXPIRED_ACCOUNT, NEW_TYPES_ACCOUNT]


def organisation_of(count: int) -> Organisation:
    return Organisation(members={}, synthesize_members=True, synthesized_member_count=count)


def read(endpoint_url: str, defaults: StackDefaults = FAST, **inputs: Any) -> TrialRead:
    query = TrialQuery.from_props({"region": "us-east-1", "endpoint_url": endpoint_url, **inputs})
    return read_free_trials(query, defaults, resolver_for=TrialResolver)


def counts(server: Any) -> dict[str, int]:
    operations = ("ListMembers", "BatchGetFreeTrialInfo", "BatchGetAccountStatus")
    return {operation: server.backend.request_count(operation) for operation in operations}


# --- members -----------------------------------------------------------------------------------


def test_members_reads_the_associated_members_trials(emulator):
    trials = read(emulator.endpoint_url, members=True)

    assert trials.account_ids == SAMPLE_MEMBERS
    assert [a.account_id for a in trials.result.accounts] == SAMPLE_MEMBERS
    assert trials.outputs()["account_ids"] == SAMPLE_MEMBERS
    assert NON_MEMBER_ACCOUNT not in trials.outputs()["active_types"]


def test_members_that_are_not_associated_are_not_read(make_emulator, fixed_now):
    from pulumi_inspector_trial.emulator import sample_organisation

    sample = sample_organisation(fixed_now)
    invited = Organisation(
        members=sample.members,
        non_members=sample.non_members,
        relationships={EXPIRED_ACCOUNT: "INVITED"},
    )
    server = make_emulator(invited)

    trials = read(server.endpoint_url, members=True)

    assert EXPIRED_ACCOUNT not in trials.account_ids
    assert EXPIRED_ACCOUNT not in {i for r in server.backend.requests for i in r.account_ids}


@pytest.mark.parametrize("count", [50, 250, 1_000])
def test_members_cost_their_pages_and_ceil_n_over_100_of_each_batch(make_emulator, count):
    server = make_emulator(organisation_of(count))

    trials = read(server.endpoint_url, members=True, include_account_status=True)

    assert len(trials.account_ids) == count
    assert len(trials.enabled_types or {}) == count
    assert counts(server) == {
        "ListMembers": math.ceil(count / 50),
        "BatchGetFreeTrialInfo": math.ceil(count / 100),
        "BatchGetAccountStatus": math.ceil(count / 100),
    }
    assert max(len(r.account_ids) for r in server.backend.requests) <= 100


def test_trial_batches_go_out_while_later_pages_still_arrive(make_emulator):
    # Each request waits 50 ms, so 10 pages take half a second one after another.
    server = make_emulator(organisation_of(500), FaultPlan(latency_seconds=0.05))

    read(server.endpoint_url, members=True)

    requests = server.backend.requests
    last_page = max(r.at for r in requests if r.operation == "ListMembers")
    first_batch = min(r.at for r in requests if r.operation == "BatchGetFreeTrialInfo")
    assert first_batch < last_page


def test_a_throttled_members_page_is_retried_by_botocore(make_emulator):
    server = make_emulator(organisation_of(60), FaultPlan(throttle_first=1))

    trials = read(server.endpoint_url, members=True)

    assert len(trials.account_ids) == 60
    assert [r.status for r in server.backend.requests][:2] == [429, 200]


def test_a_denied_members_listing_fails_the_read_naming_list_members(make_emulator):
    server = make_emulator(faults=FaultPlan(deny_all=True))

    with pytest.raises(TrialDataError) as raised:
        read(server.endpoint_url, members=True)

    assert "inspector2:ListMembers" in str(raised.value)


def test_a_members_listing_slower_than_the_budget_is_a_time_budget_error(make_emulator):
    server = make_emulator(organisation_of(500), FaultPlan(latency_seconds=0.2))
    budget = StackDefaults(limits=ResolveLimits(total_timeout=1, read_timeout=5))

    with pytest.raises(TimeBudgetError):
        read(server.endpoint_url, budget, members=True)


def test_an_organisation_without_members_reads_nothing_else(make_emulator):
    server = make_emulator(Organisation(members={}))

    trials = read(server.endpoint_url, members=True, include_account_status=True)

    assert (trials.account_ids, trials.enabled_types) == ([], {})
    assert counts(server) == {
        "ListMembers": 1,
        "BatchGetFreeTrialInfo": 0,
        "BatchGetAccountStatus": 0,
    }


def test_members_with_costs_read_the_members_costs(emulator):
    trials = read(emulator.endpoint_url, members=True, include_costs=True)

    assert sorted(trials.costs or {}) == SAMPLE_MEMBERS
    assert emulator.backend.request_count("ListUsageTotals") == 1


# --- account status ----------------------------------------------------------------------------


def test_account_status_adds_the_enabled_types_of_each_account(emulator):
    trials = read(
        emulator.endpoint_url,
        account_ids=[FRESH_ACCOUNT, ENDING_SOON_ACCOUNT],
        include_account_status=True,
    )

    assert trials.enabled_types == {
        FRESH_ACCOUNT: ["EC2", "ECR", "LAMBDA"],
        ENDING_SOON_ACCOUNT: ["EC2", "ECR", "LAMBDA", "LAMBDA_CODE"],
    }
    assert trials.outputs()["enabled_types"] == trials.enabled_types


def _status_keys_beyond_the_enabler_types() -> list[str]:
    # botocore drops a key its model does not know, so "newer" means newer than the Enabler's
    # five but known to the installed botocore (``ami`` in recent ones; none at the floor).
    model = botocore.session.get_session().get_service_model("inspector2")
    known = {names.status_key for names in SCAN_TYPES.values()}
    return sorted(set(model.shape_for("ResourceState").members) - known)


@pytest.mark.skipif(
    not _status_keys_beyond_the_enabler_types(),
    reason="this botocore's model knows no account-status key beyond the Enabler's five",
)
def test_a_newer_scan_type_key_passes_through_upper_cased(make_emulator):
    newer = _status_keys_beyond_the_enabler_types()[0]
    member = Organisation(
        members={FRESH_ACCOUNT: ()},
        account_status={FRESH_ACCOUNT: {"lambdaCode": "ENABLED", newer: "ENABLED"}},
    )
    server = make_emulator(member)

    trials = read(server.endpoint_url, account_ids=[FRESH_ACCOUNT], include_account_status=True)

    assert trials.enabled_types == {FRESH_ACCOUNT: sorted([newer.upper(), "LAMBDA_CODE"])}


def test_without_account_status_no_status_is_read(emulator):
    trials = read(emulator.endpoint_url, account_ids=[FRESH_ACCOUNT])

    assert trials.enabled_types is None
    assert trials.outputs()["enabled_types"] is None
    assert counts(emulator) == {
        "ListMembers": 0,
        "BatchGetFreeTrialInfo": 1,
        "BatchGetAccountStatus": 0,
    }


def test_account_status_is_batched_100_a_request(make_emulator):
    server = make_emulator(organisation_of(0))

    read(server.endpoint_url, account_ids=account_ids(250), include_account_status=True)

    sizes = sorted(
        len(r.account_ids)
        for r in server.backend.requests
        if r.operation == "BatchGetAccountStatus"
    )
    assert sizes == [50, 100, 100]


def test_an_internal_error_of_the_status_is_asked_again(make_emulator):
    server = make_emulator(faults=FaultPlan(internal_error_accounts={FRESH_ACCOUNT: 1}))

    trials = read(server.endpoint_url, account_ids=[FRESH_ACCOUNT], include_account_status=True)

    assert trials.enabled_types == {FRESH_ACCOUNT: ["EC2", "ECR", "LAMBDA"]}
    assert server.backend.request_count("BatchGetAccountStatus") == 2


def test_an_account_whose_status_is_denied_fails_the_read_naming_it(make_emulator, fixed_now):
    from pulumi_inspector_trial.emulator import sample_organisation

    sample = sample_organisation(fixed_now)
    server = make_emulator(
        Organisation(members=sample.members, relationships={FRESH_ACCOUNT: "REGION_DISABLED"})
    )

    with pytest.raises(FailedAccountsError) as raised:
        read(server.endpoint_url, account_ids=[FRESH_ACCOUNT], include_account_status=True)

    assert FRESH_ACCOUNT in str(raised.value)


def test_allowed_status_failures_list_the_account_failed_and_not_enabled(make_emulator, fixed_now):
    server = make_emulator(status_unreadable_for(FRESH_ACCOUNT, fixed_now))

    trials = read(
        server.endpoint_url,
        account_ids=[FRESH_ACCOUNT, EXPIRED_ACCOUNT],
        include_account_status=True,
        allow_failed_accounts=True,
    )

    (failed,) = trials.result.failed_accounts
    assert (failed.account_id, failed.code) == (FRESH_ACCOUNT, "ACCESS_DENIED")
    assert failed.message.startswith("Inspector status: ")
    assert trials.enabled_types == {EXPIRED_ACCOUNT: ["EC2"]}
    assert [a.account_id for a in trials.result.accounts] == [EXPIRED_ACCOUNT]


def test_a_denied_status_call_fails_the_read_naming_batch_get_account_status(make_emulator):
    server = make_emulator()
    server.backend.set_faults(deny_all=True)

    with pytest.raises(TrialDataError) as raised:
        read(server.endpoint_url, account_ids=[FRESH_ACCOUNT], include_account_status=True)

    assert "inspector2:" in str(raised.value)
