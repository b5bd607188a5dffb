"""The policy pack's reads: each account and region asked once per pack process.

The analyzer, like the provider plugin, serves 4 calls at a time, so trials go through the
provider's shared batches (``read.batching.shared_resolver``), which already ask each account
once per process and settings and put concurrent analyses in one request. Those batches do not
share cost estimates (in the provider, only a read that asks for costs pays for them); in the pack
every Enabler asks for them once ``maxMonthlyCost`` is set, so ``PackReads`` asks
``ListUsageTotals`` for each account once and hands the answer to every later Enabler.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from concurrent.futures import Future

from ..aws.resolver import TrialResolver
from ..domain.costs import AccountCosts
from ..domain.status import AccountStatus
from ..domain.trials import FreeTrialResult
from ..domain.validation import normalize_account_ids
from ..domain.wording import plural
from ..read.answers import BatchAnswer, MembersAnswer
from ..read.batching import SharedTrialCache, shared_resolver
from ..read.cache import ProcessCache
from ..read.query import AwsSettings, ResolveLimits
from ..read.waiting import results_before, time_budget

__all__ = ["PackReads", "pack_resolver"]


class PackReads:
    """A ``service.Resolver`` for one pack process and settings: trials through ``trials`` (the
    shared batches), each account's cost estimate asked once. A failed cost read is not kept, so
    the next Enabler asks again."""

    def __init__(self, trials: SharedTrialCache) -> None:
        self.trials = trials
        self._lock = threading.Lock()
        self._costs: dict[str, Future[AccountCosts]] = {}

    @property
    def region(self) -> str:
        return self.trials.region

    def resolve(self, account_ids: Iterable[str]) -> FreeTrialResult:
        return self.trials.resolve(account_ids)

    def resolve_statuses(self, account_ids: Iterable[str]) -> BatchAnswer[AccountStatus]:
        return self.trials.resolve_statuses(account_ids)

    def resolve_members(
        self, *, include_account_status: bool = False, include_costs: bool = False
    ) -> MembersAnswer:
        return self.trials.resolve_members(
            include_account_status=include_account_status, include_costs=include_costs
        )

    def resolve_costs(self, account_ids: Iterable[str]) -> dict[str, AccountCosts]:
        ids = normalize_account_ids(account_ids)
        with self._lock:
            mine = [i for i in ids if i not in self._costs]
            for account_id in mine:
                self._costs[account_id] = Future()
            futures = {i: self._costs[i] for i in ids}
        if mine:
            self._ask(mine, futures)
        limits = self.trials.resolver.limits
        deadline = time.monotonic() + limits.total_timeout + 1.0
        doing = f"Reading the estimated costs of {plural(len(ids), 'account')}"
        with time_budget(doing, limits.total_timeout):
            return dict(zip(futures, results_before(futures.values(), deadline), strict=True))

    def _ask(self, ids: list[str], futures: dict[str, Future[AccountCosts]]) -> None:
        """Read the costs this caller claimed; whoever waits on them gets the answer or the
        error."""
        try:
            answer = self.trials.resolve_costs(ids)
        except BaseException as error:
            with self._lock:
                for account_id in ids:
                    self._costs.pop(account_id, None)
            for account_id in ids:
                futures[account_id].set_exception(error)
            return
        for account_id in ids:
            futures[account_id].set_result(answer.get(account_id, AccountCosts(account_id, {})))


_READS: ProcessCache[PackReads] = ProcessCache(
    lambda settings, limits: PackReads(
        shared_resolver(settings, limits, resolver_for=TrialResolver)
    )
)


def pack_resolver(settings: AwsSettings, limits: ResolveLimits | None = None) -> PackReads:
    """The pack process's reads for these settings and limits (a ``service.ResolverFactory``)."""
    return _READS.get(settings, limits)
