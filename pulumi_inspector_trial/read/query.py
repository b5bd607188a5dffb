"""What a read asks: the accounts, where and as whom to ask (``AwsSettings``), how strict to be
(``TrialQuery``) and how long and hard to try (``ResolveLimits``), validated once for the program,
the provider and the command line alike.

``AwsSettings`` are the only things a ``FreeTrialInfo`` provider stores (and so the only things
pickled into a stack's state), and part of the key under which a process caches its clients. No
credential is ever held here: credentials come from botocore's chain inside the process that
makes the calls.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from typing import Any, Final

from ..domain.errors import InvalidInputError
from ..domain.inputs import INPUT_NAMED, OPTION_INPUTS, READ_INPUTS, SETTING_INPUTS
from ..domain.redaction import remember_endpoints
from ..domain.validation import AccountIds, normalize_account_ids, validate_account_id_list
from .environment import check_configured_endpoints, environment_region

RETRY_MODES: Final = ("adaptive", "standard", "legacy")

INPUT_KEYS: Final = tuple(declared.name for declared in READ_INPUTS)
ACCOUNT_IDS: Final = INPUT_NAMED["account_ids"].name
MEMBERS: Final = INPUT_NAMED["members"].name


SECRET_IDS_KEY: Final = "account_ids_secret"
"""A property the program adds to a ``FreeTrialInfo``: whether its ``account_ids`` are secret.
The engine hands a dynamic provider its inputs with secrets unwrapped, so without it the
provider could not know to keep those ids out of its messages."""

SECRET: Final = "<secret>"
"""Stands in the id for a secret region or endpoint: nothing secret goes into an id."""
ALL_MEMBERS: Final = "<members>"
"""Stands in the id for the accounts of a read of the members: no list of ids spells it."""


def free_trial_info_id(
    region: str | None,
    endpoint_url: str | None,
    account_ids: Iterable[str] | None,
    *,
    members: bool = False,
) -> str:
    """The deterministic id of a ``FreeTrialInfo``: the same accounts in any order, with any
    repeats, in the same region and endpoint, give the same id. A read of the members has the
    id of its region and endpoint; what else a read adds (costs, account status) leaves the id
    as it was, so a stack that asks for more keeps its resource.

    Secret inputs are left out: ``SECRET`` stands for a secret region or endpoint, and None for
    secret account ids, so the id of a read of secret accounts names none of them.
    """
    if members:
        listed = ALL_MEMBERS
    else:
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
    members: bool = False
    """Read the delegated administrator's associated members (``ListMembers``) instead of
    ``account_ids``, which is then empty."""
    include_account_status: bool = False
    """Also read what each account has enabled (``BatchGetAccountStatus``)."""
    secret_ids: bool = False
    """The ids were given as secrets: messages name them by their last four digits only. Not an
    input of its own, and not echoed: see ``SECRET_IDS_KEY``."""

    @classmethod
    def from_props(cls, props: Mapping[str, Any]) -> TrialQuery:
        """Validate inputs, whoever gives them (the resource's properties, the functions'
        arguments), each by its declared validator: a bad value raises ``InvalidInputError``
        naming it and its property."""
        secret_ids = props.get(SECRET_IDS_KEY) is True
        options = {i.name: i.validate(props.get(i.name), i.name) for i in OPTION_INPUTS}
        listed = props.get(ACCOUNT_IDS)
        if options[MEMBERS]:
            if listed not in (None, [], ()):
                raise InvalidInputError(
                    "Give account_ids or members=True, not both: members reads the delegated "
                    "administrator's associated members instead of a list.",
                    property=MEMBERS,
                )
            account_ids = AccountIds()
        else:
            account_ids = validate_account_id_list(listed, secret=secret_ids)
        return cls(
            account_ids=account_ids,
            settings=AwsSettings(**{i.name: props.get(i.name) for i in SETTING_INPUTS}),
            secret_ids=secret_ids,
            **options,
        )

    def to_props(self) -> dict[str, Any]:
        """The inputs again, as ``from_props`` takes them, in their declared order."""
        props: dict[str, Any] = {ACCOUNT_IDS: None if self.members else list(self.account_ids)}
        props.update((i.name, getattr(self.settings, i.name)) for i in SETTING_INPUTS)
        props.update((i.name, getattr(self, i.name)) for i in OPTION_INPUTS)
        return props


@dataclass(frozen=True, slots=True)
class AwsSettings:
    """The AWS location and identity to resolve trials with. ``None`` means botocore's default.

    - ``region``: else ``AWS_REGION`` / ``AWS_DEFAULT_REGION`` / the profile's region.
    - ``profile``: a named profile of the shared config files; else the default credential chain.
    - ``role_arn``: a role to assume first (for example the Inspector delegated administrator).
    - ``endpoint_url``: else botocore's ``AWS_ENDPOINT_URL_INSPECTOR2`` / ``AWS_ENDPOINT_URL``.
    """

    region: str | None = None
    profile: str | None = None
    role_arn: str | None = None
    endpoint_url: str | None = None

    def __post_init__(self) -> None:
        for declared in SETTING_INPUTS:
            declared.validate(getattr(self, declared.name), declared.name)

    def with_defaults(
        self,
        region: str | None,
        profile: str | None,
        environ: Mapping[str, str] | None = None,
    ) -> AwsSettings:
        """These settings where a read happens, in the contract's order.

        The region: the one given, else the stack's ``aws:region`` (``region``), else
        ``AWS_REGION``, else ``AWS_DEFAULT_REGION`` (botocore reads only the latter; the AWS CLI
        and the other SDKs read both). The profile: the one given, else the stack's
        ``aws:profile``, else botocore's chain (``AWS_PROFILE``). An endpoint botocore would take
        from the environment (Inspector's, and STS's with a role) is checked like
        ``endpoint_url``; the config file's are checked where the client is built.
        """
        environ = os.environ if environ is None else environ
        remember_endpoints(environ)
        check_configured_endpoints(self, environ)
        return AwsSettings(
            region=self.region or region or environment_region(environ),
            profile=self.profile or profile,
            role_arn=self.role_arn,
            endpoint_url=self.endpoint_url,
        )


MAX_ATTEMPTS: Final = 100
"""The most attempts per request, whoever sets them: more is a hang the time budget ends."""
MAX_TOTAL_TIMEOUT: Final = 3600.0
"""An hour: longer is a hang by another name, and beyond what thread waits accept."""
TIMEOUT_CONFIG_KEY: Final = "inspector-trial:timeout"
"""Stack config: seconds a resolution may take in all (``ResolveLimits.total_timeout``)."""


TIMEOUT_EXPECTED: Final = f"a number of seconds above 0 and at most {MAX_TOTAL_TIMEOUT:g}"


def timeout_seconds(value: object, name: str = TIMEOUT_CONFIG_KEY) -> float:
    """The seconds a resolution may take in all, from a number or its text: the one check of a
    timeout a user gives (stack config, the pack's config, ``--timeout``)."""
    try:
        seconds = float(str(value))
    except ValueError:
        seconds = -1.0
    if not 0 < seconds <= MAX_TOTAL_TIMEOUT:  # nan fails both comparisons
        raise InvalidInputError(f"Invalid {name} {value!r}: expected {TIMEOUT_EXPECTED}.")
    return seconds


def limits_from_config(value: object) -> ResolveLimits:
    """``ResolveLimits`` with the stack's ``inspector-trial:timeout``, if it sets one."""
    if value is None or value == "":
        return ResolveLimits()
    return ResolveLimits(total_timeout=timeout_seconds(value))


@dataclass(frozen=True, slots=True)
class ResolveLimits:
    """How long and how hard one resolution may try. The defaults keep a preview responsive.

    Worst case, a resolution gives up after ``total_timeout`` seconds whatever the endpoint does;
    each request is retried by botocore on throttling, 5xx and connection errors, with
    ``connect_timeout`` / ``read_timeout`` per attempt. ``retry_mode`` and ``max_attempts`` (in
    all) are defaults only: botocore's own settings win where the user set them
    (``AWS_RETRY_MODE``, ``AWS_MAX_ATTEMPTS``, a profile's ``retry_mode`` and ``max_attempts``).
    """

    total_timeout: float = 60.0
    connect_timeout: float = 3.0
    read_timeout: float = 15.0
    max_attempts: int = 5
    retry_mode: str = "adaptive"
    max_concurrency: int = 16
    internal_error_retries: int = 3
    """Rounds of re-asking accounts that answered INTERNAL_ERROR, all of them together."""
    internal_error_backoff: float = field(default=0.25)
    """Seconds before the first INTERNAL_ERROR round; doubled for each later round."""

    def __post_init__(self) -> None:
        if self.retry_mode not in RETRY_MODES:
            raise InvalidInputError(
                f"Invalid retry mode {self.retry_mode!r}: expected one of {', '.join(RETRY_MODES)}."
            )
        for item in fields(self):
            value = getattr(self, item.name)
            if item.name == "retry_mode":
                continue
            whole = item.type in (int, "int")
            if isinstance(value, bool) or not isinstance(value, int if whole else (int, float)):
                kind = "a whole number" if whole else "a number"
                raise InvalidInputError(f"{item.name} must be {kind}, not {value!r}.")
            low, high = _LIMIT_RANGES[item.name]
            if not low <= value <= high or (item.name in _POSITIVE and value == 0):
                raise InvalidInputError(
                    f"{item.name} must be from {low:g} to {high:g}, not {value!r}."
                    if item.name not in _POSITIVE
                    else f"{item.name} must be above 0 and at most {high:g}, not {value!r}."
                )


_POSITIVE: Final = ("total_timeout", "connect_timeout", "read_timeout")
_LIMIT_RANGES: Final = {
    "total_timeout": (0, MAX_TOTAL_TIMEOUT),
    "connect_timeout": (0, MAX_TOTAL_TIMEOUT),
    "read_timeout": (0, MAX_TOTAL_TIMEOUT),
    "max_attempts": (1, MAX_ATTEMPTS),
    "max_concurrency": (1, 256),
    "internal_error_retries": (0, 10),
    "internal_error_backoff": (0, 60),
}
