"""``GatedEnablerArgs``: a ``GatedEnabler``'s inputs, checked before anything is read or made."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Final

import pulumi
from typing_extensions import TypedDict, Unpack

from ..domain.errors import InvalidInputError
from ..domain.gating import GatingPolicy, validate_scan_types
from ..domain.inputs import COMPONENT_INPUTS, INPUT_NAMED
from ..domain.validation import normalize_account_ids, require_aware, validate_region_list
from ..read.query import AwsSettings
from ._utilities import declared_keywords, or_default
from .program_errors import raises_run_errors

__all__ = ["COMPONENT_OWN", "GatedEnablerArgs", "GatedEnablerInputs"]


COMPONENT_OWN: Final = ("require_active", "regions", "enabler_opts", "at")
"""What it takes besides: whether trials gate at all, where it gates, what each Enabler is given,
and when it decides for (the Pulumi schema's ``getScanTypes`` and Terraform's query take none of
them)."""


class GatedEnablerInputs(TypedDict, total=False):
    """The inputs of a ``GatedEnabler`` as keywords, typed once for ``GatedEnablerArgs`` and the
    component's keyword form (a unit test holds them to ``domain.inputs``); all plain values."""

    account_ids: Sequence[str] | None
    wanted_types: Iterable[str]
    min_days_left: int
    require_active: bool
    always_enable: Iterable[str]
    max_monthly_cost: float | None
    region: str | None
    regions: Sequence[str] | None
    profile: str | None
    role_arn: str | None
    endpoint_url: str | None
    members: bool
    include_account_status: bool
    enabler_opts: pulumi.ResourceOptions | None
    at: datetime | None


class GatedEnablerArgs:
    """The inputs of a ``GatedEnabler``. Every value is plain: the component decides at program
    time whether to create each Enabler, which an ``Output`` would only tell it too late.

    :param account_ids: The accounts to gate (12-digit ids; order and repeats do not matter).
        Required unless ``members`` is true.
    :param wanted_types: The Enabler resource types wanted (``EC2``, ``ECR``, ``LAMBDA``,
        ``LAMBDA_CODE``, ``CODE_REPOSITORY``); all of them by default.
    :param min_days_left: Whole days (rounded down) a trial must still run for its type to be
        enabled.
    :param require_active: Enable a wanted type only while its trial is ACTIVE. With False the
        trials gate nothing (failed accounts are still never enabled).
    :param always_enable: Types already paid for: enabled whatever their trial says.
    :param max_monthly_cost: A budget per account, in US dollars a month: a wanted type whose
        trial no longer covers it stays enabled while affordable, cheapest first by the
        service's estimate (``inspector2:ListUsageTotals``, read only with a budget).
    :param region: The region to read trials in, and to enable Inspector in; else the region of
        the aws provider given in ``opts`` (``provider``/``providers``), else the stack's
        ``aws:region``, else ``AWS_REGION`` / ``AWS_DEFAULT_REGION``.
    :param regions: Several regions instead of one: the trials of each are read (at once), and
        each account gets an Enabler per region with something to enable there, with that
        ``region``. Not together with ``region``.
    :param profile: A named AWS profile to read trials with.
    :param role_arn: A role to assume to read trials, for example the delegated administrator.
    :param endpoint_url: Another Inspector endpoint to read trials from (the emulator, say).
    :param members: Gate the delegated administrator's associated members
        (``inspector2:ListMembers``) instead of ``account_ids``; not together with them.
    :param include_account_status: Also read what each account has enabled
        (``inspector2:BatchGetAccountStatus``, beside the trials, in the same read): an account
        that read denies is not an associated member, and is skipped saying so rather than
        warned about; a type an account has ENABLED that the gate does not enable is named in
        its reason and in a warning (see ``GatedEnabler``).
    :param enabler_opts: Options given to every Enabler created (custom timeouts, ignore
        changes, ...), merged with the component's own: each stays its child.
    :param at: The moment to decide for (timezone-aware); now, in UTC, when not given.
    """

    @raises_run_errors
    def __init__(self, **inputs: Unpack[GatedEnablerInputs]) -> None:
        declared_keywords("GatedEnablerArgs", inputs, COMPONENT_INPUTS, own=COMPONENT_OWN)
        members = or_default(inputs, "members")
        if not isinstance(members, bool):
            raise InvalidInputError(
                f"members must be True or False, not {members!r}.", property="members"
            )
        if inputs.get("account_ids") is None and not members:
            raise TypeError("Missing required property 'account_ids' (or members=True)")
        if inputs.get("account_ids") is not None and members:
            raise InvalidInputError(
                "Give GatedEnabler account_ids or members=True, not both: members gates the "
                "delegated administrator's associated members instead of a list.",
                property="members",
            )
        include_account_status: bool = INPUT_NAMED["include_account_status"].validate(
            inputs.get("include_account_status"), "include_account_status"
        )
        enabler_opts = inputs.get("enabler_opts")
        if enabler_opts is not None and not isinstance(enabler_opts, pulumi.ResourceOptions):
            raise InvalidInputError(
                f"enabler_opts must be a pulumi.ResourceOptions, not {enabler_opts!r}.",
                property="enabler_opts",
            )
        wanted_types: Iterable[str] = or_default(inputs, "wanted_types")
        region = inputs.get("region")
        require_active = inputs.get("require_active", True)
        if not isinstance(require_active, bool):
            raise InvalidInputError(
                f"require_active must be True or False, not {require_active!r}."
            )
        self.account_ids: tuple[str, ...] = (
            () if members else _plain_account_ids(inputs.get("account_ids"))
        )
        """The accounts, sorted and deduplicated; empty with ``members``."""
        self.members: bool = members
        """Gate the associated members, listed when the component is created."""
        self.include_account_status: bool = include_account_status
        """Read account status beside the trials, telling non-members apart."""
        self.enabler_opts: pulumi.ResourceOptions | None = enabler_opts
        """What every Enabler is given besides its parent."""
        self.policy: GatingPolicy = GatingPolicy(
            require_active=require_active,
            min_days_left=or_default(inputs, "min_days_left"),
            always_enable=or_default(inputs, "always_enable"),
            max_monthly_cost=inputs.get("max_monthly_cost"),
        )
        """When a wanted type is enabled."""
        # A lone string goes on as it is so that the gating rules refuse it by name.
        wanted = wanted_types if isinstance(wanted_types, (str, bytes)) else tuple(wanted_types)
        at = inputs.get("at")
        self.at: datetime | None = None if at is None else require_aware(at)
        """The moment to decide for; None for the moment the component is created."""
        validate_scan_types(wanted)  # before any request
        self.wanted_types: tuple[str, ...] = tuple(sorted(set(wanted)))
        """The wanted Enabler resource types, sorted and deduplicated."""
        self.settings: AwsSettings = AwsSettings(
            region=region,
            profile=inputs.get("profile"),
            role_arn=inputs.get("role_arn"),
            endpoint_url=inputs.get("endpoint_url"),
        )
        """Where and as whom the trials are read."""
        regions = inputs.get("regions")
        if regions is not None and region is not None:
            raise InvalidInputError(
                "Give GatedEnabler either region or regions, not both.", property="regions"
            )
        self.regions: tuple[str, ...] | None = (
            None if regions is None else validate_region_list(regions, "regions")
        )
        """The regions to gate, in the order given, without repeats; None for one region."""

    @property
    def min_days_left(self) -> int:
        return self.policy.min_days_left

    @property
    def require_active(self) -> bool:
        return self.policy.require_active

    @property
    def always_enable(self) -> tuple[str, ...]:
        return tuple(sorted(self.policy.always_enable))


def _plain_account_ids(account_ids: object) -> tuple[str, ...]:
    if isinstance(account_ids, pulumi.Output) or hasattr(account_ids, "__await__"):
        raise InvalidInputError(
            "account_ids must be a plain list of account ids, not an Output: GatedEnabler "
            "decides while the program runs whether to create each Enabler. For ids only known "
            "later, use FreeTrialInfo(...).scan_types(...)."
        )
    if not isinstance(account_ids, Iterable):
        raise InvalidInputError(f"account_ids must be a list of account ids, not {account_ids!r}.")
    return normalize_account_ids(account_ids)
