"""What a resolver answers (``BatchAnswer``, ``MembersAnswer``), and what the shared batches ask
of one (``BatchResolver``): declared here so that ``aws`` builds to them and ``read`` needs
nothing of ``aws`` to use them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from ..domain.costs import AccountCosts
from ..domain.status import AccountStatus
from ..domain.trials import AccountTrials, FailedAccount, FreeTrialResult
from ..domain.validation import AccountIds
from .query import ResolveLimits


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


@dataclass(frozen=True, slots=True)
class MembersAnswer:
    """A read of the delegated administrator's members: who they are, and what was asked of
    each as their pages arrived."""

    account_ids: AccountIds
    """The associated members ListMembers listed, sorted."""
    trials: BatchAnswer[AccountTrials]
    statuses: BatchAnswer[AccountStatus] | None
    costs: dict[str, AccountCosts] | None


class BatchResolver(Protocol):
    """What resolves account ids for one ``AwsSettings``, batch by batch: ``aws.resolver.
    TrialResolver``, which ``read.batching.SharedTrialCache`` shares between reads."""

    @property
    def region(self) -> str: ...

    @property
    def limits(self) -> ResolveLimits: ...

    def resolve(self, account_ids: Iterable[str]) -> FreeTrialResult: ...

    def resolve_ids(self, ids: Sequence[str], deadline: float) -> BatchAnswer[AccountTrials]: ...

    def resolve_costs(self, account_ids: Iterable[str]) -> dict[str, AccountCosts]: ...

    def resolve_statuses(self, account_ids: Iterable[str]) -> BatchAnswer[AccountStatus]: ...

    def resolve_members(
        self, *, include_account_status: bool = False, include_costs: bool = False
    ) -> MembersAnswer: ...
