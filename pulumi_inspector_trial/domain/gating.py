"""The gating rules: which scan types an ``aws.inspector2.Enabler`` should turn on, given trials.

Pure functions over the domain model. Nothing here reads the clock: every decision takes the
moment it is made for (``at``) from its caller, so the same inputs always give the same answer.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from typing import Any, Final

from .costs import AccountCosts
from .errors import InvalidInputError
from .scan_types import SCAN_TYPES
from .trials import (
    AccountTrials,
    FailedAccount,
    FreeTrial,
    FreeTrialResult,
    format_timestamp,
)
from .validation import (
    normalize_account_ids,
    require_aware,
    validate_budget,
    validate_min_days_left,
)
from .wording import noun, plural, usd

ENABLER_RESOURCE_TYPES: Final[tuple[str, ...]] = tuple(SCAN_TYPES)
"""The ``resource_types`` that pulumi-aws's ``aws.inspector2.Enabler`` accepts, in the order of
the one table of scan types (``domain.scan_types``)."""

UNRESOLVED_REASON: Final = "account trial data unavailable"
"""How every reason of an account whose trial data could not be resolved begins."""
NOT_ASSOCIATED_REASON: Final = "not an associated member of the delegated administrator"
"""How every reason of an account the members read could not see begins."""

# The one place that maps trial types to Enabler resource types: each Enabler type is gated by
# the trial type of the same name. The newer trial types (VM, CONTAINER_IMAGE,
# SERVERLESS_FUNCTION, MACHINE_IMAGE, ...) have no Enabler resource type, so they are absent here
# and gating ignores them rather than failing on a type the service added.
_ENABLER_TYPE_OF_TRIAL: Final[Mapping[str, str]] = MappingProxyType(
    {trial_type: trial_type for trial_type in ENABLER_RESOURCE_TYPES}
)


_TRIAL_TYPE_OF_ENABLER: Final[Mapping[str, str]] = MappingProxyType(
    {enabler_type: trial_type for trial_type, enabler_type in _ENABLER_TYPE_OF_TRIAL.items()}
)


def enabler_resource_type(trial_type: str) -> str | None:
    """The Enabler resource type a trial type gates, or None when no Enabler type matches it."""
    return _ENABLER_TYPE_OF_TRIAL.get(trial_type)


def gating_trial_type(enabler_type: str) -> str:
    """The trial type whose trial gates an Enabler resource type (the same name today; read from
    the one table, so a renamed trial type is one edit there)."""
    return _TRIAL_TYPE_OF_ENABLER.get(enabler_type, enabler_type)


def days_phrase(days: int, *, left: bool = False) -> str:
    """How far away an end date is, in whole days: ``in 2 days``, ``in 1 day``, ``in less than
    a day``; with ``left=True`` ``2 days left``, ``1 day left``, ``less than a day left``."""
    amount = "less than a day" if days <= 0 else plural(days, "day")
    return f"{amount} left" if left else f"in {amount}"


def validate_scan_types(values: Iterable[str], what: str = "wanted") -> frozenset[str]:
    """Validate a collection of Enabler resource types, naming every unknown one in one error."""
    if isinstance(values, (str, bytes)):
        raise InvalidInputError(
            f"{what} must be a list of scan types, not the single string {values!r}."
        )
    types = list(values)
    unknown = sorted({repr(t) for t in types if t not in ENABLER_RESOURCE_TYPES})
    if unknown:
        raise InvalidInputError(
            f"Unknown scan {noun(len(unknown), 'type')} in {what}: {', '.join(unknown)}. "
            f"Valid types are {', '.join(ENABLER_RESOURCE_TYPES)}."
        )
    return frozenset(types)


@dataclass(frozen=True, init=False)
class GatingPolicy:
    """When a wanted scan type is enabled.

    With the defaults a type is enabled exactly while its free trial is ACTIVE. ``min_days_left``
    counts whole days, rounded down: a trial ending in 6 days and 23 hours has 6 days left.
    ``min_days_left`` refines ``require_active``; with ``require_active=False`` the trial does not
    gate anything, so it has no effect. ``always_enable`` lists types already paid for: they are
    enabled whatever the trial says (and even when not asked for), except for an account whose
    trial data could not be resolved, which is never enabled at all.

    ``max_monthly_cost`` (US dollars, per account) keeps a wanted type whose trial no longer
    covers it (inactive, ended, or under ``min_days_left``) enabled while it is affordable: such
    types are taken cheapest first, by the service's estimate, while their summed estimate stays
    within the budget. Types still on trial are free and do not count. A type that never had a
    trial is not kept. Without ``max_monthly_cost`` nothing changes.
    """

    require_active: bool
    min_days_left: int
    always_enable: frozenset[str]
    max_monthly_cost: float | None

    def __init__(
        self,
        *,
        require_active: bool = True,
        min_days_left: int = 0,
        always_enable: Iterable[str] = frozenset(),
        max_monthly_cost: float | None = None,
    ) -> None:
        # A hand-written __init__ so that any iterable is accepted (and type-checks) while the
        # attribute stays a frozenset.
        validate_min_days_left(min_days_left)
        object.__setattr__(self, "max_monthly_cost", validate_budget(max_monthly_cost))
        object.__setattr__(self, "require_active", bool(require_active))
        object.__setattr__(self, "min_days_left", min_days_left)
        object.__setattr__(
            self, "always_enable", validate_scan_types(always_enable, "always_enable")
        )


@dataclass(frozen=True)
class GatingDecision:
    """What to enable in one account, and why."""

    account_id: str
    enable: tuple[str, ...]
    """The Enabler resource types to turn on, sorted. Empty when nothing may be enabled."""
    reasons: Mapping[str, str] = field(default_factory=dict)
    """For each wanted type, one short phrase saying why it is or is not enabled."""
    resolved: bool = True
    """False when the account's trial data could not be resolved (and nothing is enabled)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "enable", tuple(sorted(set(self.enable))))
        object.__setattr__(self, "reasons", dict(sorted(self.reasons.items())))

    def to_dict(self) -> dict[str, Any]:
        """The decision as documents show it: ``{"enable": [...], "reasons": {type: why},
        "resolved": bool}``."""
        return {
            "enable": list(self.enable),
            "reasons": dict(self.reasons),
            "resolved": self.resolved,
        }

    @property
    def unresolved_reason(self) -> str:
        """Why an unresolved account gets nothing, naming the failure where one is known."""
        # Every reason of an unresolved account names the same failure; with no scan type
        # considered at all there is no reason to take it from.
        return next(iter(self.reasons.values()), UNRESOLVED_REASON)

    @property
    def is_not_associated(self) -> bool:
        """Skipped as not an associated member (``membership.as_not_associated``) rather than
        failed."""
        return not self.resolved and self.unresolved_reason.startswith(NOT_ASSOCIATED_REASON)

    @property
    def summary(self) -> str:
        """One line for humans, types in the Enabler's own order and skipped ones grouped by
        reason: ``111122223333: enable LAMBDA, CODE_REPOSITORY; skip EC2, ECR (trial inactive)``.
        """
        if self.is_not_associated:
            return f"{self.account_id}: enable nothing ({self.unresolved_reason})"
        if not self.resolved:
            return f"{self.account_id}: enable nothing, failing closed ({self.unresolved_reason})"
        order = {t: i for i, t in enumerate(ENABLER_RESOURCE_TYPES)}
        by_order = sorted(self.reasons, key=lambda t: (order.get(t, len(order)), t))
        enabled = [t for t in by_order if t in self.enable]
        skipped: dict[str, list[str]] = {}
        for enabler_type in by_order:
            if enabler_type not in self.enable:
                skipped.setdefault(self.reasons[enabler_type], []).append(enabler_type)
        line = f"{self.account_id}: enable {', '.join(enabled) or 'nothing'}"
        if skipped:
            line += "; skip " + "; ".join(f"{', '.join(ts)} ({why})" for why, ts in skipped.items())
        return line


def _trial_state(trial: FreeTrial | None, at: datetime) -> tuple[bool, int, str]:
    """Whether a trial is running at ``at``, its whole days left, and a phrase describing it."""
    if trial is None:
        return False, 0, "no trial for this type"
    if not trial.is_active:
        return False, 0, f"trial {trial.status.lower()}"
    if not trial.is_running(at):
        # The service still says ACTIVE, but the end date has passed: treat it as ended.
        return False, 0, f"trial ended on {format_timestamp(trial.end)[:10]}"
    days = trial.days_left(at)
    return True, days, f"trial active, {days_phrase(days, left=True)}"


def _unresolved_reason(failure: FailedAccount | None) -> str:
    if failure is None:
        return f"{UNRESOLVED_REASON}: not returned by the service"
    return f"{UNRESOLVED_REASON}: {failure.reason}"


def scan_types_to_enable(
    account: AccountTrials | None,
    wanted: Iterable[str],
    policy: GatingPolicy,
    *,
    at: datetime,
    failure: FailedAccount | None = None,
    account_id: str | None = None,
    costs: AccountCosts | None = None,
) -> GatingDecision:
    """Decide which of the ``wanted`` Enabler types to turn on in one account at moment ``at``.

    Fails closed: when the account's trial data could not be resolved (``account`` is None or a
    ``failure`` is given) nothing is enabled, not even ``policy.always_enable`` types, and every
    reason names the failure. A trial the service still reports ACTIVE after its end date counts
    as ended. Days left are whole days rounded down (see ``FreeTrial.days_left``).

    :param account: the account's trials, or None when they could not be resolved.
    :param wanted: Enabler resource types (see ``ENABLER_RESOURCE_TYPES``); duplicates are fine,
        an unknown type raises ``InvalidInputError``.
    :param policy: the gating policy.
    :param at: the moment to decide for; must be timezone-aware.
    :param failure: why the account could not be resolved, when it could not.
    :param account_id: the account's id when neither ``account`` nor ``failure`` gives it.
    :param costs: the account's estimated monthly costs, for ``policy.max_monthly_cost``; with a
        budget and no estimate, no type is kept past its trial (fail closed).
    """
    require_aware(at)
    considered = validate_scan_types(wanted, "wanted") | policy.always_enable
    ids = {x.account_id for x in (account, failure) if x is not None}
    if account_id is not None:
        ids.add(account_id)
    if len(ids) != 1:
        raise InvalidInputError(
            "scan_types_to_enable needs exactly one account id, got "
            f"{', '.join(sorted(ids)) or 'none'}."
        )
    (the_id,) = ids

    if account is None or failure is not None:
        why = _unresolved_reason(failure)
        return GatingDecision(
            account_id=the_id,
            enable=(),
            reasons={t: why for t in considered},
            resolved=False,
        )

    enable: list[str] = []
    reasons: dict[str, str] = {}
    uncovered: list[str] = []  # had a trial that no longer covers the type
    for enabler_type in sorted(considered):
        trial = account.trial(gating_trial_type(enabler_type))
        running, days, state = _trial_state(trial, at)
        if enabler_type in policy.always_enable:
            enable.append(enabler_type)
            reasons[enabler_type] = "always enabled"
        elif not policy.require_active:
            enable.append(enabler_type)
            reasons[enabler_type] = f"trial not required ({state})"
        elif not running:
            reasons[enabler_type] = state
            if trial is not None:
                uncovered.append(enabler_type)
        elif days < policy.min_days_left:
            reasons[enabler_type] = (
                f"trial ends {days_phrase(days)}, under the {policy.min_days_left}-day minimum"
            )
            uncovered.append(enabler_type)
        else:
            enable.append(enabler_type)
            reasons[enabler_type] = state
    if policy.max_monthly_cost is not None and uncovered:
        kept = _keep_within_budget(uncovered, reasons, policy.max_monthly_cost, costs)
        enable.extend(kept)
    return GatingDecision(account_id=the_id, enable=tuple(enable), reasons=reasons)


def _keep_within_budget(
    uncovered: list[str], reasons: dict[str, str], budget: float, costs: AccountCosts | None
) -> list[str]:
    """The uncovered types to keep, cheapest first, while their summed estimate fits ``budget``;
    every one's reason gains its estimate and the budget."""
    if costs is None:
        for enabler_type in uncovered:
            reasons[enabler_type] += (
                f"; no cost estimate to keep it within the {usd(budget)} budget"
            )
        return []
    estimates = costs.scan_types
    kept: list[str] = []
    used = 0.0
    for enabler_type in sorted(uncovered, key=lambda t: (estimates.get(t, 0.0), t)):
        cost = estimates.get(enabler_type, 0.0)
        if used + cost <= budget + 1e-9:
            used += cost
            kept.append(enabler_type)
            reasons[enabler_type] += (
                f"; est. {usd(cost)}/month, {usd(used)} of {usd(budget)} budget used"
            )
        else:
            reasons[enabler_type] += (
                f"; est. {usd(cost)}/month would pass the {usd(budget)} budget ({usd(used)} used)"
            )
    return kept


def decide(
    result: FreeTrialResult,
    wanted: Iterable[str],
    policy: GatingPolicy,
    *,
    at: datetime,
    account_ids: Iterable[str] | None = None,
    costs: Mapping[str, AccountCosts] | None = None,
) -> dict[str, GatingDecision]:
    """One ``GatingDecision`` per account, keyed by account id in sorted order.

    Every account of ``result`` gets a decision, failed ones included (they fail closed). When
    ``account_ids`` is given, an id the result does not mention also gets a fail-closed decision
    rather than being silently dropped.
    """
    require_aware(at)
    wanted = tuple(validate_scan_types(wanted, "wanted"))
    if account_ids is None:
        extra: tuple[str, ...] = ()
    elif isinstance(account_ids, (str, bytes)):
        extra = normalize_account_ids(account_ids)  # refuses a lone string, naming it
    else:
        listed = list(account_ids)
        # normalize_account_ids refuses an empty list; here "no extra ids" is a fine answer.
        extra = normalize_account_ids(listed) if listed else ()
    every_id = set(result.account_ids) | set(extra)
    return {
        account_id: account_decision(
            result, account_id, wanted, policy, at=at, costs=(costs or {}).get(account_id)
        )
        for account_id in sorted(every_id)
    }


def account_decision(
    result: FreeTrialResult,
    account_id: str,
    wanted: Iterable[str],
    policy: GatingPolicy,
    *,
    at: datetime,
    costs: AccountCosts | None = None,
) -> GatingDecision:
    """One account's ``GatingDecision`` from a whole read: an account the read failed for, or
    does not mention, fails closed."""
    return scan_types_to_enable(
        result.account(account_id),
        wanted,
        policy,
        at=at,
        failure=result.failure(account_id),
        account_id=account_id,
        costs=costs,
    )
