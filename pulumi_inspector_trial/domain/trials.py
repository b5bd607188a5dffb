"""The domain model: free trials, the accounts they belong to, and a whole resolution.

Everything here is immutable and free of AWS SDK types. ``to_dict`` gives the contract's plain
shapes (snake_case keys, ISO 8601 UTC timestamps ending in ``Z``, accounts sorted by id), which
are what Pulumi outputs, ``--output json`` and ``get_free_trial_info`` all return.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Final, TypeVar

# Alike in shape only to emulator/models.py's operation names (docs/architecture.md, "Deliberate
# pairs"). The emulator spells these statuses again in emulator/patterns.py, as it imports
# nothing of the client: an independent oracle cannot share the client's constants.
ACTIVE: Final = "ACTIVE"
INACTIVE: Final = "INACTIVE"
ACCESS_DENIED: Final = "ACCESS_DENIED"
INTERNAL_ERROR: Final = "INTERNAL_ERROR"

SECONDS_PER_DAY: Final = 86_400
MAX_ACCOUNTS_PER_REQUEST: Final = 100


def format_timestamp(moment: datetime) -> str:
    """ISO 8601 in UTC with a ``Z``, to the second: the one timestamp format of every output."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_timestamp(value: object) -> datetime:
    """Read a timestamp as the service (epoch seconds) or this package (ISO 8601) writes it."""
    if isinstance(value, datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=timezone.utc)
        return aware.astimezone(timezone.utc)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return datetime.fromtimestamp(value, tz=timezone.utc)
        except (OverflowError, OSError):
            raise ValueError(f"timestamp out of range: {value!r}") from None
    if isinstance(value, str):
        try:
            return parse_timestamp(float(value))
        except ValueError:
            pass
        try:
            return parse_timestamp(datetime.fromisoformat(value.replace("Z", "+00:00")))
        except ValueError:
            pass
    raise ValueError(f"not a timestamp: {value!r}")


@dataclass(frozen=True, slots=True)
class FreeTrial:
    """One scan type's free trial in one account."""

    type: str
    """The trial type as the service names it (EC2, ECR, LAMBDA, ... or a newer one)."""
    start: datetime
    end: datetime
    status: str
    """ACTIVE or INACTIVE, passed through as sent."""
    cloud_provider: str | None = None
    """AWS, AZURE, GCP, NOT_APPLICABLE; None when the service does not send it."""

    @property
    def is_active(self) -> bool:
        """Whether the service reports the trial ACTIVE (see ``is_running`` for what counts)."""
        return self.status == ACTIVE

    def is_running(self, at: datetime) -> bool:
        """The one rule for "this trial covers its type at ``at``": the service reports it
        ACTIVE *and* its end date is still ahead. The service has been seen to report a trial
        ACTIVE after it ended; ``active_types``, gating and ``check`` all treat that as ended."""
        return self.is_active and self.end > at

    def days_left(self, at: datetime) -> int:
        """Whole days from ``at`` until the trial ends, rounded down; 0 once it has ended.

        An inactive trial has no days left whatever its end date says.
        """
        if not self.is_running(at):
            return 0
        remaining = (self.end - at).total_seconds()
        return max(0, math.floor(remaining / SECONDS_PER_DAY))

    def to_dict(self) -> dict[str, str]:
        shape = {
            "type": self.type,
            "start": format_timestamp(self.start),
            "end": format_timestamp(self.end),
            "status": self.status,
        }
        if self.cloud_provider is not None:
            shape["cloud_provider"] = self.cloud_provider
        return shape

    @classmethod
    def from_dict(cls, shape: Mapping[str, Any]) -> FreeTrial:
        """Read either the service's camelCase shape or this package's snake_case one."""
        return cls(
            type=str(shape["type"]),
            start=parse_timestamp(shape["start"]),
            end=parse_timestamp(shape["end"]),
            status=str(shape["status"]),
            cloud_provider=shape.get("cloud_provider", shape.get("cloudProvider")),
        )


@dataclass(frozen=True, slots=True)
class AccountTrials:
    """The free trials of one account."""

    account_id: str
    free_trials: tuple[FreeTrial, ...]

    def active_types(self, at: datetime) -> list[str]:
        """The trial types running at ``at`` (``FreeTrial.is_running`` of the trial that decides
        each type, see ``trial``), sorted and without repeats."""
        types = {t.type for t in self.free_trials}
        return sorted(t for t in types if (trial := self.trial(t)) and trial.is_running(at))

    def trial(self, trial_type: str) -> FreeTrial | None:
        """The trial that decides for one type where the service sends several entries of it:
        an ACTIVE one first, then the one ending last. None when the account has none of it."""
        matching = [t for t in self.free_trials if t.type == trial_type]
        return max(matching, key=lambda t: (t.is_active, t.end), default=None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "account_id": self.account_id,
            "free_trial_info": [t.to_dict() for t in self.free_trials],
        }

    @classmethod
    def from_dict(cls, shape: Mapping[str, Any]) -> AccountTrials:
        trials = shape.get("free_trial_info", shape.get("freeTrialInfo")) or []
        return cls(
            account_id=str(shape.get("account_id", shape.get("accountId"))),
            free_trials=tuple(FreeTrial.from_dict(t) for t in trials),
        )


@dataclass(frozen=True, slots=True)
class FailedAccount:
    """An account whose trial data the service could not return."""

    account_id: str
    code: str
    """ACCESS_DENIED (final) or INTERNAL_ERROR (transient), passed through as sent."""
    message: str

    @property
    def reason(self) -> str:
        """``ACCESS_DENIED: Account ... is not a member``: code and message, with no closing full
        stop, so that it reads inside a sentence."""
        message = self.message.strip().rstrip(".")
        return f"{self.code}: {message}" if message else self.code

    def to_dict(self) -> dict[str, str]:
        return {"account_id": self.account_id, "code": self.code, "message": self.message}

    @classmethod
    def from_dict(cls, shape: Mapping[str, Any]) -> FailedAccount:
        return cls(
            account_id=str(shape.get("account_id", shape.get("accountId"))),
            code=str(shape["code"]),
            message=str(shape.get("message", "")),
        )


@dataclass(frozen=True, slots=True)
class FreeTrialResult:
    """Everything one resolution found: resolved accounts and failed ones, each sorted by id."""

    accounts: tuple[AccountTrials, ...]
    failed_accounts: tuple[FailedAccount, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "accounts", tuple(sorted(self.accounts, key=_by_account)))
        object.__setattr__(
            self, "failed_accounts", tuple(sorted(self.failed_accounts, key=_by_account))
        )

    @property
    def account_ids(self) -> list[str]:
        """Every account asked about, resolved or not, sorted."""
        return sorted({a.account_id for a in self.accounts} | self.failed_account_ids)

    @property
    def failed_account_ids(self) -> set[str]:
        return {f.account_id for f in self.failed_accounts}

    def account(self, account_id: str) -> AccountTrials | None:
        return _first_of(self.accounts, account_id)

    def failure(self, account_id: str) -> FailedAccount | None:
        return _first_of(self.failed_accounts, account_id)

    def active_types(self, at: datetime) -> dict[str, list[str]]:
        """``{account_id: [type, ...]}`` of the trials running at ``at``, for every resolved
        account."""
        return {a.account_id: a.active_types(at) for a in self.accounts}

    def to_dict(self) -> dict[str, Any]:
        """The contract's document: exactly ``accounts`` and ``failed_accounts``."""
        return {
            "accounts": [a.to_dict() for a in self.accounts],
            "failed_accounts": [f.to_dict() for f in self.failed_accounts],
        }

    @classmethod
    def from_dict(cls, shape: Mapping[str, Any]) -> FreeTrialResult:
        """Read a document written by ``to_dict`` (or the service's own response shape)."""
        accounts = shape.get("accounts") or []
        failed = shape.get("failed_accounts", shape.get("failedAccounts")) or []
        return cls(
            accounts=tuple(AccountTrials.from_dict(a) for a in accounts),
            failed_accounts=tuple(FailedAccount.from_dict(f) for f in failed),
        )


def _by_account(item: AccountTrials | FailedAccount) -> str:
    return item.account_id


ItemT = TypeVar("ItemT", AccountTrials, FailedAccount)


def _first_of(items: tuple[ItemT, ...], account_id: str) -> ItemT | None:
    """The first item of ``account_id`` in ``items``, sorted by id: a search, not a scan, as a
    check asks of each of ten thousand accounts."""
    index = bisect_left(items, account_id, key=_by_account)
    return items[index] if index < len(items) and items[index].account_id == account_id else None
