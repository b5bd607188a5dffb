"""Inspector2's service model: one backend method per API operation, named as boto3 names it.

No HTTP here (that is ``responses.py``): each method returns the response body as a plain dict
or raises an exception from ``exceptions.py``. The state per region, the fault plan's request
faults and the journal of what was asked come from ``core``, which this model plugs into:
``InspectorBackend`` is the service in one region, ``RegionalBackends`` one for each region
served.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections import Counter
from collections.abc import Sequence
from typing import Any, Final

from .core import BackendDict, BaseBackend, FaultPlan
from .exceptions import ValidationException
from .organisation import DELEGATED_ADMINISTRATOR, RESOURCE_KEYS, Organisation, trial_to_wire
from .patterns import ACCESS_DENIED, DISABLED, ENABLED, INTERNAL_ERROR
from .validation import validate_input

SERVICE_NAME: Final = "inspector2"
"""The service's name in botocore's models and in SigV4 credential scopes."""
# Alike in shape only to domain/trials.py's statuses (docs/architecture.md, "Deliberate pairs"):
# boto3's operation names, which the emulator names itself, as it imports nothing of the client.
BATCH_GET_FREE_TRIAL_INFO: Final = "BatchGetFreeTrialInfo"
LIST_USAGE_TOTALS: Final = "ListUsageTotals"
LIST_MEMBERS: Final = "ListMembers"
BATCH_GET_ACCOUNT_STATUS: Final = "BatchGetAccountStatus"
USAGE_PAGE_SIZE_DEFAULT: Final = 100
"""``maxResults`` of a ListUsageTotals request that gives none."""
MEMBERS_PAGE_SIZE_DEFAULT: Final = 50
"""``maxResults`` of a ListMembers request that gives none: the most the model allows."""


class InspectorBackend(BaseBackend):
    """The emulated service in one region (or, given alone to the server, in every region).

    Thread-safe: the server answers each connection on its own thread.
    """

    def __init__(self, organisation: Organisation, faults: FaultPlan | None = None) -> None:
        super().__init__(faults)
        self.organisation = organisation
        self._internal_errors_served: Counter[tuple[str, str]] = Counter()
        """(operation, account) -> INTERNAL_ERROR answers served: each operation counts down
        an account's planned failures on its own."""
        self._token_key = secrets.token_bytes(32)
        """Signs page tokens: a token is good only where it was given."""

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
                failure = self._failure_of(BATCH_GET_FREE_TRIAL_INFO, account_id)
                if failure is not None:
                    failed.append(_trial_failure(*failure))
                    continue
                trials = self.organisation.trials_of(account_id)
                if trials is None:
                    failed.append(_not_a_member(account_id))
                else:
                    wire = [trial_to_wire(t) for t in trials]
                    accounts.append({"accountId": account_id, "freeTrialInfo": wire})
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
        binding = _accounts_digest(asked)
        position = self._page_position(next_token, binding, len(asked), "these accountIds")
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
            answer["nextToken"] = self._page_token(next_position, binding)
        return answer

    def list_members(
        self, only_associated: object = None, max_results: object = None, next_token: object = None
    ) -> dict[str, Any]:
        """Answer ``inspector2:ListMembers`` as the service does, for the delegated administrator.

        The request is checked against botocore's model (``maxResults`` 1 to 50, 50 when not
        given). ``members`` lists the organisation's members (``Organisation.members_page``:
        listed ones by id, then synthesized ones), never a non-member; with ``onlyAssociated``
        true only those whose ``relationshipStatus`` is ``ENABLED``. ``nextToken`` is given
        while more follow, and is good only for a request with the same ``onlyAssociated`` to
        this backend (any other token is a ValidationException).
        """
        self._admit()
        params = {
            name: value
            for name, value in (
                ("onlyAssociated", only_associated),
                ("maxResults", max_results),
                ("nextToken", next_token),
            )
            if value is not None
        }
        validate_input(SERVICE_NAME, LIST_MEMBERS, params)
        associated = only_associated is True
        binding = f"only-associated-{associated}".lower()
        page_size = max_results if isinstance(max_results, int) else MEMBERS_PAGE_SIZE_DEFAULT
        with self._lock:
            _, total = self.organisation.members_page(associated, 0, 0)
            position = self._page_position(next_token, binding, total, "this onlyAssociated")
            page, _ = self.organisation.members_page(associated, position, page_size)
            malformed = self.faults.malformed
        if malformed == "missing-fields":
            return {"members": [{"relationshipStatus": ENABLED}]}  # a member without its id
        members = [
            {
                "accountId": account_id,
                "relationshipStatus": relationship,
                "delegatedAdminAccountId": DELEGATED_ADMINISTRATOR,
                "updatedAt": MEMBERS_UPDATED_AT,
            }
            for account_id, relationship in page
        ]
        answer: dict[str, Any] = {"members": members}
        if position + page_size < total:
            answer["nextToken"] = self._page_token(position + page_size, binding)
        return answer

    def batch_get_account_status(self, account_ids: object = None) -> dict[str, Any]:
        """Answer ``inspector2:BatchGetAccountStatus`` as the service does.

        The request is checked against botocore's model (0 to 100 ids; none asks for the
        caller's own account, the delegated administrator, everything enabled). An associated
        member answers under ``accounts`` with its ``state`` and a ``resourceState`` per scan
        type; a non-member, a member that is not associated and the plan's
        ``access_denied_accounts`` answer ``ACCESS_DENIED`` under ``failedAccounts``, and the
        plan's ``internal_error_accounts`` ``INTERNAL_ERROR`` (counted apart from
        BatchGetFreeTrialInfo's). An id asked twice is answered once.
        """
        self._admit()
        params = {} if account_ids is None else {"accountIds": account_ids}
        validate_input(SERVICE_NAME, BATCH_GET_ACCOUNT_STATUS, params)
        asked = list(dict.fromkeys(account_ids)) if isinstance(account_ids, list) else []
        accounts: list[dict[str, Any]] = []
        failed: list[dict[str, Any]] = []
        with self._lock:
            if not asked:
                own = dict.fromkeys(RESOURCE_KEYS, ENABLED)
                accounts.append(_account_state(DELEGATED_ADMINISTRATOR, own))
            for account_id in asked:
                failure = self._failure_of(BATCH_GET_ACCOUNT_STATUS, account_id)
                state = self.organisation.resource_state_of(account_id)
                relationship = self.organisation.relationship_of(account_id)
                if failure is None and (state is None or relationship != ENABLED):
                    failure = (account_id, ACCESS_DENIED, _not_associated(account_id, relationship))
                if failure is not None:
                    failed.append(_status_failure(*failure))
                else:
                    assert state is not None
                    accounts.append(_account_state(account_id, state))
            malformed = self.faults.malformed
        if malformed == "missing-fields":
            return {}
        return {"accounts": accounts, "failedAccounts": failed}

    def _page_token(self, position: int, binding: str) -> str:
        """An opaque token for the page that starts at ``position``: signed with this backend's
        key, so it is good only here and only for a request bound the same way (the same
        accounts, the same ``onlyAssociated``)."""
        payload = f"{position}:{binding}"
        signature = hmac.new(self._token_key, payload.encode("ascii"), "sha256").hexdigest()
        token = base64.urlsafe_b64encode(f"{payload}:{signature}".encode("ascii"))
        return token.decode("ascii")

    def _page_position(self, token: object, binding: str, limit: int, bound_to: str) -> int:
        """Where the page a ``nextToken`` asks for starts (0 without one), before ``limit``;
        a token given for another ``binding`` is refused, naming what it is bound to."""
        if token is None:
            return 0
        try:
            decoded = base64.b64decode(str(token), altchars=b"-_", validate=True).decode("ascii")
        except (ValueError, UnicodeError):  # binascii.Error is a ValueError
            raise _invalid_next_token(bound_to) from None
        position, _, rest = decoded.partition(":")
        bound, _, signature = rest.partition(":")
        expected = hmac.new(
            self._token_key, f"{position}:{bound}".encode("ascii"), "sha256"
        ).hexdigest()
        if (
            not hmac.compare_digest(signature, expected)
            or bound != binding
            or not position.isdigit()
            or not 0 < int(position) < limit
        ):
            raise _invalid_next_token(bound_to)
        return int(position)

    def request_count(self, operation: str = BATCH_GET_FREE_TRIAL_INFO) -> int:
        """How many requests of one operation were answered, whatever the outcome."""
        return self._count(operation)

    def reset(self) -> None:
        """Forget recorded requests and rewind every fault counter."""
        super().reset()
        with self._lock:
            self._internal_errors_served.clear()

    # --- rules (called with the lock held) ----------------------------------------------------

    def _failure_of(self, operation: str, account_id: str) -> tuple[str, str, str] | None:
        """The plan's failure of one account in one operation, as (account, code, message)."""
        faults = self.faults
        what = _WHAT_IS_READ[operation]
        planned = faults.internal_error_accounts.get(account_id, 0)
        if planned < 0 or self._internal_errors_served[operation, account_id] < planned:
            self._internal_errors_served[operation, account_id] += 1
            return (
                account_id,
                INTERNAL_ERROR,
                f"Internal error while retrieving {what} for account {account_id}. "
                "Retry the request.",
            )
        if account_id in faults.access_denied_accounts:
            return (account_id, ACCESS_DENIED, f"Access denied to {what} for account {account_id}.")
        return None


class RegionalBackends(BackendDict[Organisation, InspectorBackend]):
    """Inspector2's state per region, like moto's ``BackendDict``: one ``InspectorBackend``
    (organisation, faults and their counters, recorded requests) for each region served.

    ``regions`` maps a region to its organisation (or to a backend built beforehand). A region
    not listed serves ``default``, with a backend of its own made on its first request; with no
    ``default`` it is not served, and answers as AWS does for an opt-in region the account has
    not enabled. ``faults`` is the plan each backend made from an organisation starts from (a
    copy each, so one region's faults and counters never touch another's).

    ``requests``, ``request_count`` and ``reset`` cover every region, so a test reads
    ``server.backend.requests`` whichever kind of backend the server was given.
    """

    def _make(self, source: Organisation, faults: FaultPlan) -> InspectorBackend:
        return InspectorBackend(source, faults)

    def request_count(self, operation: str = BATCH_GET_FREE_TRIAL_INFO) -> int:
        """How many requests of one operation were answered in every region."""
        return self._count(operation)


_WHAT_IS_READ: Final = {
    BATCH_GET_FREE_TRIAL_INFO: "free trial information",
    BATCH_GET_ACCOUNT_STATUS: "the Inspector status",
}
MEMBERS_UPDATED_AT: Final = 1767225600.0
"""When every emulated membership last changed (2026-01-01, epoch seconds)."""


def _trial_failure(account_id: str, code: str, message: str) -> dict[str, str]:
    return {"accountId": account_id, "code": code, "message": message}


def _status_failure(account_id: str, code: str, message: str) -> dict[str, str]:
    """BatchGetAccountStatus's failure shape: ``errorCode`` and ``errorMessage``."""
    return {"accountId": account_id, "errorCode": code, "errorMessage": message}


def _not_associated(account_id: str, relationship: str | None) -> str:
    if relationship is None:
        return f"Account {account_id} is not a member of the organization."
    return f"Account {account_id} is not an associated member (relationship status {relationship})."


def _account_state(account_id: str, resource_state: dict[str, str]) -> dict[str, Any]:
    """One ``accounts`` entry: Inspector is on in the account while any scan type is."""
    overall = ENABLED if ENABLED in resource_state.values() else DISABLED
    return {
        "accountId": account_id,
        "state": {"status": overall},
        "resourceState": {key: {"status": status} for key, status in resource_state.items()},
    }


def _not_a_member(account_id: str) -> dict[str, str]:
    return {
        "accountId": account_id,
        "code": ACCESS_DENIED,
        "message": f"Account {account_id} is not a member of the organization.",
    }


def _accounts_digest(asked: Sequence[str]) -> str:
    """What binds a page token to the accounts of the request it continues."""
    return hashlib.sha256("\n".join(asked).encode("utf-8")).hexdigest()[:32]


def _invalid_next_token(bound_to: str) -> ValidationException:
    return ValidationException(
        f"The nextToken is invalid: it was not given for a request with {bound_to}.",
        fields=[{"name": "nextToken", "message": "Invalid nextToken"}],
    )
