"""The data an emulated organisation serves: its members' trials and usage, listed or synthesized.

Trials are the emulator's own ``Trial``; an organisation also takes any object with the same
five attributes (``TrialRecord``), such as the client's ``FreeTrial``, so a test may build one
from what it expects to read back.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, Final, Protocol

from .patterns import ACTIVE, DISABLED, ENABLED, INACTIVE, is_account_id

SYNTHESIZED_TYPES: Final = ("EC2", "ECR", "LAMBDA", "LAMBDA_CODE", "CODE_REPOSITORY")
"""The five trial types every account had before the service added more (the ones pulumi-aws's
``Enabler`` takes): what every synthesized member has. Written out rather than read from
botocore's ``FreeTrialType`` enum, which also lists the newer types, so synthesized data never
changes when botocore is upgraded."""
SYNTHESIS_REFERENCE_TIME: Final = datetime(2026, 1, 1, tzinfo=timezone.utc)
"""Synthesized trials start and end around this moment, so they never change from run to run."""

_TRIAL_DAYS: Final = 15

RESOURCE_KEYS: Final = ("ec2", "ecr", "lambda", "lambdaCode", "codeRepository")
"""The ``resourceState`` keys every account status carries, one per scan type an Enabler takes.
botocore's model lists more (``ami``, ...): a data file may give any, and they pass through."""
DELEGATED_ADMINISTRATOR: Final = "999900001111"
"""The account the emulated delegated administrator is: ListMembers's
``delegatedAdminAccountId``, and the account BatchGetAccountStatus answers for when asked none."""
SYNTHESIZED_MEMBER_BASE: Final = 700_000_000_000
"""The first id ListMembers lists for ``synthesized_member_count``; the next ones count up."""


class TrialRecord(Protocol):
    """What the emulator reads of a trial: anything with these five attributes."""

    @property
    def type(self) -> str: ...
    @property
    def start(self) -> datetime: ...
    @property
    def end(self) -> datetime: ...
    @property
    def status(self) -> str: ...
    @property
    def cloud_provider(self) -> str | None: ...


@dataclass(frozen=True)
class Trial:
    """One scan type's free trial in one account, as the emulator serves it."""

    type: str
    """EC2, ECR, LAMBDA, ... or any type: unknown ones pass through."""
    start: datetime
    end: datetime
    status: str
    """ACTIVE or INACTIVE."""
    cloud_provider: str | None = None


def trial_to_wire(trial: TrialRecord) -> dict[str, Any]:
    """A trial as the service's JSON carries it: timestamps in epoch seconds."""
    return _on_wire(
        {
            "type": trial.type,
            "start": trial.start.timestamp(),
            "end": trial.end.timestamp(),
            "status": trial.status,
        },
        trial.cloud_provider,
    )


def _on_wire(shape: dict[str, Any], cloud_provider: str | None) -> dict[str, Any]:
    """The service leaves ``cloudProvider`` out, rather than null, where there is none."""
    if cloud_provider is not None:
        shape["cloudProvider"] = cloud_provider
    return shape


@dataclass(frozen=True)
class Usage:
    """One usage total of one account, as ``ListUsageTotals`` answers it: the last 30 days'
    usage of one type, and the service's estimate of what it costs a month."""

    type: str
    """EC2_INSTANCE_HOURS, ECR_RESCAN, ... (or any type: unknown ones pass through)."""
    total: float
    estimated_monthly_cost: float
    currency: str = "USD"
    cloud_provider: str | None = None

    def to_wire(self) -> dict[str, Any]:
        return _on_wire(
            {
                "type": self.type,
                "total": self.total,
                "estimatedMonthlyCost": self.estimated_monthly_cost,
                "currency": self.currency,
            },
            self.cloud_provider,
        )


@dataclass(frozen=True)
class Organisation:
    """The accounts the emulated delegated administrator can see, their trials and usage."""

    members: Mapping[str, tuple[TrialRecord, ...]]
    """Member account id -> its free trials, answered as listed."""
    non_members: frozenset[str] = frozenset()
    """Accounts that answer ACCESS_DENIED: not in the organisation."""
    synthesize_members: bool = False
    """When True, any 12-digit account not listed answers deterministic synthesized trials
    (for scale tests that ask thousands of ids); when False it answers ACCESS_DENIED."""
    usage: Mapping[str, tuple[Usage, ...]] = field(default_factory=dict)
    """Member account id -> its usage totals. A member not listed has none, except that a
    synthesized member gets synthesized usage; usage given for a non-member is never served."""
    relationships: Mapping[str, str] = field(default_factory=dict)
    """Member account id -> its relationship with the delegated administrator (``INVITED``,
    ``REGION_DISABLED``, ...). A member not listed is associated (``ENABLED``)."""
    account_status: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    """Member account id -> ``resourceState`` key (``ec2``, ``lambdaCode``, ...) -> status. A key
    not given is ``DISABLED``; a synthesized member's is derived from a hash of its id."""
    synthesized_member_count: int = 0
    """How many synthesized members ListMembers lists after the listed ones, with ids counting up
    from ``SYNTHESIZED_MEMBER_BASE`` (for scale tests of an organisation of thousands)."""

    def is_member(self, account_id: str) -> bool:
        """Whether the account is in the organisation: listed, or synthesized."""
        if account_id in self.non_members:
            return False
        if account_id in self.members:
            return True
        return self.synthesize_members and is_account_id(account_id)

    def listed_accounts(self) -> tuple[str, ...]:
        """The accounts listed as members or given usage, in that order: the ones a
        ListUsageTotals request without ``accountIds`` is about (synthesized members are too
        many to list)."""
        return tuple(dict.fromkeys([*self.members, *self.usage]))

    def trials_of(self, account_id: str) -> tuple[TrialRecord, ...] | None:
        """The account's trials, or None when the account is not a member."""
        if not self.is_member(account_id):
            return None
        if account_id in self.members:
            return self.members[account_id]
        return synthesize_trials(account_id)

    def usage_of(self, account_id: str) -> tuple[Usage, ...]:
        """A member's usage totals; nothing for an account that is not a member (the service
        meters only the accounts it manages)."""
        if not self.is_member(account_id):
            return ()
        if account_id in self.usage:
            return self.usage[account_id]
        if account_id not in self.members:  # a synthesized member
            return synthesize_usage(account_id)
        return ()

    def relationship_of(self, account_id: str) -> str | None:
        """A member's relationship with the delegated administrator; None for a non-member."""
        if not self.is_member(account_id):
            return None
        return self.relationships.get(account_id, ENABLED)

    def members_page(
        self, only_associated: bool, start: int, count: int
    ) -> tuple[list[tuple[str, str]], int]:
        """``count`` members from position ``start`` of the ones ListMembers lists, with their
        relationship, and how many it lists in all: the listed members by id, then the
        synthesized ones. ``only_associated``: only those whose relationship is ``ENABLED``."""
        listed = sorted(
            a
            for a in self.members
            if a not in self.non_members
            and not (only_associated and self.relationships.get(a, ENABLED) != ENABLED)
            and not self._is_synthesized_listed(a)
        )
        synthesized = self.synthesized_member_count if self.synthesize_members else 0
        page: list[tuple[str, str]] = []
        for position in range(start, min(start + count, len(listed) + synthesized)):
            if position < len(listed):
                account_id = listed[position]
            else:
                account_id = str(SYNTHESIZED_MEMBER_BASE + position - len(listed))
            page.append((account_id, self.relationships.get(account_id, ENABLED)))
        return page, len(listed) + synthesized

    def _is_synthesized_listed(self, account_id: str) -> bool:
        """Whether the synthesized part of the list already holds this id (listed once)."""
        if not self.synthesize_members:
            return False
        offset = int(account_id) - SYNTHESIZED_MEMBER_BASE
        return 0 <= offset < self.synthesized_member_count

    def resource_state_of(self, account_id: str) -> dict[str, str] | None:
        """A member's status per ``resourceState`` key; None for a non-member."""
        if not self.is_member(account_id):
            return None
        if account_id in self.account_status:
            return {**dict.fromkeys(RESOURCE_KEYS, DISABLED), **self.account_status[account_id]}
        if account_id not in self.members:  # a synthesized member
            return synthesize_resource_state(account_id)
        return dict.fromkeys(RESOURCE_KEYS, DISABLED)


def synthesize_resource_state(account_id: str) -> dict[str, str]:
    """What is enabled, derived from a hash of the id: about half the scan types, the same on
    every run."""
    digest = hashlib.sha256(f"status:{account_id}".encode("ascii")).digest()
    return {
        key: ENABLED if digest[index] % 2 == 0 else DISABLED
        for index, key in enumerate(RESOURCE_KEYS)
    }


def synthesize_trials(account_id: str) -> tuple[Trial, ...]:
    """Trials derived from a hash of the id: the same id always gets the same trials."""
    digest = hashlib.sha256(account_id.encode("ascii")).digest()
    trials = []
    for index, trial_type in enumerate(SYNTHESIZED_TYPES):
        byte = digest[index]
        active = byte % 3 != 0  # about two in three trials are still running
        if active:
            start = SYNTHESIS_REFERENCE_TIME - timedelta(days=byte % _TRIAL_DAYS)
        else:
            start = SYNTHESIS_REFERENCE_TIME - timedelta(days=_TRIAL_DAYS + 1 + byte % 60)
        trials.append(
            Trial(
                type=trial_type,
                start=start,
                end=start + timedelta(days=_TRIAL_DAYS),
                status=ACTIVE if active else INACTIVE,
            )
        )
    return tuple(trials)


SYNTHESIZED_USAGE_TYPES: Final = (
    ("EC2_INSTANCE_HOURS", 0.0125),
    ("ECR_RESCAN", 0.01),
    ("LAMBDA_FUNCTION_HOURS", 0.0003),
)
"""The usage every synthesized member has, with the price a unit of it is estimated at."""


def synthesize_usage(account_id: str) -> tuple[Usage, ...]:
    """Usage derived from a hash of the id: the same id always costs the same."""
    digest = hashlib.sha256(f"usage:{account_id}".encode("ascii")).digest()
    return tuple(
        Usage(usage_type, float(quantity), round(quantity * unit_price, 2))
        for (usage_type, unit_price), quantity in zip(
            SYNTHESIZED_USAGE_TYPES,
            (1 + digest[0] * 4, digest[1] * 3, digest[2] * 100),
            strict=True,
        )
    )
