"""A CrossGuard policy for every stack: no Inspector scan type turned on without a trial, unless
paid for.

``inspector-enabler-free-trial`` checks every ``aws:inspector2/enabler:Enabler``: each account and
resource type it would turn on whose free trial, in the Enabler's region, does not cover it (not
running, fewer than ``minDaysLeft`` days left, or trial data unavailable: it fails closed) is a
violation naming the account, the type, the region and why. Remediation removes the uncovered
types from ``resourceTypes``; when none would remain it changes nothing, and the violations are
then reported as mandatory (an Enabler needs one type).

Trials are read through the package's one read service, with the provider process's shared
batches: each (account, region) is asked once per pack process, however many Enablers name it,
and concurrent analyses share requests. Put it in a pack of your own with ``free_trial_policy``::

    from pulumi_policy import PolicyPack
    from pulumi_inspector_trial.policy import free_trial_policy

    PolicyPack("my-guardrails", policies=[free_trial_policy(), ...])

Needs the ``policy`` extra (``pip install pulumi-inspector-trial[policy]``).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Final

from pulumi_policy import (
    EnforcementLevel,
    PolicyConfigSchema,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
)

from .errors import InspectorTrialError, InvalidInputError
from .gating import (
    ENABLER_RESOURCE_TYPES,
    GatingPolicy,
    decide,
    validate_budget,
    validate_min_days_left,
    validate_scan_types,
)
from .inputs import TrialQuery
from .model import normalize_account_ids
from .service import StackDefaults, read_free_trials
from .settings import (
    AwsSettings,
    ResolveLimits,
    environment_region,
    limits_from_config,
    validate_endpoint_url,
    validate_region,
)

__all__ = [
    "CONFIG_SCHEMA",
    "ENABLER_TYPE",
    "POLICY_NAME",
    "PackSettings",
    "Uncovered",
    "free_trial_policy",
    "uncovered_types",
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
        "region": {"type": "string", "description": "Where Enablers with no region go."},
        "endpointUrl": {"type": "string", "description": "Another Inspector endpoint."},
        "timeout": {
            "type": "number",
            "exclusiveMinimum": 0,
            "description": "Seconds one read may take in all.",
        },
    }
)
"""The policy's configuration, as ``PulumiPolicy.yaml`` or ``--policy-pack-config`` give it."""


@dataclass(frozen=True)
class PackSettings:
    """The policy's configuration, validated: a bad value raises ``InvalidInputError`` naming
    the config key."""

    min_days_left: int = 0
    allowed_types: frozenset[str] = frozenset()
    max_monthly_cost: float | None = None
    region: str | None = None
    endpoint_url: str | None = None
    limits: ResolveLimits = field(default_factory=ResolveLimits)

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> PackSettings:
        def named(key: str, check: Any, value: Any) -> Any:
            try:
                return check(value)
            except InvalidInputError as error:
                raise InvalidInputError(f"Policy config {key}: {error}", property=key) from None

        region = config.get("region")
        endpoint = config.get("endpointUrl")
        for key, value in (("region", region), ("endpointUrl", endpoint)):
            if value is not None and not isinstance(value, str):
                raise InvalidInputError(
                    f"Policy config {key} must be a string, not {value!r}.", property=key
                )
        return cls(
            min_days_left=named(
                "minDaysLeft", validate_min_days_left, _whole(config.get("minDaysLeft", 0))
            ),
            allowed_types=named(
                "allowedTypes",
                lambda v: validate_scan_types(v, "allowedTypes"),
                config.get("allowedTypes", ()),
            ),
            max_monthly_cost=named("maxMonthlyCost", validate_budget, config.get("maxMonthlyCost")),
            region=None if region is None else named("region", validate_region, region),
            endpoint_url=None
            if endpoint is None
            else named("endpointUrl", validate_endpoint_url, endpoint),
            limits=named("timeout", limits_from_config, config.get("timeout")),
        )


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
    region: str
    why: str

    @property
    def message(self) -> str:
        return (
            f"Account {self.account_id}: {self.resource_type} in {self.region} is not covered "
            f"by a free trial ({self.why})."
        )


def enabler_region(
    props: Mapping[str, Any], provider_props: Mapping[str, Any] | None, settings: PackSettings
) -> str | None:
    """Where an Enabler goes: its ``region`` input, else its aws provider's, else the pack's
    ``region`` config, else ``AWS_REGION`` / ``AWS_DEFAULT_REGION``."""
    for candidate in (props.get("region"), (provider_props or {}).get("region"), settings.region):
        if isinstance(candidate, str) and candidate:
            return candidate
    return environment_region(os.environ)


def uncovered_types(
    props: Mapping[str, Any],
    provider_props: Mapping[str, Any] | None,
    settings: PackSettings,
    *,
    at: datetime | None = None,
) -> tuple[list[str], list[Uncovered]]:
    """The Enabler's ``resourceTypes`` and, of those, each (account, type) no trial covers.

    Reading an unknown value (a preview before it is known) raises pulumi_policy's
    ``UnknownValueError``, which it reports as a note, not a violation.
    """
    account_ids = list(props.get("accountIds") or ())
    resource_types = [str(t) for t in props.get("resourceTypes") or ()]
    region = enabler_region(props, provider_props, settings)
    gated = [t for t in resource_types if t not in settings.allowed_types]
    if not gated or not account_ids:
        return resource_types, []
    moment = at or datetime.now(timezone.utc)
    shown_region = region or "the default region"
    try:
        ids = normalize_account_ids(account_ids)
        query = TrialQuery(
            ids,
            AwsSettings(region=region, endpoint_url=settings.endpoint_url),
            allow_failed_accounts=True,
            include_costs=settings.max_monthly_cost is not None,
        )
        from .provider_batching import shared_resolver  # boto3 is imported when a read happens

        read = read_free_trials(
            query, StackDefaults(limits=settings.limits), resolver_for=shared_resolver
        )
    except InspectorTrialError as error:
        # Fail closed: no trial data, no scan type.
        why = f"trial data unavailable: {error}"
        return resource_types, [
            Uncovered(str(account), kind, shown_region, why)
            for account in account_ids
            for kind in gated
        ]
    policy = GatingPolicy(
        min_days_left=settings.min_days_left, max_monthly_cost=settings.max_monthly_cost
    )
    known = [t for t in gated if t in ENABLER_RESOURCE_TYPES]
    decisions = decide(read.result, known, policy, at=moment, account_ids=ids, costs=read.costs)
    uncovered = [
        Uncovered(account_id, kind, read.region, decision.reasons.get(kind, "not covered"))
        for account_id, decision in decisions.items()
        for kind in gated
        if kind not in decision.enable
    ]
    return resource_types, uncovered


def _settings(args: ResourceValidationArgs) -> PackSettings:
    return PackSettings.from_config(args.get_config())


def _provider_props(args: ResourceValidationArgs) -> Mapping[str, Any] | None:
    return args.provider.props if args.provider is not None else None


def _validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type != ENABLER_TYPE:
        return
    try:
        settings = _settings(args)
    except InvalidInputError as error:
        report_violation(f"The policy's configuration is invalid: {error}", None)
        return
    _, uncovered = uncovered_types(args.props, _provider_props(args), settings)
    for item in uncovered:
        report_violation(item.message, None)


def _remediate(args: ResourceValidationArgs) -> Mapping[str, Any] | None:
    if args.resource_type != ENABLER_TYPE:
        return None
    try:
        settings = _settings(args)
    except InvalidInputError:
        return None  # reported by the validation
    resource_types, uncovered = uncovered_types(args.props, _provider_props(args), settings)
    dropped = {item.resource_type for item in uncovered}
    kept = [t for t in resource_types if t not in dropped]
    if not dropped or not kept:
        # Nothing to remove, or nothing would remain: an Enabler needs one type, so the
        # violations stand (reported as mandatory after a remediation).
        return None
    return {**args.props, "resourceTypes": kept}


def free_trial_policy(
    enforcement_level: EnforcementLevel = EnforcementLevel.ADVISORY,
) -> ResourceValidationPolicy:
    """The ``inspector-enabler-free-trial`` policy, to put in a ``PolicyPack`` of your own.

    Advisory by default; ``MANDATORY`` fails the preview; ``REMEDIATE`` removes the uncovered
    types from ``resourceTypes`` (the pack's config may change the level per stack).
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
