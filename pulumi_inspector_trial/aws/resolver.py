"""Resolve free-trial data: batches of 100, concurrency, INTERNAL_ERROR retries, a time budget.

``TrialResolver`` does the work for one ``AwsSettings`` and takes an injected client (a
``botocore.stub.Stubber``-wrapped one, say). Reads go through ``read.service``, which makes one.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final, TypeVar

from botocore.exceptions import BotoCoreError, ClientError

from ..domain.costs import AccountCosts
from ..domain.errors import TrialDataError
from ..domain.trials import (
    INTERNAL_ERROR,
    MAX_ACCOUNTS_PER_REQUEST,
    AccountTrials,
    FailedAccount,
    FreeTrial,
    FreeTrialResult,
)
from ..domain.validation import normalize_account_ids
from ..domain.wording import plural
from ..read.query import AwsSettings, ResolveLimits
from ..read.waiting import cancellation, check_cancelled, in_threads, time_budget
from ..read.waiting import sleep as interruptible_sleep
from .client import as_configured, inspector_client
from .errors import USAGE_OPERATION, NotInspectorError, endpoint_of, translate_error

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

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class BatchAnswer:
    """What one BatchGetFreeTrialInfo request answered, already in the domain model."""

    accounts: tuple[AccountTrials, ...]
    failed_accounts: tuple[FailedAccount, ...]


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

    def resolve_ids(self, ids: Sequence[str], deadline: float) -> BatchAnswer:
        """Resolve already-validated, distinct ids before ``deadline`` (a ``time.monotonic``).

        A failure of the first round (service, network, credentials, time) is raised. Retry
        rounds never throw away what is resolved: when they fail or the budget runs out, the
        accounts still pending are reported as INTERNAL_ERROR failures.
        """
        with cancellation():
            return self._resolve_ids(ids, deadline)

    def _resolve_ids(self, ids: Sequence[str], deadline: float) -> BatchAnswer:
        client = self.client
        resolved: dict[str, AccountTrials] = {}
        failed: dict[str, FailedAccount] = {}
        pending = list(ids)
        for round_number in range(self.limits.internal_error_retries + 1):
            if round_number and not self._pause_before_retry(round_number, deadline):
                break
            try:
                answers = self._ask_in_batches(client, pending, deadline, count=not round_number)
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
        self, client: Inspector2Client, ids: Sequence[str], deadline: float, count: bool = False
    ) -> list[BatchAnswer]:
        """Ask for ``ids`` in batches of 100, at most ``max_concurrency`` at once; ``count``:
        tell ``progress`` (retry rounds re-ask accounts already counted)."""
        batches = [
            ids[i : i + MAX_ACCOUNTS_PER_REQUEST]
            for i in range(0, len(ids), MAX_ACCOUNTS_PER_REQUEST)
        ]
        progress = self.progress if count else None
        if progress is not None:
            progress(0, len(ids))

        def ask(batch: Sequence[str]) -> BatchAnswer:
            answer = self._ask_once(client, batch)
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
        items: Sequence[T],
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

    def _ask_once(self, client: Inspector2Client, batch: Sequence[str]) -> BatchAnswer:
        try:
            response = client.batch_get_free_trial_info(accountIds=list(batch))
        except (BotoCoreError, ClientError) as error:
            limits = as_configured(client, self.limits)
            raise translate_error(error, self.settings, limits, endpoint_of(client)) from None
        return parse_batch_answer(response, batch, endpoint_of(client))


def _is_transient(failure: FailedAccount | None) -> bool:
    return failure is not None and failure.code == INTERNAL_ERROR


def parse_batch_answer(
    response: Mapping[str, Any], asked: Sequence[str], endpoint: str
) -> BatchAnswer:
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
    # An id nobody asked for is not ours to report (or to fail a read on).
    wanted = set(asked)
    accounts = tuple(a for a in accounts if a.account_id in wanted)
    failed = tuple(f for f in failed if f.account_id in wanted)
    answered = {a.account_id for a in accounts} | {f.account_id for f in failed}
    missing = tuple(
        FailedAccount(i, INTERNAL_ERROR, _NO_DATA_MESSAGE) for i in asked if i not in answered
    )
    return BatchAnswer(accounts=accounts, failed_accounts=failed + missing)

