"""Resolve free-trial data: batches of 100, concurrency, INTERNAL_ERROR retries, a time budget.

``TrialResolver`` does the work for one ``AwsSettings`` and takes an injected client (a
``botocore.stub.Stubber``-wrapped one, say). Reads go through ``read.service``, which the entry
points hand ``TrialResolver`` (or shared batches of it) as its ``resolver_for``; so does
``resolve_free_trials``, the plain call outside any stack.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from ..domain.costs import AccountCosts
from ..domain.errors import TrialDataError
from ..domain.status import AccountStatus
from ..domain.trials import MAX_ACCOUNTS_PER_REQUEST, AccountTrials, FailedAccount, FreeTrialResult
from ..domain.validation import AccountIds, normalize_account_ids
from ..domain.wording import plural
from ..read.answers import A, BatchAnswer, MembersAnswer
from ..read.query import AwsSettings, ResolveLimits, TrialQuery
from ..read.service import StackDefaults, read_free_trials
from ..read.waiting import cancellation, in_threads, time_budget
from ..read.waiting import sleep as interruptible_sleep
from .batch_reads import (
    STATUSES,
    TRIALS,
    BatchRead,
    is_transient,
    no_data,
    parse_batch_answer,
    parse_status_answer,
)
from .calls import Calls
from .client import inspector_client
from .members import MEMBERS_PAGE_SIZE, Work, member_pages, member_work
from .usage import USAGE_CHUNK, USAGE_PAGE_SIZE, usage_of

if TYPE_CHECKING:
    from mypy_boto3_inspector2 import Inspector2Client

__all__ = [  # the names this module has always offered, wherever they now live
    "MEMBERS_PAGE_SIZE",
    "USAGE_CHUNK",
    "USAGE_PAGE_SIZE",
    "BatchAnswer",
    "MembersAnswer",
    "TrialResolver",
    "parse_batch_answer",
    "parse_status_answer",
    "resolve_free_trials",
]

log = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")


class TrialResolver:
    """Resolves account ids for one ``AwsSettings``. Thread-safe.

    Its client is the process's cached one for these settings and limits, or the one given:
    a client wrapped in ``botocore.stub.Stubber``, say, to test code that resolves trials.
    """

    def __init__(
        self,
        settings: AwsSettings,
        limits: ResolveLimits | None = None,
        *,
        client: Inspector2Client | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> None:
        self.settings = settings
        self.limits = limits or ResolveLimits()
        self._client = client
        self.progress = progress
        """Told ``(answered, asked)`` as accounts are asked for and answered (first round)."""

    @property
    def client(self) -> Inspector2Client:
        if self._client is not None:
            return self._client
        return inspector_client(self.settings, self.limits)

    @property
    def region(self) -> str:
        """The region this resolver reads in (its settings', else botocore's chain's)."""
        return str(self.client.meta.region_name)

    def resolve(self, account_ids: Iterable[str]) -> FreeTrialResult:
        """See ``resolve_free_trials``."""
        ids = normalize_account_ids(account_ids)
        deadline = time.monotonic() + self.limits.total_timeout
        answer = self.resolve_ids(ids, deadline)
        return FreeTrialResult(accounts=answer.accounts, failed_accounts=answer.failed_accounts)

    def resolve_ids(self, ids: Sequence[str], deadline: float) -> BatchAnswer[AccountTrials]:
        """Resolve already-validated, distinct ids before ``deadline`` (a ``time.monotonic``).

        A failure of the first round (service, network, credentials, time) is raised. Retry
        rounds never throw away what is resolved: when they fail or the budget runs out, the
        accounts still pending are reported as INTERNAL_ERROR failures.
        """
        with cancellation():
            return self._rounds(self._calls(), ids, deadline, TRIALS, count=True)

    def resolve_statuses(self, account_ids: Iterable[str]) -> BatchAnswer[AccountStatus]:
        """What each account has enabled, from ``inspector2:BatchGetAccountStatus``: batches of
        100, concurrent, INTERNAL_ERROR re-asked, one time budget, as ``resolve`` does."""
        ids = normalize_account_ids(account_ids)
        deadline = time.monotonic() + self.limits.total_timeout
        with cancellation():
            return self._rounds(self._calls(), ids, deadline, STATUSES)

    def resolve_members(
        self, *, include_account_status: bool = False, include_costs: bool = False
    ) -> MembersAnswer:
        """Read the delegated administrator's associated members (``inspector2:ListMembers``,
        pages of 50) and their trials, and with the flags their status and costs, within one
        time budget.

        The pages follow one another (each needs the last one's token), and nothing else
        waits for them: a batch of 100 members is asked for as soon as its page is in, while
        later pages still arrive, at most ``max_concurrency`` requests at once. Accounts that
        answer INTERNAL_ERROR are asked again together afterwards, as in ``resolve``.
        """
        deadline = time.monotonic() + self.limits.total_timeout
        calls = self._calls()
        listed: dict[str, None] = {}
        progress = self.progress

        def do(item: Work) -> Any:
            kind, ids = item
            if kind == "trials":
                answer = self._ask(calls, TRIALS, ids)
                if progress is not None:
                    progress(len(ids), 0)
                return answer
            if kind == "status":
                return self._ask(calls, STATUSES, ids)
            return usage_of(calls, ids, deadline)

        with cancellation():
            items: list[Work] = []

            def recorded() -> Iterator[Work]:
                for item in member_work(
                    member_pages(calls, deadline),
                    listed,
                    progress,
                    include_account_status=include_account_status,
                    include_costs=include_costs,
                ):
                    items.append(item)
                    yield item

            answers = self._concurrently(
                do, recorded(), deadline, f"Reading the members at {calls.endpoint}"
            )
            first_trials = [a for (k, _), a in zip(items, answers, strict=True) if k == "trials"]
            first_status = [a for (k, _), a in zip(items, answers, strict=True) if k == "status"]
            ids = AccountIds(sorted(listed))
            trials = self._rounds(calls, ids, deadline, TRIALS, first=first_trials)
            statuses = (
                self._rounds(calls, ids, deadline, STATUSES, first=first_status)
                if include_account_status
                else None
            )
        costs = None
        if include_costs:
            costs = {i: AccountCosts(i, {}) for i in ids}
            for (kind, _), answer in zip(items, answers, strict=True):
                if kind == "costs":
                    costs.update((c.account_id, c) for c in answer if c.account_id in costs)
        return MembersAnswer(ids, trials, statuses, costs)

    def _calls(self) -> Calls:
        return Calls(self.client, self.settings, self.limits)

    def _rounds(
        self,
        calls: Calls,
        ids: Sequence[str],
        deadline: float,
        read: BatchRead[A],
        *,
        count: bool = False,
        first: list[BatchAnswer[A]] | None = None,
    ) -> BatchAnswer[A]:
        """Ask ``read`` for ``ids`` and re-ask those that answer INTERNAL_ERROR, together, in up
        to ``internal_error_retries`` rounds; ``first``: the first round's answers, already in."""
        resolved: dict[str, A] = {}
        failed: dict[str, FailedAccount] = {}
        pending = list(ids)
        for round_number in range(self.limits.internal_error_retries + 1):
            if round_number and not self._pause_before_retry(round_number, deadline):
                break
            try:
                if round_number == 0 and first is not None:
                    answers = first
                else:
                    answers = self._ask_in_batches(
                        read, calls, pending, deadline, count and not round_number
                    )
            except TrialDataError as error:
                if not round_number:
                    raise
                log.debug("giving up on %d INTERNAL_ERROR accounts: %s", len(pending), error)
                break
            for answer in answers:
                resolved.update((a.account_id, a) for a in answer.accounts)
                failed.update((f.account_id, f) for f in answer.failed_accounts)
            pending = [i for i in pending if i not in resolved and is_transient(failed.get(i))]
            if not pending:
                break
            log.debug("%d accounts answered INTERNAL_ERROR; asking them again", len(pending))
        # Those still pending, and with ``first`` any the service was never asked about.
        for account_id in pending if first is None else [*pending, *ids]:
            if account_id not in resolved:
                failed.setdefault(account_id, no_data(account_id))
        return BatchAnswer(
            accounts=tuple(resolved.values()),
            failed_accounts=tuple(f for i, f in failed.items() if i not in resolved),
        )

    def _pause_before_retry(self, round_number: int, deadline: float) -> bool:
        """Back off before a retry round; False when the time budget leaves no room for one."""
        pause = self.limits.internal_error_backoff * 2 ** (round_number - 1)
        if time.monotonic() + pause >= deadline:
            return False
        interruptible_sleep(pause)
        return True

    def _ask_in_batches(
        self, read: BatchRead[A], calls: Calls, ids: Sequence[str], deadline: float, count: bool
    ) -> list[BatchAnswer[A]]:
        """Ask ``read`` for ``ids`` in batches of 100, at most ``max_concurrency`` at once;
        ``count``: tell ``progress`` (retry rounds re-ask accounts already counted)."""
        batches = [
            ids[i : i + MAX_ACCOUNTS_PER_REQUEST]
            for i in range(0, len(ids), MAX_ACCOUNTS_PER_REQUEST)
        ]
        progress = self.progress if count else None
        if progress is not None:
            progress(0, len(ids))

        def ask(batch: Sequence[str]) -> BatchAnswer[A]:
            answer = self._ask(calls, read, batch)
            if progress is not None:
                progress(len(batch), 0)
            return answer

        return self._concurrently(
            ask,
            batches,
            deadline,
            f"Resolving {plural(len(ids), 'account')} at {calls.endpoint}",
        )

    def resolve_costs(self, account_ids: Iterable[str]) -> dict[str, AccountCosts]:
        """The estimated monthly cost of each account, from ``inspector2:ListUsageTotals``.

        Ids go in chunks of ``USAGE_CHUNK`` (at most the 7,000 a request takes), chunks at once,
        each followed page by page (``maxResults`` 500, ``nextToken``) within the one time budget.
        An account the service has no usage for gets costs of 0.0.
        """
        ids = normalize_account_ids(account_ids)
        deadline = time.monotonic() + self.limits.total_timeout
        calls = self._calls()
        chunks = [ids[i : i + USAGE_CHUNK] for i in range(0, len(ids), USAGE_CHUNK)]
        with cancellation():
            answers = self._concurrently(
                lambda chunk: usage_of(calls, chunk, deadline),
                chunks,
                deadline,
                f"Reading the estimated costs of {plural(len(ids), 'account')} at {calls.endpoint}",
            )
        costs = {i: AccountCosts(i, {}) for i in ids}
        for answer in answers:
            costs.update((c.account_id, c) for c in answer if c.account_id in costs)
        return costs

    def _concurrently(
        self,
        work: Callable[[T], R],
        items: Iterable[T],
        deadline: float,
        doing: str,
    ) -> list[R]:
        """``work`` on every item, at most ``max_concurrency`` at once, before ``deadline``.

        Daemon threads (``in_threads``) rather than a ThreadPoolExecutor: an executor's threads
        are joined at interpreter exit, so a request hung in botocore kept a finished or
        interrupted CLI process alive for max_attempts x read_timeout after the time budget had
        already failed it. At the deadline the caller stops waiting, and items not yet started
        are never started.
        """
        with time_budget(doing, self.limits.total_timeout):
            return in_threads(
                work,
                items,
                workers=self.limits.max_concurrency,
                name="inspector-trial",
                deadline=deadline,
            )

    @staticmethod
    def _ask(calls: Calls, read: BatchRead[A], batch: Sequence[str]) -> BatchAnswer[A]:
        response = calls.send(read.method, read.operation, accountIds=list(batch))
        return read.parse(response, batch, calls.endpoint)


def resolve_free_trials(
    account_ids: Iterable[str],
    *,
    region: str | None = None,
    profile: str | None = None,
    role_arn: str | None = None,
    endpoint_url: str | None = None,
    limits: ResolveLimits | None = None,
) -> FreeTrialResult:
    """Resolve the free trials of ``account_ids``: one request per 100 distinct accounts, read
    through ``read_free_trials`` like every entry point, outside any stack.

    Ids are validated (12 digits) and deduplicated before any request. Accounts answering
    ``INTERNAL_ERROR`` are asked again together; ``ACCESS_DENIED`` is final. Failed accounts are
    returned in ``failed_accounts``, not raised: the caller decides whether that is fatal.

    :raises InvalidInputError: a bad account id or setting; nothing was sent.
    :raises TrialDataError: the service, network or credentials failed within the time budget.
    """
    settings = AwsSettings(
        region=region, profile=profile, role_arn=role_arn, endpoint_url=endpoint_url
    )
    query = TrialQuery(normalize_account_ids(account_ids), settings, allow_failed_accounts=True)
    defaults = StackDefaults(limits=limits or ResolveLimits())
    return read_free_trials(query, defaults, resolver_for=TrialResolver).result
