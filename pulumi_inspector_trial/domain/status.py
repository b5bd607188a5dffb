"""What is enabled: each account's Inspector status per scan type (``BatchGetAccountStatus``).

The service names scan types by the camelCase keys of ``resourceState`` (``ec2``,
``lambdaCode``); ``enabler_type_of_key`` is the one place they become the Enabler resource types
the rest of the package speaks (``EC2``, ``LAMBDA_CODE``), read from ``scan_types.SCAN_TYPES``.
A key the service adds later passes through upper-cased, as trial types do.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Final

from .scan_types import SCAN_TYPES
from .trials import AccountTrials, FailedAccount, FreeTrialResult

ENABLED: Final = "ENABLED"

_ENABLER_TYPE_OF_KEY: Final[Mapping[str, str]] = MappingProxyType(
    {names.status_key: scan_type for scan_type, names in SCAN_TYPES.items()}
)

STATUS_FAILURE_PREFIX: Final = "Inspector status: "
"""How a failed account's message says it was the status read, not the trials, that failed."""


def enabler_type_of_key(key: str) -> str:
    """The type a ``resourceState`` key stands for: an Enabler resource type for the five an
    Enabler takes, else the key upper-cased (``ami`` -> ``AMI``)."""
    return _ENABLER_TYPE_OF_KEY.get(key, key.upper())


@dataclass(frozen=True, slots=True)
class AccountStatus:
    """One account's Inspector status: the account's own, and each scan type's."""

    account_id: str
    status: str
    """The account's state (``ENABLED``, ``DISABLED``, ``SUSPENDED``, ...), as sent."""
    scan_types: Mapping[str, str] = field(default_factory=dict)
    """Scan type (``enabler_type_of_key`` of each ``resourceState`` key) -> its status."""

    @property
    def enabled_types(self) -> list[str]:
        """The scan types whose state is ``ENABLED``, sorted."""
        return sorted(t for t, status in self.scan_types.items() if status == ENABLED)

    @classmethod
    def from_resource_state(
        cls, account_id: str, status: str, resource_state: Mapping[str, str]
    ) -> AccountStatus:
        """From the service's keys: ``{"ec2": "ENABLED", "lambdaCode": "DISABLED"}``."""
        return cls(
            account_id,
            status,
            {enabler_type_of_key(key): value for key, value in resource_state.items()},
        )


def enabled_types_of(statuses: Iterable[AccountStatus]) -> dict[str, list[str]]:
    """``{account_id: [type, ...]}``: the ``enabled_types`` output, accounts sorted by id."""
    return {s.account_id: s.enabled_types for s in sorted(statuses, key=lambda s: s.account_id)}


def with_status_failures(
    result: FreeTrialResult, failures: Iterable[FailedAccount]
) -> FreeTrialResult:
    """``result`` with the accounts whose status could not be read failed too: an account is
    read whole or listed in ``failed_accounts``, so nothing is reported as enabled (or not)
    beside an account it could not see. A trial failure, when there is one, is the one kept."""
    failed = {f.account_id: f for f in failures if result.failure(f.account_id) is None}
    if not failed:
        return result
    marked = tuple(
        FailedAccount(f.account_id, f.code, STATUS_FAILURE_PREFIX + f.message)
        for f in failed.values()
    )
    accounts: tuple[AccountTrials, ...] = tuple(
        a for a in result.accounts if a.account_id not in failed
    )
    return FreeTrialResult(accounts, result.failed_accounts + marked)
