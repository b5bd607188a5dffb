"""The one read service: every entry point reads trials through ``read_free_trials``.

The provider (``FreeTrialInfo``), ``get_free_trial_info(_output)``, ``GatedEnabler`` and the
command line differ only in where their defaults come from (``StackDefaults``) and in which
resolver they read with (``resolver_for``: ``aws.resolver.TrialResolver``, or shared batches of
one). Filling in region, profile and time budget in the contract's order, resolving, applying
``allow_failed_accounts`` and shaping the contract's document happen here, once.

The resolver always comes from the caller: ``aws`` builds on ``read``, so ``read`` never imports
``aws``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from typing import Any, Protocol

from ..domain.costs import AccountCosts
from ..domain.errors import FailedAccountsError, InspectorTrialError
from ..domain.status import AccountStatus, enabled_types_of, with_status_failures
from ..domain.trials import FailedAccount, FreeTrialResult
from .answers import BatchAnswer, MembersAnswer
from .query import TIMEOUT_CONFIG_KEY, AwsSettings, ResolveLimits, TrialQuery, limits_from_config
from .waiting import Background, cancellation, in_threads


class Resolver(Protocol):
    """What resolves account ids for one ``AwsSettings``: ``aws.resolver.TrialResolver``, or the
    provider process's shared batches (``read.batching.SharedTrialCache``)."""

    @property
    def region(self) -> str: ...

    def resolve(self, account_ids: Iterable[str]) -> FreeTrialResult: ...

    def resolve_costs(self, account_ids: Iterable[str]) -> dict[str, AccountCosts]: ...

    def resolve_statuses(self, account_ids: Iterable[str]) -> BatchAnswer[AccountStatus]: ...

    def resolve_members(
        self, *, include_account_status: bool = False, include_costs: bool = False
    ) -> MembersAnswer: ...


ResolverFactory = Callable[[AwsSettings, ResolveLimits], Resolver]


@dataclass(frozen=True, slots=True)
class StackDefaults:
    """What applies where a read's own inputs are silent: the stack's ``aws:region``,
    ``aws:profile`` and ``inspector-trial:timeout`` (the command line has none of these)."""

    region: str | None = None
    profile: str | None = None
    limits: ResolveLimits = field(default_factory=ResolveLimits)

    @classmethod
    def from_config(cls, get: Callable[[str], object]) -> StackDefaults:
        """From stack config, read by ``get("namespace:key")``; a bad timeout is named."""
        return cls(
            region=_string(get("aws:region")),
            profile=_string(get("aws:profile")),
            limits=limits_from_config(get(TIMEOUT_CONFIG_KEY)),
        )

    @classmethod
    def of_program(cls) -> StackDefaults:
        """The running Pulumi program's stack config."""
        import pulumi

        def get(key: str) -> object:
            namespace, name = key.split(":", 1)
            return pulumi.Config(namespace).get(name)

        return cls.from_config(get)


@dataclass(frozen=True, slots=True)
class TrialRead:
    """One read: what was asked, the region it was read in, what came back, and when."""

    query: TrialQuery
    region: str
    result: FreeTrialResult
    at: datetime
    costs: dict[str, AccountCosts] | None = None
    """Each resolved account's estimated monthly cost, when the query asked for them."""
    statuses: dict[str, AccountStatus] | None = None
    """What each resolved account has enabled, when the query asked for account status."""
    status_failures: tuple[FailedAccount, ...] = ()
    """The accounts the status read could not see, as it answered, whatever their trials did
    (``result`` keeps a trial failure over a status one): ``GatedEnabler`` tells a non-member by
    them."""

    @property
    def active_types(self) -> dict[str, list[str]]:
        """``{account_id: [type, ...]}`` of the trials running when read."""
        return self.result.active_types(self.at)

    @property
    def enabled_types(self) -> dict[str, list[str]] | None:
        """``{account_id: [type, ...]}`` of the scan types ENABLED when read, or None when
        account status was not asked for."""
        return None if self.statuses is None else enabled_types_of(self.statuses.values())

    @property
    def account_ids(self) -> list[str]:
        """The accounts read: those asked for, or the members listed."""
        return self.result.account_ids if self.query.members else list(self.query.account_ids)

    def outputs(self) -> dict[str, Any]:
        """The resource's outputs: its inputs echoed back, plus the contract's trial shapes."""
        document = self.result.to_dict()
        return {
            **self.query.to_props(),
            "account_ids": self.account_ids,
            "region": self.region,
            "accounts": document["accounts"],
            "failed_accounts": document["failed_accounts"],
            "active_types": self.active_types,
            "costs": self.cost_documents,
            "enabled_types": self.enabled_types,
        }

    @property
    def cost_documents(self) -> dict[str, dict[str, Any]] | None:
        """``{account_id: {"currency", "total", "scan_types", "usage_types"}}``, or None when
        costs were not asked for."""
        if self.costs is None:
            return None
        return {account_id: c.to_dict() for account_id, c in sorted(self.costs.items())}


def read_free_trials(
    query: TrialQuery,
    defaults: StackDefaults | None = None,
    *,
    resolver_for: ResolverFactory,
) -> TrialRead:
    """Read the trials ``query`` asks for, where and as whom its settings (else ``defaults``,
    else the environment) say, with the resolver ``resolver_for`` makes for those settings.

    :raises FailedAccountsError: some accounts could not be resolved and the query does not
        allow that; the error holds everything that was.
    :raises TrialDataError: the service, network or credentials failed within the time budget.
    :raises InvalidInputError: a setting (or one from the environment) is malformed.

    When the query's ids are secret, every message names them by their last four digits.
    """
    try:
        return _read(query, defaults or StackDefaults(), resolver_for)
    except InspectorTrialError as error:
        # Whatever failed may quote the ids (a time-out, what the service said about them).
        if query.secret_ids:
            error.mask_account_ids()
        raise


def _read(query: TrialQuery, defaults: StackDefaults, resolver_for: ResolverFactory) -> TrialRead:
    settings = query.settings.with_defaults(defaults.region, defaults.profile)
    resolver = resolver_for(settings, defaults.limits)
    # Only what was asked for is read: no other read needs ListUsageTotals, ListMembers or
    # BatchGetAccountStatus allowed.
    every_cost: dict[str, AccountCosts] | None = None
    statuses: BatchAnswer[AccountStatus] | None = None
    if query.members:
        members = resolver.resolve_members(
            include_account_status=query.include_account_status,
            include_costs=query.include_costs,
        )
        result = FreeTrialResult(members.trials.accounts, members.trials.failed_accounts)
        every_cost, statuses = members.costs, members.statuses
    else:
        # Every operation at once: the costs and status of an account that turns out not to
        # resolve are read for nothing, which costs less than waiting for the trials first.
        # Not an executor: its `with` would join a read hung on a slow endpoint after Ctrl-C.
        with cancellation():
            estimates = (
                Background(lambda: resolver.resolve_costs(query.account_ids), "inspector-costs")
                if query.include_costs
                else None
            )
            status_read = (
                Background(lambda: resolver.resolve_statuses(query.account_ids), "inspector-status")
                if query.include_account_status
                else None
            )
            result = resolver.resolve(query.account_ids)
            every_cost = estimates.result() if estimates is not None else None
            statuses = status_read.result() if status_read is not None else None
    if statuses is not None:
        result = with_status_failures(result, statuses.failed_accounts)
    resolved = {a.account_id for a in result.accounts}
    costs = None if every_cost is None else {i: c for i, c in every_cost.items() if i in resolved}
    status_of = (
        None
        if statuses is None
        else {s.account_id: s for s in statuses.accounts if s.account_id in resolved}
    )
    if result.failed_accounts and not query.allow_failed_accounts:
        raise FailedAccountsError(result, secret_ids=query.secret_ids)
    return TrialRead(
        query,
        resolver.region,
        result,
        datetime.now(timezone.utc),
        costs,
        status_of,
        () if statuses is None else statuses.failed_accounts,
    )


def read_free_trials_in_regions(
    query: TrialQuery,
    regions: Sequence[str | None],
    defaults: StackDefaults | None = None,
    *,
    resolver_for: ResolverFactory,
) -> dict[str | None, TrialRead | InspectorTrialError]:
    """``read_free_trials`` in each of ``regions`` at once (None: the default region).

    Regions are read concurrently, each within the one time budget, so they never queue behind
    one another. A region that cannot be read (an opt-in region not enabled, an endpoint that
    does not answer) gives its error in place of its read: the caller reports it by name and
    still has the others. Keyed in the order given.
    """

    def read_in(region: str | None) -> TrialRead:
        located = replace(
            query, settings=replace(query.settings, region=region or query.settings.region)
        )
        return read_free_trials(located, defaults, resolver_for=resolver_for)

    if len(regions) == 1:  # no thread for the common case
        return {regions[0]: _read_or_error(read_in, regions[0])}
    # Daemon threads, not an executor, whose `with` would join a region hung on a slow endpoint
    # after Ctrl-C, and whose threads Python joins at exit anyway.
    with cancellation():
        reads = in_threads(
            lambda region: _read_or_error(read_in, region),
            regions,
            workers=len(regions),
            name="inspector-region",
        )
    return dict(zip(regions, reads, strict=True))


def _read_or_error(
    read_in: Callable[[str | None], TrialRead], region: str | None
) -> TrialRead | InspectorTrialError:
    try:
        return read_in(region)
    except InspectorTrialError as error:
        return error


def _string(value: object) -> str | None:
    return value if isinstance(value, str) and value else None
