"""The sample organisation the demo and the docs tell a story with."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from types import MappingProxyType
from typing import Final

from .organisation import RESOURCE_KEYS, SYNTHESIZED_TYPES, Organisation, Trial, Usage
from .patterns import ACTIVE, DISABLED, ENABLED, INACTIVE

FRESH_ACCOUNT = "111122223333"
"""Every trial ACTIVE, about 12 days left."""
ENDING_SOON_ACCOUNT = "222233334444"
"""ACTIVE, but EC2 and ECR end in 2 days; LAMBDA_CODE has ended."""
EXPIRED_ACCOUNT = "333344445555"
"""Every trial ended weeks ago."""
NEW_TYPES_ACCOUNT = "444455556666"
"""EC2 and ECR ACTIVE, plus types this package has never heard of."""
NON_MEMBER_ACCOUNT = "555566667777"
"""Not in the organisation: answers ACCESS_DENIED."""

SAMPLE_ACCOUNT_IDS = (
    FRESH_ACCOUNT,
    ENDING_SOON_ACCOUNT,
    EXPIRED_ACCOUNT,
    NEW_TYPES_ACCOUNT,
    NON_MEMBER_ACCOUNT,
)

_TRIAL_LENGTH = timedelta(days=15)


_USAGE_TABLE: Final = """
account       usage type                             total  USD a month  cloud
# Just started: a little usage so far.
111122223333  EC2_INSTANCE_HOURS                       144         1.80
111122223333  ECR_INITIAL_SCAN                          10         0.90
111122223333  LAMBDA_FUNCTION_HOURS                   1500         0.45
# A busy account whose EC2 and ECR trials end soon: EC2 $9.50, ECR $3.40, LAMBDA_CODE $2.75,
# CODE_REPOSITORY $4.00 a month, $19.65 in all.
222233334444  EC2_INSTANCE_HOURS                       656         8.20
222233334444  EC2_AGENTLESS_INSTANCE_HOURS             104         1.30
222233334444  ECR_RESCAN                               340         3.40
222233334444  LAMBDA_FUNCTION_CODE_HOURS              4583         2.75
222233334444  CODE_REPOSITORY_SAST                      40         4.00
# Every trial ended: what keeping each type would cost. EC2 $12.40, ECR $3.10, LAMBDA $6.00,
# LAMBDA_CODE $4.20, CODE_REPOSITORY $9.50, and $2.30 of AMI scanning, which no Enabler scan
# type covers: $37.50 in all.
333344445555  EC2_INSTANCE_HOURS                       992        12.40
333344445555  ECR_INITIAL_SCAN                          11         1.10
333344445555  ECR_RESCAN                               200         2.00
333344445555  LAMBDA_FUNCTION_HOURS                  20000         6.00
333344445555  LAMBDA_FUNCTION_CODE_HOURS              7000         4.20
333344445555  CODE_REPOSITORY_IAC                       95         9.50
333344445555  EC2_AMI_HOURS                            184         2.30
# Scans outside AWS too: Azure usage counts in the total, in no scan type.
444455556666  EC2_INSTANCE_HOURS                       160         2.00
444455556666  AZURE_VM_AGENT_BASED_INSTANCE_HOURS      400         5.00  AZURE
"""
"""The sample accounts' last 30 days of usage and the monthly cost the service estimates: one
usage total a row, each account's sums in the comment above its rows."""


def _usage_of(table: str) -> Mapping[str, tuple[Usage, ...]]:
    by_account: dict[str, list[Usage]] = {}
    _header, *rows = (line.split() for line in table.strip().splitlines() if line[0] != "#")
    for account_id, usage_type, total, cost, *cloud in rows:
        usage = Usage(usage_type, float(total), float(cost), cloud_provider=next(iter(cloud), None))
        by_account.setdefault(account_id, []).append(usage)
    return MappingProxyType({account: tuple(usage) for account, usage in by_account.items()})


SAMPLE_USAGE: Final = _usage_of(_USAGE_TABLE)
"""The sample accounts' usage totals, by account, in the order of the table."""


def _enabled(*keys: str) -> Mapping[str, str]:
    return MappingProxyType({key: ENABLED if key in keys else DISABLED for key in RESOURCE_KEYS})


SAMPLE_ACCOUNT_STATUS: Final[Mapping[str, Mapping[str, str]]] = MappingProxyType(
    {
        # On trial, and using only part of it: LAMBDA_CODE and CODE_REPOSITORY scan for free
        # for 12 more days, but are not enabled.
        FRESH_ACCOUNT: _enabled("ec2", "ecr", "lambda"),
        # The bill that is coming: EC2 and ECR are enabled and their trials end in 2 days;
        # LAMBDA_CODE is enabled and its trial has already ended.
        ENDING_SOON_ACCOUNT: _enabled("ec2", "ecr", "lambda", "lambdaCode"),
        # Every trial over, and EC2 still enabled: billed already.
        EXPIRED_ACCOUNT: _enabled("ec2"),
        # EC2 enabled; ECR's trial runs 10 more days unused.
        NEW_TYPES_ACCOUNT: _enabled("ec2"),
    }
)
"""What each sample member has enabled (BatchGetAccountStatus's ``resourceState``)."""


def sample_organisation(now: datetime) -> Organisation:
    """The demo's organisation, relative to ``now`` so it always tells the same story.

    Ends sit a few hours past a whole number of days, so "days left" reads 12, 9 and 2 whatever
    the time of day.
    """

    def active(trial_type: str, days_left: int, cloud_provider: str | None = None) -> Trial:
        end = now + timedelta(days=days_left, hours=6)
        return Trial(trial_type, end - _TRIAL_LENGTH, end, ACTIVE, cloud_provider)

    def ended(trial_type: str, days_ago: int) -> Trial:
        end = now - timedelta(days=days_ago)
        return Trial(trial_type, end - _TRIAL_LENGTH, end, INACTIVE)

    return Organisation(
        members={
            FRESH_ACCOUNT: tuple(active(t, 12) for t in SYNTHESIZED_TYPES),
            ENDING_SOON_ACCOUNT: (
                active("EC2", 2),
                active("ECR", 2),
                active("LAMBDA", 9),
                ended("LAMBDA_CODE", 1),
                active("CODE_REPOSITORY", 9),
            ),
            EXPIRED_ACCOUNT: tuple(
                ended(t, 21 + 3 * index) for index, t in enumerate(SYNTHESIZED_TYPES)
            ),
            NEW_TYPES_ACCOUNT: (
                active("EC2", 10),
                active("ECR", 10),
                active("MACHINE_IMAGE", 14, cloud_provider="AWS"),
                active("SOURCE_ARTIFACT", 14),
            ),
        },
        non_members=frozenset({NON_MEMBER_ACCOUNT}),
        usage=SAMPLE_USAGE,
        account_status=SAMPLE_ACCOUNT_STATUS,
    )
