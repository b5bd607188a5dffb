"""Resolve free-trial data: batches of 100, concurrency, INTERNAL_ERROR retries, a time budget.

``TrialResolver`` does the work for one ``AwsSettings`` and takes an injected client (a
``botocore.stub.Stubber``-wrapped one, say). Reads go through ``read.service``, which makes one.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final, Generic, Protocol, TypeVar

from botocore.exceptions import BotoCoreError, ClientError

from ..domain.costs import AccountCosts
from ..domain.errors import TrialDataError
from ..domain.status import AccountStatus
from ..domain.trials import (
    INTERNAL_ERROR,
    MAX_ACCOUNTS_PER_REQUEST,
    AccountTrials,
    FailedAccount,
    FreeTrial,
    FreeTrialResult,
)
from ..domain.validation import AccountIds, is_account_id, normalize_account_ids
from ..domain.wording import plural
from ..read.query import AwsSettings, ResolveLimits
from ..read.waiting import DeadlinePassed, cancellation, check_cancelled, in_threads, time_budget
from ..read.waiting import sleep as interruptible_sleep
from .client import as_configured, inspector_client
from .errors import (
    MEMBERS_OPERATION,
    STATUS_OPERATION,
    USAGE_OPERATION,
    NotInspectorError,
    endpoint_of,
    translate_error,
)

if TYPE_CHECKING:
    from mypy_boto3_inspector2 import Inspector2Client

log = logging.getLogger(__name__)

_NO_DATA_MESSAGE = "The service returned no data for this account."

MAX_ACCOUNTS_PER_USAGE_REQUEST: Final = 7_000
"""The most account ids one ListUsageTotals request takes."""
USAGE_PAGE_SIZE: Final = 500
"""``maxResults`` of each ListUsageTotals request: the most the service allows."""
USAGE_CHUNK: Final = min(MAX_ACCOUNTS_PER_USAGE_REQUEST, USAGE_PAGE_SIZE)
"""Ids per ListUsageTotals chunk. The service allows 7,000, but a chunk of 7,000 is 14 pages
asked one after another (each page needs the last one's token); chunks of one page's worth take
the same number of requests, ceil(N/500), all at once."""

MEMBERS_PAGE_SIZE: Final = 50
"""``maxResults`` of each ListMembers request: the most the service allows."""

T = TypeVar("T")
R = TypeVar("R")


class _OfAccount(Protocol):
    @property
    def account_id(self) -> str: ...


A = TypeVar("A", bound=_OfAccount)


@dataclass(frozen=True, slots=True)
class BatchAnswer(Generic[A]):
    """What one batch request (BatchGetFreeTrialInfo, BatchGetAccountStatus) answered, or what
    all of them did, already in the domain model."""

    accounts: tuple[A, ...]
    failed_accounts: tuple[FailedAccount, ...]


AskOnce = Callable[["Inspector2Client", Sequence[str]], BatchAnswer[A]]


@dataclass(frozen=True, slots=True)
class MembersAnswer:
    """A read of the delegated administrator's members: who they are, and what was asked of
    each as their pages arrived."""

    account_ids: AccountIds
    """The associated members ListMembers listed, sorted."""
    trials: BatchAnswer[AccountTrials]
    statuses: BatchAnswer[AccountStatus] | None
    costs: dict[str, AccountCosts] | None


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
            return self._rounds(self.client, ids, deadline, self._ask_once, count=True)

    def resolve_statuses(self, account_ids: Iterable[str]) -> BatchAnswer[AccountStatus]:
        """What each account has enabled, from ``inspector2:BatchGetAccountStatus``: batches of
        100, concurrent, INTERNAL_ERROR re-asked, one time budget, as ``resolve`` does."""
        ids = normalize_account_ids(account_ids)
        deadline = time.monotonic() + self.limits.total_timeout
        with cancellation():
            return self._rounds(self.client, ids, deadline, self._ask_status_once, count=False)

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
        client = self.client
        listed: dict[str, None] = {}
        progress = self.progress

        def work() -> Iterator[tuple[str, list[str]]]:
            trial_batch: list[str] = []
            cost_chunk: list[str] = []
            for page in self._member_pages(client, deadline):
                fresh = [i for i in page if i not in listed]
                listed.update(dict.fromkeys(fresh))
                if progress is not None and fresh:
                    progress(0, len(fresh))
                trial_batch += fresh
                cost_chunk += fresh
                while len(trial_batch) >= MAX_ACCOUNTS_PER_REQUEST:
                    batch = trial_batch[:MAX_ACCOUNTS_PER_REQUEST]
                    del trial_batch[:MAX_ACCOUNTS_PER_REQUEST]
                    yield from self._member_work(batch, include_account_status)
                if include_costs and len(cost_chunk) >= USAGE_CHUNK:
                    yield "costs", cost_chunk[:USAGE_CHUNK]
                    del cost_chunk[:USAGE_CHUNK]
            if trial_batch:
                yield from self._member_work(trial_batch, include_account_status)
            if include_costs and cost_chunk:
                yield "costs", cost_chunk

        def do(item: tuple[str, list[str]]) -> Any:
            kind, ids = item
            if kind == "trials":
                answer = self._ask_once(client, ids)
                if progress is not None:
                    progress(len(ids), 0)
                return answer
            if kind == "status":
                return self._ask_status_once(client, ids)
            return self._usage_of(client, ids, deadline)

        with cancellation():
            items: list[tuple[str, list[str]]] = []

            def recorded() -> Iterator[tuple[str, list[str]]]:
                for item in work():
                    items.append(item)
                    yield item

            answers = self._concurrently(
                do, recorded(), deadline, f"Reading the members at {endpoint_of(client)}"
            )
            first_trials = [a for (k, _), a in zip(items, answers, strict=True) if k == "trials"]
            first_status = [a for (k, _), a in zip(items, answers, strict=True) if k == "status"]
            ids = AccountIds(sorted(listed))
            trials = self._rounds(client, ids, deadline, self._ask_once, first=first_trials)
            statuses = (
                self._rounds(client, ids, deadline, self._ask_status_once, first=first_status)
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

    @staticmethod
    def _member_work(
        batch: list[str], include_account_status: bool
    ) -> Iterator[tuple[str, list[str]]]:
        yield "trials", batch
        if include_account_status:
            yield "status", batch

    def _member_pages(self, client: Inspector2Client, deadline: float) -> Iterator[list[str]]:
        """The account ids of each ListMembers page (``onlyAssociated``), one after another."""
        token: str | None = None
        while True:
            if time.monotonic() >= deadline:  # raised where the read waits, as its budget
                raise DeadlinePassed()
            check_cancelled()
            page = {"nextToken": token} if token else {}
            try:
                response = client.list_members(
                    onlyAssociated=True, maxResults=MEMBERS_PAGE_SIZE, **page
                )
            except (BotoCoreError, ClientError) as error:
                raise translate_error(
                    error,
                    self.settings,
                    as_configured(client, self.limits),
                    endpoint_of(client),
                    MEMBERS_OPERATION,
                ) from None
            ids = [str(m.get("accountId", "")) for m in response.get("members") or ()]
            if not all(is_account_id(i) for i in ids):
                raise NotInspectorError(
                    endpoint=endpoint_of(client), what="a member without a 12-digit accountId"
                )
            yield ids
            token = response.get("nextToken")
            if not token:
                return

    def _rounds(
        self,
        client: Inspector2Client,
        ids: Sequence[str],
        deadline: float,
        ask_once: AskOnce[A],
        *,
        count: bool = False,
        first: list[BatchAnswer[A]] | None = None,
    ) -> BatchAnswer[A]:
        """Ask for ``ids`` and re-ask those that answer INTERNAL_ERROR, together, in up to
        ``internal_error_retries`` rounds; ``first``: the first round's answers, already in."""
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
                        client, pending, deadline, ask_once, count=count and not round_number
                    )
            except TrialDataError as error:
                if not round_number:
                    raise
                log.debug("giving up on %d INTERNAL_ERROR accounts: %s", len(pending), error)
                break
            for answer in answers:
                resolved.update((a.account_id, a) for a in answer.accounts)
                failed.update((f.account_id, f) for f in answer.failed_accounts)
            pending = [i for i in pending if i not in resolved and _is_transient(failed.get(i))]
            if not pending:
                break
            log.debug("%d accounts answered INTERNAL_ERROR; asking them again", len(pending))
        for account_id in pending:
            failed.setdefault(
                account_id, FailedAccount(account_id, INTERNAL_ERROR, _NO_DATA_MESSAGE)
            )
        if first is not None:  # any the service was never asked about in the first round
            for account_id in ids:
                if account_id not in resolved:
                    failed.setdefault(
                        account_id, FailedAccount(account_id, INTERNAL_ERROR, _NO_DATA_MESSAGE)
                    )
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
        self,
        client: Inspector2Client,
        ids: Sequence[str],
        deadline: float,
        ask_once: AskOnce[A],
        count: bool = False,
    ) -> list[BatchAnswer[A]]:
        """Ask for ``ids`` in batches of 100, at most ``max_concurrency`` at once; ``count``:
        tell ``progress`` (retry rounds re-ask accounts already counted)."""
        batches = [
            ids[i : i + MAX_ACCOUNTS_PER_REQUEST]
            for i in range(0, len(ids), MAX_ACCOUNTS_PER_REQUEST)
        ]
        progress = self.progress if count else None
        if progress is not None:
            progress(0, len(ids))

        def ask(batch: Sequence[str]) -> BatchAnswer[A]:
            answer = ask_once(client, batch)
            if progress is not None:
                progress(len(batch), 0)
            return answer

        return self._concurrently(
            ask,
            batches,
            deadline,
            f"Resolving {plural(len(ids), 'account')} at {endpoint_of(client)}",
        )

    def resolve_costs(self, account_ids: Iterable[str]) -> dict[str, AccountCosts]:
        """The estimated monthly cost of each account, from ``inspector2:ListUsageTotals``.

        Ids go in chunks of ``USAGE_CHUNK`` (at most the 7,000 a request takes), chunks at once,
        each followed page by page (``maxResults`` 500, ``nextToken``) within the one time budget.
        An account the service has no usage for gets costs of 0.0.
        """
        ids = normalize_account_ids(account_ids)
        deadline = time.monotonic() + self.limits.total_timeout
        client = self.client
        chunks = [
            ids[i : i + USAGE_CHUNK] for i in range(0, len(ids), USAGE_CHUNK)
        ]
        with cancellation():
            answers = self._concurrently(
                lambda chunk: self._usage_of(client, chunk, deadline),
                chunks,
                deadline,
                f"Reading the estimated costs of {plural(len(ids), 'account')} at "
                f"{endpoint_of(client)}",
            )
        costs = {i: AccountCosts(i, {}) for i in ids}
        for answer in answers:
            costs.update((c.account_id, c) for c in answer if c.account_id in costs)
        return costs

    def _usage_of(
        self, client: Inspector2Client, chunk: Sequence[str], deadline: float
    ) -> list[AccountCosts]:
        usage: dict[str, list[Mapping[str, Any]]] = {}
        token: str | None = None
        while True:
            if time.monotonic() >= deadline:  # the waiting caller reports the budget
                return []
            check_cancelled()  # a chunk's pages are asked one after another
            page = {"nextToken": token} if token else {}
            try:
                response = client.list_usage_totals(
                    accountIds=list(chunk), maxResults=USAGE_PAGE_SIZE, **page
                )
            except (BotoCoreError, ClientError) as error:
                raise translate_error(
                    error,
                    self.settings,
                    as_configured(client, self.limits),
                    endpoint_of(client),
                    USAGE_OPERATION,
                ) from None
            try:
                for total in response.get("totals") or ():
                    usage.setdefault(str(total["accountId"]), []).extend(total.get("usage") or ())
            except (KeyError, TypeError) as error:
                raise NotInspectorError(
                    endpoint=endpoint_of(client), what=f"a malformed usage total ({error})"
                ) from None
            token = response.get("nextToken")
            if not token:
                break
        try:
            return [AccountCosts.from_usage(i, entries) for i, entries in usage.items()]
        except (KeyError, TypeError, ValueError) as error:
            raise NotInspectorError(
                endpoint=endpoint_of(client), what=f"a malformed usage entry ({error})"
            ) from None

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

    def _ask_once(
        self, client: Inspector2Client, batch: Sequence[str]
    ) -> BatchAnswer[AccountTrials]:
        try:
            response = client.batch_get_free_trial_info(accountIds=list(batch))
        except (BotoCoreError, ClientError) as error:
            limits = as_configured(client, self.limits)
            raise translate_error(error, self.settings, limits, endpoint_of(client)) from None
        return parse_batch_answer(response, batch, endpoint_of(client))

    def _ask_status_once(
        self, client: Inspector2Client, batch: Sequence[str]
    ) -> BatchAnswer[AccountStatus]:
        try:
            response = client.batch_get_account_status(accountIds=list(batch))
        except (BotoCoreError, ClientError) as error:
            limits = as_configured(client, self.limits)
            raise translate_error(
                error, self.settings, limits, endpoint_of(client), STATUS_OPERATION
            ) from None
        return parse_status_answer(response, batch, endpoint_of(client))


def _is_transient(failure: FailedAccount | None) -> bool:
    return failure is not None and failure.code == INTERNAL_ERROR


def parse_batch_answer(
    response: Mapping[str, Any], asked: Sequence[str], endpoint: str
) -> BatchAnswer[AccountTrials]:
    """Turn one response into the model. Accounts the service left out count as INTERNAL_ERROR.

    Timestamps arrive as the raw epoch numbers (see ``_fast_timestamps``); unknown trial types and
    fields pass through untouched.
    """
    if "accounts" not in response or "failedAccounts" not in response:
        raise NotInspectorError(
            endpoint=endpoint, what="a response without 'accounts' and 'failedAccounts'"
        )
    try:
        accounts = tuple(
            AccountTrials(
                account_id=item["accountId"],
                free_trials=tuple(
                    FreeTrial.from_dict(trial) for trial in item.get("freeTrialInfo") or ()
                ),
            )
            for item in response["accounts"]
        )
        failed = tuple(FailedAccount.from_dict(item) for item in response["failedAccounts"])
    except (KeyError, TypeError, ValueError) as error:
        raise NotInspectorError(
            endpoint=endpoint, what=f"a malformed free-trial entry ({error})"
        ) from None
    return _only_asked(accounts, failed, asked)


def parse_status_answer(
    response: Mapping[str, Any], asked: Sequence[str], endpoint: str
) -> BatchAnswer[AccountStatus]:
    """Turn one BatchGetAccountStatus response into the model, as ``parse_batch_answer`` does.

    ``resourceState``'s keys are read as botocore's model lists them, so a scan type the
    service adds arrives with a newer botocore and passes through.
    """
    if "accounts" not in response:
        raise NotInspectorError(endpoint=endpoint, what="a response without 'accounts'")
    try:
        accounts = tuple(
            AccountStatus.from_resource_state(
                str(item["accountId"]),
                str(item["state"]["status"]),
                {
                    key: str(state["status"])
                    for key, state in (item.get("resourceState") or {}).items()
                },
            )
            for item in response["accounts"]
        )
        failed = tuple(
            FailedAccount(
                str(item["accountId"]),
                str(item["errorCode"]),
                str(item.get("errorMessage", "")),
            )
            for item in response.get("failedAccounts") or ()
        )
    except (KeyError, TypeError) as error:
        raise NotInspectorError(
            endpoint=endpoint, what=f"a malformed account status ({error})"
        ) from None
    return _only_asked(accounts, failed, asked)


def _only_asked(
    accounts: tuple[A, ...], failed: tuple[FailedAccount, ...], asked: Sequence[str]
) -> BatchAnswer[A]:
    """An id nobody asked for is not ours to report (or to fail a read on); one asked for and
    left out counts as INTERNAL_ERROR."""
    wanted = set(asked)
    accounts = tuple(a for a in accounts if a.account_id in wanted)
    failed = tuple(f for f in failed if f.account_id in wanted)
    answered = {a.account_id for a in accounts} | {f.account_id for f in failed}
    missing = tuple(
        FailedAccount(i, INTERNAL_ERROR, _NO_DATA_MESSAGE) for i in asked if i not in answered
    )
    return BatchAnswer(accounts=accounts, failed_accounts=failed + missing)

