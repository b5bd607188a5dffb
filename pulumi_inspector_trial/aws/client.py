"""The one client factory: an inspector2 client per process, settings and limits.

Clients are built with botocore's retry modes, timeouts and endpoint resolution, and with the
credentials of botocore's chain (a ``role_arn`` is assumed through a provider added to that
chain). boto3 and botocore are imported by this module and its siblings only, and those are
imported lazily by the rest of the package.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final

import boto3
import botocore.loaders
import botocore.session
from botocore.config import Config
from botocore.configprovider import ChainProvider, ConstantProvider
from botocore.credentials import (
    AssumeRoleCredentialFetcher,
    CredentialProvider,
    Credentials,
    DeferredRefreshableCredentials,
)
from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError

from ..domain.errors import InvalidInputError, NoRegionError, TrialDataError
from ..domain.redaction import remember_endpoints
from ..domain.validation import validate_region
from ..read.cache import ProcessCache
from ..read.environment import AwsConfigFile, check_configured_endpoints
from ..read.query import MAX_ATTEMPTS, RETRY_MODES, AwsSettings, ResolveLimits
from ..read.waiting import check_cancelled
from .errors import translate_error
from .logs import install_log_redaction

if TYPE_CHECKING:
    from mypy_boto3_inspector2 import Inspector2Client
else:
    Inspector2Client = Any

log = logging.getLogger(__name__)

ROLE_SESSION_NAME: Final = "pulumi-inspector-trial"


def _translated_build(settings: AwsSettings, limits: ResolveLimits) -> Inspector2Client:
    """Build a client; errors in building (no region, unknown profile) come back translated,
    like errors in calling."""
    try:
        return _build_client(settings, limits)
    except (BotoCoreError, ClientError) as error:
        endpoint = settings.endpoint_url or "for inspector2"
        raise translate_error(error, settings, limits, endpoint) from None


_CLIENTS: ProcessCache[Inspector2Client] = ProcessCache(_translated_build)


def inspector_client(settings: AwsSettings, limits: ResolveLimits) -> Inspector2Client:
    """The inspector2 client for these settings, built once per process and reused
    (``read.cache``): clients are safe to share between threads."""
    return _CLIENTS.get(settings, limits)


def configured_region(profile: str | None) -> str | None:
    """The region botocore takes where none is given: the profile's ``region`` in the AWS config
    file (``AWS_DEFAULT_REGION`` too, which the contract's order has already looked at).

    None when the profile cannot be read (an unknown profile): the read that follows says why.

    :raises InvalidInputError: there is no region anywhere, or the config file's is malformed.
    """
    try:
        region = botocore.session.Session(profile=profile).get_config_variable("region")
    except BotoCoreError:
        return None
    if not isinstance(region, str) or not region.strip():
        raise NoRegionError()
    return validate_region(region.strip(), "region in the AWS config file")


def _build_client(settings: AwsSettings, limits: ResolveLimits) -> Inspector2Client:
    install_log_redaction()  # before botocore first logs a signed request
    core = botocore.session.Session(profile=settings.profile)
    _share_data_loader(core)
    # Every endpoint botocore could take, from any source, before it logs or fails on one.
    remember_endpoints(os.environ, core.full_config)
    check_configured_endpoints(settings, os.environ, _config_file(core))
    _fast_timestamps(core)
    _retry_defaults(core, limits)
    # No `retries` here: botocore fills them in from its own settings, which now end in ours.
    config = Config(
        connect_timeout=limits.connect_timeout,
        read_timeout=limits.read_timeout,
        max_pool_connections=max(10, limits.max_concurrency),
        user_agent_extra="pulumi-inspector-trial",
    )
    if settings.role_arn:
        _assume_role(core, settings, config, limits)
    session = boto3.session.Session(botocore_session=core, region_name=settings.region)
    client: Inspector2Client = session.client(
        "inspector2", endpoint_url=settings.endpoint_url, config=config
    )
    _stop_when_cancelled(client)
    log.debug("built an inspector2 client for %s", client.meta.endpoint_url)
    return client


_LOADERS: dict[str | None, botocore.loaders.Loader] = {}
_LOADERS_LOCK = threading.Lock()


def _share_data_loader(core: botocore.session.Session) -> None:
    """Give ``core`` the loader every session with its data path (``AWS_DATA_PATH``) shares.

    A new botocore session parses its endpoints and the service's model again, about a fifth of
    a second; a loader keeps what it parsed, and each client here has a session of its own.
    """
    data_path = core.get_config_variable("data_path")
    with _LOADERS_LOCK:
        loader = _LOADERS.get(data_path)
        if loader is None:
            loader = _LOADERS[data_path] = botocore.loaders.create_loader(data_path)
    core.register_component("data_loader", loader)


_RETRY_VARIABLES: Final = {
    "retry_mode": "retry mode (AWS_RETRY_MODE, else retry_mode in the AWS config file)",
    "max_attempts": "max attempts (AWS_MAX_ATTEMPTS, else max_attempts in the AWS config file)",
}


def _retry_defaults(core: botocore.session.Session, limits: ResolveLimits) -> None:
    """Make ``limits``' retry mode and attempts botocore's defaults for ``core``'s clients.

    Defaults only: ``AWS_RETRY_MODE``, ``AWS_MAX_ATTEMPTS`` and a profile's ``retry_mode`` and
    ``max_attempts`` still win, as they do for every AWS tool, because botocore resolves them
    through its own chain, which now ends in ours instead of its own defaults.
    """
    store = core.get_component("config_store")
    for name, value in (("retry_mode", limits.retry_mode), ("max_attempts", limits.max_attempts)):
        provider = store.get_config_provider(name)
        if isinstance(provider, ChainProvider):  # the session's own chain, built for it alone
            provider.set_default_provider(ConstantProvider(value))
        else:
            store.set_config_provider(name, ConstantProvider(value))
        _check_retry_setting(core, name)


def _check_retry_setting(core: botocore.session.Session, name: str) -> None:
    """A malformed setting named as what the user set, not a traceback or botocore's wording."""
    try:
        value = core.get_config_variable(name)
        shown = f" {value!r}"
    except ValueError as error:  # int() of what the user set: its message ends in the value
        value = None
        shown = f" {str(error).rpartition(': ')[2]}"
    if name == "max_attempts":
        valid = isinstance(value, int) and 1 <= value <= MAX_ATTEMPTS
        expected = f"a whole number of attempts from 1 to {MAX_ATTEMPTS}"
    else:
        valid = value in RETRY_MODES
        expected = f"one of {', '.join(RETRY_MODES)}"
    if not valid:
        raise InvalidInputError(f"Invalid {_RETRY_VARIABLES[name]}{shown}: expected {expected}.")


def as_configured(client: Any, limits: ResolveLimits) -> ResolveLimits:
    """``limits`` with the retry mode and attempts ``client`` was built with (botocore's
    settings, else the package's), for the messages that count attempts."""
    retries = getattr(client.meta.config, "retries", None) or {}
    attempts = retries.get("total_max_attempts")
    mode = retries.get("mode")
    if not isinstance(attempts, int) or not 1 <= attempts <= MAX_ATTEMPTS:
        attempts = limits.max_attempts  # a stubbed client, say
    return dataclasses.replace(
        limits,
        max_attempts=attempts,
        retry_mode=mode if mode in RETRY_MODES else limits.retry_mode,
    )


def _stop_when_cancelled(client: Any) -> None:
    """No attempt, retry or back-off of a request whose read has ended (Ctrl-C, say): the
    client's threads are daemons nobody waits for, but they would go on asking until botocore
    gave up."""
    events = client.meta.events
    events.register_first("before-send", check_cancelled)
    events.register_first("needs-retry", check_cancelled)


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


def _assume_role(
    core: botocore.session.Session, settings: AwsSettings, config: Config, limits: ResolveLimits
) -> None:
    """Give ``core`` refreshable credentials of ``settings.role_arn``, assumed on first use.

    The assumed-role session lives in this process only: nothing about it is ever returned or
    stored. STS honours ``AWS_ENDPOINT_URL_STS`` like any botocore client.
    """
    source_core = botocore.session.Session(profile=settings.profile)
    _retry_defaults(source_core, limits)
    source = boto3.session.Session(botocore_session=source_core, region_name=settings.region)
    source_credentials = source.get_credentials()
    if source_credentials is None:
        raise NoCredentialsError()

    def sts_client(service_name: str, **kwargs: Any) -> Any:
        kwargs.setdefault("config", config)
        client = source.client(service_name, **kwargs)
        _stop_when_cancelled(client)
        return client

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


def service_trial_types() -> tuple[str, ...] | None:
    """The trial types the installed botocore's inspector2 model lists, sorted.

    They are the enum of ``BatchGetFreeTrialInfo``'s ``accounts[].freeTrialInfo[].type``, read
    from botocore rather than frozen here: the service keeps adding types, and botocore's model
    follows it. None when botocore cannot load the model (an unknown ``AWS_PROFILE`` stops it
    reading its settings, say): then no type is refused for being unknown, and the request that
    follows reports what is wrong.
    """
    try:
        model = botocore.session.get_session().get_service_model("inspector2")
        output = model.operation_model("BatchGetFreeTrialInfo").output_shape
        trial = output.members["accounts"].member.members["freeTrialInfo"].member
        enum = trial.members["type"].enum
    except (botocore.exceptions.BotoCoreError, AttributeError, KeyError):
        return None
    return tuple(sorted(enum)) or None
