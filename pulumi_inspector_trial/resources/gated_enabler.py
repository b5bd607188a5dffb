"""``GatedEnabler``: turn on Inspector scan types only where their free trial allows it.

pulumi-aws comes with the ``[aws]`` extra and is slow to import: it is imported when the first
``GatedEnabler`` is built, so this module (and the package) import without it, and a program that
builds one without the extra fails with ``MissingExtraError``, whose message names the extra.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Final, TypeVar, overload

import pulumi
from typing_extensions import Unpack

from ..domain.gating import GatingDecision, decide
from ..domain.membership import as_not_associated, left_out_though_enabled
from ..domain.trials import ACCESS_DENIED
from ..domain.validation import AccountIds
from ..read.query import TrialQuery
from ..read.service import StackDefaults, TrialRead, read_free_trials_in_regions
from ._utilities import args_and_opts, import_extra
from .free_trial_info import FreeTrialInfo
from .gated_enabler_args import GatedEnablerArgs, GatedEnablerInputs
from .program_errors import raises_run_errors

if TYPE_CHECKING:
    import pulumi_aws as aws

__all__ = ["GatedEnabler", "GatedEnablerArgs"]

GATED_ENABLER_TYPE: Final = "inspector-trial:index:GatedEnabler"
ENABLER_TYPE: Final = "aws:inspector2/enabler:Enabler"

T = TypeVar("T")


class GatedEnabler(pulumi.ComponentResource):
    """Enables AWS Inspector scan types per account, only where the free-trial policy allows.

    The decision is made at program time: the component reads the accounts' trials with
    ``get_free_trial_info`` while the program runs (during ``pulumi preview`` and ``pulumi up``
    alike), decides with ``gating.decide``, and creates one ``aws.inspector2.Enabler`` named
    ``<name>-<account id>`` for each account with something to enable, with the types sorted.
    An account with nothing to enable gets no Enabler at all (an Enabler refuses an empty list),
    so a trial that ends disables its scan types at the next ``pulumi up``.

    It fails closed: an account whose trial data cannot be resolved (not a member, access
    denied) is never enabled, not even for ``always_enable`` types, and a warning names it. If
    the service cannot be reached at all, the program fails rather than guess.

    It also registers a child ``FreeTrialInfo`` named ``<name>-trials`` (with
    ``allow_failed_accounts=True``). That is a second, separate read, made by the provider during
    preview and up, so the stack records the trial state observed then; it normally matches what
    the program-time read behind the decision saw, but it is not that read and can differ.
    The Enablers use the aws provider given in ``opts`` (``provider`` or ``providers``), else
    the default one; with ``region`` set they enable Inspector in that region. Trials are read
    where the Enablers go: in ``region``, else in the region of that aws provider (asked of it
    with ``aws.get_region``), else in the stack's ``aws:region``, else ``AWS_REGION`` /
    ``AWS_DEFAULT_REGION``.

    ``members=True`` gates the delegated administrator's associated members instead of a list
    (read with ``inspector2:ListMembers`` while the program runs): an account that joins gets its
    Enablers at the next ``pulumi up``. A member the service denies (it left, or its association
    ended, after the list was read) is skipped as not an associated member. A delegated
    administrator manages at most 10,000 associated members. ``enabler_opts`` is given to every
    Enabler (``custom_timeouts``, say: creating an Enabler across many accounts can outlast
    pulumi-aws's default timeout), merged with ``parent=`` this component.

    ``include_account_status=True`` also reads what each account has enabled
    (``inspector2:BatchGetAccountStatus``), beside the trials and in the same read; the
    ``FreeTrialInfo`` child is given it too, so the stack records ``enabled_types``. Only an
    associated member's status may be read, so an account that read denies (``ACCESS_DENIED``:
    not in the organisation, or not associated) is skipped as not an associated member, logged
    as info, not warned about as unreadable trial data. A type the gate enables goes to the
    Enabler whether or not it is ENABLED already: the Enabler owns it. A type an account has
    ENABLED that the gate does not enable is left out of the Enabler like any other (an ended
    trial turns off what this stack's Enabler turned on; what was turned on elsewhere stays on),
    but not silently: its reason ends with ``ENABLED now, left out of the Enabler`` and a
    warning names it. Without it no status is read, and no permission beyond the trials' needed.

    An Enabler cannot turn off what an AWS Organizations policy turns on: Inspector enabled
    through an organisation policy takes precedence over what the delegated administrator or a
    member enables (such a policy may reach up to 50,000 accounts, of which still only 10,000
    are associated members). Types a policy enables stay enabled whatever the trials say.

    Outputs: ``decisions`` (``{account_id: {"enable": [...], "reasons": {type: why},
    "resolved": bool}}``), ``enabled_accounts`` (sorted ids) and ``skipped_accounts``
    (``{account_id: one-line summary}``).

    ## Example Usage

    ```python
    from pulumi_inspector_trial import GatedEnabler

    gate = GatedEnabler(
        "inspector",
        account_ids=["111122223333", "222233334444"],
        wanted_types=["EC2", "ECR", "LAMBDA"],
        min_days_left=7,
    )
    pulumi.export("enabled_accounts", gate.enabled_accounts)
    ```
    """

    # The same pair as the other resource's, on purpose: overloads must sit in each class, and
    # no generic base can give them (PEP 692 allows no Unpack of a type variable).
    @overload
    def __init__(
        self,
        resource_name: str,
        args: GatedEnablerArgs,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None: ...

    @overload
    def __init__(
        self,
        resource_name: str,
        opts: pulumi.ResourceOptions | None = None,
        **inputs: Unpack[GatedEnablerInputs],
    ) -> None: ...

    @raises_run_errors
    def __init__(self, resource_name: str, *args: Any, **kwargs: Any) -> None:
        # Before anything is registered: without the extra, nothing is left half made.
        self._aws = import_extra("pulumi_aws", "GatedEnabler", "pulumi-aws", "aws")
        gate, opts = args_and_opts("GatedEnabler", GatedEnablerArgs, args, kwargs)
        super().__init__(GATED_ENABLER_TYPE, resource_name, None, opts)
        at = gate.at if gate.at is not None else datetime.now(timezone.utc)
        self._regional = gate.regions is not None
        if gate.regions is not None:
            regions: list[str | None] = list(gate.regions)
        else:
            # Read the trials where the Enablers go: the region given, else the region of the
            # aws provider they use, else the stack's.
            regions = [gate.settings.region or self._aws_provider_region()]
        query = TrialQuery(
            AccountIds(gate.account_ids),
            gate.settings,
            allow_failed_accounts=True,
            include_costs=gate.policy.max_monthly_cost is not None,
            members=gate.members,
            include_account_status=gate.include_account_status,
        )
        from ..aws.resolver import TrialResolver  # boto3 is imported when a read happens

        reads = read_free_trials_in_regions(
            query, regions, StackDefaults.of_program(), resolver_for=TrialResolver
        )
        self.decisions_by_region: dict[str, dict[str, GatingDecision]] = {}
        """Region -> account -> its decision, for every region read."""
        self.enablers_by_region: dict[str, dict[str, aws.inspector2.Enabler]] = {}
        """Region -> account -> its Enabler, for the accounts with something to enable."""
        self.trials_by_region: dict[str, FreeTrialInfo] = {}
        """Region -> the trial data the stack records there."""
        for asked, read in reads.items():
            if not isinstance(read, TrialRead):
                raise read  # fail the program rather than guess what a region allows
            self._gate_region(resource_name, gate, asked, read, at)
        self.register_outputs(
            {
                "decisions": self.decision_documents,
                "enabled_accounts": self.enabled_accounts,
                "skipped_accounts": self.skipped_accounts,
            }
        )

    def _gate_region(
        self,
        resource_name: str,
        gate: GatedEnablerArgs,
        asked: str | None,
        read: TrialRead,
        at: datetime,
    ) -> None:
        """Decide for one region, and register its ``FreeTrialInfo`` and Enablers.

        Without ``regions`` the names are those of 0.1.0 (``<name>-trials``,
        ``<name>-<account>``) and an Enabler gets a ``region`` only when one was given, so an
        upgrade replaces nothing; with ``regions`` they name the region too.
        """
        region = read.region
        decisions = decide(
            read.result,
            gate.wanted_types,
            gate.policy,
            at=at,
            account_ids=read.account_ids,
            costs=read.costs,
        )
        if gate.members or gate.include_account_status:
            # Only an associated member's status may be read: the status read denying an
            # account says it is not one. For a read of the members, so does the trial read
            # denying one that was listed.
            denied = {f.account_id: f for f in read.status_failures if f.code == ACCESS_DENIED}
            decisions = {
                account_id: as_not_associated(
                    decision,
                    denied.get(account_id)
                    or (read.result.failure(account_id) if gate.members else None),
                )
                for account_id, decision in decisions.items()
            }
        left_out: dict[str, tuple[str, ...]] = {}
        for account_id, status in (read.statuses or {}).items():
            decisions[account_id], left_out[account_id] = left_out_though_enabled(
                decisions[account_id], status.enabled_types
            )
        settings = gate.settings
        trials_name = (
            f"{resource_name}-trials-{region}" if self._regional else f"{resource_name}-trials"
        )
        self.trials_by_region[region] = FreeTrialInfo(
            trials_name,
            account_ids=None if gate.members else list(gate.account_ids),
            members=True if gate.members else None,
            region=asked,
            profile=settings.profile,
            role_arn=settings.role_arn,
            endpoint_url=settings.endpoint_url,
            allow_failed_accounts=True,
            # Only a budget asks for estimates, so a stack without one needs no new permission.
            include_costs=gate.policy.max_monthly_cost is not None or None,
            # Given only when read, so a stack that does not read status keeps its inputs.
            include_account_status=gate.include_account_status or None,
            opts=pulumi.ResourceOptions(parent=self),
        )
        where = f" in {region}" if self._regional else ""
        enablers: dict[str, aws.inspector2.Enabler] = {}
        for account_id, decision in decisions.items():
            if not decision.resolved and not decision.is_not_associated:
                why = decision.unresolved_reason
                pulumi.log.warn(
                    f"Inspector is not enabled in account {account_id}{where}: {why}",
                    resource=self,
                )
            elif not decision.enable:
                pulumi.log.info(f"{decision.summary}{where}", resource=self)
            if left_out.get(account_id):
                pulumi.log.warn(
                    f"Account {account_id}{where} has {', '.join(left_out[account_id])} ENABLED, "
                    "which the gate does not enable: pulumi up turns off what this stack's "
                    "Enabler turned on, and what was turned on elsewhere stays on.",
                    resource=self,
                )
            if not decision.enable:
                continue
            if self._regional:
                name, placed = f"{resource_name}-{region}-{account_id}", {"region": region}
            else:
                # The region is passed only when given, so the aws provider's region applies
                # otherwise, as for any other aws resource.
                name = f"{resource_name}-{account_id}"
                placed = {"region": settings.region} if settings.region else {}
            enablers[account_id] = self._aws.inspector2.Enabler(
                name,
                account_ids=[account_id],
                resource_types=list(decision.enable),
                opts=pulumi.ResourceOptions.merge(
                    gate.enabler_opts, pulumi.ResourceOptions(parent=self)
                ),
                **placed,
            )
        self.decisions_by_region[region] = decisions
        self.enablers_by_region[region] = enablers

    @property
    def decisions(self) -> dict[str, GatingDecision]:
        """One decision per account, sorted by account id (one region; see
        ``decisions_by_region`` for several)."""
        return self._one_region(self.decisions_by_region, "decisions")

    @property
    def enablers(self) -> dict[str, aws.inspector2.Enabler]:
        """The Enabler of each account with something to enable (one region; see
        ``enablers_by_region`` for several)."""
        return self._one_region(self.enablers_by_region, "enablers")

    @property
    def trials(self) -> FreeTrialInfo:
        """The trial data the decisions were based on, as the stack records it (one region; see
        ``trials_by_region`` for several)."""
        return self._one_region(self.trials_by_region, "trials")

    def _one_region(self, by_region: dict[str, T], name: str) -> T:
        if self._regional:
            raise AttributeError(
                f"This GatedEnabler gates several regions: use {name}_by_region[region]."
            )
        (only,) = by_region.values()
        return only

    def _aws_provider_region(self) -> str | None:
        """The region of the aws provider this component was given (``provider`` or
        ``providers``, here or on a parent), asked of the provider itself with
        ``aws.get_region``, so a region it takes from its own environment counts too. None
        without an explicit provider: the stack's ``aws:region`` and the environment apply."""
        provider = self.get_provider(ENABLER_TYPE)
        if provider is None:
            return None
        region = self._aws.get_region(opts=pulumi.InvokeOptions(provider=provider)).region
        return region or None

    @property
    def decision_documents(self) -> dict[str, Any]:
        """``decisions`` as the ``decisions`` output shows them: ``{account_id: {"enable":
        [...], "reasons": {type: why}, "resolved": bool}}``; with ``regions``, that per region:
        ``{region: {account_id: ...}}``."""
        documents = {
            region: {account_id: decision.to_dict() for account_id, decision in decisions.items()}
            for region, decisions in self.decisions_by_region.items()
        }
        return self._per_region(documents)

    @property
    def enabled_accounts(self) -> Any:
        """The accounts with an Enabler, sorted; with ``regions``, ``{region: [...]}``."""
        return self._per_region({r: sorted(e) for r, e in self.enablers_by_region.items()})

    @property
    def skipped_accounts(self) -> Any:
        """``{account_id: summary}`` of the accounts with nothing to enable; with ``regions``,
        ``{region: {account_id: summary}}``."""
        skipped = {
            region: {
                account_id: decision.summary
                for account_id, decision in decisions.items()
                if not decision.enable
            }
            for region, decisions in self.decisions_by_region.items()
        }
        return self._per_region(skipped)

    def _per_region(self, documents: dict[str, T]) -> T | dict[str, T]:
        """``documents`` by region with ``regions``, else the one region's."""
        return documents if self._regional else next(iter(documents.values()))
