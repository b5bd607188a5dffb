"""What the service calls each of the Enabler's scan types: its status key and its usage types."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final


@dataclass(frozen=True, slots=True)
class ServiceNames:
    """How Inspector's APIs name one Enabler scan type."""

    status_key: str
    """Its camelCase key in ``BatchGetAccountStatus``'s ``resourceState``."""
    usage_types: tuple[str, ...]
    """The ``ListUsageTotals`` usage types it is billed by."""


SCAN_TYPES: Final[Mapping[str, ServiceNames]] = MappingProxyType(
    {
        "EC2": ServiceNames("ec2", ("EC2_INSTANCE_HOURS", "EC2_AGENTLESS_INSTANCE_HOURS")),
        "ECR": ServiceNames("ecr", ("ECR_INITIAL_SCAN", "ECR_RESCAN")),
        "LAMBDA": ServiceNames("lambda", ("LAMBDA_FUNCTION_HOURS",)),
        "LAMBDA_CODE": ServiceNames("lambdaCode", ("LAMBDA_FUNCTION_CODE_HOURS",)),
        "CODE_REPOSITORY": ServiceNames(
            "codeRepository",
            ("CODE_REPOSITORY_SAST", "CODE_REPOSITORY_IAC", "CODE_REPOSITORY_SCA"),
        ),
    }
)
"""The Enabler's resource types (``gating.ENABLER_RESOURCE_TYPES``, in its order) -> how the
service names each: the one table ``costs.SCAN_TYPE_OF_USAGE`` and ``status.enabler_type_of_key``
are read from, so a scan type is added in one row."""
