"""The inputs of a read, declared once: name, types, description, validator, default.

Everything else is derived from ``INPUTS``: the query's validation (``TrialQuery.from_props``,
and so the provider's ``check``), the settings (``AwsSettings``), the command line's flags and
their argparse types, the policy pack's config keys and schema, and the property specs of the
Pulumi package schema the native plugin serves. The typed signatures of ``FreeTrialInfoArgs``,
``FreeTrialInfo``, ``get_free_trial_info(_output)`` and ``GatedEnabler(Args)`` stay written out
(mypy strict reads them, and editors complete them), and a unit test holds each to ``annotation``
and ``default`` here, so the two cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Final, Literal

from .errors import InvalidInputError
from .gating import ENABLER_RESOURCE_TYPES, validate_scan_types
from .redaction import redact_url
from .validation import (
    validate_account_id_list,
    validate_budget,
    validate_endpoint_url,
    validate_flag,
    validate_min_days_left,
    validate_profile,
    validate_region,
    validate_role_arn,
    validate_setting_text,
)

Style = Literal["input", "plain", "output", "component"]
"""How a signature spells an input:

- ``input``: a resource's and its Args class's keyword (``pulumi.Input[T] | None = None``);
- ``plain``: ``get_free_trial_info``'s (plain values, the declared default);
- ``output``: ``get_free_trial_info_output``'s (``pulumi.Input`` of the plain type);
- ``component``: ``GatedEnabler``'s (plain values; a required one defaults to None and is
  refused by name, as pulumi-aws's Args classes do).
"""

_SCHEMA_TYPES: Final = {"str": "string", "bool": "boolean", "int": "integer", "float": "number"}
_PARSE_TEXT: Final[dict[str, Callable[[str], Any]]] = {"str": str, "int": int, "float": float}


@dataclass(frozen=True)
class ReadInput:
    """One input of a read, as every entry point takes it."""

    name: str
    """snake_case, as Python programs, the provider's properties and messages name it."""
    type: Literal["str", "bool", "int", "float"]
    """The Python type of one value (of one element, for a list)."""
    description: str
    validate: Callable[[Any, str], Any]
    """``validate(value, name)``: the value as a read uses it, or ``InvalidInputError`` naming
    the value and ``name`` (what the user set it as: ``region``, ``policy config region``)."""
    expected: str
    """What a good value is, for a message naming a flag or config key."""
    container: Literal["Sequence", "Iterable"] | None = None
    """A list of ``type``: how signatures spell it."""
    required: bool = False
    selects: bool = False
    """Says which accounts a read is of: ``account_ids`` or ``members``, exactly one of them
    (so neither is ``required``; the query refuses both, and neither, by name)."""
    default: Any = None
    """The value when not given (``required`` inputs have none)."""
    sensitive: bool = False
    """A value may hold what a message never prints whole (a secret id, an endpoint's
    password): messages show it through ``shown``."""
    secret: bool = False
    """Always secret, whoever gives it: the package schema marks it so. None is: any input may
    be given as a secret, and then the outputs are secret; plain inputs keep plain outputs."""
    setting: bool = False
    """Where and as whom to read (``AwsSettings``; the plugin's provider config)."""
    gating: bool = False
    """Decides what to enable rather than what to read (``GatedEnabler``, ``getScanTypes``)."""
    component: bool = False
    """``GatedEnabler`` takes it too, though it neither selects the accounts, gates nor says
    where to read (``include_account_status``: it tells non-members apart)."""
    on_cli: bool = False
    """The command line takes it as ``flag``."""
    cli_flag: str | None = None
    """The command line's spelling, where it is not the name's (``--costs``)."""
    policy_key: str | None = None
    """The policy pack's config key, when the pack takes it (``camel_name`` unless the pack
    words it its own way)."""
    policy_description: str | None = None
    choices: tuple[str, ...] | None = None
    """The only values an element may take."""
    minimum: float | None = None

    @property
    def camel_name(self) -> str:
        """camelCase, as the package schema and the policy config name it."""
        first, *rest = self.name.split("_")
        return first + "".join(word.capitalize() for word in rest)

    @property
    def flag(self) -> str:
        return self.cli_flag or "--" + self.name.replace("_", "-")

    @property
    def plain_type(self) -> str:
        return f"{self.container}[{self.type}]" if self.container else self.type

    def annotation(self, style: Style) -> str:
        """The annotation a signature of ``style`` gives this input, as source text."""
        inner = f"{self.container}[pulumi.Input[{self.type}]]" if self.container else self.type
        optional = self.default is None and not self.required
        if style == "input":
            return f"pulumi.Input[{inner}] | None"
        if style == "output":
            if self.required:
                return f"pulumi.Input[{inner}]"
            return f"pulumi.Input[{inner}{' | None' if optional else ''}]"
        if style == "component" and self.required:
            return f"{self.plain_type} | None"
        return f"{self.plain_type} | None" if optional else self.plain_type

    def default_in(self, style: Style) -> Any:
        """The default a signature of ``style`` gives this input; ``REQUIRED`` for none."""
        if style == "input" or (style == "component" and self.required):
            return None
        return REQUIRED if self.required else self.default

    def shown(self, value: object) -> str:
        """The value as a message may show it."""
        if self.sensitive and isinstance(value, str):
            return repr(redact_url(value))
        return repr(value)

    def from_text(self, text: str) -> Any:
        """The value a command-line word stands for (checked by ``validate`` next)."""
        return _PARSE_TEXT[self.type](text)

    def schema_property(self) -> dict[str, Any]:
        """This input's property spec in the Pulumi package schema."""
        spec: dict[str, Any] = {"type": _SCHEMA_TYPES[self.type]}
        if self.container:
            spec = {"type": "array", "items": spec}
        spec["description"] = self.description
        if self.secret:
            spec["secret"] = True
        return spec

    def policy_schema(self) -> dict[str, Any]:
        """This input's JSON Schema in the policy pack's config."""
        element: dict[str, Any] = {"type": _SCHEMA_TYPES[self.type]}
        if self.choices:
            element["enum"] = list(self.choices)
        spec: dict[str, Any] = {"type": "array", "items": element} if self.container else element
        if self.minimum is not None:
            spec["minimum"] = self.minimum
        if self.default not in (None, (), ENABLER_RESOURCE_TYPES):
            spec["default"] = self.default
        spec["description"] = self.policy_description or self.description
        return spec


class _Required:
    def __repr__(self) -> str:
        return "REQUIRED"


REQUIRED: Final = _Required()
"""The default of an input a signature requires."""


def _text(check: Callable[[str, str], str], *, url: bool = False) -> Callable[[Any, str], Any]:
    """A string setting: a string without white space around it, then ``check``."""

    def validate(value: Any, name: str) -> str | None:
        text = validate_setting_text(value, name, url=url)
        return None if text is None else check(text, name)

    return validate


def _scan_types(value: Any, name: str) -> tuple[str, ...]:
    if not isinstance(value, (list, tuple, set, frozenset)):
        raise InvalidInputError(
            f"Invalid {name} {value!r}: expected {_SCAN_TYPES_EXPECTED}.", property=name
        )
    return tuple(sorted(validate_scan_types(value, name)))


_SCAN_TYPES_EXPECTED: Final = f"a list of scan types ({', '.join(ENABLER_RESOURCE_TYPES)})"

INPUTS: Final = (
    ReadInput(
        "account_ids",
        "str",
        "The accounts to read (12-digit ids; order and repeats do not matter). Required unless "
        "members is true.",
        lambda value, name: validate_account_id_list(value, name),
        "a list of 12-digit account ids",
        container="Sequence",
        selects=True,
        sensitive=True,
    ),
    ReadInput(
        "wanted_types",
        "str",
        "The Enabler resource types wanted; all of them by default.",
        _scan_types,
        _SCAN_TYPES_EXPECTED,
        container="Iterable",
        default=ENABLER_RESOURCE_TYPES,
        gating=True,
        choices=ENABLER_RESOURCE_TYPES,
    ),
    ReadInput(
        "min_days_left",
        "int",
        "Whole days (rounded down) a trial must still run for its type to be enabled.",
        validate_min_days_left,
        "a whole number of days, 0 or more",
        default=0,
        gating=True,
        on_cli=True,
        policy_key="minDaysLeft",
        policy_description="Whole days a trial must still run for its type.",
        minimum=0,
    ),
    ReadInput(
        "always_enable",
        "str",
        "Types already paid for: enabled whatever their trial says.",
        _scan_types,
        _SCAN_TYPES_EXPECTED,
        container="Iterable",
        default=(),
        gating=True,
        policy_key="allowedTypes",
        policy_description="Types allowed without a trial: already paid for.",
        choices=ENABLER_RESOURCE_TYPES,
    ),
    ReadInput(
        "max_monthly_cost",
        "float",
        "A budget per account, in US dollars a month: a wanted type whose trial no longer "
        "covers it stays enabled while affordable, cheapest first by the service's estimate.",
        validate_budget,
        "a number of US dollars a month, 0 or more",
        gating=True,
        on_cli=True,
        policy_key="maxMonthlyCost",
        policy_description="USD a month per account: types past their trial are allowed, "
        "cheapest first, while their estimated cost fits.",
        minimum=0,
    ),
    ReadInput(
        "region",
        "str",
        "The Inspector region; else the stack's aws:region, else AWS_REGION, else "
        "AWS_DEFAULT_REGION.",
        _text(validate_region),
        "a region code such as 'us-east-1'",
        setting=True,
        on_cli=True,
        policy_key="region",
        policy_description="Where Enablers go that name no region and whose provider has none.",
    ),
    ReadInput(
        "profile",
        "str",
        "A named AWS profile; else the stack's aws:profile, else the default credential chain.",
        _text(validate_profile),
        "a profile name",
        setting=True,
        on_cli=True,
    ),
    ReadInput(
        "role_arn",
        "str",
        "A role to assume first, for example the Inspector delegated administrator.",
        _text(validate_role_arn),
        "'arn:aws:iam::<12-digit account>:role/<name>'",
        setting=True,
        on_cli=True,
    ),
    ReadInput(
        "endpoint_url",
        "str",
        "Another Inspector endpoint (AWS_ENDPOINT_URL_INSPECTOR2 works too).",
        _text(validate_endpoint_url, url=True),
        "http(s)://host[:port], for example 'http://127.0.0.1:4566'",
        sensitive=True,
        setting=True,
        on_cli=True,
        policy_key="endpointUrl",
        policy_description="Another Inspector endpoint.",
    ),
    ReadInput(
        "allow_failed_accounts",
        "bool",
        "Accept accounts the service could not resolve (listed in failed_accounts) instead of "
        "failing the read with a message naming them.",
        validate_flag,
        "true or false",
        default=False,
    ),
    ReadInput(
        "include_costs",
        "bool",
        "Also read each resolved account's estimated monthly cost "
        "(inspector2:ListUsageTotals) into the costs output.",
        validate_flag,
        "true or false",
        default=False,
        on_cli=True,
        cli_flag="--costs",
    ),
    ReadInput(
        "members",
        "bool",
        "Read the delegated administrator's associated members (inspector2:ListMembers) "
        "instead of account_ids; not together with account_ids.",
        validate_flag,
        "true or false",
        default=False,
        selects=True,
        on_cli=True,
    ),
    ReadInput(
        "include_account_status",
        "bool",
        "Also read what each account has enabled (inspector2:BatchGetAccountStatus) into the "
        "enabled_types output.",
        validate_flag,
        "true or false",
        default=False,
        on_cli=True,
        cli_flag="--account-status",
        component=True,
    ),
)
"""Every input, in the order signatures take them (each takes those it needs): the accounts,
the gating rules (``GatedEnabler`` takes them before the rest), where and as whom to read, and
how strict to be."""

INPUT_NAMED: Final = {declared.name: declared for declared in INPUTS}
READ_INPUTS: Final = tuple(declared for declared in INPUTS if not declared.gating)
"""What ``FreeTrialInfo`` and ``get_free_trial_info`` take (``getFreeTrialInfo``'s inputs)."""
SETTING_INPUTS: Final = tuple(declared for declared in INPUTS if declared.setting)
"""``AwsSettings``, and the native plugin's provider config variables."""
ACCOUNT_LIST: Final = INPUT_NAMED["account_ids"]
"""The one input that lists accounts (``members`` reads them instead)."""
OPTION_INPUTS: Final = tuple(
    declared for declared in READ_INPUTS if not declared.setting and declared is not ACCOUNT_LIST
)
"""How strict a read is, where its accounts come from and what it adds: ``TrialQuery``'s own
fields."""
GATING_INPUTS: Final = tuple(declared for declared in INPUTS if declared.gating)
COMPONENT_INPUTS: Final = tuple(
    declared
    for declared in INPUTS
    if declared.gating or declared.setting or declared.selects or declared.component
)
"""What ``GatedEnabler`` takes: the accounts (or members), the gating rules, the settings, and
whether to read account status."""
POLICY_INPUTS: Final = tuple(declared for declared in INPUTS if declared.policy_key)
"""What the policy pack's config takes, by ``policy_key``."""


def policy_config_properties() -> dict[str, dict[str, Any]]:
    """The policy pack's config schema for the declared inputs it takes, by config key."""
    return {
        declared.policy_key: declared.policy_schema()
        for declared in POLICY_INPUTS
        if declared.policy_key is not None
    }


def schema_properties(inputs: Iterable[ReadInput] = INPUTS) -> dict[str, dict[str, Any]]:
    """The Pulumi package schema's ``inputProperties`` for ``inputs``, by camelCase name:
    ``{"accountIds": {"type": "array", "items": {"type": "string"}, "description": ...}}``."""
    return {declared.camel_name: declared.schema_property() for declared in inputs}


def required_properties(inputs: Iterable[ReadInput] = INPUTS) -> list[str]:
    """The schema's ``required`` list for ``inputs``."""
    return [declared.camel_name for declared in inputs if declared.required]
