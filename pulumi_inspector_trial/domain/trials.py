"""The domain model: free trials, the accounts they belong to, and a whole resolution.

Everything here is immutable and free of AWS SDK types. ``to_dict`` gives the contract's plain
shapes (snake_case keys, ISO 8601 UTC timestamps ending in ``Z``, accounts sorted by id), which
are what Pulumi outputs, ``--output json`` and ``get_free_trial_info`` all return.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from types import MappingProxyType
from typing import Any, Final

from .errors import InvalidInputError
from .redaction import mask_account_id
from .wording import noun

ACTIVE: Final = "ACTIVE"
INACTIVE: Final = "INACTIVE"
ACCESS_DENIED: Final = "ACCESS_DENIED"
INTERNAL_ERROR: Final = "INTERNAL_ERROR"

SECONDS_PER_DAY: Final = 86_400
MAX_ACCOUNTS_PER_REQUEST: Final = 100

SHOWN_BAD_INPUTS: Final = 5
"""How many bad ids (or bad lines of an ids file) a message shows; the rest are counted."""
_SHOWN_WHOLE: Final = 16
"""Longer bad values are clipped: a typo'd id is shorter; a pasted credential is not."""
_ELLIPSIS: Final = "\u2026"  # not "...", which would end a sentence


class AccountIds(tuple[str, ...]):
    """Account ids as ``normalize_account_ids`` returns them: valid, distinct and sorted.

    Given to it again (by the next layer a read passes through), they are returned as they are:
    a list of millions is checked and sorted once.
    """

    __slots__ = ()

    def union(self, other: AccountIds) -> AccountIds:
        if not self:
            return other
        if not other or other == self:
            return self
        return AccountIds(sorted(set(self).union(other)))


def is_account_id(text: str) -> bool:
    """Exactly 12 ASCII digits (``str.isdigit`` alone would take other scripts' digits)."""
    return len(text) == 12 and text.isascii() and text.isdigit()


def clipped(value: object) -> str:
    """A bad input as a message may show it: whole if short, else its first characters only,
    so that a credential pasted where an id belongs is never printed (nor 180 KB of it)."""
    text = value if isinstance(value, str) else repr(value)
    if len(text) <= _SHOWN_WHOLE:
        return repr(value)
    return f"{text[:4] + _ELLIPSIS!r} ({len(text):,} characters)"


def first_few(shown: list[str], count: int) -> str:
    """``a, b, c`` or ``a, b, c, d, e and 7 more``: what a message lists of ``count`` items."""
    listed = ", ".join(shown[:SHOWN_BAD_INPUTS])
    rest = count - min(count, SHOWN_BAD_INPUTS)
    return f"{listed} and {rest:,} more" if rest else listed


def normalize_account_ids(account_ids: Iterable[object], *, secret: bool = False) -> AccountIds:
    """Validate account ids and return them sorted and deduplicated.

    Every id must be a string of exactly 12 digits (surrounding white space is ignored). Bad ids
    are counted in one error, the first few shown (clipped), so a user fixes a list in one go.
    An empty list is refused too: the service accepts 1 to 100 ids per request. ``AccountIds``
    (what this returns) are returned as they are. ``secret``: the ids were given as a secret, so
    a bad one is named by its last four characters only.
    """
    if isinstance(account_ids, AccountIds):
        return account_ids
    if isinstance(account_ids, (str, bytes)):
        shown = "a secret string" if secret else f"the single string {account_ids!r}"
        raise InvalidInputError(
            f"account_ids must be a list of account ids, not {shown}.",
            property="account_ids",
        )
    good: set[str] = set()
    bad: list[str] = []
    bad_count = 0
    for raw in account_ids:
        candidate = raw.strip() if isinstance(raw, str) else None
        if candidate is not None and is_account_id(candidate):
            good.add(candidate)
        else:
            bad_count += 1
            if len(bad) < SHOWN_BAD_INPUTS:
                bad.append(repr(mask_account_id(raw)) if secret else clipped(raw))
    if bad_count:
        shown = " (by the last four characters: they may be secret)" if secret else ""
        raise InvalidInputError(
            f"Invalid AWS account {noun(bad_count, 'id')}"
            f"{f' ({bad_count:,})' if bad_count > 1 else ''}{shown}: {first_few(bad, bad_count)}. "
            "An account id is a string of exactly 12 digits.",
            property="account_ids",
        )
    if not good:
        raise InvalidInputError(
            "account_ids is empty: give at least one 12-digit account id.", property="account_ids"
        )
    return AccountIds(sorted(good))


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
        return next((a for a in self.accounts if a.account_id == account_id), None)

    def failure(self, account_id: str) -> FailedAccount | None:
        return next((f for f in self.failed_accounts if f.account_id == account_id), None)

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


# -- estimated costs (inspector2:ListUsageTotals) -----------------------------------------------

USD: Final = "USD"

SCAN_TYPE_OF_USAGE: Final[Mapping[str, str]] = MappingProxyType(
    {
        "EC2_INSTANCE_HOURS": "EC2",
        "EC2_AGENTLESS_INSTANCE_HOURS": "EC2",
        "ECR_INITIAL_SCAN": "ECR",
        "ECR_RESCAN": "ECR",
        "LAMBDA_FUNCTION_HOURS": "LAMBDA",
        "LAMBDA_FUNCTION_CODE_HOURS": "LAMBDA_CODE",
        "CODE_REPOSITORY_SAST": "CODE_REPOSITORY",
        "CODE_REPOSITORY_IAC": "CODE_REPOSITORY",
        "CODE_REPOSITORY_SCA": "CODE_REPOSITORY",
    }
)
"""The one place usage types map to the Enabler's scan types. Any other usage type (AZURE_*,
GCP_*, EC2_AMI_*, and whatever the service adds) counts in a total, never in a scan type."""


@dataclass(frozen=True, slots=True)
class AccountCosts:
    """What the service estimates one account would pay a month, from its last 30 days' usage."""

    account_id: str
    usage_types: Mapping[str, float]
    """Usage type -> estimated monthly cost (entries of one type, per cloud, summed)."""
    currency: str = USD

    @property
    def total(self) -> float:
        return float(round(sum(self.usage_types.values(), 0.0), 10))

    @property
    def scan_types(self) -> dict[str, float]:
        """Scan type -> estimated monthly cost, summing its usage types (``SCAN_TYPE_OF_USAGE``)."""
        costs: dict[str, float] = {}
        for usage_type, cost in self.usage_types.items():
            scan_type = SCAN_TYPE_OF_USAGE.get(usage_type)
            if scan_type is not None:
                costs[scan_type] = round(costs.get(scan_type, 0.0) + cost, 10)
        return dict(sorted(costs.items()))

    def to_dict(self) -> dict[str, Any]:
        """The contract's shape: ``{"currency", "total", "scan_types", "usage_types"}``."""
        return {
            "currency": self.currency,
            "total": self.total,
            "scan_types": self.scan_types,
            "usage_types": dict(sorted(self.usage_types.items())),
        }

    @classmethod
    def from_usage(cls, account_id: str, usage: Iterable[Mapping[str, Any]]) -> AccountCosts:
        """From the service's ``usage`` entries of one account (``type``,
        ``estimatedMonthlyCost``, ``currency``)."""
        costs: dict[str, float] = {}
        currency = USD
        for entry in usage:
            usage_type = str(entry["type"])
            cost = float(entry.get("estimatedMonthlyCost") or 0.0)
            if not math.isfinite(cost):
                raise ValueError(f"estimated cost of {usage_type} is not a number: {cost!r}")
            costs[usage_type] = round(costs.get(usage_type, 0.0) + cost, 10)
            currency = str(entry.get("currency") or currency)
        return cls(account_id, costs, currency)

    @classmethod
    def from_dict(cls, account_id: str, shape: Mapping[str, Any]) -> AccountCosts:
        """Read a document written by ``to_dict``."""
        usage = {str(k): float(v) for k, v in (shape.get("usage_types") or {}).items()}
        return cls(account_id, usage, str(shape.get("currency") or USD))
