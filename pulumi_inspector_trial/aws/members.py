"""ListMembers: the delegated administrator's associated members, page by page, each page's
ids feeding the batch reads (and cost chunks) as it arrives."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Final

from ..domain.trials import MAX_ACCOUNTS_PER_REQUEST
from ..domain.validation import is_account_id
from .calls import Calls
from .errors import MEMBERS_OPERATION, NotInspectorError
from .usage import USAGE_CHUNK

MEMBERS_PAGE_SIZE: Final = 50
"""``maxResults`` of each ListMembers request: the most the service allows."""

Work = tuple[str, list[str]]
"""One request to make: ``"trials"``, ``"status"`` or ``"costs"``, and its account ids."""


def member_pages(calls: Calls, deadline: float) -> Iterator[list[str]]:
    """The account ids of each ListMembers page (``onlyAssociated``), one after another; past
    ``deadline`` ``DeadlinePassed`` is raised where the read waits, as its budget."""
    pages = calls.pages(
        "list_members",
        MEMBERS_OPERATION,
        deadline,
        onlyAssociated=True,
        maxResults=MEMBERS_PAGE_SIZE,
    )
    for response in pages:
        ids = [str(m.get("accountId", "")) for m in response.get("members") or ()]
        if not all(is_account_id(i) for i in ids):
            raise NotInspectorError(
                endpoint=calls.endpoint, what="a member without a 12-digit accountId"
            )
        yield ids


def member_work(
    pages: Iterator[list[str]],
    listed: dict[str, None],
    progress: Callable[[int, int], None] | None,
    *,
    include_account_status: bool,
    include_costs: bool,
) -> Iterator[Work]:
    """The requests the pages call for, each as soon as a page fills it: a batch of 100 new
    members' trials (and status), a chunk of their costs; the part batch and chunk last.
    Each member is recorded in ``listed`` (and told to ``progress``) once."""
    trial_batch: list[str] = []
    cost_chunk: list[str] = []
    for page in pages:
        fresh = [i for i in page if i not in listed]
        listed.update(dict.fromkeys(fresh))
        if progress is not None and fresh:
            progress(0, len(fresh))
        trial_batch += fresh
        cost_chunk += fresh
        while len(trial_batch) >= MAX_ACCOUNTS_PER_REQUEST:
            batch = trial_batch[:MAX_ACCOUNTS_PER_REQUEST]
            del trial_batch[:MAX_ACCOUNTS_PER_REQUEST]
            yield from _batch_work(batch, include_account_status)
        if include_costs and len(cost_chunk) >= USAGE_CHUNK:
            yield "costs", cost_chunk[:USAGE_CHUNK]
            del cost_chunk[:USAGE_CHUNK]
    if trial_batch:
        yield from _batch_work(trial_batch, include_account_status)
    if include_costs and cost_chunk:
        yield "costs", cost_chunk


def _batch_work(batch: list[str], include_account_status: bool) -> Iterator[Work]:
    yield "trials", batch
    if include_account_status:
        yield "status", batch
