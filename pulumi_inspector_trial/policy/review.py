"""One Enabler reviewed: where it goes, its accounts' trials read there, and what no trial
covers."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final, NoReturn

from pulumi_policy.proxy import (
    UNKNOWN_ARCHIVE_VALUE,
    UNKNOWN_ARRAY_VALUE,
    UNKNOWN_ASSET_VALUE,
    UNKNOWN_BOOLEAN_VALUE,
    UNKNOWN_NUMBER_VALUE,
    UNKNOWN_OBJECT_VALUE,
    UNKNOWN_STRING_VALUE,
    UnknownValueError,
)

from ..domain.errors import InspectorTrialError, InvalidInputError
from ..domain.gating import ENABLER_RESOURCE_TYPES, UNRESOLVED_REASON, decide
from ..domain.validation import normalize_account_ids, validate_region
from ..read.environment import environment_region
from ..read.query import AwsSettings, TrialQuery
from ..read.service import ResolverFactory, StackDefaults, TrialRead, read_free_trials
from .config import PackSettings


@dataclass(frozen=True)
class Uncovered:
    """One account and type an Enabler would turn on that no trial covers, and why."""

    account_id: str
    resource_type: str
    region: str | None
    """The region the trial was read in (None: none could be found)."""
    why: str

    @property
    def message(self) -> str:
        where = self.region or "no region (set the Enabler's region or the pack's region config)"
        return (
            f"Account {self.account_id}: {self.resource_type} in {where} is not covered "
            f"by a free trial ({self.why})."
        )


@dataclass(frozen=True)
class EnablerReview:
    """What one Enabler would turn on, and which of it no trial covers."""

    resource_types: tuple[str, ...]
    """Its ``resourceTypes``, in its order."""
    uncovered: tuple[Uncovered, ...] = ()
    problem: str | None = None
    """Why the Enabler could not be checked at all (a malformed property), if it could not."""

    @property
    def covered_types(self) -> list[str]:
        """``resource_types`` less every type uncovered in any of its accounts: what
        remediation leaves (an Enabler turns each type on in all its accounts)."""
        dropped = {item.resource_type for item in self.uncovered}
        return [t for t in self.resource_types if t not in dropped]

    @property
    def messages(self) -> list[str]:
        """One violation message per finding."""
        problems = [self.problem] if self.problem else []
        return problems + [item.message for item in self.uncovered]


_UNKNOWN_SENTINELS: Final = frozenset(
    {
        UNKNOWN_BOOLEAN_VALUE,
        UNKNOWN_NUMBER_VALUE,
        UNKNOWN_STRING_VALUE,
        UNKNOWN_ARRAY_VALUE,
        UNKNOWN_ASSET_VALUE,
        UNKNOWN_ARCHIVE_VALUE,
        UNKNOWN_OBJECT_VALUE,
    }
)


def _known(value: Any, *path: str | int) -> Any:
    """``value``, or ``UnknownValueError`` when it is unknown at preview.

    pulumi_policy raises that itself when ``Analyze`` reads an unknown, but not in ``Remediate``,
    whose properties it wraps for secrets only: an unknown arrives there as its sentinel string.
    The error is what pulumi_policy turns into a "can't run during preview" note in both.
    """
    if isinstance(value, str) and value in _UNKNOWN_SENTINELS:
        raise UnknownValueError(value, [str(step) for step in path])
    return value


def _known_strings(props: Mapping[str, Any], name: str) -> list[Any]:
    """A list property with every element known (elements are not checked for type here)."""
    value = _known(props.get(name), name)
    if value is None:
        return []
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
        raise InvalidInputError(f"{name} must be a list, not {value!r}.", property=name)
    return [_known(item, name, index) for index, item in enumerate(value)]


def enabler_region(
    props: Mapping[str, Any],
    provider_props: Mapping[str, Any] | None,
    settings: PackSettings,
    environ: Mapping[str, str] | None = None,
) -> str | None:
    """Where an Enabler goes: its ``region`` input, else its aws provider's ``region``, else the
    pack's ``region`` config, else ``AWS_REGION`` / ``AWS_DEFAULT_REGION``.

    A region that is unknown at preview raises pulumi_policy's ``UnknownValueError``; one that is
    malformed raises ``InvalidInputError`` naming it.
    """
    own = _known(props.get("region"), "region")
    if own:
        return validate_region(own, "Enabler region") if isinstance(own, str) else _bad(own)
    provided = _known((provider_props or {}).get("region"), "provider", "region")
    if provided:
        if not isinstance(provided, str):
            return _bad(provided)
        return validate_region(provided, "provider region")
    if settings.region:
        return settings.region
    return environment_region(os.environ if environ is None else environ)


def _bad(region: object) -> NoReturn:
    raise InvalidInputError(f"Invalid AWS region {region!r}: expected a string.", property="region")


def review_enabler(
    props: Mapping[str, Any],
    provider_props: Mapping[str, Any] | None,
    settings: PackSettings,
    *,
    at: datetime | None = None,
    resolver_for: ResolverFactory | None = None,
) -> EnablerReview:
    """Check one Enabler's properties (the schema's names: ``accountIds``, ``resourceTypes``,
    ``region``) against its accounts' trials in its region.

    Fails closed: when the trials cannot be read, every account and type is uncovered, saying
    why. A value unknown at preview raises pulumi_policy's ``UnknownValueError`` (a note, not a
    violation); nothing is read then.

    :param provider_props: the properties of the Enabler's aws provider, for its ``region``.
    :param at: the moment to decide for; the moment of the read by default.
    :param resolver_for: how reads are shared; the pack process's reads by default.
    """
    try:
        account_ids = _known_strings(props, "accountIds")
        listed_types = _known_strings(props, "resourceTypes")
        if any(not isinstance(t, str) for t in listed_types):
            raise InvalidInputError(
                f"resourceTypes must be a list of strings, not {listed_types!r}.",
                property="resourceTypes",
            )
    except InvalidInputError as error:
        return EnablerReview((), problem=f"The Enabler cannot be checked: {error}")
    resource_types = tuple(dict.fromkeys(listed_types))
    if not account_ids or not resource_types:
        return EnablerReview(resource_types)  # nothing to turn on (pulumi-aws refuses it anyway)
    try:
        ids = normalize_account_ids(account_ids, secret=not settings.show_account_ids)
    except InvalidInputError as error:
        return EnablerReview(resource_types, problem=f"The Enabler cannot be checked: {error}")

    region: str | None = None
    try:
        region = enabler_region(props, provider_props, settings)
        read = _read(ids, region, settings, resolver_for)
    except InspectorTrialError as error:
        # Fail closed: no trial data, no scan type (allowed ones included, as gating does).
        why = f"{UNRESOLVED_REASON}: {error}"
        return EnablerReview(
            resource_types,
            tuple(Uncovered(i, t, region, why) for i in ids for t in resource_types),
        )
    checked = [t for t in resource_types if t in ENABLER_RESOURCE_TYPES]
    decisions = decide(
        read.result,
        checked,
        settings.gating,
        at=at or read.at,
        account_ids=ids,
        costs=read.costs,
    )
    uncovered = []
    for account_id in ids:
        decision = decisions[account_id]
        for kind in resource_types:
            if kind not in ENABLER_RESOURCE_TYPES:
                why = f"not a scan type this policy knows ({', '.join(ENABLER_RESOURCE_TYPES)})"
            elif kind in decision.enable:
                continue
            else:
                why = decision.reasons.get(kind, UNRESOLVED_REASON)
            uncovered.append(Uncovered(account_id, kind, read.region, why))
    return EnablerReview(resource_types, tuple(uncovered))


def _read(
    ids: tuple[str, ...],
    region: str | None,
    settings: PackSettings,
    resolver_for: ResolverFactory | None,
) -> TrialRead:
    if resolver_for is None:
        from .reads import pack_resolver  # boto3 is imported when a read happens

        resolver_for = pack_resolver
    query = TrialQuery(
        ids,
        AwsSettings(region=region, endpoint_url=settings.endpoint_url),
        allow_failed_accounts=True,  # a failed account fails closed here, named, not the read
        include_costs=settings.max_monthly_cost is not None,
    )
    return read_free_trials(query, StackDefaults(limits=settings.limits), resolver_for=resolver_for)
