"""The pack's glue: the ``inspector-enabler-free-trial`` policy, its validate and its remediate."""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from typing import Any, cast

from pulumi_policy import (
    EnforcementLevel,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
)

from ..domain.errors import InvalidInputError
from .config import CONFIG_SCHEMA, DESCRIPTION, ENABLER_TYPE, POLICY_NAME, PackSettings
from .review import review_enabler


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
