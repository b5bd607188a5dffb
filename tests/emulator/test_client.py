"""The client, driven with real boto3 over real HTTP against the emulator on 127.0.0.1.

How it fails (throttling, 5xx, a closed port, slow answers, failed accounts, no credentials or
region) is pinned in one place, test_fault_matrix.py; this file pins what it does otherwise
(its rules without a network: tests/unit/test_client.py).
"""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from support.factories import account_ids
from support.plain_messages import closed_port_url

from pulumi_inspector_trial.aws.resolver import TrialResolver, resolve_free_trials
from pulumi_inspector_trial.domain.errors import InvalidInputError, TrialDataError
from pulumi_inspector_trial.emulator import FaultPlan, Organisation
from pulumi_inspector_trial.emulator.sample import (
    ENDING_SOON_ACCOUNT,
    FRESH_ACCOUNT,
    NEW_TYPES_ACCOUNT,
)
from pulumi_inspector_trial.read.query import AwsSettings, ResolveLimits

# Short timeouts keep a test that goes wrong quick; the behaviour is the same as the defaults'.
FAST = ResolveLimits(
    total_timeout=20,
    connect_timeout=1,
    read_timeout=2,
    max_attempts=3,
    retry_mode="standard",
    internal_error_backoff=0.01,
)
SYNTHESIZED = Organisation(members={}, synthesize_members=True)


def resolve(endpoint_url: str, ids: list[str], limits: ResolveLimits = FAST) -> object:
    return resolve_free_trials(ids, region="us-east-1", endpoint_url=endpoint_url, limits=limits)


def test_one_account_costs_one_request(make_emulator):
    emulator = make_emulator(SYNTHESIZED)
    result = resolve(emulator.endpoint_url, account_ids(1))
    assert [a.account_id for a in result.accounts] == account_ids(1)
    assert emulator.backend.request_count() == 1


@pytest.mark.parametrize(("count", "requests"), [(100, 1), (101, 2), (1000, 10)])
def test_accounts_are_sent_in_batches_of_at_most_100(make_emulator, count, requests):
    emulator = make_emulator(SYNTHESIZED)
    result = resolve(emulator.endpoint_url, account_ids(count))
    assert len(result.accounts) == count
    assert emulator.backend.request_count() == requests
    assert max(len(r.account_ids) for r in emulator.backend.requests) <= 100


def test_duplicates_are_asked_once_and_answered_once(make_emulator):
    emulator = make_emulator(SYNTHESIZED)
    ids = account_ids(60) * 2 + [f" {account_ids(1)[0]} "]
    result = resolve(emulator.endpoint_url, ids)
    assert [a.account_id for a in result.accounts] == account_ids(60)
    assert emulator.backend.request_count() == 1
    assert sorted(emulator.backend.requests[0].account_ids) == account_ids(60)


def test_accounts_come_back_sorted_by_id(make_emulator):
    emulator = make_emulator(SYNTHESIZED)
    ids = list(reversed(account_ids(250)))
    result = resolve(emulator.endpoint_url, ids)
    assert [a.account_id for a in result.accounts] == sorted(ids)


def test_internal_error_accounts_are_retried_together_in_one_batch(make_emulator):
    flaky = {i: 1 for i in account_ids(1000)[::20]}  # 50 accounts, one in each 20, across batches
    emulator = make_emulator(SYNTHESIZED, FaultPlan(internal_error_accounts=flaky))
    result = resolve(emulator.endpoint_url, account_ids(1000))
    assert len(result.accounts) == 1000
    assert result.failed_accounts == ()
    assert emulator.backend.request_count() == 10 + 1
    assert sorted(emulator.backend.requests[-1].account_ids) == sorted(flaky)


@pytest.mark.parametrize(
    "bad", ["12345678901", "1234567890123", "12345678901a", "", None, 111122223333]
)
def test_invalid_ids_are_refused_before_any_request(make_emulator, bad):
    emulator = make_emulator(SYNTHESIZED)
    with pytest.raises(InvalidInputError) as error:
        resolve(emulator.endpoint_url, [FRESH_ACCOUNT, bad])
    assert repr(bad) in str(error.value)
    assert emulator.backend.requests == []


def test_unknown_trial_types_and_cloud_providers_pass_through(emulator, fixed_now):
    result = resolve(emulator.endpoint_url, [NEW_TYPES_ACCOUNT])
    (account,) = result.accounts
    types = {t.type: t for t in account.free_trials}
    assert {"MACHINE_IMAGE", "SOURCE_ARTIFACT"} <= set(types)
    assert types["MACHINE_IMAGE"].cloud_provider == "AWS"
    assert types["SOURCE_ARTIFACT"].cloud_provider is None
    assert "SOURCE_ARTIFACT" in account.active_types(datetime.now(timezone.utc))


def test_timestamps_are_utc_datetimes(emulator, fixed_now):
    result = resolve(emulator.endpoint_url, [ENDING_SOON_ACCOUNT])
    ec2 = result.accounts[0].trial("EC2")
    assert ec2 is not None
    assert ec2.end.tzinfo == timezone.utc
    assert ec2.days_left(fixed_now) == 2
    assert ec2.to_dict()["end"].endswith("Z")


def test_endpoint_comes_from_botocore_environment(make_emulator, monkeypatch):
    emulator = make_emulator(SYNTHESIZED)
    monkeypatch.setenv("AWS_ENDPOINT_URL_INSPECTOR2", emulator.endpoint_url)
    result = resolve_free_trials(account_ids(2), region="eu-west-1", limits=FAST)
    assert len(result.accounts) == 2
    assert emulator.backend.request_count() == 1


def test_resolver_builds_its_client_once(make_emulator):
    emulator = make_emulator(SYNTHESIZED)
    resolver = TrialResolver(AwsSettings(region="us-east-1", endpoint_url=emulator.endpoint_url))
    assert resolver.client is resolver.client
    resolver.resolve(account_ids(1))
    resolver.resolve(account_ids(1))
    assert emulator.backend.request_count() == 2


def test_retries_cut_short_by_the_time_budget_keep_what_resolved(make_emulator):
    stuck = account_ids(1)[0]
    emulator = make_emulator(SYNTHESIZED, FaultPlan(internal_error_accounts={stuck: -1}))
    # Back-off pauses of 2, 4, 8... s against a 6 s budget: the second retry round never fits,
    # while the first answer has seconds to arrive on a loaded machine (a 1 s budget did not).
    limits = ResolveLimits(total_timeout=6, internal_error_retries=5, internal_error_backoff=2)
    result = resolve(emulator.endpoint_url, account_ids(3), limits)
    assert [a.account_id for a in result.accounts] == account_ids(3)[1:]
    assert [(f.account_id, f.code) for f in result.failed_accounts] == [(stuck, "INTERNAL_ERROR")]
    assert emulator.backend.request_count() < 1 + limits.internal_error_retries


def test_a_role_that_cannot_be_assumed_is_named(make_emulator, monkeypatch):
    emulator = make_emulator(SYNTHESIZED)
    monkeypatch.setenv("AWS_ENDPOINT_URL_STS", closed_port_url())
    role = "arn:aws:iam::123456789012:role/InspectorAdmin"
    with pytest.raises(TrialDataError) as error:
        resolve_free_trials(
            account_ids(1),
            region="us-east-1",
            endpoint_url=emulator.endpoint_url,
            role_arn=role,
            limits=FAST,
        )
    assert f"Could not assume the role {role}" in str(error.value)
    assert emulator.backend.requests == []
