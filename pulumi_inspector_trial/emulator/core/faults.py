"""The faults to inject (``FaultPlan``) and the request faults every operation meets alike.

A plan is data: a test may change it between requests. The counters that make ``*_first`` count
down live in ``RequestFaults``, one per backend, so one plan can be reused (``reset`` rewinds
them).
"""

from __future__ import annotations

import dataclasses
import time
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final

from .exceptions import AccessDeniedException, InternalServerException, ThrottlingException

MALFORMED_KINDS: Final = ("not-json", "missing-fields")
_RATE_WINDOW_SECONDS: Final = 1.0


@dataclass
class FaultPlan:
    """Faults to inject. Mutable: a test may change it between requests.

    The request faults (latency, throttling, the rate limit, server errors, ``deny_all``) and
    ``malformed`` meet every Inspector2 operation alike, and count requests of both together.
    The per-account faults are BatchGetFreeTrialInfo's and BatchGetAccountStatus's
    ``failedAccounts`` (each operation counting ``internal_error_accounts`` down on its own);
    ListUsageTotals, which fails no account one by one, leaves out the ``access_denied_accounts``
    and ignores ``internal_error_accounts``.

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
    BatchGetFreeTrialInfo and BatchGetAccountStatus, each on its own."""
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


def check_fault_names(changes: Mapping[str, object]) -> None:
    """Raise TypeError naming every key of ``changes`` that is not a ``FaultPlan`` field."""
    unknown = sorted(set(changes) - set(FAULT_NAMES))
    if unknown:
        known = ", ".join(FAULT_NAMES)
        raise TypeError(f"unknown fault {', '.join(unknown)}; known faults: {known}")


class RequestFaults:
    """The counters of one backend's request faults. Not thread-safe: call with the backend's
    lock held."""

    def __init__(self) -> None:
        self._throttled = 0
        self._server_errors = 0
        self._accepted_at: deque[float] = deque()

    def raise_for(self, faults: FaultPlan) -> None:
        """Raise the error ``faults`` plans for the next request, if any, and count it."""
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

    def rewind(self) -> None:
        self._throttled = 0
        self._server_errors = 0
        self._accepted_at.clear()
