"""The emulator's state and rules: the organisation, the faults to inject, what was asked.

No HTTP here (that is ``responses.py``): one backend method per API operation, named as boto3
names it, returning the response body as a plain dict or raising an exception from
``exceptions.py``.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import threading
import time
from collections import Counter, deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, Final

from ..gating import ENABLER_RESOURCE_TYPES
from ..model import (
    ACCESS_DENIED,
    ACTIVE,
    INACTIVE,
    INTERNAL_ERROR,
    MAX_ACCOUNTS_PER_REQUEST,
    FreeTrial,
)
from .exceptions import (
    AccessDeniedException,
    InternalServerException,
    StsValidationError,
    ThrottlingException,
    ValidationException,
)

BATCH_GET_FREE_TRIAL_INFO: Final = "BatchGetFreeTrialInfo"
ASSUME_ROLE: Final = "AssumeRole"
UNKNOWN_OPERATION: Final = "Unknown"

SYNTHESIZED_TYPES: Final = ENABLER_RESOURCE_TYPES
"""The classic trial types, the ones that gate an Enabler: what every synthesized member has."""
SYNTHESIS_REFERENCE_TIME: Final = datetime(2026, 1, 1, tzinfo=timezone.utc)
"""Synthesized trials start and end around this moment, so they never change from run to run."""

MALFORMED_KINDS: Final = ("not-json", "missing-fields")

_ACCOUNT_ID = re.compile(r"[0-9]{12}")
_TRIAL_DAYS: Final = 15
_RATE_WINDOW_SECONDS: Final = 1.0


@dataclass(frozen=True)
class Organisation:
    """The accounts the emulated delegated administrator can see, and their trials."""

    members: Mapping[str, tuple[FreeTrial, ...]]
    """Member account id -> its free trials, answered as listed."""
    non_members: frozenset[str] = frozenset()
    """Accounts that answer ACCESS_DENIED: not in the organisation."""
    synthesize_members: bool = False
    """When True, any 12-digit account not listed answers deterministic synthesized trials
    (for scale tests that ask thousands of ids); when False it answers ACCESS_DENIED."""

    def trials_of(self, account_id: str) -> tuple[FreeTrial, ...] | None:
        """The account's trials, or None when the account is not a member."""
        if account_id in self.non_members:
            return None
        if account_id in self.members:
            return self.members[account_id]
        if self.synthesize_members:
            return synthesize_trials(account_id)
        return None


def synthesize_trials(account_id: str) -> tuple[FreeTrial, ...]:
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
            FreeTrial(
                type=trial_type,
                start=start,
                end=start + timedelta(days=_TRIAL_DAYS),
                status=ACTIVE if active else INACTIVE,
            )
        )
    return tuple(trials)


@dataclass
class FaultPlan:
    """Faults to inject. Mutable: a test may change it between requests.

    The counters that make ``*_first`` and ``internal_error_accounts`` count down live in the
    backend (``InspectorBackend.reset`` rewinds them), so one plan can be reused.
    """

    latency_seconds: float = 0
    """Every BatchGetFreeTrialInfo request waits this long before it is answered."""
    throttle_first: int = 0
    """The first N requests answer ThrottlingException."""
    throttle_always: bool = False
    """Every request answers ThrottlingException."""
    max_requests_per_second: float | None = None
    """Requests beyond this rate over a sliding 1-second window answer ThrottlingException."""
    server_error_first: int = 0
    """The first N requests that are not throttled answer InternalServerException."""
    server_error_always: bool = False
    """Every request that is not throttled answers InternalServerException."""
    internal_error_accounts: dict[str, int] = field(default_factory=dict)
    """Account -> how many times it answers INTERNAL_ERROR before succeeding (negative: forever)."""
    access_denied_accounts: frozenset[str] = frozenset()
    """Accounts that answer ACCESS_DENIED even when they are members."""
    deny_all: bool = False
    """The whole call answers AccessDeniedException (403)."""
    malformed: str | None = None
    """"not-json": a 200 whose body is not JSON; "missing-fields": a 200 with ``{}``."""


@dataclass(frozen=True)
class RecordedRequest:
    """One request the emulator answered."""

    operation: str
    """boto3's name for it: "BatchGetFreeTrialInfo", "AssumeRole", or "Unknown"."""
    account_ids: tuple[str, ...]
    """The account ids asked about, as sent (empty when none could be read)."""
    status: int
    """The HTTP status of the answer."""
    headers: dict[str, str]
    """The request headers."""
    at: float
    """``time.monotonic()`` when the answer was ready."""

    @property
    def signing_region(self) -> str | None:
        """The region the request was signed for (SigV4's credential scope), if it was signed."""
        authorization = self.headers.get("Authorization") or self.headers.get("authorization")
        scope = (authorization or "").partition("Credential=")[2].split(",")[0].split("/")
        return scope[2] if len(scope) >= 5 else None


class InspectorBackend:
    """The emulated service. Thread-safe: the server answers each connection on its own thread."""

    def __init__(self, organisation: Organisation, faults: FaultPlan | None = None) -> None:
        self.organisation = organisation
        self.faults = faults if faults is not None else FaultPlan()
        self._lock = threading.Lock()
        self._requests: list[RecordedRequest] = []
        self._throttled = 0
        self._server_errors = 0
        self._accepted_at: deque[float] = deque()
        self._internal_errors_served: Counter[str] = Counter()

    # --- operations ---------------------------------------------------------------------------

    def batch_get_free_trial_info(self, account_ids: object) -> dict[str, Any]:
        """Answer ``inspector2:BatchGetFreeTrialInfo`` as the service does.

        ``account_ids`` is what the request carried; anything but a list of 1 to 100 twelve-digit
        strings is refused with ValidationException naming the bad value. An id asked twice in one
        request is answered once.
        """
        latency = self.faults.latency_seconds
        if latency > 0:
            time.sleep(latency)  # outside the lock: slow requests must not serialize the others
        with self._lock:
            self._raise_request_faults()
        unique_ids = _validate_account_ids(account_ids)
        accounts: list[dict[str, Any]] = []
        failed: list[dict[str, str]] = []
        with self._lock:
            for account_id in unique_ids:
                failure = self._failure_of(account_id)
                if failure is not None:
                    failed.append(failure)
                    continue
                trials = self.organisation.trials_of(account_id)
                if trials is None:
                    failed.append(_not_a_member(account_id))
                else:
                    accounts.append(
                        {"accountId": account_id, "freeTrialInfo": [_wire(t) for t in trials]}
                    )
            malformed = self.faults.malformed
        if malformed == "missing-fields":
            return {}
        return {"accounts": accounts, "failedAccounts": failed}

    def assume_role(
        self, role_arn: str, role_session_name: str, duration_seconds: int = 3600
    ) -> dict[str, Any]:
        """Answer ``sts:AssumeRole`` with fake temporary credentials, new on every call.

        Returns ``AccessKeyId`` (``ASIA...``), ``SecretAccessKey``, ``SessionToken`` and
        ``Expiration`` (an aware datetime). Any well-formed role ARN is accepted: the emulator
        does not model IAM.
        """
        if not _ROLE_ARN.fullmatch(role_arn or ""):
            raise StsValidationError(
                f"Value '{role_arn}' at 'roleArn' failed to satisfy constraint: "
                "Member must be a role ARN such as arn:aws:iam::111122223333:role/Name"
            )
        if not _SESSION_NAME.fullmatch(role_session_name or ""):
            raise StsValidationError(
                f"Value '{role_session_name}' at 'roleSessionName' failed to satisfy constraint: "
                "Member must have length between 2 and 64 and match [\\w+=,.@-]*"
            )
        if not 900 <= duration_seconds <= 43_200:
            raise StsValidationError(
                f"Value '{duration_seconds}' at 'durationSeconds' failed to satisfy constraint: "
                "Member must have value between 900 and 43200"
            )
        return {
            "AccessKeyId": "ASIA" + secrets.token_hex(8).upper(),
            "SecretAccessKey": secrets.token_urlsafe(30),
            "SessionToken": secrets.token_urlsafe(96),
            "Expiration": datetime.now(timezone.utc).replace(microsecond=0)
            + timedelta(seconds=duration_seconds),
        }

    # --- what was asked -----------------------------------------------------------------------

    def record(
        self,
        operation: str,
        account_ids: Sequence[str],
        status: int,
        headers: Mapping[str, str],
    ) -> RecordedRequest:
        """Remember one answered request."""
        recorded = RecordedRequest(
            operation=operation,
            account_ids=tuple(account_ids),
            status=status,
            headers=dict(headers),
            at=time.monotonic(),
        )
        with self._lock:
            self._requests.append(recorded)
        return recorded

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every answered request, oldest first (a copy)."""
        with self._lock:
            return list(self._requests)

    def request_count(self, operation: str = BATCH_GET_FREE_TRIAL_INFO) -> int:
        """How many requests of one operation were answered, whatever the outcome."""
        with self._lock:
            return sum(1 for r in self._requests if r.operation == operation)

    def reset(self) -> None:
        """Forget recorded requests and rewind every fault counter."""
        with self._lock:
            self._requests.clear()
            self._throttled = 0
            self._server_errors = 0
            self._accepted_at.clear()
            self._internal_errors_served.clear()

    # --- rules (called with the lock held) ----------------------------------------------------

    def _raise_request_faults(self) -> None:
        faults = self.faults
        if faults.deny_all:
            raise AccessDeniedException()
        if faults.throttle_always or self._throttled < faults.throttle_first:
            self._throttled += 1
            raise ThrottlingException()
        if faults.max_requests_per_second is not None:
            now = time.monotonic()
            while self._accepted_at and now - self._accepted_at[0] >= _RATE_WINDOW_SECONDS:
                self._accepted_at.popleft()
            if len(self._accepted_at) >= faults.max_requests_per_second:
                # Rejected requests do not count against the rate, so a client that backs off
                # gets through, as with the service's token bucket.
                raise ThrottlingException()
            self._accepted_at.append(now)
        if faults.server_error_always or self._server_errors < faults.server_error_first:
            self._server_errors += 1
            raise InternalServerException()

    def _failure_of(self, account_id: str) -> dict[str, str] | None:
        faults = self.faults
        planned = faults.internal_error_accounts.get(account_id, 0)
        if planned < 0 or self._internal_errors_served[account_id] < planned:
            self._internal_errors_served[account_id] += 1
            return {
                "accountId": account_id,
                "code": INTERNAL_ERROR,
                "message": f"Internal error while retrieving free trial information for account "
                f"{account_id}. Retry the request.",
            }
        if account_id in faults.access_denied_accounts:
            return {
                "accountId": account_id,
                "code": ACCESS_DENIED,
                "message": f"Access denied to free trial information for account {account_id}.",
            }
        return None


_ROLE_ARN = re.compile(r"arn:aws[a-z-]*:iam::[0-9]{12}:role/[\w+=,.@/-]+")
_SESSION_NAME = re.compile(r"[\w+=,.@-]{2,64}")


def assumed_role_user(role_arn: str, role_session_name: str) -> dict[str, str]:
    """The ``AssumedRoleUser`` STS reports alongside the credentials of an assumed role."""
    partition, account_id = role_arn.split(":")[1], role_arn.split(":")[4]
    role_name = role_arn.rsplit("/", 1)[-1]
    role_id = "AROA" + hashlib.sha256(role_arn.encode()).hexdigest()[:16].upper()
    return {
        "Arn": f"arn:{partition}:sts::{account_id}:assumed-role/{role_name}/{role_session_name}",
        "AssumedRoleId": f"{role_id}:{role_session_name}",
    }


def _validate_account_ids(account_ids: object) -> list[str]:
    """The distinct ids in request order, or ValidationException as the service words it."""
    if not isinstance(account_ids, list):
        raise ValidationException(
            "1 validation error detected: Value at 'accountIds' failed to satisfy constraint: "
            "Member must be a list of 1 to 100 account ids",
            fields=[{"name": "accountIds", "message": "Member must be a list"}],
        )
    if not 1 <= len(account_ids) <= MAX_ACCOUNTS_PER_REQUEST:
        constraint = (
            "Member must have length greater than or equal to 1"
            if not account_ids
            else f"Member must have length less than or equal to {MAX_ACCOUNTS_PER_REQUEST}"
        )
        raise ValidationException(
            f"1 validation error detected: Value at 'accountIds' with {len(account_ids)} "
            f"entries failed to satisfy constraint: {constraint}",
            fields=[{"name": "accountIds", "message": constraint}],
        )
    bad = [
        f"Value '{value}' at 'accountIds.{position}.member' failed to satisfy constraint: "
        "Member must satisfy regular expression pattern: [0-9]{12}"
        for position, value in enumerate(account_ids, start=1)
        if not (isinstance(value, str) and _ACCOUNT_ID.fullmatch(value))
    ]
    if bad:
        count = f"{len(bad)} validation error{'s' if len(bad) > 1 else ''} detected"
        raise ValidationException(
            f"{count}: {'; '.join(bad)}",
            fields=[{"name": "accountIds", "message": problem} for problem in bad],
        )
    return list(dict.fromkeys(account_ids))


def _not_a_member(account_id: str) -> dict[str, str]:
    return {
        "accountId": account_id,
        "code": ACCESS_DENIED,
        "message": f"Account {account_id} is not a member of the organization.",
    }


def _wire(trial: FreeTrial) -> dict[str, Any]:
    """A trial as the service's JSON carries it: timestamps in epoch seconds."""
    shape: dict[str, Any] = {
        "type": trial.type,
        "start": trial.start.timestamp(),
        "end": trial.end.timestamp(),
        "status": trial.status,
    }
    if trial.cloud_provider is not None:
        shape["cloudProvider"] = trial.cloud_provider
    return shape
