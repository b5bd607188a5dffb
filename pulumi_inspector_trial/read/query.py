"""Where and how to call AWS: plain, hashable, validated settings.

These are the only things a `FreeTrialInfo` provider stores (and so the only things pickled into a
stack's state), and the key under which a process caches its clients. No credential is ever held
here: credentials come from botocore's chain inside the process that makes the calls.
"""

from __future__ import annotations

import ipaddress
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any, Final
from urllib.parse import urlsplit

from .errors import InvalidInputError
from .redaction import redact_url, remember_endpoints, userinfo_of

_REGION: Final = re.compile(r"[a-z]{2,}(-[a-z0-9]+)*-[0-9]+")
_ROLE_ARN: Final = re.compile(r"arn:aws[a-z-]*:iam::[0-9]{12}:role/[\w+=,.@/-]+")
RETRY_MODES: Final = ("adaptive", "standard", "legacy")
_HOST_NAME: Final = re.compile(r"((?!-)[A-Za-z0-9-]{1,63}(?<!-)\.)*(?!-)[A-Za-z0-9-]{1,63}(?<!-)")


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
        for name in ("region", "profile", "role_arn", "endpoint_url"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, str):
                raise InvalidInputError(f"{name} must be a string, not {value!r}.", property=name)
            if value is not None and value.strip() != value:
                shown = redact_url(value) if name == "endpoint_url" else value
                raise InvalidInputError(
                    f"{name} {shown!r} has leading or trailing white space.", property=name
                )
        if self.region is not None:
            validate_region(self.region)
        if self.profile is not None and not self.profile:
            raise InvalidInputError(
                "profile is empty: give a profile name or leave it unset.", property="profile"
            )
        if self.role_arn is not None and not _ROLE_ARN.fullmatch(self.role_arn):
            raise InvalidInputError(
                f"Invalid role ARN {self.role_arn!r}: expected "
                "'arn:aws:iam::<12-digit account>:role/<name>'.",
                property="role_arn",
            )
        if self.endpoint_url is not None:
            validate_endpoint_url(self.endpoint_url)

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


REGION_VARIABLES: Final = ("AWS_REGION", "AWS_DEFAULT_REGION")
"""Where a region comes from after the argument and the stack's ``aws:region``, in order."""


def validate_region(region: str, name: str = "region") -> str:
    """A region code such as ``us-east-1``; ``name`` is what the user set it as."""
    if not _REGION.fullmatch(region):
        what = "AWS region" if name == "region" else name
        raise InvalidInputError(
            f"Invalid {what} {region!r}: expected a region code such as 'us-east-1'.",
            property="region",
        )
    return region


def environment_region(environ: Mapping[str, str]) -> str | None:
    """``AWS_REGION``, else ``AWS_DEFAULT_REGION``, validated and naming the variable."""
    for variable in REGION_VARIABLES:
        value = environ.get(variable, "").strip()
        if value:
            return validate_region(value, variable)
    return None


@dataclass(frozen=True, slots=True)
class AwsConfigFile:
    """What botocore read from the shared config file for one profile: enough to know where it
    sends each service's requests."""

    profile: str
    scoped: Mapping[str, Any]
    """The profile's settings (botocore's ``get_scoped_config()``)."""
    services: Mapping[str, Any]
    """Every ``[services NAME]`` section, by name."""


@dataclass(frozen=True, slots=True)
class ConfiguredEndpoint:
    """An endpoint botocore takes from the environment or the config file, and from where."""

    url: str
    setting: str
    """What the user set: an environment variable, or ``endpoint_url``."""
    where: str = ""
    """Where that setting is, when the setting alone does not say: `` (in ...)``."""


def configured_endpoint(
    service: str, environ: Mapping[str, str], config: AwsConfigFile | None = None
) -> ConfiguredEndpoint | None:
    """The endpoint botocore would send ``service``'s requests to when no ``endpoint_url`` is
    passed, in botocore's order: ``AWS_ENDPOINT_URL_<SERVICE>``, ``AWS_ENDPOINT_URL``, the
    profile's ``[services]`` section, the profile's ``endpoint_url``. None: its default one (or
    ``ignore_configured_endpoint_urls`` is set)."""
    ignore = environ.get("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")
    if ignore is None and config is not None:
        ignore = config.scoped.get("ignore_configured_endpoint_urls")
    if str(ignore).strip().lower() == "true":
        return None
    for variable in (f"AWS_ENDPOINT_URL_{service.upper()}", "AWS_ENDPOINT_URL"):
        if environ.get(variable):
            return ConfiguredEndpoint(environ[variable], variable)
    if config is None:
        return None
    in_profile = f" (in profile {config.profile!r} of the AWS config file)"
    section = config.scoped.get("services")
    if section:
        services = config.services.get(section)
        if not isinstance(services, Mapping):
            raise InvalidInputError(
                f"The AWS config file's profile {config.profile!r} names services {section!r}, "
                f"but there is no [services {section}] section. Add it, or remove the setting.",
                property="profile",
            )
        block = services.get(service)
        url = block.get("endpoint_url") if isinstance(block, Mapping) else None
        if url:
            where = f" (for {service} in the [services {section}] section of the AWS config file)"
            return ConfiguredEndpoint(str(url), "endpoint_url", where)
    url = config.scoped.get("endpoint_url")
    return ConfiguredEndpoint(str(url), "endpoint_url", in_profile) if url else None


def check_configured_endpoints(
    settings: AwsSettings, environ: Mapping[str, str], config: AwsConfigFile | None = None
) -> None:
    """Refuse, before any request, an endpoint botocore would take from the environment or the
    config file that it would fail on with a traceback, or that holds a password: its source is
    named and the password never shown. Inspector's counts when no ``endpoint_url`` is given,
    STS's when a role is assumed (``--endpoint-url`` is Inspector's only)."""
    services = [] if settings.endpoint_url else ["inspector2"]
    if settings.role_arn:
        services.append("sts")
    for service in services:
        found = configured_endpoint(service, environ, config)
        if found is not None:
            validate_endpoint_url(found.url, found.setting, found.where)


def validate_endpoint_url(url: str, name: str = "endpoint_url", where: str = "") -> str:
    """An ``http(s)://host[:port]`` URL botocore can use; ``name`` is what the user set it as
    (``where`` says where, for a setting of the AWS config file)."""
    what = "endpoint URL" if name == "endpoint_url" else name
    shown = redact_url(url)
    if userinfo_of(url):
        raise InvalidInputError(
            f"Invalid {what} {shown!r}{where}: it holds a user name or password, which AWS "
            "endpoints never take and which would end up in state and messages.",
            property="endpoint_url",
        )
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        parts = None
    if (
        parts is None
        or parts.scheme not in ("http", "https")
        or not parts.hostname
        or not _is_host(parts.hostname)
        or any(character.isspace() or not character.isprintable() for character in url)
    ):
        raise InvalidInputError(
            f"Invalid {what} {shown!r}{where}: expected http(s)://host[:port], "
            "for example 'http://127.0.0.1:4566'.",
            property="endpoint_url",
        )
    return url


def _is_host(hostname: str) -> bool:
    """A DNS name or an IP address, as botocore accepts them (it raises a bare ValueError for
    anything else, which would reach the user as a traceback)."""
    try:
        ipaddress.ip_address(hostname)
    except ValueError:
        name = hostname[:-1] if hostname.endswith(".") else hostname
        return len(name) <= 255 and _HOST_NAME.fullmatch(name) is not None
    return True


MAX_ATTEMPTS: Final = 100
"""The most attempts per request, whoever sets them: more is a hang the time budget ends."""
MAX_TOTAL_TIMEOUT: Final = 3600.0
"""An hour: longer is a hang by another name, and beyond what thread waits accept."""
TIMEOUT_CONFIG_KEY: Final = "inspector-trial:timeout"
"""Stack config: seconds a resolution may take in all (``ResolveLimits.total_timeout``)."""


def limits_from_config(value: object) -> ResolveLimits:
    """``ResolveLimits`` with the stack's ``inspector-trial:timeout``, if it sets one."""
    if value is None or value == "":
        return ResolveLimits()
    try:
        seconds = float(str(value))
    except ValueError:
        seconds = -1.0
    if not 0 < seconds <= MAX_TOTAL_TIMEOUT:
        raise InvalidInputError(
            f"Invalid {TIMEOUT_CONFIG_KEY} {value!r}: expected a number of seconds above 0 and "
            f"at most {MAX_TOTAL_TIMEOUT:g}."
        )
    return ResolveLimits(total_timeout=seconds)


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
