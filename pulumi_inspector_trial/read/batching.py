"""The provider process's shared reads: each account asked once, concurrent reads in one batch.

Owned by the provider layers: ``FreeTrialInfoProvider`` (the dynamic provider), the native
plugin's functions and the policy pack use it, through ``shared_resolver``, each with the readers
its server holds and the resolver its batches go through (``aws.resolver.TrialResolver``).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future

from ..domain.costs import AccountCosts
from ..domain.status import AccountStatus
from ..domain.trials import (
    INTERNAL_ERROR,
    MAX_ACCOUNTS_PER_REQUEST,
    AccountTrials,
    FailedAccount,
    FreeTrialResult,
)
from ..domain.validation import normalize_account_ids
from ..domain.wording import plural
from .answers import BatchAnswer, BatchResolver, MembersAnswer
from .cache import ProcessCache
from .query import AwsSettings, ResolveLimits
from .waiting import results_before, time_budget

PLUGIN_CONCURRENT_READS = 4
"""How many calls the dynamic-provider plugin runs at once: ``pulumi.dynamic`` serves gRPC with a
pool of 4 threads, so no fifth read can reach the provider while 4 are waiting."""
INVOKE_CONCURRENT_READS = 64
"""How many invokes the native plugin reads at once: its own executor's threads, each waiting on
its accounts while the event loop takes the next invoke (``plugin.provider``)."""
HOLD_LIMIT = 1.0
"""Seconds a part batch may wait for a request in flight to come back before it goes anyway."""


class SharedTrialCache:
    """Each account is asked at most once per process and settings; concurrent reads share batches.

    The engine reads many ``FreeTrialInfo`` resources through one provider process, at most
    ``max_readers`` at a time (the plugin's gRPC pool), and a read holds its thread until its
    accounts are answered. A read queues the accounts nobody has asked for yet; the queue goes out
    in full batches of 100 at once, and a part batch goes out when no other read can add to it:
    every reader the process can hold is waiting on the queue, or, when fewer are, ``linger``
    seconds after the queue began or after the last request in flight came back (the moment the
    engine sends its next reads). Accounts already answered, or on their way, are never asked
    again. Final answers (data, ACCESS_DENIED) are kept for the life of the process;
    INTERNAL_ERROR that outlasted its retries and whole-call errors are not, so a later read tries
    again.
    """

    def __init__(
        self,
        resolver: BatchResolver,
        *,
        linger: float = 0.02,
        max_readers: int = PLUGIN_CONCURRENT_READS,
        until_quiet: bool = False,
    ) -> None:
        self.resolver = resolver
        self.linger = linger
        self.max_readers = max_readers
        self.until_quiet = until_quiet
        """A part batch waits until no read has added to it for ``linger`` (at most
        ``HOLD_LIMIT`` after it began): for a server whose reads arrive as a stream rather than
        in rounds of ``max_readers`` (the native plugin's invokes)."""
        self._changed = threading.Condition()
        self._known: dict[str, Future[AccountTrials | FailedAccount]] = {}
        self._queue: dict[str, None] = {}  # insertion-ordered: a read's accounts stay together
        self._queued_since = 0.0
        self._added_at = 0.0
        self._readers: dict[int, frozenset[str]] = {}
        self._in_flight = 0
        self._landed_at = 0.0
        self._dispatcher: threading.Thread | None = None

    @property
    def region(self) -> str:
        return self.resolver.region

    def resolve_costs(self, account_ids: Iterable[str]) -> dict[str, AccountCosts]:
        """Costs are not shared between reads: only reads that ask for them pay for them."""
        return self.resolver.resolve_costs(account_ids)

    def resolve_statuses(self, account_ids: Iterable[str]) -> BatchAnswer[AccountStatus]:
        """Nor is account status: only reads that ask for it pay for it."""
        return self.resolver.resolve_statuses(account_ids)

    def resolve_members(
        self, *, include_account_status: bool = False, include_costs: bool = False
    ) -> MembersAnswer:
        """A read of the members lists them itself, and asks for each as its page arrives."""
        return self.resolver.resolve_members(
            include_account_status=include_account_status, include_costs=include_costs
        )

    def resolve(self, account_ids: Iterable[str]) -> FreeTrialResult:
        ids = normalize_account_ids(account_ids)
        self.resolver.region  # noqa: B018 - fail fast (no region, bad profile) before queueing
        reader = object()
        futures = self._claim(id(reader), ids)
        limits = self.resolver.limits
        # The batch fails with its own TimeBudgetError at its own deadline, which starts after it
        # has waited for other reads (at most `linger`, or HOLD_LIMIT while a request is in
        # flight); waiting a little longer than that means a read sees the batch's sentence.
        deadline = time.monotonic() + max(self.linger, HOLD_LIMIT) + limits.total_timeout + 1.0
        try:
            with time_budget(f"Resolving {plural(len(ids), 'account')}", limits.total_timeout):
                answers = results_before(futures, deadline)
        finally:
            with self._changed:
                self._readers.pop(id(reader), None)
                self._changed.notify_all()
        return FreeTrialResult(
            accounts=tuple(a for a in answers if isinstance(a, AccountTrials)),
            failed_accounts=tuple(a for a in answers if isinstance(a, FailedAccount)),
        )

    def _claim(
        self, reader: int, ids: Sequence[str]
    ) -> list[Future[AccountTrials | FailedAccount]]:
        with self._changed:
            futures = []
            for account_id in ids:
                future = self._known.get(account_id)
                if future is None:
                    future = self._known[account_id] = Future()
                    if not self._queue:
                        self._queued_since = time.monotonic()
                    self._added_at = time.monotonic()
                    self._queue[account_id] = None
                futures.append(future)
            waiting_on = frozenset(i for i, f in zip(ids, futures, strict=True) if not f.done())
            if waiting_on:
                self._readers[reader] = waiting_on
            if self._queue and self._dispatcher is None:
                self._dispatcher = threading.Thread(
                    target=self._dispatch, name="inspector-trial-batcher", daemon=True
                )
                self._dispatcher.start()
            self._changed.notify_all()
        return futures

    def _dispatch(self) -> None:
        """Send the queue as it becomes ready, until it is empty."""
        while True:
            with self._changed:
                batch = self._take_ready_locked()
                while batch is None:
                    if not self._queue:
                        self._dispatcher = None
                        return
                    self._changed.wait(self._seconds_to_wait_locked())
                    batch = self._take_ready_locked()
                self._in_flight += 1
            threading.Thread(
                target=self._send, args=(batch,), name="inspector-trial-request", daemon=True
            ).start()

    def _take_ready_locked(self) -> list[str] | None:
        queued = len(self._queue)
        if queued >= MAX_ACCOUNTS_PER_REQUEST:
            size = queued - queued % MAX_ACCOUNTS_PER_REQUEST
        elif queued and (self._nobody_else_can_add_locked() or self._seconds_to_wait_locked() <= 0):
            size = queued
        else:
            return None
        batch = list(self._queue)[:size]
        for account_id in batch:
            del self._queue[account_id]
        self._queued_since = time.monotonic()
        return batch

    def _nobody_else_can_add_locked(self) -> bool:
        """Every reader this process can hold is waiting on the queue: it cannot grow."""
        return len(self._readers) >= self.max_readers and all(
            not waiting_on.isdisjoint(self._queue) for waiting_on in self._readers.values()
        )

    def _seconds_to_wait_locked(self) -> float:
        """How long a part batch may still wait for other reads.

        When every reader this process can hold is busy, the engine has more reads waiting:
        the readers of a request in flight will return and the engine will send its next reads,
        which may add to the queue. So wait for that request (at most ``HOLD_LIMIT``), then
        ``linger``. With fewer readers (one large read, say), more reads would have come already:
        ``linger`` only.
        """
        now = time.monotonic()
        if self._in_flight and len(self._readers) >= self.max_readers:
            return self._queued_since + HOLD_LIMIT - now
        if self.until_quiet:
            quiet_at = max(self._added_at, self._landed_at) + self.linger
            return min(quiet_at, self._queued_since + HOLD_LIMIT) - now
        return max(self._queued_since, self._landed_at) + self.linger - now

    def _send(self, ids: list[str]) -> None:
        futures = {i: self._known[i] for i in ids}
        try:
            deadline = time.monotonic() + self.resolver.limits.total_timeout
            answer = self.resolver.resolve_ids(sorted(ids), deadline)
        except Exception as error:  # every waiting read sees the error; nothing is cached
            with self._changed:
                for account_id in ids:
                    self._known.pop(account_id, None)
                self._landed_locked()
            for future in futures.values():
                future.set_exception(error)
            return
        by_id: dict[str, AccountTrials | FailedAccount] = {a.account_id: a for a in answer.accounts}
        by_id.update((f.account_id, f) for f in answer.failed_accounts)
        with self._changed:
            for account_id, item in by_id.items():
                if isinstance(item, FailedAccount) and item.code == INTERNAL_ERROR:
                    self._known.pop(account_id, None)
            self._landed_locked()
        for account_id, future in futures.items():
            future.set_result(by_id[account_id])

    def _landed_locked(self) -> None:
        self._in_flight -= 1
        self._landed_at = time.monotonic()
        self._changed.notify_all()


BatchResolverFactory = Callable[[AwsSettings, ResolveLimits], BatchResolver]
"""What makes the resolver shared batches go through: ``aws.resolver.TrialResolver``."""

_SHARED: dict[tuple[BatchResolverFactory, int, bool], ProcessCache[SharedTrialCache]] = {}
_SHARED_LOCK = threading.Lock()


def shared_resolver(
    settings: AwsSettings,
    limits: ResolveLimits | None = None,
    *,
    resolver_for: BatchResolverFactory,
    max_readers: int = PLUGIN_CONCURRENT_READS,
    until_quiet: bool = False,
) -> SharedTrialCache:
    """The process-wide batches for these settings and limits (one per pair in the provider)
    over the resolvers ``resolver_for`` makes, for a server that holds at most ``max_readers``
    reads at once (``until_quiet``: see ``SharedTrialCache``)."""
    key = (resolver_for, max_readers, until_quiet)
    with _SHARED_LOCK:
        cache = _SHARED.get(key)
        if cache is None:
            cache = _SHARED[key] = ProcessCache(
                lambda settings, limits: SharedTrialCache(
                    resolver_for(settings, limits),
                    max_readers=max_readers,
                    until_quiet=until_quiet,
                )
            )
    return cache.get(settings, limits)
