"""The emulator's own vocabulary: account ids, region names, statuses, failure codes, timestamps.

Written here rather than shared with the client side of the package, so the emulator is an
independent oracle: a parsing bug on the client side cannot agree with itself.

Region names are those botocore's endpoint data knows: a name is one when a partition's
``regionRegex`` matches it or the partition lists it, so every partition is served
(``eu-west-1``, ``us-gov-west-1``, ``cn-north-1``, ``us-iso-east-1``, ``eusc-de-east-1``) and
a new partition arrives with botocore. The file is read as data, without importing botocore.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import math
import re
from datetime import datetime, timezone
from pathlib import Path
from typing import Final

ACTIVE: Final = "ACTIVE"
INACTIVE: Final = "INACTIVE"
STATUSES: Final = (ACTIVE, INACTIVE)
"""A trial's status, as the service sends it."""
ENABLED: Final = "ENABLED"
DISABLED: Final = "DISABLED"
RESOURCE_STATUSES: Final = (
    "ENABLING",
    ENABLED,
    "DISABLING",
    DISABLED,
    "SUSPENDING",
    "SUSPENDED",
)
"""A scan type's (and an account's) Inspector status, as BatchGetAccountStatus sends it."""
RELATIONSHIP_STATUSES: Final = (
    "CREATED",
    "INVITED",
    "DISABLED",
    ENABLED,
    "REMOVED",
    "RESIGNED",
    "DELETED",
    "EMAIL_VERIFICATION_IN_PROGRESS",
    "EMAIL_VERIFICATION_FAILED",
    "REGION_DISABLED",
    "ACCOUNT_SUSPENDED",
    "CANNOT_CREATE_DETECTOR_IN_ORG_MASTER",
)
"""A member's relationship with the delegated administrator, as ListMembers sends it: only
``ENABLED`` is an associated member."""
RESOURCE_KEY: Final = re.compile(r"[a-z][A-Za-z0-9]*", re.ASCII)
"""A key of BatchGetAccountStatus's ``resourceState``: ``ec2``, ``lambdaCode``, ... (camelCase)."""
ACCESS_DENIED: Final = "ACCESS_DENIED"
INTERNAL_ERROR: Final = "INTERNAL_ERROR"
"""The ``code`` of a ``failedAccounts`` entry the emulator answers."""

ACCOUNT_ID: Final = re.compile(r"[0-9]{12}", re.ASCII)
"""An AWS account id: exactly 12 digits."""

_ENDPOINT_FILES: Final = ("partitions.json", "endpoints.json")
"""botocore's endpoint data, newest form first (both carry each partition's ``regionRegex``)."""
_FALLBACK_REGION: Final = r"[a-z]{2,}(-[a-z0-9]+)*-[0-9]+"
"""Used only if botocore's data cannot be read: every AWS region name has this form."""


def is_account_id(value: object) -> bool:
    """Whether ``value`` is a string of exactly 12 ASCII digits."""
    return isinstance(value, str) and ACCOUNT_ID.fullmatch(value) is not None


def is_resource_key(value: object) -> bool:
    """Whether ``value`` is spelt like a key of ``resourceState`` (``codeRepository``)."""
    return isinstance(value, str) and RESOURCE_KEY.fullmatch(value) is not None


def is_region_name(value: object) -> bool:
    """Whether ``value`` is the name of a region of some AWS partition."""
    if not isinstance(value, str):
        return False
    patterns, listed = _partitions()
    return value in listed or any(p.fullmatch(value) for p in patterns)


@functools.cache
def _partitions() -> tuple[tuple[re.Pattern[str], ...], frozenset[str]]:
    """Every partition's region regex and listed regions, from botocore's endpoint data."""
    spec = importlib.util.find_spec("botocore")  # finds the package without importing it
    data = Path(spec.origin).parent / "data" if spec and spec.origin else None
    for name in _ENDPOINT_FILES:
        if data is None:
            break
        try:
            document = json.loads((data / name).read_text(encoding="utf-8"))
            partitions = document["partitions"]
            # ASCII: botocore's \w and \d mean the ASCII classes of the SDKs' regex engines.
            patterns = tuple(re.compile(p["regionRegex"], re.ASCII) for p in partitions)
            listed = frozenset(r for p in partitions for r in p.get("regions", {}))
        except (OSError, ValueError, KeyError, TypeError, re.error):
            continue
        if patterns:
            return patterns, listed
    return (re.compile(_FALLBACK_REGION, re.ASCII),), frozenset()


def parse_timestamp(value: object) -> datetime | None:
    """A data file's timestamp as an aware UTC datetime, or None when it is not one.

    Epoch seconds are a JSON number and ISO 8601 a string (UTC if no offset is given): a string
    of digits is not read as epoch seconds, as ``"20261120"`` is also an ISO 8601 date.
    """
    try:
        if isinstance(value, (int, float)) and is_json_number(value):
            return datetime.fromtimestamp(value, tz=timezone.utc)
        if isinstance(value, str):
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
            aware = parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)
            return aware.astimezone(timezone.utc)
    except (ValueError, OverflowError, OSError):
        pass
    return None


def format_timestamp(moment: datetime) -> str:
    """ISO 8601 in UTC with a ``Z``, to the second, as STS writes ``Expiration``."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def is_json_number(value: object) -> bool:
    """A JSON number: ``json`` also reads NaN, Infinity and 1e999 (as inf), which are not."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    return math.isfinite(value)


def is_whole_number(value: object) -> bool:
    """An int that is not a bool."""
    return isinstance(value, int) and not isinstance(value, bool)
