"""Trials, accounts and ids as the tests build them, and the moment they are built around."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from pulumi_inspector_trial.domain.trials import ACTIVE, FreeTrial
from pulumi_inspector_trial.emulator import Organisation, sample_organisation

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=timezone.utc)
"""The moment the sample organisation is built around (the ``fixed_now`` fixture)."""

START = datetime(2026, 10, 1, tzinfo=timezone.utc)


def trial(
    trial_type: str,
    *,
    status: str = ACTIVE,
    left: timedelta = timedelta(days=12),
    at: datetime = NOW,
) -> FreeTrial:
    """A trial of ``trial_type`` that started on ``START`` and has ``left`` to run at ``at``."""
    return FreeTrial(type=trial_type, start=START, end=at + left, status=status)


def account_ids(count: int, first: int = 100_000_000_000) -> list[str]:
    """``count`` distinct twelve-digit account ids, in order."""
    return [str(first + n) for n in range(count)]


def status_unreadable_for(account_id: str, now: datetime) -> Organisation:
    """The sample organisation, but ``account_id``'s region is disabled, so its trials read and
    its account status does not (the status read's own failure)."""
    sample = sample_organisation(now)
    return Organisation(
        members=sample.members,
        account_status=sample.account_status,
        relationships={account_id: "REGION_DISABLED"},
    )
