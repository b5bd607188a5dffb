"""A CrossGuard policy for every stack: no Inspector scan type turned on without a trial, unless
paid for.

``inspector-enabler-free-trial`` checks every ``aws:inspector2/enabler:Enabler``: each account and
resource type it would turn on whose free trial, in the Enabler's region, does not cover it (not
running, fewer than ``minDaysLeft`` days left, or trial data unavailable: it fails closed) is a
violation naming the account, the type, the region and why. The rules are ``gating``'s, the ones
``GatedEnabler`` applies: ``allowedTypes`` are its ``always_enable`` and ``maxMonthlyCost`` its
budget, so a stack ``GatedEnabler`` builds passes the pack configured the same way.

Remediation removes the uncovered types from ``resourceTypes``; when none would remain it changes
nothing, and the violations are then reported as mandatory (an Enabler needs one type).

Trials are read through the package's one read service with the provider process's shared
batches: each (account, region) is asked once per pack process, however many Enablers name it,
and concurrent analyses share requests (``policy_reads``). Put the policy in a pack of your own
with ``free_trial_policy``::

    from pulumi_policy import PolicyPack
    from pulumi_inspector_trial.policy import free_trial_policy

    PolicyPack("my-guardrails", policies=[free_trial_policy(), ...])

Needs the ``policy`` extra (``pip install pulumi-inspector-trial[policy]``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final, NoReturn, cast

from pulumi_policy import (
    EnforcementLevel,
    PolicyConfigSchema,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
)
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

from .errors import InspectorTrialError, InvalidInputError
from .gating import (
    ENABLER_RESOURCE_TYPES,
    UNRESOLVED_REASON,
    GatingPolicy,
    decide,
    validate_budget,
    validate_min_days_left,
    validate_scan_types,
)
from .inputs import TrialQuery
from .model import normalize_account_ids
from .redaction import mask_account_ids, redact
from .service import ResolverFactory, StackDefaults, TrialRead, read_free_trials
from .settings import (
    MAX_TOTAL_TIMEOUT,
    AwsSettings,
    ResolveLimits,
    environment_region,
    limits_from_config,
    validate_endpoint_url,
    validate_region,
)
from .wording import noun

__all__ = [
    "CONFIG_SCHEMA",
    "ENABLER_TYPE",
    "POLICY_NAME",
    "EnablerReview",
    "PackSettings",
    "Uncovered",
    "enabler_region",
    "free_trial_policy",
    "review_enabler",
]

POLICY_NAME: Final = "inspector-enabler-free-trial"
ENABLER_TYPE: Final = "aws:inspector2/enabler:Enabler"
DESCRIPTION: Final = (
    "Inspector scan types are turned on only while a free trial covers them, unless paid for."
)

CONFIG_SCHEMA: Final = PolicyConfigSchema(
    properties={
        "minDaysLeft": {
            "type": "integer",
            "minimum": 0,
            "default": 0,
            "description": "Whole days a trial must still run for its type.",
        },
        "allowedTypes": {
            "type": "array",
            "items": {"type": "string", "enum": list(ENABLER_RESOURCE_TYPES)},
            "description": "Types allowed without a trial: already paid for.",
        },
        "maxMonthlyCost": {
            "type": "number",
            "minimum": 0,
            "description": "USD a month per account: types past their trial are allowed, "
            "cheapest first, while their estimated cost fits.",
        },
        "region": {
            "type": "string",
            "description": "Where Enablers go that name no region and whose provider has none.",
        },
        "endpointUrl": {"type": "string", "description": "Another Inspector endpoint."},
        "timeout": {
            "type": "number",
            "exclusiveMinimum": 0,
            "maximum": MAX_TOTAL_TIMEOUT,
            "description": "Seconds one read may take in all.",
        },
        "showAccountIds": {
            "type": "boolean",
            "default": False,
            "description": "Name accounts by their whole id in violations; by default only "
            "their last four digits (the pack cannot tell which ids a stack keeps secret).",
        },
    }
)
"""The policy's configuration, as ``--policy-pack-config`` gives it."""

CONFIG_KEYS: Final = frozenset(CONFIG_SCHEMA.properties)
_ENFORCEMENT_KEY: Final = "enforcementLevel"  # the engine's, never the policy's


@dataclass(frozen=True)
class PackSettings:
    """The policy's configuration, validated by the package's validators: a bad value raises
    ``InvalidInputError`` naming the config key and the value."""

    min_days_left: int = 0
    allowed_types: frozenset[str] = frozenset()
    max_monthly_cost: float | None = None
    region: str | None = None
    endpoint_url: str | None = None
    limits: ResolveLimits = field(default_factory=ResolveLimits)
    show_account_ids: bool = False
    """Violations name accounts whole; else by their last four digits: pulumi-policy unwraps
    secrets before ``validate``, so the pack cannot tell a secret id from a plain one."""

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> PackSettings:
        unknown = sorted(set(config) - CONFIG_KEYS - {_ENFORCEMENT_KEY})
        if unknown:
            raise InvalidInputError(
                f"Unknown policy config {noun(len(unknown), 'key')} "
                f"{', '.join(map(repr, unknown))}: {POLICY_NAME} takes "
                f"{', '.join(sorted(CONFIG_KEYS))}.",
                property=unknown[0],
            )
        return cls(
            min_days_left=_checked(
                config,
                "minDaysLeft",
                lambda v: validate_min_days_left(_whole(v)),
                "a whole number of days, 0 or more",
                default=0,
            ),
            allowed_types=_allowed_types(config.get("allowedTypes", [])),
            max_monthly_cost=_checked(
                config,
                "maxMonthlyCost",
                validate_budget,
                "a number of US dollars a month, 0 or more",
            ),
            region=_optional_string(
                config, "region", lambda v: validate_region(v, "policy config region")
            ),
            endpoint_url=_optional_string(
                config,
                "endpointUrl",
                lambda v: validate_endpoint_url(v, "policy config endpointUrl"),
            ),
            limits=_checked(
                config,
                "timeout",
                limits_from_config,
                f"a number of seconds above 0 and at most {MAX_TOTAL_TIMEOUT:g}",
            ),
            show_account_ids=_checked(
                config, "showAccountIds", _boolean, "true or false", default=False
            ),
        )

    def shown(self, message: str) -> str:
        """A violation message as the pack reports it: redacted, and with every account id
        shortened to its last four digits unless ``showAccountIds``."""
        message = redact(message)
        return message if self.show_account_ids else mask_account_ids(message)

    @property
    def gating(self) -> GatingPolicy:
        """The gating rules this configuration stands for (``allowedTypes`` are paid for)."""
        return GatingPolicy(
            min_days_left=self.min_days_left,
            always_enable=self.allowed_types,
            max_monthly_cost=self.max_monthly_cost,
        )


def _checked(
    config: Mapping[str, Any],
    key: str,
    check: Callable[[Any], Any],
    expected: str,
    default: Any = None,
) -> Any:
    value = config.get(key, default)
    try:
        return check(value)
    except InvalidInputError:
        raise InvalidInputError(
            f"Invalid policy config {key} {value!r}: expected {expected}.", property=key
        ) from None


def _optional_string(
    config: Mapping[str, Any], key: str, check: Callable[[str], str]
) -> str | None:
    value = config.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidInputError(
            f"Invalid policy config {key} {value!r}: expected a string.", property=key
        )
    return check(value)


def _allowed_types(value: Any) -> frozenset[str]:
    if not isinstance(value, (list, tuple)):
        raise InvalidInputError(
            f"Invalid policy config allowedTypes {value!r}: expected a list of scan types "
            f"({', '.join(ENABLER_RESOURCE_TYPES)}).",
            property="allowedTypes",
        )
    return validate_scan_types(value, "policy config allowedTypes")


def _boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise InvalidInputError(f"expected true or false, not {value!r}")
    return value


def _whole(value: Any) -> Any:
    """Config arrives as JSON through protobuf, where every number is a float: 7.0 is 7."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


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
        from .policy_reads import pack_resolver  # boto3 is imported when a read happens

        resolver_for = pack_resolver
    query = TrialQuery(
        ids,
        AwsSettings(region=region, endpoint_url=settings.endpoint_url),
        allow_failed_accounts=True,  # a failed account fails closed here, named, not the read
        include_costs=settings.max_monthly_cost is not None,
    )
    return read_free_trials(query, StackDefaults(limits=settings.limits), resolver_for=resolver_for)


def _provider_props(args: ResourceValidationArgs) -> Mapping[str, Any] | None:
    return args.provider.props if args.provider is not None else None


def _validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type != ENABLER_TYPE:
        return
    try:
        settings = PackSettings.from_config(args.get_config())
    except InvalidInputError as error:
        message = f"The policy's configuration is invalid, so nothing is checked: {error}"
        report_violation(PackSettings().shown(message), None)
        return
    review = review_enabler(args.props, _provider_props(args), settings)
    for message in review.messages:
        report_violation(settings.shown(message), None)


def _remediate(args: ResourceValidationArgs) -> Mapping[str, Any] | None:
    if args.resource_type != ENABLER_TYPE:
        return None
    try:
        settings = PackSettings.from_config(args.get_config())
    except InvalidInputError:
        return None  # the validation reports it
    review = review_enabler(args.props, _provider_props(args), settings)
    kept = review.covered_types
    if review.problem or not review.uncovered or not kept:
        # Nothing to remove, or nothing would remain: an Enabler needs one type, so the
        # violations stand (the engine reports them as mandatory after a remediation).
        return None
    # Written through pulumi_policy's proxy, which keeps every other property as it came: a
    # secret stays secret and an unknown stays unknown (a copy would unwrap both).
    props = cast(MutableMapping[str, Any], args.props)
    props["resourceTypes"] = kept
    return props


def free_trial_policy(
    enforcement_level: EnforcementLevel = EnforcementLevel.ADVISORY,
) -> ResourceValidationPolicy:
    """The ``inspector-enabler-free-trial`` policy, to put in a ``PolicyPack`` of your own.

    Advisory by default; ``MANDATORY`` fails the preview; ``REMEDIATE`` removes the uncovered
    types from ``resourceTypes`` (the pack's config may change the level per stack). Its config
    schema is ``CONFIG_SCHEMA``.
    """
    return ResourceValidationPolicy(
        name=POLICY_NAME,
        description=DESCRIPTION,
        validate=_validate,
        # pulumi_policy's annotation asks for an awaitable, but it takes a plain mapping too
        # (it awaits only what is awaitable).
        remediate=_remediate,  # type: ignore[arg-type]
        enforcement_level=enforcement_level,
        config_schema=CONFIG_SCHEMA,
    )
