"""The dynamic provider behind ``FreeTrialInfo``: it reads, and never changes anything in AWS.

The engine pickles the provider instance into the stack's state. This class is defined in an
installed module, so dill pickles it by reference (module and class name), and the instance holds
no attributes of its own until ``configure`` runs inside the provider process: nothing about
sessions, clients or credentials can reach the state. Clients live in ``client``'s per-process
cache.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from pulumi.dynamic import (
    CheckFailure,
    CheckResult,
    ConfigureRequest,
    CreateResult,
    DiffResult,
    ReadResult,
    ResourceProvider,
    UpdateResult,
)

from .errors import FailedAccountsError, InvalidInputError
from .inputs import TrialQuery, free_trial_info_id
from .model import FreeTrialResult
from .settings import TIMEOUT_CONFIG_KEY, limits_from_config


class FreeTrialInfoProvider(ResourceProvider):
    """Resolves ``FreeTrialInfo`` through ``inspector2:BatchGetFreeTrialInfo``."""

    # The instance holds no secret, so its serialized form need not be one; this keeps state
    # readable and `pulumi stack export` diffs meaningful.
    serialize_as_secret_always = False

    def configure(self, req: ConfigureRequest) -> None:
        """Pick up the stack's ``aws:region`` / ``aws:profile``, as pulumi-aws does, and the
        time budget of each read (``inspector-trial:timeout``, seconds)."""
        self._stack_region = _config_string(req, "aws:region")
        self._stack_profile = _config_string(req, "aws:profile")
        self._limits = limits_from_config(req.config.get(TIMEOUT_CONFIG_KEY))

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        try:
            TrialQuery.from_props(news)
        except InvalidInputError as error:
            return CheckResult(news, [CheckFailure(error.property or "account_ids", str(error))])
        return CheckResult(news, [])

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        """Only a change of what is asked (accounts, region, endpoint, identity) matters."""
        old = TrialQuery.from_props(olds).to_props()
        new = TrialQuery.from_props(news).to_props()
        changed = sorted(key for key in new if old[key] != new[key])
        return DiffResult(changes=bool(changed), replaces=[], delete_before_replace=False)

    def create(self, props: dict[str, Any]) -> CreateResult:
        """A create (the engine's fallback when not reading by id) resolves like a read."""
        query = TrialQuery.from_props(props)
        outputs = self._resolve(query)
        # The program computes the id with the stack's region too: the same id either way.
        settings = query.settings.with_defaults(getattr(self, "_stack_region", None), None)
        return CreateResult(
            free_trial_info_id(settings.region, settings.endpoint_url, query.account_ids), outputs
        )

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        """Resolve the trial data now. Runs during preview, up and refresh alike."""
        outputs = self._resolve(TrialQuery.from_props(props))
        return ReadResult(id_, outputs)

    def update(self, _id: str, _olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        return UpdateResult(self._resolve(TrialQuery.from_props(news)))

    def delete(self, _id: str, _props: dict[str, Any]) -> None:
        """Nothing to delete: the resource only ever read. No network, no credentials."""

    def _resolve(self, query: TrialQuery) -> dict[str, Any]:
        from .client import shared_resolver  # boto3 is imported in the provider process only

        settings = query.settings.with_defaults(
            getattr(self, "_stack_region", None), getattr(self, "_stack_profile", None)
        )
        resolver = shared_resolver(settings, getattr(self, "_limits", None))
        result = resolver.resolve(query.account_ids)
        if result.failed_accounts and not query.allow_failed_accounts:
            raise FailedAccountsError(result)
        return outputs_of(query, result, region=resolver.region)


def outputs_of(query: TrialQuery, result: FreeTrialResult, *, region: str) -> dict[str, Any]:
    """The resource's outputs: its inputs echoed back, plus the contract's trial shapes."""
    document = result.to_dict()
    return {
        **query.to_props(),
        "account_ids": list(query.account_ids),
        "region": region,
        "accounts": document["accounts"],
        "failed_accounts": document["failed_accounts"],
        "active_types": result.active_types(datetime.now(timezone.utc)),
    }


def _config_string(req: ConfigureRequest, key: str) -> str | None:
    value = req.config.get(key)
    return value if isinstance(value, str) and value else None
