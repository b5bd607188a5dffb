"""``FreeTrialInfo``: Inspector free-trial data as a read-only resource, known at preview."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Sequence
from datetime import datetime, timezone
from typing import Any, Final, overload

import pulumi
import pulumi.dynamic
from typing_extensions import TypedDict, Unpack

from ..domain.costs import AccountCosts
from ..domain.errors import InvalidInputError
from ..domain.gating import (
    ENABLER_RESOURCE_TYPES,
    GatingPolicy,
    account_decision,
    scan_types_to_enable,
)
from ..domain.inputs import OPTION_INPUTS, READ_INPUTS, SETTING_INPUTS
from ..domain.trials import FreeTrialResult
from ..domain.validation import normalize_account_ids, require_aware
from ..provider import FreeTrialInfoProvider
from ..read.query import (
    ACCOUNT_IDS,
    INPUT_KEYS,
    SECRET,
    SECRET_IDS_KEY,
    AwsSettings,
    TrialQuery,
    free_trial_info_id,
)
from ._utilities import args_and_opts, declared_keywords, is_awaitable
from .program_errors import raises_run_errors


class FreeTrialInfoInputs(TypedDict, total=False):
    """The inputs of a ``FreeTrialInfo`` as keywords, typed once for ``FreeTrialInfoArgs`` and
    the resource's keyword form (a unit test holds them to ``domain.inputs``); any may be an
    ``Output``."""

    account_ids: pulumi.Input[Sequence[pulumi.Input[str]]] | None
    region: pulumi.Input[str] | None
    profile: pulumi.Input[str] | None
    role_arn: pulumi.Input[str] | None
    endpoint_url: pulumi.Input[str] | None
    allow_failed_accounts: pulumi.Input[bool] | None
    include_costs: pulumi.Input[bool] | None
    members: pulumi.Input[bool] | None
    include_account_status: pulumi.Input[bool] | None


class FreeTrialInfoArgs:
    """The inputs of a ``FreeTrialInfo``.

    :param account_ids: The accounts to read (12-digit ids; order and repeats do not matter).
        Required unless ``members`` is true.
    :param region: The Inspector region; else the stack's ``aws:region``, else the AWS SDK chain.
    :param profile: A named AWS profile; else the stack's ``aws:profile``, else the default chain.
    :param role_arn: A role to assume first, for example the Inspector delegated administrator.
    :param endpoint_url: Another Inspector endpoint (``AWS_ENDPOINT_URL_INSPECTOR2`` works too).
    :param allow_failed_accounts: Accept accounts the service could not resolve (they are listed
        in ``failed_accounts``) instead of failing the read with a message naming them.
    :param include_costs: Also read each resolved account's estimated monthly cost
        (``inspector2:ListUsageTotals``) into the ``costs`` output.
    :param members: Read the delegated administrator's associated members
        (``inspector2:ListMembers``) instead of ``account_ids``; not together with them.
    :param include_account_status: Also read what each account has enabled
        (``inspector2:BatchGetAccountStatus``) into the ``enabled_types`` output.
    """

    @raises_run_errors
    def __init__(self, **inputs: Unpack[FreeTrialInfoInputs]) -> None:
        declared_keywords("FreeTrialInfoArgs", inputs, READ_INPUTS)
        if inputs.get("account_ids") is None and inputs.get("members") in (None, False):
            raise TypeError("Missing required property 'account_ids' (or members=True)")
        self.account_ids = inputs.get("account_ids")
        self.region = inputs.get("region")
        self.profile = inputs.get("profile")
        self.role_arn = inputs.get("role_arn")
        self.endpoint_url = inputs.get("endpoint_url")
        self.allow_failed_accounts = inputs.get("allow_failed_accounts")
        self.include_costs = inputs.get("include_costs")
        self.members = inputs.get("members")
        self.include_account_status = inputs.get("include_account_status")
        _validate_known_values(self)


class FreeTrialInfo(pulumi.dynamic.Resource, module="inspector", name="FreeTrialInfo"):
    """The AWS Inspector free-trial status of a set of accounts, read through
    ``inspector2:BatchGetFreeTrialInfo``.

    The resource is read, never created: it is registered with a deterministic id (region,
    endpoint and the set of accounts, or the members), so the engine runs a Read step during
    ``pulumi preview``, ``pulumi up`` and ``pulumi refresh``, and its outputs are known at
    preview. It changes nothing in AWS, and ``pulumi destroy`` needs no network.

    ## Example Usage

    ```python
    from pulumi_inspector_trial import FreeTrialInfo

    trial = FreeTrialInfo("trial", account_ids=["111122223333", "444455556666"])
    pulumi.export("active_types", trial.active_types)

    # The delegated administrator's whole organisation, and what each member has enabled:
    organisation = FreeTrialInfo("organisation", members=True, include_account_status=True)
    pulumi.export("enabled_types", organisation.enabled_types)
    ```
    """

    accounts: pulumi.Output[list[dict[str, Any]]]
    """Per account, sorted by id: ``{"account_id", "free_trial_info": [{"type", "start", "end",
    "status", "cloud_provider"?}]}``; timestamps ISO 8601 UTC ending in ``Z``."""
    failed_accounts: pulumi.Output[list[dict[str, str]]]
    """Accounts the service could not resolve: ``{"account_id", "code", "message"}``."""
    active_types: pulumi.Output[dict[str, list[str]]]
    """``{account_id: [type, ...]}``: the trial types running when read (ACTIVE and not past
    their end date, the rule gating uses too), sorted."""
    account_ids: pulumi.Output[list[str]]
    """The accounts asked for, sorted and deduplicated; with ``members``, the members listed."""
    region: pulumi.Output[str]
    """The region the data was read in."""
    costs: pulumi.Output[dict[str, dict[str, Any]] | None]
    """With ``include_costs``: ``{account_id: {"currency": "USD", "total", "scan_types": {type:
    cost}, "usage_types": {usage type: cost}}}``, the service's estimated monthly cost from the
    last 30 days' usage, for every resolved account. None otherwise."""
    enabled_types: pulumi.Output[dict[str, list[str]] | None]
    """With ``include_account_status``: ``{account_id: [type, ...]}``, the scan types whose
    state is ENABLED when read (``EC2``, ``ECR``, ``LAMBDA``, ``LAMBDA_CODE``,
    ``CODE_REPOSITORY``, and any newer one upper-cased), sorted, for every resolved account.
    None otherwise."""

    # The same pair as the other resource's, on purpose: overloads must sit in each class, and
    # no generic base can give them (PEP 692 allows no Unpack of a type variable).
    @overload
    def __init__(
        self,
        resource_name: str,
        args: FreeTrialInfoArgs,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None: ...

    @overload
    def __init__(
        self,
        resource_name: str,
        opts: pulumi.ResourceOptions | None = None,
        **inputs: Unpack[FreeTrialInfoInputs],
    ) -> None: ...

    @raises_run_errors
    def __init__(self, resource_name: str, *args: Any, **kwargs: Any) -> None:
        resource_args, opts = args_and_opts("FreeTrialInfo", FreeTrialInfoArgs, args, kwargs)
        opts = pulumi.ResourceOptions.merge(opts, None)  # a copy: the caller's stays untouched
        # The SDK reads this list only after it has awaited the id, and the id is what learns
        # which inputs are secret: see ``_read_id``.
        secret_outputs = list(opts.additional_secret_outputs or ())
        opts.additional_secret_outputs = secret_outputs
        opts.id = _read_id(resource_args, secret_outputs)
        ids_secret = _is_secret(resource_args.account_ids)
        props: dict[str, Any] = {name: getattr(resource_args, name) for name in INPUT_KEYS}
        listed = (
            None
            if resource_args.account_ids is None
            else pulumi.Output.all(resource_args.account_ids, ids_secret).apply(
                lambda values: _sorted_unique_ids(*values)
            )
        )
        props.update(
            {
                ACCOUNT_IDS: listed,
                SECRET_IDS_KEY: ids_secret,
                "accounts": None,
                "failed_accounts": None,
                "active_types": None,
                "costs": None,
                "enabled_types": None,
            }
        )
        super().__init__(FreeTrialInfoProvider(), resource_name, props, opts)
        self._include_costs = resource_args.include_costs

    @raises_run_errors
    def scan_types(
        self,
        account_id: str,
        wanted: Sequence[str] = ENABLER_RESOURCE_TYPES,
        *,
        min_days_left: int = 0,
        always_enable: Iterable[str] = (),
        max_monthly_cost: float | None = None,
        at: datetime | None = None,
    ) -> pulumi.Output[list[str]]:
        """The Enabler resource types to turn on in one account, from this resource's trial data.

        The rules are ``gating.scan_types_to_enable`` with ``require_active``: a wanted type is
        enabled while its trial is ACTIVE with at least ``min_days_left`` whole days to go, and
        ``always_enable`` types whatever the trial says. It fails closed: an account that is
        failed, or absent from this resource, gives ``[]``. Pass the result to
        ``aws.inspector2.Enabler(resource_types=...)`` only where it is not empty (the Enabler
        refuses an empty list); a program that must decide whether to create the Enabler at all
        uses ``GatedEnabler`` or ``get_free_trial_info`` instead.

        The arguments are checked now, so a bad account id or an unknown type fails the program
        before any output resolves.

        ## Example Usage

        ```python
        trial = FreeTrialInfo("trial", account_ids=["111122223333"])
        pulumi.export("ec2_and_ecr", trial.scan_types("111122223333", ["EC2", "ECR"],
                                                      min_days_left=7))
        ```

        :param account_id: The 12-digit account to decide for.
        :param wanted: Enabler resource types (``EC2``, ``ECR``, ``LAMBDA``, ``LAMBDA_CODE``,
            ``CODE_REPOSITORY``); all of them by default.
        :param min_days_left: Whole days (rounded down) a trial must still run for its type.
        :param always_enable: Types already paid for, enabled whatever their trial says.
        :param max_monthly_cost: A budget in US dollars a month: types whose trial no longer
            covers them stay enabled, cheapest first, while their estimated cost fits it. Needs
            the resource's ``include_costs=True``; without an estimate nothing is kept.
        :param at: The moment to decide for (timezone-aware); now, in UTC, when not given.
        """
        (the_id,) = normalize_account_ids([account_id])
        policy = GatingPolicy(
            min_days_left=min_days_left,
            always_enable=always_enable,
            max_monthly_cost=max_monthly_cost,
        )
        if max_monthly_cost is not None and self._include_costs in (None, False):
            raise InvalidInputError(
                "scan_types(max_monthly_cost=...) needs the estimates: create the FreeTrialInfo "
                "with include_costs=True.",
                property="max_monthly_cost",
            )
        # A lone string is passed on as it is so that the gating rules refuse it by name.
        wanted_types = wanted if isinstance(wanted, (str, bytes)) else tuple(wanted)
        moment = datetime.now(timezone.utc) if at is None else require_aware(at)
        # Deciding for an account with no data checks every argument, and cannot enable anything.
        scan_types_to_enable(None, wanted_types, policy, at=moment, account_id=the_id)

        def enable(outputs: list[Any]) -> list[str]:
            accounts, failed_accounts, *rest = outputs
            costs = rest[0] if rest else None
            result = FreeTrialResult.from_dict(
                {"accounts": accounts, "failed_accounts": failed_accounts}
            )
            decision = account_decision(
                result,
                the_id,
                wanted_types,
                policy,
                at=moment,
                costs=AccountCosts.from_dict(the_id, costs[the_id])
                if costs and the_id in costs
                else None,
            )
            return list(decision.enable)

        # Without a budget the costs output (absent unless include_costs) is not waited for.
        needed: list[pulumi.Output[Any]] = [self.accounts, self.failed_accounts]
        if max_monthly_cost is not None:
            needed.append(self.costs)
        return pulumi.Output.all(*needed).apply(enable)


def _validate_known_values(args: FreeTrialInfoArgs) -> None:
    """Refuse bad plain values in the program, before the engine runs anything.

    Inputs that are Outputs are checked by the provider when they resolve.
    """
    ids = args.account_ids
    if args.members is True and ids is not None and not isinstance(ids, pulumi.Output):
        # The query says so again, by the same sentence, for values known only later.
        TrialQuery.from_props({ACCOUNT_IDS: ids, "members": True})
    if isinstance(ids, Sequence) and not any(
        isinstance(i, pulumi.Output) or is_awaitable(i) for i in ids
    ):
        normalize_account_ids(ids)  # a single string is refused here too, by name
    plain = {
        declared.name: value
        for declared in SETTING_INPUTS
        if isinstance(value := getattr(args, declared.name), (str, type(None)))
    }
    AwsSettings(**plain)
    for declared in OPTION_INPUTS:
        value = getattr(args, declared.name)
        if not isinstance(value, pulumi.Output) and not is_awaitable(value):
            declared.validate(value, declared.name)


def _sorted_unique_ids(account_ids: Sequence[Any], secret: bool) -> list[str]:
    return list(normalize_account_ids(account_ids, secret=secret))


def _is_secret(value: pulumi.Input[Any]) -> pulumi.Output[bool]:
    """A plain, known Output of whether ``value`` is secret (or holds a secret element): the
    provider is told so through ``SECRET_IDS_KEY``, as it gets secrets unwrapped."""
    found = asyncio.ensure_future(pulumi.Output.from_input(value).is_secret())

    async def known() -> bool:
        return True

    async def plain() -> bool:
        return False

    return pulumi.Output(set(), found, known(), plain())


ACCOUNT_OUTPUTS: Final = (
    "account_ids",
    "accounts",
    "failed_accounts",
    "active_types",
    "costs",
    "enabled_types",
)
"""The outputs that carry account ids: secret whenever any input is."""


def _read_id(args: FreeTrialInfoArgs, secret_outputs: list[str]) -> pulumi.Output[str]:
    """The id to read by, and the outputs to keep secret, learnt from the inputs.

    The id is ``free_trial_info_id`` of the plain inputs; a secret one is left out of it (the
    SDK sends the id in the clear and refuses a secret one). When any input is secret, its own
    echo and every output carrying an account id are added to ``secret_outputs``, the list the
    SDK sends as the read's ``additionalSecretOutputs``: the engine then keeps them secret in
    the program and in the stack's state, which it would not do for a read by itself. When any
    input is unknown (a preview before the resource it comes from exists), so is the id, and the
    engine skips the read.
    """
    stack_region = pulumi.Config("aws").get("region")

    async def inspect() -> tuple[str | None, bool]:
        values: dict[str, Any] = {}
        secret: list[str] = []
        known = True
        for name in INPUT_KEYS:
            output = pulumi.Output.from_input(getattr(args, name))
            values[name] = await output.future(with_unknowns=True)
            known = known and await output.is_known()
            if await output.is_secret():
                secret.append(name)
        if secret:
            secret_outputs.extend(n for n in (*ACCOUNT_OUTPUTS, *secret) if n not in secret_outputs)
        if not known:
            return None, False
        region = values["region"]
        if "region" not in secret:
            region = AwsSettings(region=region).with_defaults(stack_region, None).region
        return (
            free_trial_info_id(
                SECRET if "region" in secret else region,
                SECRET if "endpoint_url" in secret else values["endpoint_url"],
                None if "account_ids" in secret else values["account_ids"],
                members=values["members"] is True,
            ),
            True,
        )

    inspected = asyncio.ensure_future(inspect())

    async def value() -> str | None:
        return (await inspected)[0]

    async def is_known() -> bool:
        return (await inspected)[1]

    async def is_secret() -> bool:
        return False

    return pulumi.Output(set(), value(), is_known(), is_secret())  # type: ignore[arg-type]
