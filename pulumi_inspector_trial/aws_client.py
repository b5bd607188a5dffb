"""The one client factory: an inspector2 client per process, settings and limits.

Clients are built with botocore's retry modes, timeouts and endpoint resolution, and with the
credentials of botocore's chain (a ``role_arn`` is assumed through a provider added to that
chain). boto3 and botocore are imported by this module and its siblings only, and those are
imported lazily by the rest of the package.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final

import boto3
import botocore.session
from botocore.config import Config
from botocore.credentials import (
    AssumeRoleCredentialFetcher,
    CredentialProvider,
    Credentials,
    DeferredRefreshableCredentials,
)
from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError

from .aws_errors import translate_error
from .errors import TrialDataError
from .redaction import install_log_redaction, remember_endpoints
from .settings import AwsConfigFile, AwsSettings, ResolveLimits, check_configured_endpoints

if TYPE_CHECKING:
    from mypy_boto3_inspector2 import Inspector2Client
else:
    Inspector2Client = Any

log = logging.getLogger(__name__)

ROLE_SESSION_NAME: Final = "pulumi-inspector-trial"

_CLIENTS: dict[tuple[AwsSettings, ResolveLimits], Inspector2Client] = {}
_CLIENTS_LOCK = threading.Lock()


def inspector_client(settings: AwsSettings, limits: ResolveLimits) -> Inspector2Client:
    """The inspector2 client for these settings, built once per process and reused.

    boto3 sessions are not thread-safe to build, clients are safe to share: so building happens
    under a lock and the client is cached. Errors in building (no region, unknown profile) come
    back translated, like errors in calling.
    """
    key = (settings, limits)
    client = _CLIENTS.get(key)
    if client is not None:
        return client
    with _CLIENTS_LOCK:
        client = _CLIENTS.get(key)
        if client is None:
            try:
                client = _build_client(settings, limits)
            except (BotoCoreError, ClientError) as error:
                endpoint = settings.endpoint_url or "for inspector2"
                raise translate_error(error, settings, limits, endpoint) from None
            _CLIENTS[key] = client
    return client


def _build_client(settings: AwsSettings, limits: ResolveLimits) -> Inspector2Client:
    install_log_redaction()  # before botocore first logs a signed request
    core = botocore.session.Session(profile=settings.profile)
    # Every endpoint botocore could take, from any source, before it logs or fails on one.
    remember_endpoints(os.environ, core.full_config)
    check_configured_endpoints(settings, os.environ, _config_file(core))
    _fast_timestamps(core)
    config = Config(
        connect_timeout=limits.connect_timeout,
        read_timeout=limits.read_timeout,
        retries={"mode": limits.retry_mode, "total_max_attempts": limits.max_attempts},
        max_pool_connections=max(10, limits.max_concurrency),
        user_agent_extra="pulumi-inspector-trial",
    )
    if settings.role_arn:
        _assume_role(core, settings, config)
    session = boto3.session.Session(botocore_session=core, region_name=settings.region)
    client: Inspector2Client = session.client(
        "inspector2", endpoint_url=settings.endpoint_url, config=config
    )
    log.debug("built an inspector2 client for %s", client.meta.endpoint_url)
    return client


def _config_file(core: botocore.session.Session) -> AwsConfigFile:
    """What the shared config file says for the session's profile (raises botocore's
    ``ProfileNotFound`` for a profile it does not have)."""
    return AwsConfigFile(
        profile=str(core.profile or "default"),
        scoped=core.get_scoped_config(),
        services=core.full_config.get("services", {}),
    )


def _fast_timestamps(core: botocore.session.Session) -> None:
    """Keep timestamps as the epoch numbers the service sends; the model converts them.

    botocore's default parser goes through dateutil for every timestamp, which dominates CPU
    when thousands of accounts come back (see benchmarks/).
    """
    core.get_component("response_parser_factory").set_parser_defaults(
        timestamp_parser=lambda value: value
    )


class _AssumedRoleProvider(CredentialProvider):  # type: ignore[misc]
    """A link of botocore's credential chain giving a role's credentials, assumed on first use
    and refreshed by botocore before they expire."""

    METHOD = "assume-role"
    CANONICAL_NAME = "pulumi-inspector-trial-assume-role"

    def __init__(self, fetch: Callable[[], dict[str, Any]]) -> None:
        super().__init__()
        self._fetch = fetch

    def load(self) -> Credentials:
        return DeferredRefreshableCredentials(method=self.METHOD, refresh_using=self._fetch)


def _assume_role(core: botocore.session.Session, settings: AwsSettings, config: Config) -> None:
    """Give ``core`` refreshable credentials of ``settings.role_arn``, assumed on first use.

    The assumed-role session lives in this process only: nothing about it is ever returned or
    stored. STS honours ``AWS_ENDPOINT_URL_STS`` like any botocore client.
    """
    source = boto3.session.Session(
        botocore_session=botocore.session.Session(profile=settings.profile),
        region_name=settings.region,
    )
    source_credentials = source.get_credentials()
    if source_credentials is None:
        raise NoCredentialsError()

    def sts_client(service_name: str, **kwargs: Any) -> Any:
        kwargs.setdefault("config", config)
        return source.client(service_name, **kwargs)

    fetcher = AssumeRoleCredentialFetcher(
        client_creator=sts_client,
        source_credentials=source_credentials,
        role_arn=settings.role_arn,
        extra_args={"RoleSessionName": ROLE_SESSION_NAME},
    )

    def assume_role() -> dict[str, Any]:
        # botocore would report an STS failure as a failure of the Inspector call it signs.
        try:
            credentials: dict[str, Any] = fetcher.fetch_credentials()
            return credentials
        except (BotoCoreError, ClientError) as error:
            raise TrialDataError(
                f"Could not assume the role {settings.role_arn} ({_reason(error)}). Check that "
                "the caller may sts:AssumeRole on it and that STS is reachable."
            ) from None

    # Into botocore's own credential chain, first, rather than over its private attribute.
    core.get_component("credential_provider").insert_before(
        "env", _AssumedRoleProvider(assume_role)
    )


def _reason(error: Exception) -> str:
    if isinstance(error, ClientError):
        details = error.response.get("Error", {})
        return f"{details.get('Code', 'Unknown')}: {details.get('Message', '')}".rstrip(": ")
    return str(error).rstrip(".")
