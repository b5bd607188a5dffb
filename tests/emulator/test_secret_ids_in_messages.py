"""An account id given as a secret is never printed whole through ``read_free_trials`` against
the emulator: a time-out names no id, and accounts still failing after retries are masked
(through the real plugin at preview: tests/plugin/test_secret_ids_in_messages.py)."""

from __future__ import annotations

import pytest

from pulumi_inspector_trial.aws.resolver import TrialResolver
from pulumi_inspector_trial.domain.errors import FailedAccountsError, TrialDataError
from pulumi_inspector_trial.emulator import FaultPlan
from pulumi_inspector_trial.emulator.sample import FRESH_ACCOUNT, NON_MEMBER_ACCOUNT
from pulumi_inspector_trial.read.query import SECRET_IDS_KEY, ResolveLimits, TrialQuery
from pulumi_inspector_trial.read.service import StackDefaults, read_free_trials


def test_a_time_out_of_a_secret_read_names_no_id(make_emulator):
    emulator = make_emulator(faults=FaultPlan(latency_seconds=2.0))
    query = TrialQuery.from_props(
        {
            "account_ids": [FRESH_ACCOUNT, NON_MEMBER_ACCOUNT],
            "region": "us-east-1",
            "endpoint_url": emulator.endpoint_url,
            SECRET_IDS_KEY: True,
        }
    )
    limits = ResolveLimits(total_timeout=0.5, max_attempts=1)
    with pytest.raises(TrialDataError) as raised:
        read_free_trials(query, StackDefaults(limits=limits), resolver_for=TrialResolver)
    assert "time budget" in str(raised.value)
    assert FRESH_ACCOUNT not in str(raised.value) and NON_MEMBER_ACCOUNT not in str(raised.value)


def test_accounts_still_failing_after_retries_of_a_secret_read_are_masked(make_emulator):
    faults = FaultPlan(internal_error_accounts={FRESH_ACCOUNT: -1})
    emulator = make_emulator(faults=faults)
    query = TrialQuery.from_props(
        {
            "account_ids": [FRESH_ACCOUNT],
            "region": "us-east-1",
            "endpoint_url": emulator.endpoint_url,
            SECRET_IDS_KEY: True,
        }
    )
    limits = ResolveLimits(internal_error_retries=1, internal_error_backoff=0)
    with pytest.raises(FailedAccountsError) as raised:
        read_free_trials(query, StackDefaults(limits=limits), resolver_for=TrialResolver)
    assert "INTERNAL_ERROR" in str(raised.value)
    assert FRESH_ACCOUNT not in str(raised.value)
    assert f"********{FRESH_ACCOUNT[-4:]}" in str(raised.value)
