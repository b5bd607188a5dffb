"""Defaults a read takes from its environment: the region variables and the endpoints botocore
would take from the environment or the AWS config file, checked before any request."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from ..domain.errors import InvalidInputError
from ..domain.validation import validate_endpoint_url, validate_region

if TYPE_CHECKING:
    from .query import AwsSettings

REGION_VARIABLES: Final = ("AWS_REGION", "AWS_DEFAULT_REGION")
"""Where a region comes from after the argument and the stack's ``aws:region``, in order."""


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
