"""The policy's configuration: its schema, and ``PackSettings`` checked by the package's
validators."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from pulumi_policy import PolicyConfigSchema

from ..domain.errors import InvalidInputError
from ..domain.gating import GatingPolicy
from ..domain.inputs import POLICY_INPUTS, ReadInput, policy_config_properties
from ..domain.redaction import mask_account_ids, redact
from ..domain.wording import noun
from ..read.query import MAX_TOTAL_TIMEOUT, TIMEOUT_EXPECTED, ResolveLimits, limits_from_config

POLICY_NAME: Final = "inspector-enabler-free-trial"
ENABLER_TYPE: Final = "aws:inspector2/enabler:Enabler"
DESCRIPTION: Final = (
    "Inspector scan types are turned on only while a free trial covers them, unless paid for."
)

CONFIG_SCHEMA: Final = PolicyConfigSchema(
    properties={
        **policy_config_properties(),
        "timeout": {
            "type": "number",
            "exclusiveMinimum": 0,
            "maximum": MAX_TOTAL_TIMEOUT,
            "description": "Seconds one read may take in all.",
        },
        "showAccountIds": {
            "type": "boolean",
            "default": False,
            "description": "Name accounts by their whole id in violations; by default only "
            "their last four digits (the pack cannot tell which ids a stack keeps secret).",
        },
    }
)
"""The policy's configuration, as ``--policy-pack-config`` gives it."""

CONFIG_KEYS: Final = frozenset(CONFIG_SCHEMA.properties)
_ENFORCEMENT_KEY: Final = "enforcementLevel"  # the engine's, never the policy's


@dataclass(frozen=True)
class PackSettings:
    """The policy's configuration, validated by the package's validators: a bad value raises
    ``InvalidInputError`` naming the config key and the value."""

    min_days_left: int = 0
    allowed_types: frozenset[str] = frozenset()
    max_monthly_cost: float | None = None
    region: str | None = None
    endpoint_url: str | None = None
    limits: ResolveLimits = field(default_factory=ResolveLimits)
    show_account_ids: bool = False
    """Violations name accounts whole; else by their last four digits: pulumi-policy unwraps
    secrets before ``validate``, so the pack cannot tell a secret id from a plain one."""

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> PackSettings:
        unknown = sorted(set(config) - CONFIG_KEYS - {_ENFORCEMENT_KEY})
        if unknown:
            raise InvalidInputError(
                f"Unknown policy config {noun(len(unknown), 'key')} "
                f"{', '.join(map(repr, unknown))}: {POLICY_NAME} takes "
                f"{', '.join(sorted(CONFIG_KEYS))}.",
                property=unknown[0],
            )
        declared = {i.name: _declared_value(config, i) for i in POLICY_INPUTS}
        return cls(
            min_days_left=declared["min_days_left"],
            allowed_types=frozenset(declared["always_enable"]),
            max_monthly_cost=declared["max_monthly_cost"],
            region=declared["region"],
            endpoint_url=declared["endpoint_url"],
            limits=_checked(
                config,
                "timeout",
                limits_from_config,
                TIMEOUT_EXPECTED,
            ),
            show_account_ids=_checked(
                config, "showAccountIds", _boolean, "true or false", default=False
            ),
        )

    def shown(self, message: str) -> str:
        """A violation message as the pack reports it: redacted, and with every account id
        shortened to its last four digits unless ``showAccountIds``."""
        message = redact(message)
        return message if self.show_account_ids else mask_account_ids(message)

    @property
    def gating(self) -> GatingPolicy:
        """The gating rules this configuration stands for (``allowedTypes`` are paid for)."""
        return GatingPolicy(
            min_days_left=self.min_days_left,
            always_enable=self.allowed_types,
            max_monthly_cost=self.max_monthly_cost,
        )


def _checked(
    config: Mapping[str, Any],
    key: str,
    check: Callable[[Any], Any],
    expected: str,
    default: Any = None,
) -> Any:
    value = config.get(key, default)
    try:
        return check(value)
    except InvalidInputError:
        raise InvalidInputError(
            f"Invalid policy config {key} {value!r}: expected {expected}.", property=key
        ) from None


def _declared_value(config: Mapping[str, Any], declared: ReadInput) -> Any:
    """A declared input's value in the config, by its declared validator: a message of the
    validator's own names the key where it can (a string, a list), else one says what the key
    expects."""
    key = declared.policy_key
    assert key is not None
    value = config.get(key, declared.default)
    if value is None:
        return None
    fits = isinstance(value, (list, tuple)) if declared.container else isinstance(value, str)
    try:
        return declared.validate(_whole(value), f"policy config {key}")
    except InvalidInputError as error:
        if declared.type == "str" and fits:
            raise InvalidInputError(str(error), property=key) from None
        raise InvalidInputError(
            f"Invalid policy config {key} {declared.shown(value)}: expected {declared.expected}.",
            property=key,
        ) from None


def _boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise InvalidInputError(f"expected true or false, not {value!r}")
    return value


def _whole(value: Any) -> Any:
    """Config arrives as JSON through protobuf, where every number is a float: 7.0 is 7."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
