"""The emulator's state and rules: the organisation, the faults to inject, what was asked.

No HTTP here (that is ``responses.py``): one backend method per API operation, named as boto3
names it, returning the response body as a plain dict or raising an exception from
``exceptions.py``.

As in moto, state is kept per region: ``InspectorBackend`` is the service in one region, and
``RegionalBackends`` (moto's ``BackendDict``) holds one for each region the emulator serves,
chosen by the region a request was signed for. A lone ``InspectorBackend`` given to the server
answers in every region (see ``RegionalBackends.everywhere``).
"""

from __future__ import annotations

import base64
import copy
import dataclasses
import hashlib
import heapq
import hmac
import re
import secrets
import threading
import time
from collections import Counter, deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, Final

from ..domain.trials import ACCESS_DENIED, ACTIVE, INACTIVE, INTERNAL_ERROR, FreeTrial
from .exceptions import (
    AccessDeniedException,
    InternalServerException,
    ThrottlingException,
    ValidationException,
)
from .validation import validate_input

SERVICE_NAME: Final = "inspector2"
"""The service's name in botocore's models and in SigV4 credential scopes."""
BATCH_GET_FREE_TRIAL_INFO: Final = "BatchGetFreeTrialInfo"
LIST_USAGE_TOTALS: Final = "ListUsageTotals"
UNKNOWN_OPERATION: Final = "Unknown"

SYNTHESIZED_TYPES: Final = ("EC2", "ECR", "LAMBDA", "LAMBDA_CODE", "CODE_REPOSITORY")
"""The five trial types every account had before the service added more (the ones pulumi-aws's
``Enabler`` takes): what every synthesized member has. Written out rather than read from
botocore's ``FreeTrialType`` enum, which also lists the newer types, so synthesized data never
changes when botocore is upgraded."""
SYNTHESIS_REFERENCE_TIME: Final = datetime(2026, 1, 1, tzinfo=timezone.utc)
"""Synthesized trials start and end around this moment, so they never change from run to run."""

MALFORMED_KINDS: Final = ("not-json", "missing-fields")

_ACCOUNT_ID = re.compile(r"[0-9]{12}")
_TRIAL_DAYS: Final = 15
_RATE_WINDOW_SECONDS: Final = 1.0
USAGE_PAGE_SIZE_DEFAULT: Final = 100
"""``maxResults`` of a ListUsageTotals request that gives none."""


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
        shape: dict[str, Any] = {
            "type": self.type,
            "total": self.total,
            "estimatedMonthlyCost": self.estimated_monthly_cost,
            "currency": self.currency,
        }
        if self.cloud_provider is not None:
            shape["cloudProvider"] = self.cloud_provider
        return shape


@dataclass(frozen=True)
class Organisation:
    """The accounts the emulated delegated administrator can see, their trials and usage."""

    members: Mapping[str, tuple[FreeTrial, ...]]
    """Member account id -> its free trials, answered as listed."""
    non_members: frozenset[str] = frozenset()
    """Accounts that answer ACCESS_DENIED: not in the organisation."""
    synthesize_members: bool = False
    """When True, any 12-digit account not listed answers deterministic synthesized trials
    (for scale tests that ask thousands of ids); when False it answers ACCESS_DENIED."""
    usage: Mapping[str, tuple[Usage, ...]] = field(default_factory=dict)
    """Member account id -> its usage totals. A member not listed has none, except that a
    synthesized member gets synthesized usage; usage given for a non-member is never served."""

    def is_member(self, account_id: str) -> bool:
        """Whether the account is in the organisation: listed, or synthesized."""
        if account_id in self.non_members:
            return False
        if account_id in self.members:
            return True
        return self.synthesize_members and _ACCOUNT_ID.fullmatch(account_id) is not None

    def listed_accounts(self) -> tuple[str, ...]:
        """The accounts listed as members or given usage, in that order: the ones a
        ListUsageTotals request without ``accountIds`` is about (synthesized members are too
        many to list)."""
        return tuple(dict.fromkeys([*self.members, *self.usage]))

    def trials_of(self, account_id: str) -> tuple[FreeTrial, ...] | None:
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


@dataclass
class FaultPlan:
    """Faults to inject. Mutable: a test may change it between requests.

    The request faults (latency, throttling, the rate limit, server errors, ``deny_all``) and
    ``malformed`` meet every Inspector2 operation alike, and count requests of both together.
    The per-account faults are BatchGetFreeTrialInfo's ``failedAccounts``; ListUsageTotals,
    which fails no account one by one, leaves out the ``access_denied_accounts`` and ignores
    ``internal_error_accounts``.

    The counters that make ``*_first`` and ``internal_error_accounts`` count down live in the
    backend (``InspectorBackend.reset`` rewinds them), so one plan can be reused.
    """

    latency_seconds: float = 0
    """Every request waits this long before it is answered."""
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
    """Account -> how many times it answers INTERNAL_ERROR before succeeding (negative: forever).
    BatchGetFreeTrialInfo only."""
    access_denied_accounts: frozenset[str] = frozenset()
    """Accounts that answer ACCESS_DENIED even when they are members (and that ListUsageTotals
    leaves out)."""
    deny_all: bool = False
    """The whole call answers AccessDeniedException (403)."""
    malformed: str | None = None
    """"not-json": a 200 whose body is not JSON; "missing-fields": a 200 without what the
    answer is about (BatchGetFreeTrialInfo: ``{}``; ListUsageTotals: a total without its
    ``accountId``)."""


FAULT_NAMES: Final = tuple(f.name for f in dataclasses.fields(FaultPlan))


def signing_region_of(headers: Mapping[str, str]) -> str | None:
    """The region a request was signed for (SigV4's credential scope), or None if unsigned."""
    authorization = next(
        (value for name, value in headers.items() if name.lower() == "authorization"), ""
    )
    scope = authorization.partition("Credential=")[2].split(",")[0].split("/")
    return (scope[2] or None) if len(scope) >= 5 else None


@dataclass(frozen=True)
class RecordedRequest:
    """One request the emulator answered."""

    operation: str
    """boto3's name for it: "BatchGetFreeTrialInfo", "ListUsageTotals", "AssumeRole", or
    "Unknown"."""
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
        return signing_region_of(self.headers)

    @property
    def region(self) -> str | None:
        """The region the request was answered in: the one it was signed for."""
        return self.signing_region


class RequestJournal:
    """Answered requests, oldest first. Thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._requests: list[RecordedRequest] = []

    def record(
        self,
        operation: str,
        account_ids: Sequence[str],
        status: int,
        headers: Mapping[str, str],
    ) -> RecordedRequest:
        with self._lock:  # stamped under the lock, so the journal is in order of ``at``
            recorded = RecordedRequest(
                operation=operation,
                account_ids=tuple(account_ids),
                status=status,
                headers=dict(headers),
                at=time.monotonic(),
            )
            self._requests.append(recorded)
        return recorded

    @property
    def requests(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._requests)

    def clear(self) -> None:
        with self._lock:
            self._requests.clear()


class InspectorBackend:
    """The emulated service in one region (or, given alone to the server, in every region).

    Thread-safe: the server answers each connection on its own thread.
    """

    def __init__(self, organisation: Organisation, faults: FaultPlan | None = None) -> None:
        self.organisation = organisation
        self.faults = faults if faults is not None else FaultPlan()
        self._lock = threading.Lock()
        self._journal = RequestJournal()
        self._throttled = 0
        self._server_errors = 0
        self._accepted_at: deque[float] = deque()
        self._internal_errors_served: Counter[str] = Counter()
        self._token_key = secrets.token_bytes(32)
        """Signs ListUsageTotals page tokens: a token is good only where it was given."""

    # --- operations ---------------------------------------------------------------------------

    def batch_get_free_trial_info(self, account_ids: object) -> dict[str, Any]:
        """Answer ``inspector2:BatchGetFreeTrialInfo`` as the service does.

        ``account_ids`` is what the request carried. It is checked against the constraints of
        botocore's model for the operation (1 to 100 ids, each matching the model's pattern):
        ValidationException names each value that breaks one. An id asked twice in one request
        is answered once.
        """
        self._admit()
        params = {} if account_ids is None else {"accountIds": account_ids}
        validate_input(SERVICE_NAME, BATCH_GET_FREE_TRIAL_INFO, params)
        assert isinstance(account_ids, list)  # the model requires a list of strings
        accounts: list[dict[str, Any]] = []
        failed: list[dict[str, str]] = []
        with self._lock:
            for account_id in dict.fromkeys(account_ids):
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

    def list_usage_totals(
        self, account_ids: object, max_results: object = None, next_token: object = None
    ) -> dict[str, Any]:
        """Answer ``inspector2:ListUsageTotals`` as the service does.

        The request is checked against botocore's model (1 to 7,000 ids, ``maxResults`` 1 to
        500, 100 when not given). ``totals`` holds one entry per account asked that has usage,
        in the order asked (an id asked twice once); without ``accountIds``, which the model does
        not require, the accounts asked are ``Organisation.listed_accounts``. Accounts without
        usage, non-members and the plan's ``access_denied_accounts`` are absent: the service
        reports what it meters, and fails no account one by one. At most ``maxResults`` entries
        a page; ``nextToken`` is given only when another account with usage follows, and is good
        only for a request with the same ``accountIds`` to this backend (any other token is a
        ValidationException).
        """
        self._admit()
        params = {
            name: value
            for name, value in (
                ("accountIds", account_ids),
                ("maxResults", max_results),
                ("nextToken", next_token),
            )
            if value is not None
        }
        validate_input(SERVICE_NAME, LIST_USAGE_TOTALS, params)
        if account_ids is None:
            asked = list(self.organisation.listed_accounts())
        else:
            assert isinstance(account_ids, list)  # the model requires a list of strings
            asked = list(dict.fromkeys(str(a) for a in account_ids))
        position = self._page_position(next_token, asked)
        page_size = max_results if isinstance(max_results, int) else USAGE_PAGE_SIZE_DEFAULT
        totals: list[dict[str, Any]] = []
        next_position: int | None = None
        with self._lock:
            denied = self.faults.access_denied_accounts
            for index in range(position, len(asked)):
                account_id = asked[index]
                usage = () if account_id in denied else self.organisation.usage_of(account_id)
                if not usage:
                    continue
                if len(totals) == page_size:
                    next_position = index  # the next page starts at the next account with usage
                    break
                totals.append({"accountId": account_id, "usage": [u.to_wire() for u in usage]})
            malformed = self.faults.malformed
        if malformed == "missing-fields":
            # Every member of the output shape is optional, so ``{}`` would read as "no usage":
            # what is broken is an entry without the account it is about.
            return {"totals": [{"usage": []}]}
        answer: dict[str, Any] = {"totals": totals}
        if next_position is not None:
            answer["nextToken"] = self._page_token(next_position, asked)
        return answer

    def _page_token(self, position: int, asked: Sequence[str]) -> str:
        """An opaque token for the page that starts at ``asked[position]``: signed with this
        backend's key, so it is good only here and only for the same accounts."""
        payload = f"{position}:{_accounts_digest(asked)}"
        signature = hmac.new(self._token_key, payload.encode("ascii"), "sha256").hexdigest()
        token = base64.urlsafe_b64encode(f"{payload}:{signature}".encode("ascii"))
        return token.decode("ascii")

    def _page_position(self, token: object, asked: Sequence[str]) -> int:
        """Where the page a ``nextToken`` asks for starts (0 without one)."""
        if token is None:
            return 0
        try:
            decoded = base64.b64decode(str(token), altchars=b"-_", validate=True).decode("ascii")
        except (ValueError, UnicodeError):  # binascii.Error is a ValueError
            raise _invalid_next_token() from None
        position, _, rest = decoded.partition(":")
        digest, _, signature = rest.partition(":")
        expected = hmac.new(
            self._token_key, f"{position}:{digest}".encode("ascii"), "sha256"
        ).hexdigest()
        if (
            not hmac.compare_digest(signature, expected)
            or digest != _accounts_digest(asked)
            or not position.isdigit()
            or not 0 < int(position) < len(asked)
        ):
            raise _invalid_next_token()
        return int(position)

    # --- faults -------------------------------------------------------------------------------

    def set_faults(self, **changes: Any) -> None:
        """Change fields of the fault plan (``set_faults(throttle_first=2)``); counters keep
        counting (``reset`` rewinds them)."""
        _check_fault_names(changes)
        with self._lock:
            for name, value in changes.items():
                setattr(self.faults, name, value)

    # --- what was asked -----------------------------------------------------------------------

    def record(
        self,
        operation: str,
        account_ids: Sequence[str],
        status: int,
        headers: Mapping[str, str],
    ) -> RecordedRequest:
        """Remember one answered request."""
        return self._journal.record(operation, account_ids, status, headers)

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every answered request, oldest first (a copy)."""
        return self._journal.requests

    def request_count(self, operation: str = BATCH_GET_FREE_TRIAL_INFO) -> int:
        """How many requests of one operation were answered, whatever the outcome."""
        return sum(1 for r in self._journal.requests if r.operation == operation)

    def reset(self) -> None:
        """Forget recorded requests and rewind every fault counter."""
        self._journal.clear()
        with self._lock:
            self._throttled = 0
            self._server_errors = 0
            self._accepted_at.clear()
            self._internal_errors_served.clear()

    # --- rules (called with the lock held) ----------------------------------------------------

    def _admit(self) -> None:
        """What every request meets first: the plan's latency, then its request faults."""
        latency = self.faults.latency_seconds
        if latency > 0:
            time.sleep(latency)  # outside the lock: slow requests must not serialize the others
        with self._lock:
            self._raise_request_faults()

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


class RegionalBackends:
    """The service's state per region, like moto's ``BackendDict``: one ``InspectorBackend``
    (organisation, faults and their counters, recorded requests) for each region served.

    ``regions`` maps a region to its organisation (or to a backend built beforehand). A region
    not listed serves ``default``, with a backend of its own made on its first request; with no
    ``default`` it is not served, and answers as AWS does for an opt-in region the account has
    not enabled. ``faults`` is the plan each backend made from an organisation starts from (a
    copy each, so one region's faults and counters never touch another's).

    ``requests``, ``request_count`` and ``reset`` cover every region, so a test reads
    ``server.backend.requests`` whichever kind of backend the server was given.
    """

    def __init__(
        self,
        regions: Mapping[str, Organisation | InspectorBackend] | None = None,
        default: Organisation | None = None,
        faults: FaultPlan | None = None,
    ) -> None:
        self.default = default
        """The organisation of every region not listed; None: those regions are not served."""
        self.default_faults = faults if faults is not None else FaultPlan()
        """The plan a region's backend made from an organisation starts from (a copy of it)."""
        self._lock = threading.Lock()
        self._shared: InspectorBackend | None = None
        self._backends: dict[str, InspectorBackend] = {
            region: served if isinstance(served, InspectorBackend) else self._backend(served)
            for region, served in (regions or {}).items()
        }
        self._unserved = RequestJournal()

    @classmethod
    def everywhere(cls, backend: InspectorBackend) -> RegionalBackends:
        """One backend for every region, unsigned requests included: what the server makes of a
        lone ``InspectorBackend``, so its faults count across regions as they always have."""
        backends = cls()
        backends._shared = backend
        return backends

    @property
    def shared(self) -> InspectorBackend | None:
        """The one backend that serves every region, if this was made by ``everywhere``."""
        return self._shared

    def backend_for(self, region: str | None) -> InspectorBackend | None:
        """The backend that serves ``region`` (None: an unsigned request), or None if none does."""
        if self._shared is not None:
            return self._shared
        if region is None:
            return None
        with self._lock:
            backend = self._backends.get(region)
            if backend is None and self.default is not None:
                backend = self._backends[region] = self._backend(self.default)
            return backend

    def __getitem__(self, region: str) -> InspectorBackend:
        backend = self.backend_for(region)
        if backend is None:
            raise KeyError(f"the emulator does not serve region {region!r}")
        return backend

    @property
    def regions(self) -> list[str]:
        """The regions with a backend so far, sorted (those served by ``default`` appear on
        their first request)."""
        with self._lock:
            return sorted(self._backends)

    def set_faults(self, region: str | None = None, **changes: Any) -> None:
        """Change fault plan fields in one region, or in every region (and in
        ``default_faults``, for regions served later) when ``region`` is None.

        Raises KeyError for a region that is not served, and ValueError for a region when one
        backend serves every region.
        """
        _check_fault_names(changes)
        if region is not None:
            if self._shared is not None:
                raise ValueError(
                    "one backend serves every region, so faults cannot differ between regions"
                )
            self[region].set_faults(**changes)
            return
        with self._lock:
            for name, value in changes.items():
                setattr(self.default_faults, name, value)
        for backend in self._all():
            backend.set_faults(**changes)

    # --- what was asked, in every region ------------------------------------------------------

    def record(
        self,
        operation: str,
        account_ids: Sequence[str],
        status: int,
        headers: Mapping[str, str],
    ) -> RecordedRequest:
        """Remember one answered request with the backend of its region, or here when no
        backend serves that region."""
        backend = self.backend_for(signing_region_of(headers))
        journal = backend if backend is not None else self._unserved
        return journal.record(operation, account_ids, status, headers)

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every answered request of every region, oldest first (a copy)."""
        journals = [self._unserved.requests, *(b.requests for b in self._all())]
        return list(heapq.merge(*journals, key=lambda recorded: recorded.at))

    def request_count(self, operation: str = BATCH_GET_FREE_TRIAL_INFO) -> int:
        """How many requests of one operation were answered in every region."""
        return sum(1 for r in self.requests if r.operation == operation)

    def reset(self) -> None:
        """Forget recorded requests and rewind every fault counter, in every region."""
        self._unserved.clear()
        for backend in self._all():
            backend.reset()

    def _all(self) -> list[InspectorBackend]:
        if self._shared is not None:
            return [self._shared]
        with self._lock:
            return list(self._backends.values())

    def _backend(self, organisation: Organisation) -> InspectorBackend:
        return InspectorBackend(organisation, copy.deepcopy(self.default_faults))


def _check_fault_names(changes: Mapping[str, object]) -> None:
    unknown = sorted(set(changes) - set(FAULT_NAMES))
    if unknown:
        known = ", ".join(FAULT_NAMES)
        raise TypeError(f"unknown fault {', '.join(unknown)}; known faults: {known}")


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


def _accounts_digest(asked: Sequence[str]) -> str:
    """What binds a page token to the accounts of the request it continues."""
    return hashlib.sha256("\n".join(asked).encode("utf-8")).hexdigest()[:32]


def _invalid_next_token() -> ValidationException:
    return ValidationException(
        "The nextToken is invalid: it was not given for a request with these accountIds.",
        fields=[{"name": "nextToken", "message": "Invalid nextToken"}],
    )
