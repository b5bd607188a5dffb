"""What the organisation's state changes about a gating decision: a member the service denies is
skipped as not associated, and a type an account has ENABLED that the gate does not enable is
named where the decision is read."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from .gating import ENABLER_RESOURCE_TYPES, NOT_ASSOCIATED_REASON, GatingDecision
from .trials import ACCESS_DENIED, FailedAccount

ENABLED_NOW_NOTE: Final = "ENABLED now, left out of the Enabler"
"""Ends the reason of a type an account has ENABLED that the gate does not enable."""


def as_not_associated(decision: GatingDecision, failure: FailedAccount | None) -> GatingDecision:
    """``decision`` of an account read as a member whose data the service denied
    (``ACCESS_DENIED``: it left the organisation, or its association ended, after the members
    were listed), or whose status ``BatchGetAccountStatus`` denied (``failure`` is then that
    read's: only an associated member has a status the delegated administrator may read):
    skipped, saying so, rather than reported as a failure. Any other decision is returned as it
    is."""
    if decision.resolved or failure is None or failure.code != ACCESS_DENIED:
        return decision
    why = f"{NOT_ASSOCIATED_REASON} ({failure.reason})"
    return GatingDecision(
        decision.account_id, (), dict.fromkeys(decision.reasons, why), resolved=False
    )


def left_out_though_enabled(
    decision: GatingDecision, enabled: Iterable[str]
) -> tuple[GatingDecision, tuple[str, ...]]:
    """``decision`` with each Enabler type the account has ``enabled`` (ENABLED by
    ``BatchGetAccountStatus``) but the gate does not enable marked in its reason, and those
    types in the Enabler's order. Such a type is left out of the account's Enabler, as any type
    the gate does not enable: one this stack's Enabler turned on is turned off by the next
    ``pulumi up``, one turned on elsewhere stays on. The mark says so where the decision is read,
    so nothing is disabled unsaid. A type the gate enables is given to the Enabler whether or not
    it is ENABLED already: the Enabler owns it. An unresolved decision is returned as it is."""
    if not decision.resolved:
        return decision, ()
    enabled_now = set(enabled)
    left_out = tuple(
        t for t in ENABLER_RESOURCE_TYPES if t in enabled_now and t not in decision.enable
    )
    if not left_out:
        return decision, ()
    reasons = dict(decision.reasons)
    for enabler_type in left_out:
        why = reasons.get(enabler_type, "not wanted")
        reasons[enabler_type] = f"{why}; {ENABLED_NOW_NOTE}"
    marked = GatingDecision(decision.account_id, decision.enable, reasons, decision.resolved)
    return marked, left_out
