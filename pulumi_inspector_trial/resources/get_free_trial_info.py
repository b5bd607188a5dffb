"""``get_free_trial_info`` and ``get_free_trial_info_output``: the data-source call."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

import pulumi

from ..domain.costs import AccountCosts
from ..domain.inputs import READ_INPUTS
from ..domain.status import AccountStatus
from ..domain.trials import FreeTrialResult
from ..read.query import INPUT_KEYS, SECRET_IDS_KEY, TrialQuery
from ..read.service import StackDefaults, TrialRead, read_free_trials
from ._utilities import with_param_lines
from .program_errors import raises_run_errors


class GetFreeTrialInfoResult:
    """What ``get_free_trial_info`` returns: plain Python values in the contract's shapes."""

    def __init__(self, read: TrialRead) -> None:
        document = read.result.to_dict()
        self.accounts: list[dict[str, Any]] = document["accounts"]
        """Per account, sorted by id, with its ``free_trial_info`` list."""
        self.failed_accounts: list[dict[str, str]] = document["failed_accounts"]
        """Accounts the service could not resolve, with ``code`` and ``message``."""
        self.active_types: dict[str, list[str]] = read.active_types
        """``{account_id: [type, ...]}`` of the trials running when read: ACTIVE and not yet
        ended."""
        self.account_ids: list[str] = read.account_ids
        """The accounts asked for, sorted and deduplicated; with ``members``, the members."""
        self.region: str = read.region
        """The region the data was read in."""
        self.free_trials: FreeTrialResult = read.result
        """The same data as the domain model, for gating (``scan_types_to_enable``)."""
        self.costs: dict[str, dict[str, Any]] | None = read.cost_documents
        """With ``include_costs``: ``{account_id: {"currency", "total", "scan_types",
        "usage_types"}}``, estimated monthly costs; None otherwise."""
        self.account_costs: dict[str, AccountCosts] | None = read.costs
        """The same costs as the domain model, for gating with a budget."""
        self.enabled_types: dict[str, list[str]] | None = read.enabled_types
        """With ``include_account_status``: ``{account_id: [type, ...]}``, the scan types
        ENABLED when read; None otherwise."""
        self.account_statuses: dict[str, AccountStatus] | None = read.statuses
        """The same account status as the domain model."""

    def __repr__(self) -> str:
        return (
            f"GetFreeTrialInfoResult(accounts={len(self.accounts)}, "
            f"failed_accounts={len(self.failed_accounts)}, region={self.region!r})"
        )


def get_free_trial_info(
    account_ids: Sequence[str] | None = None,
    region: str | None = None,
    profile: str | None = None,
    role_arn: str | None = None,
    endpoint_url: str | None = None,
    allow_failed_accounts: bool = False,
    include_costs: bool = False,
    members: bool = False,
    include_account_status: bool = False,
) -> GetFreeTrialInfoResult:
    """Read the AWS Inspector free-trial status of accounts, now, in the program's process.

    Use it where the program must decide whether to create a resource at all; it blocks until
    the data is in. Region and profile default to the stack's ``aws:region`` / ``aws:profile``,
    then to the AWS SDK's chain.

    ## Example Usage

    ```python
    from pulumi_inspector_trial import get_free_trial_info

    trials = get_free_trial_info(account_ids=["111122223333"])
    if "EC2" in trials.active_types.get("111122223333", []):
        ...

    organisation = get_free_trial_info(members=True, include_account_status=True)
    enabled = organisation.enabled_types
    ```

    """
    # The parameters are the declared inputs (a unit test holds them to it): read them by name.
    inputs = {name: value for name, value in locals().items() if name in INPUT_KEYS}
    return _get_free_trial_info(inputs, secret_ids=False)


# The two functions take the same inputs: their ``:param`` lines are the declared descriptions.
get_free_trial_info.__doc__ = with_param_lines(get_free_trial_info.__doc__, READ_INPUTS)


@raises_run_errors
def _get_free_trial_info(inputs: dict[str, Any], *, secret_ids: bool) -> GetFreeTrialInfoResult:
    query = TrialQuery.from_props({**inputs, SECRET_IDS_KEY: secret_ids})
    from ..aws.resolver import TrialResolver  # boto3 is imported when a read happens

    return GetFreeTrialInfoResult(
        read_free_trials(query, StackDefaults.of_program(), resolver_for=TrialResolver)
    )


def get_free_trial_info_output(
    account_ids: pulumi.Input[Sequence[pulumi.Input[str]] | None] = None,
    region: pulumi.Input[str | None] = None,
    profile: pulumi.Input[str | None] = None,
    role_arn: pulumi.Input[str | None] = None,
    endpoint_url: pulumi.Input[str | None] = None,
    allow_failed_accounts: pulumi.Input[bool] = False,
    include_costs: pulumi.Input[bool] = False,
    members: pulumi.Input[bool] = False,
    include_account_status: pulumi.Input[bool] = False,
) -> pulumi.Output[GetFreeTrialInfoResult]:
    """Read the AWS Inspector free-trial status of accounts, as an ``Output``.

    Takes ``Input`` values (for example another resource's outputs); the read runs once they are
    known, off the program's event loop.

    ## Example Usage

    ```python
    from pulumi_inspector_trial import get_free_trial_info_output

    trials = get_free_trial_info_output(account_ids=organisation.member_ids)
    pulumi.export("active_types", trials.apply(lambda t: t.active_types))
    ```

    """

    inputs = {name: value for name, value in locals().items() if name in INPUT_KEYS}
    ids = pulumi.Output.from_input(account_ids)

    async def read_now(values: dict[str, Any]) -> GetFreeTrialInfoResult:
        # The values arrive unwrapped: whether the ids were secret is asked of them here, so
        # that a message about them names each by its last four digits only.
        secret_ids = await ids.is_secret()
        return await asyncio.to_thread(_get_free_trial_info, values, secret_ids=secret_ids)

    def read(values: dict[str, Any]) -> Any:
        return asyncio.ensure_future(read_now(values))

    return pulumi.Output.all(**inputs).apply(read)


get_free_trial_info_output.__doc__ = with_param_lines(
    get_free_trial_info_output.__doc__, READ_INPUTS
)
