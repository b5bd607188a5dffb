"""Ctrl-C against the emulator, in process: a request of an ended read is never sent, and a
throttled one is not retried (the real process being interrupted is in
tests/process/test_interrupts.py)."""

from __future__ import annotations

import pytest

from pulumi_inspector_trial.aws.resolver import TrialResolver
from pulumi_inspector_trial.emulator import (
    FaultPlan,
)
from pulumi_inspector_trial.emulator.sample import FRESH_ACCOUNT
from pulumi_inspector_trial.read.query import AwsSettings
from pulumi_inspector_trial.read.waiting import Cancelled, cancellation

pytestmark = pytest.mark.timeout(120)


# --- what the threads of a read do once it has ended -----------------------------------------


def test_a_request_of_an_ended_read_is_never_sent(emulator):
    resolver = TrialResolver(AwsSettings(region="us-east-1", endpoint_url=emulator.endpoint_url))
    with cancellation() as cancel:
        cancel.set()  # what the end of the outermost read does, Ctrl-C or not
        with pytest.raises(Cancelled):
            resolver.client.batch_get_free_trial_info(accountIds=[FRESH_ACCOUNT])

    assert emulator.backend.requests == []


def test_a_throttled_request_of_an_ended_read_is_not_retried(make_emulator):
    server = make_emulator(faults=FaultPlan(throttle_always=True))
    resolver = TrialResolver(AwsSettings(region="us-east-1", endpoint_url=server.endpoint_url))

    def end_the_read(**_: object) -> None:  # after the first attempt, before its back-off
        cancel.set()

    resolver.client.meta.events.register("needs-retry", end_the_read)
    try:
        with cancellation() as cancel, pytest.raises(Cancelled):
            resolver.client.batch_get_free_trial_info(accountIds=[FRESH_ACCOUNT])
    finally:
        resolver.client.meta.events.unregister("needs-retry", end_the_read)

    assert server.backend.request_count() == 1
