"""The batch reads of 100 accounts (BatchGetFreeTrialInfo, BatchGetAccountStatus): each
operation, and its responses in the domain model (``read.answers.BatchAnswer``)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, Generic

from ..domain.status import AccountStatus
from ..domain.trials import INTERNAL_ERROR, AccountTrials, FailedAccount, FreeTrial
from ..read.answers import A, BatchAnswer
from .errors import OPERATION, STATUS_OPERATION, NotInspectorError

NO_DATA_MESSAGE: Final = "The service returned no data for this account."


@dataclass(frozen=True, slots=True)
class BatchRead(Generic[A]):
    """One operation that takes up to 100 account ids and answers each, or fails it."""

    method: str
    """The client's method, as boto3 names it."""
    operation: str
    """The permission it needs, as an IAM policy names it (for its failures' sentences)."""
    parse: Callable[[Mapping[str, Any], Sequence[str], str], BatchAnswer[A]]
    """One response, the ids asked and the endpoint, to the model."""


def no_data(account_id: str) -> FailedAccount:
    """The failure of an account asked for and never answered (a transient one: re-asked)."""
    return FailedAccount(account_id, INTERNAL_ERROR, NO_DATA_MESSAGE)


def is_transient(failure: FailedAccount | None) -> bool:
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
    missing = tuple(no_data(i) for i in asked if i not in answered)
    return BatchAnswer(accounts=accounts, failed_accounts=failed + missing)


TRIALS: Final[BatchRead[AccountTrials]] = BatchRead(
    "batch_get_free_trial_info", OPERATION, parse_batch_answer
)
STATUSES: Final[BatchRead[AccountStatus]] = BatchRead(
    "batch_get_account_status", STATUS_OPERATION, parse_status_answer
)
