"""The sample organisation the demo and the docs tell a story with."""

from __future__ import annotations

from datetime import datetime, timedelta

from ..model import ACTIVE, INACTIVE, FreeTrial
from .models import SYNTHESIZED_TYPES, Organisation

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


def sample_organisation(now: datetime) -> Organisation:
    """The demo's organisation, relative to ``now`` so it always tells the same story.

    Ends sit a few hours past a whole number of days, so "days left" reads 12, 9 and 2 whatever
    the time of day.
    """

    def active(trial_type: str, days_left: int, cloud_provider: str | None = None) -> FreeTrial:
        end = now + timedelta(days=days_left, hours=6)
        return FreeTrial(trial_type, end - _TRIAL_LENGTH, end, ACTIVE, cloud_provider)

    def ended(trial_type: str, days_ago: int) -> FreeTrial:
        end = now - timedelta(days=days_ago)
        return FreeTrial(trial_type, end - _TRIAL_LENGTH, end, INACTIVE)

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
    )
