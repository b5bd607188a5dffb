"""What a ``FreeTrialInfo`` asks for, validated once for the program and the provider alike."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from .errors import InvalidInputError
from .model import normalize_account_ids
from .settings import AwsSettings

INPUT_KEYS = (
    "account_ids",
    "region",
    "profile",
    "role_arn",
    "endpoint_url",
    "allow_failed_accounts",
    "include_costs",
)


SECRET_IDS_KEY: Final = "account_ids_secret"
"""A property the program adds to a ``FreeTrialInfo``: whether its ``account_ids`` are secret.
The engine hands a dynamic provider its inputs with secrets unwrapped, so without it the
provider could not know to keep those ids out of its messages."""

SECRET: Final = "<secret>"
"""Stands in the id for a secret region or endpoint: nothing secret goes into an id."""


def free_trial_info_id(
    region: str | None, endpoint_url: str | None, account_ids: Iterable[str] | None
) -> str:
    """The deterministic id of a ``FreeTrialInfo``: the same accounts in any order, with any
    repeats, in the same region and endpoint, give the same id.

    Secret inputs are left out: ``SECRET`` stands for a secret region or endpoint, and None for
    secret account ids, so the id of a read of secret accounts names none of them.
    """
    listed = SECRET if account_ids is None else ",".join(normalize_account_ids(account_ids))
    material = f"{region or ''}\n{endpoint_url or ''}\n{listed}".encode()
    return "freetrialinfo-" + hashlib.sha256(material).hexdigest()[:24]


@dataclass(frozen=True, slots=True)
class TrialQuery:
    """The inputs of one ``FreeTrialInfo``: accounts, where to ask, and how strict to be."""

    account_ids: tuple[str, ...]
    settings: AwsSettings
    allow_failed_accounts: bool = False
    include_costs: bool = False
    """Also read each resolved account's estimated monthly cost (``ListUsageTotals``)."""
    secret_ids: bool = False
    """The ids were given as secrets: messages name them by their last four digits only. Not an
    input of its own, and not echoed: see ``SECRET_IDS_KEY``."""

    @classmethod
    def from_props(cls, props: Mapping[str, Any]) -> TrialQuery:
        """Validate inputs, whoever gives them (the resource's properties, the functions'
        arguments): a bad value raises ``InvalidInputError`` naming it and its property."""
        account_ids = props.get("account_ids")
        secret_ids = props.get(SECRET_IDS_KEY) is True
        if account_ids is None:
            raise InvalidInputError(
                "Missing required property 'account_ids'.", property="account_ids"
            )
        if isinstance(account_ids, (str, bytes)) or not isinstance(account_ids, Iterable):
            shown = "a secret value" if secret_ids else repr(account_ids)
            raise InvalidInputError(
                f"account_ids must be a list of 12-digit account ids, not {shown}.",
                property="account_ids",
            )
        allow = _flag(props, "allow_failed_accounts")
        include_costs = _flag(props, "include_costs")
        return cls(
            account_ids=normalize_account_ids(account_ids, secret=secret_ids),
            settings=AwsSettings(
                region=props.get("region"),
                profile=props.get("profile"),
                role_arn=props.get("role_arn"),
                endpoint_url=props.get("endpoint_url"),
            ),
            allow_failed_accounts=allow,
            include_costs=include_costs,
            secret_ids=secret_ids,
        )

    def to_props(self) -> dict[str, Any]:
        return {
            "account_ids": list(self.account_ids),
            "region": self.settings.region,
            "profile": self.settings.profile,
            "role_arn": self.settings.role_arn,
            "endpoint_url": self.settings.endpoint_url,
            "allow_failed_accounts": self.allow_failed_accounts,
            "include_costs": self.include_costs,
        }


def _flag(props: Mapping[str, Any], name: str) -> bool:
    value = props.get(name)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise InvalidInputError(f"{name} must be true or false, not {value!r}.", property=name)
    return value
