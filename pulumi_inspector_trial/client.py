"""Resolve free-trial data with boto3: batching, concurrency, retries and error translation.

The one place this package talks to AWS. ``resolve_free_trials`` is the plain entry point;
``inspector_client`` builds one client per process, settings and limits, whoever asks;
``shared_resolver`` is what the provider process uses, so concurrent reads share batches.

boto3 and botocore are imported here only, and this module is imported lazily by the rest of the
package, so a Pulumi program that never resolves anything does not pay for them.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeoutError
from dataclasses import dataclass
from typing import Any

import boto3
import botocore.session
from botocore.config import Config
from botocore.credentials import AssumeRoleCredentialFetcher, DeferredRefreshableCredentials
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectTimeoutError,
    EndpointConnectionError,
    NoCredentialsError,
    NoRegionError,
    PartialCredentialsError,
    ProfileNotFound,
    ReadTimeoutError,
)
from botocore.parsers import ResponseParserError

from .errors import InvalidInputError, TrialDataError
from .log_redaction import install_credential_redaction
from .model import (
    INTERNAL_ERROR,
    MAX_ACCOUNTS_PER_REQUEST,
    AccountTrials,
    FailedAccount,
    FreeTrial,
    FreeTrialResult,
    normalize_account_ids,
)
from .settings import AwsSettings, ResolveLimits

log = logging.getLogger(__name__)

OPERATION = "inspector2:BatchGetFreeTrialInfo"
ROLE_SESSION_NAME = "pulumi-inspector-trial"
_NO_DATA_MESSAGE = "The service returned no data for this account."
TIME_BUDGET_ADVICE = (
    "Try again later, or raise the time budget (--timeout, or the stack's inspector-trial:timeout)."
)


def resolve_free_trials(
    account_ids: Iterable[str],
    *,
    region: str | None = None,
    profile: str | None = None,
    role_arn: str | None = None,
    endpoint_url: str | None = None,
    limits: ResolveLimits | None = None,
) -> FreeTrialResult:
    """Resolve the free trials of ``account_ids``: one request per 100 distinct accounts.

    Ids are validated (12 digits) and deduplicated before any request. Accounts answering
    ``INTERNAL_ERROR`` are asked again together; ``ACCESS_DENIED`` is final. Failed accounts are
    returned in ``failed_accounts``, not raised: the caller decides whether that is fatal.

    :raises InvalidInputError: a bad account id or setting; nothing was sent.
    :raises TrialDataError: the service, network or credentials failed within the time budget.
    """
    settings = AwsSettings(
        region=region, profile=profile, role_arn=role_arn, endpoint_url=endpoint_url
    ).with_defaults(None, None)
    return TrialResolver(settings, limits or ResolveLimits()).resolve(account_ids)


@dataclass(frozen=True, slots=True)
class BatchAnswer:
    """What one BatchGetFreeTrialInfo request answered, already in the domain model."""

    accounts: tuple[AccountTrials, ...]
    failed_accounts: tuple[FailedAccount, ...]


class TrialResolver:
    """Resolves account ids for one ``AwsSettings``. Thread-safe; its client is the process's
    cached one for these settings and limits."""

    def __init__(self, settings: AwsSettings, limits: ResolveLimits | None = None) -> None:
        self.settings = settings
        self.limits = limits or ResolveLimits()

    @property
    def client(self) -> Any:
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
        client = self.client
        resolved: dict[str, AccountTrials] = {}
        failed: dict[str, FailedAccount] = {}
        pending = list(ids)
        for round_number in range(self.limits.internal_error_retries + 1):
            if round_number and not self._pause_before_retry(round_number, deadline):
                break
            try:
                answers = self._ask_in_batches(client, pending, deadline)
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
        time.sleep(pause)
        return True

    def _ask_in_batches(
        self, client: Any, ids: Sequence[str], deadline: float
    ) -> list[BatchAnswer]:
        """Ask for ``ids`` in batches of 100, at most ``max_concurrency`` at once.

        Daemon threads rather than a ThreadPoolExecutor: an executor's threads are joined at
        interpreter exit, so a request hung in botocore kept a finished CLI process alive for
        max_attempts x read_timeout after the time budget had already failed it. At the deadline
        the caller stops waiting, and batches not yet sent are never sent.
        """
        batches = deque(
            ids[i : i + MAX_ACCOUNTS_PER_REQUEST]
            for i in range(0, len(ids), MAX_ACCOUNTS_PER_REQUEST)
        )
        count = len(batches)
        answers: queue.SimpleQueue[BatchAnswer | BaseException] = queue.SimpleQueue()
        given_up = threading.Event()

        def ask_until_done() -> None:
            while not given_up.is_set():
                try:
                    batch = batches.popleft()
                except IndexError:
                    return
                try:
                    answers.put(self._ask_once(client, batch))
                except BaseException as error:  # the waiting caller re-raises it
                    answers.put(error)

        for _ in range(min(self.limits.max_concurrency, count)):
            threading.Thread(target=ask_until_done, name="inspector-trial", daemon=True).start()
        results: list[BatchAnswer] = []
        try:
            while len(results) < count:
                try:
                    item = answers.get(timeout=max(0.0, deadline - time.monotonic()))
                except queue.Empty:
                    raise TrialDataError(
                        f"Resolving {_accounts(len(ids))} at {endpoint_of(client)} did not finish "
                        f"within the {self.limits.total_timeout:g}-second time budget. "
                        f"{TIME_BUDGET_ADVICE}"
                    ) from None
                if isinstance(item, BaseException):
                    raise item
                results.append(item)
        finally:
            given_up.set()
        return results

    def _ask_once(self, client: Any, batch: Sequence[str]) -> BatchAnswer:
        try:
            response = client.batch_get_free_trial_info(accountIds=list(batch))
        except (BotoCoreError, ClientError) as error:
            raise translate_error(error, self.settings, self.limits, endpoint_of(client)) from None
        return parse_batch_answer(response, batch, endpoint_of(client))


def _accounts(count: int) -> str:
    return f"{count} account{'' if count == 1 else 's'}"


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
        raise TrialDataError(
            f"The Inspector endpoint {endpoint} sent a response without 'accounts' and "
            "'failedAccounts'. Check that the endpoint URL points at Inspector."
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
        raise TrialDataError(
            f"The Inspector endpoint {endpoint} sent a malformed free-trial entry ({error}). "
            "Check that the endpoint URL points at Inspector."
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


def endpoint_of(client: Any) -> str:
    return str(client.meta.endpoint_url)


def translate_error(
    error: Exception, settings: AwsSettings, limits: ResolveLimits, endpoint: str
) -> Exception:
    """One or two plain sentences for every way a call can fail: what happened, what to do."""
    where = f"the Inspector endpoint {endpoint}"
    subject = f"The Inspector endpoint {endpoint}"  # where a sentence starts with it
    if isinstance(error, ClientError):
        code = str(error.response.get("Error", {}).get("Code", "Unknown"))
        message = str(error.response.get("Error", {}).get("Message", "")).rstrip(".")
        detail = f" ({message})" if message else ""
        if code in ("AccessDeniedException", "AccessDenied"):
            return TrialDataError(
                f"Access denied calling {OPERATION} at {where}{detail}. "
                f"Grant the caller {OPERATION}"
                + (
                    f" and check that {settings.role_arn} may be assumed."
                    if settings.role_arn
                    else "."
                )
            )
        if code in ("ThrottlingException", "TooManyRequestsException", "Throttling"):
            return TrialDataError(
                f"{subject} kept throttling requests after {limits.max_attempts} "
                "attempts. Try again later."
            )
        if code in (
            "ExpiredToken",
            "ExpiredTokenException",
            "UnrecognizedClientException",
            "InvalidClientTokenId",
            "InvalidSignatureException",
            "SignatureDoesNotMatch",
        ):
            return TrialDataError(
                f"The AWS credentials were rejected by {where} ({code}). "
                "Refresh them (for example `aws sso login`) and try again."
            )
        status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
        if isinstance(status, int) and status >= 500:
            return TrialDataError(
                f"{subject} answered {code}{detail} on all {limits.max_attempts} "
                "attempts. Try again later."
            )
        return TrialDataError(f"{subject} answered {code}{detail}.")
    if isinstance(error, (NoCredentialsError, PartialCredentialsError)):
        return TrialDataError(
            "No AWS credentials were found. Set a profile (aws:profile or --profile), "
            "environment credentials, or run where an instance role is available."
        )
    if isinstance(error, ProfileNotFound):
        import os  # here, as this branch is the only one that reads the environment

        # botocore names the profile it looked for. With none given, the environment named it
        # (AWS_DEFAULT_PROFILE before AWS_PROFILE, as botocore reads them): say which variable.
        profile = error.kwargs.get("profile") or settings.profile
        shown = repr(profile) if profile else "asked for"
        variable = next(
            (v for v in ("AWS_DEFAULT_PROFILE", "AWS_PROFILE") if os.environ.get(v) == profile),
            None,
        )
        if settings.profile is None and variable is not None:
            return InvalidInputError(
                f"The AWS profile {shown}, named by {variable}, is not in the shared config "
                f"files. Set {variable} to a profile that exists, or unset it."
            )
        return InvalidInputError(
            f"The AWS profile {shown} is not in the shared config files. "
            "Name a profile that exists (aws configure list-profiles).",
            property="profile",
        )
    if isinstance(error, NoRegionError):
        return TrialDataError(
            "No AWS region is set. Pass region (--region on the command line), set the stack's "
            "aws:region, or set AWS_REGION."
        )
    if isinstance(error, (EndpointConnectionError, ConnectTimeoutError)):
        return TrialDataError(
            f"Could not connect to {where} after {limits.max_attempts} attempts. "
            "Check the region, endpoint URL and network."
        )
    if isinstance(error, ReadTimeoutError):
        return TrialDataError(
            f"{subject} did not answer within {limits.read_timeout:g} seconds "
            f"on {limits.max_attempts} attempts. Try again later."
        )
    if isinstance(error, ResponseParserError):
        return TrialDataError(
            f"{subject} sent a response that is not Inspector's JSON. "
            "Check that the endpoint URL points at Inspector."
        )
    return TrialDataError(f"Calling {OPERATION} at {where} failed: {error}.")


# -- the one client factory ----------------------------------------------------------------

_CLIENTS: dict[tuple[AwsSettings, ResolveLimits], Any] = {}
_CLIENTS_LOCK = threading.Lock()


def inspector_client(settings: AwsSettings, limits: ResolveLimits) -> Any:
    """The inspector2 client for these settings, built once per process and reused.

    boto3 sessions are not thread-safe to build, clients are safe to share: so building happens
    under a lock and the client is cached. Errors in building (no region, unknown profile) come
    back translated, like errors in calling.
    """
    key = (settings, limits)
    client = _CLIENTS.get(key)
    if client is not None:
        return client
    with _CLIENTS_LOCK:
        client = _CLIENTS.get(key)
        if client is None:
            try:
                client = _build_client(settings, limits)
            except (BotoCoreError, ClientError) as error:
                endpoint = settings.endpoint_url or "for inspector2"
                raise translate_error(error, settings, limits, endpoint) from None
            _CLIENTS[key] = client
    return client


def _build_client(settings: AwsSettings, limits: ResolveLimits) -> Any:
    install_credential_redaction()  # before botocore first logs a signed request
    core = botocore.session.Session(profile=settings.profile)
    _fast_timestamps(core)
    config = Config(
        connect_timeout=limits.connect_timeout,
        read_timeout=limits.read_timeout,
        retries={"mode": limits.retry_mode, "total_max_attempts": limits.max_attempts},
        max_pool_connections=max(10, limits.max_concurrency),
        user_agent_extra="pulumi-inspector-trial",
    )
    if settings.role_arn:
        _assume_role(core, settings, config)
    session = boto3.session.Session(botocore_session=core, region_name=settings.region)
    client = session.client("inspector2", endpoint_url=settings.endpoint_url, config=config)
    log.debug("built an inspector2 client for %s", client.meta.endpoint_url)
    return client


def _fast_timestamps(core: botocore.session.Session) -> None:
    """Keep timestamps as the epoch numbers the service sends; the model converts them.

    botocore's default parser goes through dateutil for every timestamp, which dominates CPU
    when thousands of accounts come back (see benchmarks/).
    """
    core.get_component("response_parser_factory").set_parser_defaults(
        timestamp_parser=lambda value: value
    )


def _assume_role(core: botocore.session.Session, settings: AwsSettings, config: Config) -> None:
    """Give ``core`` refreshable credentials of ``settings.role_arn``, assumed on first use.

    The assumed-role session lives in this process only: nothing about it is ever returned or
    stored. STS honours ``AWS_ENDPOINT_URL_STS`` like any botocore client.
    """
    source = boto3.session.Session(
        botocore_session=botocore.session.Session(profile=settings.profile),
        region_name=settings.region,
    )
    source_credentials = source.get_credentials()
    if source_credentials is None:
        raise NoCredentialsError()

    def sts_client(service_name: str, **kwargs: Any) -> Any:
        kwargs.setdefault("config", config)
        return source.client(service_name, **kwargs)

    fetcher = AssumeRoleCredentialFetcher(
        client_creator=sts_client,
        source_credentials=source_credentials,
        role_arn=settings.role_arn,
        extra_args={"RoleSessionName": ROLE_SESSION_NAME},
    )

    def assume_role() -> dict[str, Any]:
        # botocore would report an STS failure as a failure of the Inspector call it signs.
        try:
            credentials: dict[str, Any] = fetcher.fetch_credentials()
            return credentials
        except (BotoCoreError, ClientError) as error:
            raise TrialDataError(
                f"Could not assume the role {settings.role_arn} ({_reason(error)}). Check that "
                "the caller may sts:AssumeRole on it and that STS is reachable."
            ) from None

    core._credentials = DeferredRefreshableCredentials(  # botocore has no public setter
        method="assume-role", refresh_using=assume_role
    )


def _reason(error: Exception) -> str:
    if isinstance(error, ClientError):
        details = error.response.get("Error", {})
        return f"{details.get('Code', 'Unknown')}: {details.get('Message', '')}".rstrip(": ")
    return str(error).rstrip(".")


# -- the per-process cache the provider shares across concurrent reads ------------------------


PLUGIN_CONCURRENT_READS = 4
"""How many calls the dynamic-provider plugin runs at once: ``pulumi.dynamic`` serves gRPC with a
pool of 4 threads, so no fifth read can reach the provider while 4 are waiting."""
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
        resolver: TrialResolver,
        *,
        linger: float = 0.02,
        max_readers: int = PLUGIN_CONCURRENT_READS,
    ) -> None:
        self.resolver = resolver
        self.linger = linger
        self.max_readers = max_readers
        self._changed = threading.Condition()
        self._known: dict[str, Future[AccountTrials | FailedAccount]] = {}
        self._queue: dict[str, None] = {}  # insertion-ordered: a read's accounts stay together
        self._queued_since = 0.0
        self._readers: dict[int, frozenset[str]] = {}
        self._in_flight = 0
        self._landed_at = 0.0
        self._dispatcher: threading.Thread | None = None

    @property
    def region(self) -> str:
        return str(self.resolver.client.meta.region_name)

    def resolve(self, account_ids: Iterable[str]) -> FreeTrialResult:
        ids = normalize_account_ids(account_ids)
        self.resolver.client  # noqa: B018 - fail fast (no region, bad profile) before queueing
        reader = object()
        futures = self._claim(id(reader), ids)
        limits = self.resolver.limits
        # The batch fails with a plain TrialDataError at its own deadline, which starts after it
        # has waited for other reads (at most `linger`, or HOLD_LIMIT while a request is in
        # flight); waiting a little longer than that means a read sees that message rather than
        # a bare TimeoutError.
        deadline = time.monotonic() + max(self.linger, HOLD_LIMIT) + limits.total_timeout + 1.0
        try:
            answers = [
                future.result(timeout=max(0.0, deadline - time.monotonic())) for future in futures
            ]
        except FutureTimeoutError:
            raise TrialDataError(
                f"Resolving {_accounts(len(ids))} did not finish within the "
                f"{limits.total_timeout:g}-second time budget. {TIME_BUDGET_ADVICE}"
            ) from None
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


_SHARED: dict[tuple[AwsSettings, ResolveLimits], SharedTrialCache] = {}
_SHARED_LOCK = threading.Lock()


def shared_resolver(settings: AwsSettings, limits: ResolveLimits | None = None) -> SharedTrialCache:
    """The process-wide cache for these settings and limits (one per pair in the provider)."""
    key = (settings, limits or ResolveLimits())
    with _SHARED_LOCK:
        cache = _SHARED.get(key)
        if cache is None:
            cache = _SHARED[key] = SharedTrialCache(TrialResolver(*key))
        return cache
