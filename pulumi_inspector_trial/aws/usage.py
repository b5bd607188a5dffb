"""ListUsageTotals: one chunk of account ids, page by page, as each account's estimated costs."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

from ..domain.costs import AccountCosts
from ..read.waiting import DeadlinePassed
from .calls import Calls
from .errors import USAGE_OPERATION, NotInspectorError

MAX_ACCOUNTS_PER_USAGE_REQUEST: Final = 7_000
"""The most account ids one ListUsageTotals request takes."""
USAGE_PAGE_SIZE: Final = 500
"""``maxResults`` of each ListUsageTotals request: the most the service allows."""
USAGE_CHUNK: Final = min(MAX_ACCOUNTS_PER_USAGE_REQUEST, USAGE_PAGE_SIZE)
"""Ids per ListUsageTotals chunk. The service allows 7,000, but a chunk of 7,000 is 14 pages
asked one after another (each page needs the last one's token); chunks of one page's worth take
the same number of requests, ceil(N/500), all at once."""


def usage_of(calls: Calls, chunk: Sequence[str], deadline: float) -> list[AccountCosts]:
    """The costs of the accounts of ``chunk`` the service has usage for; none once the time
    budget is spent (the caller waiting on the chunks reports the budget)."""
    usage: dict[str, list[Mapping[str, Any]]] = {}
    pages = calls.pages(
        "list_usage_totals",
        USAGE_OPERATION,
        deadline,
        accountIds=list(chunk),
        maxResults=USAGE_PAGE_SIZE,
    )
    try:
        for response in pages:
            for total in response.get("totals") or ():
                usage.setdefault(str(total["accountId"]), []).extend(total.get("usage") or ())
    except DeadlinePassed:
        return []
    except (KeyError, TypeError) as error:
        raise NotInspectorError(
            endpoint=calls.endpoint, what=f"a malformed usage total ({error})"
        ) from None
    try:
        return [AccountCosts.from_usage(i, entries) for i, entries in usage.items()]
    except (KeyError, TypeError, ValueError) as error:
        raise NotInspectorError(
            endpoint=calls.endpoint, what=f"a malformed usage entry ({error})"
        ) from None
