"""The state every emulated service shares: backends per region, the base backend, the journal.

As in moto, state is kept per region: a backend is the service in one region, and a
``BackendDict`` (moto's name) holds one for each region the emulator serves, chosen by the
region a request was signed for. A lone backend given to the server answers in every region
(see ``BackendDict.everywhere``).
"""

from __future__ import annotations

import copy
import heapq
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast

from .faults import FaultPlan, RequestFaults, check_fault_names


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
    """Answered requests, oldest first. Thread-safe.

    A backend is one, and so is a ``BackendDict``, which keeps there the requests of regions
    no backend serves: ``record`` keeps a request in ``_journal_for`` its headers, and
    ``requests`` reads ``_journals`` in order of their time.
    """

    def __init__(self) -> None:
        self._journal_lock = threading.Lock()
        self._requests: list[RecordedRequest] = []

    def _journal_for(self, headers: Mapping[str, str]) -> RequestJournal:
        return self

    def _journals(self) -> list[RequestJournal]:
        return [self]

    def record(
        self,
        operation: str,
        account_ids: Sequence[str],
        status: int,
        headers: Mapping[str, str],
    ) -> RecordedRequest:
        """Remember one answered request."""
        journal = self._journal_for(headers)
        with journal._journal_lock:  # stamped under the lock, so a journal is in order of ``at``
            recorded = RecordedRequest(
                operation=operation,
                account_ids=tuple(account_ids),
                status=status,
                headers=dict(headers),
                at=time.monotonic(),
            )
            journal._requests.append(recorded)
        return recorded

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every answered request, oldest first (a copy)."""
        kept = []
        for journal in self._journals():
            with journal._journal_lock:
                kept.append(list(journal._requests))
        return list(heapq.merge(*kept, key=lambda recorded: recorded.at))

    def _count(self, operation: str) -> int:
        return sum(1 for r in self.requests if r.operation == operation)

    def clear(self) -> None:
        """Forget the requests kept here."""
        with self._journal_lock:
            self._requests.clear()


class BaseBackend(RequestJournal):
    """One service in one region: its fault plan, the counters of its request faults, and what
    it was asked. A service model subclasses it with one method per API operation, each of which
    calls ``_admit`` first. Thread-safe: the server answers each connection on its own thread.
    """

    def __init__(self, faults: FaultPlan | None = None) -> None:
        super().__init__()
        self.faults = faults if faults is not None else FaultPlan()
        self._lock = threading.Lock()
        self._request_faults = RequestFaults()

    def _admit(self) -> None:
        """What every request meets first: the plan's latency, then its request faults."""
        latency = self.faults.latency_seconds
        if latency > 0:
            time.sleep(latency)  # outside the lock: slow requests must not serialize the others
        with self._lock:
            self._request_faults.raise_for(self.faults)

    def set_faults(self, **changes: Any) -> None:
        """Change fields of the fault plan (``set_faults(throttle_first=2)``); counters keep
        counting (``reset`` rewinds them)."""
        check_fault_names(changes)
        with self._lock:
            for name, value in changes.items():
                setattr(self.faults, name, value)

    def reset(self) -> None:
        """Forget recorded requests and rewind every fault counter."""
        self.clear()
        with self._lock:
            self._request_faults.rewind()


SourceT = TypeVar("SourceT")
BackendT = TypeVar("BackendT", bound=BaseBackend)
BackendDictT = TypeVar("BackendDictT", bound="BackendDict[Any, Any]")


class BackendDict(RequestJournal, Generic[SourceT, BackendT]):
    """A service's state per region, like moto's ``BackendDict``: one backend for each region
    served, made from a source (the data a region serves) by ``_backend``.

    ``regions`` maps a region to its source (or to a backend built beforehand). A region not
    listed serves ``default``, with a backend of its own made on its first request; with no
    ``default`` it is not served, and answers as AWS does for an opt-in region the account has
    not enabled. ``faults`` is the plan each backend made from a source starts from (a copy
    each, so one region's faults and counters never touch another's).

    ``requests``, ``request_count`` and ``reset`` cover every region, so a test reads
    ``server.backend.requests`` whichever kind of backend the server was given.
    """

    def __init__(
        self,
        regions: Mapping[str, SourceT | BackendT] | None = None,
        default: SourceT | None = None,
        faults: FaultPlan | None = None,
    ) -> None:
        super().__init__()  # the journal of the requests of regions no backend serves
        self.default = default
        """The source of every region not listed; None: those regions are not served."""
        self.default_faults = faults if faults is not None else FaultPlan()
        """The plan a region's backend made from a source starts from (a copy of it)."""
        self._lock = threading.Lock()
        self._shared: BackendT | None = None
        self._backends: dict[str, BackendT] = {
            region: (
                cast(BackendT, served) if isinstance(served, BaseBackend) else self._backend(served)
            )
            for region, served in (regions or {}).items()
        }

    def _make(self, source: SourceT, faults: FaultPlan) -> BackendT:
        """A backend serving ``source`` with ``faults``: what a service's dict defines."""
        raise NotImplementedError

    @classmethod
    def everywhere(cls: type[BackendDictT], backend: BaseBackend) -> BackendDictT:
        """One backend for every region, unsigned requests included: what the server makes of a
        lone backend, so its faults count across regions as they always have."""
        backends = cls()
        backends._shared = backend
        return backends

    @property
    def shared(self) -> BackendT | None:
        """The one backend that serves every region, if this was made by ``everywhere``."""
        return self._shared

    def backend_for(self, region: str | None) -> BackendT | None:
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

    def __getitem__(self, region: str) -> BackendT:
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
        check_fault_names(changes)
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

    def _journal_for(self, headers: Mapping[str, str]) -> RequestJournal:
        """The backend of the region a request was signed for, else this dict's own journal."""
        backend = self.backend_for(signing_region_of(headers))
        return backend if backend is not None else self

    def _journals(self) -> list[RequestJournal]:
        return [self, *self._all()]

    def reset(self) -> None:
        """Forget recorded requests and rewind every fault counter, in every region."""
        self.clear()
        for backend in self._all():
            backend.reset()

    def _all(self) -> list[BackendT]:
        if self._shared is not None:
            return [self._shared]
        with self._lock:
            return list(self._backends.values())

    def _backend(self, source: SourceT) -> BackendT:
        return self._make(source, copy.deepcopy(self.default_faults))
