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


def _usage(usage_type: str, total: float, cost: float, cloud: str | None = None) -> Usage:
    return Usage(usage_type, total, cost, cloud_provider=cloud)


SAMPLE_USAGE: Final[Mapping[str, tuple[Usage, ...]]] = MappingProxyType(
    {
        # Just started: a little usage so far.
        FRESH_ACCOUNT: (
            _usage("EC2_INSTANCE_HOURS", 144.0, 1.80),
            _usage("ECR_INITIAL_SCAN", 10.0, 0.90),
            _usage("LAMBDA_FUNCTION_HOURS", 1500.0, 0.45),
        ),
        # A busy account whose EC2 and ECR trials end soon: EC2 $9.50, ECR $3.40, LAMBDA_CODE
        # $2.75, CODE_REPOSITORY $4.00 a month, $19.65 in all.
        ENDING_SOON_ACCOUNT: (
            _usage("EC2_INSTANCE_HOURS", 656.0, 8.20),
            _usage("EC2_AGENTLESS_INSTANCE_HOURS", 104.0, 1.30),
            _usage("ECR_RESCAN", 340.0, 3.40),
            _usage("LAMBDA_FUNCTION_CODE_HOURS", 4583.0, 2.75),
            _usage("CODE_REPOSITORY_SAST", 40.0, 4.00),
        ),
        # Every trial ended: what keeping each type would cost. EC2 $12.40, ECR $3.10, LAMBDA
        # $6.00, LAMBDA_CODE $4.20, CODE_REPOSITORY $9.50, and $2.30 of AMI scanning, which no
        # Enabler scan type covers: $37.50 in all.
        EXPIRED_ACCOUNT: (
            _usage("EC2_INSTANCE_HOURS", 992.0, 12.40),
            _usage("ECR_INITIAL_SCAN", 11.0, 1.10),
            _usage("ECR_RESCAN", 200.0, 2.00),
            _usage("LAMBDA_FUNCTION_HOURS", 20000.0, 6.00),
            _usage("LAMBDA_FUNCTION_CODE_HOURS", 7000.0, 4.20),
            _usage("CODE_REPOSITORY_IAC", 95.0, 9.50),
            _usage("EC2_AMI_HOURS", 184.0, 2.30),
        ),
        # Scans outside AWS too: Azure usage counts in the total, in no scan type.
        NEW_TYPES_ACCOUNT: (
            _usage("EC2_INSTANCE_HOURS", 160.0, 2.00),
            _usage("AZURE_VM_AGENT_BASED_INSTANCE_HOURS", 400.0, 5.00, "AZURE"),
        ),
    }
)
"""The sample accounts' last 30 days of usage and the monthly cost the service estimates."""


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
