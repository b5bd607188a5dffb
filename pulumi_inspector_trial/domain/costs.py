"""Estimated costs: what the service says an account would pay a month, by usage and scan type."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Final

from .scan_types import SCAN_TYPES

USD: Final = "USD"

SCAN_TYPE_OF_USAGE: Final[Mapping[str, str]] = MappingProxyType(
    {usage: scan_type for scan_type, names in SCAN_TYPES.items() for usage in names.usage_types}
)
"""Usage type -> the Enabler's scan type, read from ``scan_types.SCAN_TYPES``. Any other usage
type (AZURE_*, GCP_*, EC2_AMI_*, and whatever the service adds) counts in a total, never in a
scan type."""


@dataclass(frozen=True, slots=True)
class AccountCosts:
    """What the service estimates one account would pay a month, from its last 30 days' usage."""

    account_id: str
    usage_types: Mapping[str, float]
    """Usage type -> estimated monthly cost (entries of one type, per cloud, summed)."""
    currency: str = USD

    @property
    def total(self) -> float:
        return float(round(sum(self.usage_types.values(), 0.0), 10))

    @property
    def scan_types(self) -> dict[str, float]:
        """Scan type -> estimated monthly cost, summing its usage types (``SCAN_TYPE_OF_USAGE``)."""
        costs: dict[str, float] = {}
        for usage_type, cost in self.usage_types.items():
            scan_type = SCAN_TYPE_OF_USAGE.get(usage_type)
            if scan_type is not None:
                costs[scan_type] = round(costs.get(scan_type, 0.0) + cost, 10)
        return dict(sorted(costs.items()))

    def to_dict(self) -> dict[str, Any]:
        """The contract's shape: ``{"currency", "total", "scan_types", "usage_types"}``."""
        return {
            "currency": self.currency,
            "total": self.total,
            "scan_types": self.scan_types,
            "usage_types": dict(sorted(self.usage_types.items())),
        }

    @classmethod
    def from_usage(cls, account_id: str, usage: Iterable[Mapping[str, Any]]) -> AccountCosts:
        """From the service's ``usage`` entries of one account (``type``,
        ``estimatedMonthlyCost``, ``currency``)."""
        costs: dict[str, float] = {}
        currency = USD
        for entry in usage:
            usage_type = str(entry["type"])
            cost = float(entry.get("estimatedMonthlyCost") or 0.0)
            if not math.isfinite(cost):
                raise ValueError(f"estimated cost of {usage_type} is not a number: {cost!r}")
            costs[usage_type] = round(costs.get(usage_type, 0.0) + cost, 10)
            currency = str(entry.get("currency") or currency)
        return cls(account_id, costs, currency)

    @classmethod
    def from_dict(cls, account_id: str, shape: Mapping[str, Any]) -> AccountCosts:
        """Read a document written by ``to_dict``."""
        usage = {str(k): float(v) for k, v in (shape.get("usage_types") or {}).items()}
        return cls(account_id, usage, str(shape.get("currency") or USD))
