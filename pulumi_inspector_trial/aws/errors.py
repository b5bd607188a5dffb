"""Every way an AWS call can fail, as one or two plain sentences: what happened, what to do.

One table per kind of failure: service error codes (``ClientError``) and botocore's own
exceptions, each mapped to a sentence. The resolver and the client factory raise what
``translate_error`` returns; nothing else in the package reads botocore's exceptions.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

from botocore.exceptions import (
    ClientError,
    ConnectTimeoutError,
    EndpointConnectionError,
    NoCredentialsError,
    PartialCredentialsError,
    ProfileNotFound,
    ReadTimeoutError,
)
from botocore.exceptions import NoRegionError as BotocoreNoRegionError
from botocore.parsers import ResponseParserError

from ..domain.errors import (
    InspectorTrialError,
    InvalidInputError,
    NoRegionError,
    TrialDataError,
)
from ..domain.wording import plural
from ..read.query import AwsSettings, ResolveLimits

OPERATION: Final = "inspector2:BatchGetFreeTrialInfo"
USAGE_OPERATION: Final = "inspector2:ListUsageTotals"
MEMBERS_OPERATION: Final = "inspector2:ListMembers"
STATUS_OPERATION: Final = "inspector2:BatchGetAccountStatus"


def endpoint_of(client: Any) -> str:
    return str(client.meta.endpoint_url)


@dataclass(frozen=True, slots=True)
class Failure:
    """What is known about one failed call, for the sentences below."""

    error: Exception
    settings: AwsSettings
    limits: ResolveLimits
    endpoint: str
    operation: str = OPERATION
    """The permission the call needs, as an IAM policy names it."""
    code: str = ""
    """The service's error code, for a ``ClientError``."""
    detail: str = ""
    """`` (the service's message)``, or nothing."""

    @property
    def where(self) -> str:
        return f"the Inspector endpoint {self.endpoint}"

    @property
    def subject(self) -> str:  # where a sentence starts with it
        return f"The Inspector endpoint {self.endpoint}"

    @property
    def attempts(self) -> str:
        """``5 attempts``, or ``1 attempt`` when AWS_MAX_ATTEMPTS=1 says so."""
        return plural(self.limits.max_attempts, "attempt")


Sentence = Callable[[Failure], InspectorTrialError]


def _access_denied(f: Failure) -> InspectorTrialError:
    assume = f" and check that {f.settings.role_arn} may be assumed" if f.settings.role_arn else ""
    return TrialDataError(
        f"Access denied calling {f.operation} at {f.where}{f.detail}. "
        f"Grant the caller {f.operation}{assume}."
    )


def _throttled(f: Failure) -> InspectorTrialError:
    return TrialDataError(
        f"{f.subject} kept throttling requests after {f.attempts}. "
        "Try again later."
    )


def _credentials_rejected(f: Failure) -> InspectorTrialError:
    return TrialDataError(
        f"The AWS credentials were rejected by {f.where} ({f.code}). "
        "Refresh them (for example `aws sso login`) and try again."
    )


def _token_not_recognised(f: Failure) -> InspectorTrialError:
    # AWS answers this way both for unknown credentials and for an opt-in region that the
    # account has not enabled, where no credentials are valid.
    return TrialDataError(
        f"The AWS credentials were not recognised by {f.where} ({f.code}). Refresh them (for "
        "example `aws sso login`), or, for an opt-in region, enable the region for the account."
    )


def _server_error(f: Failure) -> InspectorTrialError:
    return TrialDataError(
        f"{f.subject} answered {f.code}{f.detail} on "
        f"{'all ' if f.limits.max_attempts > 1 else ''}{f.attempts}. "
        "Try again later."
    )


def _no_credentials(f: Failure) -> InspectorTrialError:
    return TrialDataError(
        "No AWS credentials were found. Set a profile (aws:profile or --profile), "
        "environment credentials, or run where an instance role is available."
    )


def _profile_not_found(f: Failure) -> InspectorTrialError:
    # botocore names the profile it looked for. With none given, the environment named it
    # (AWS_DEFAULT_PROFILE before AWS_PROFILE, as botocore reads them): say which variable.
    kwargs = getattr(f.error, "kwargs", {})
    profile = kwargs.get("profile") or f.settings.profile
    shown = repr(profile) if profile else "asked for"
    variable = next(
        (v for v in ("AWS_DEFAULT_PROFILE", "AWS_PROFILE") if os.environ.get(v) == profile),
        None,
    )
    if f.settings.profile is None and variable is not None:
        return InvalidInputError(
            f"The AWS profile {shown}, named by {variable}, is not in the shared config "
            f"files. Set {variable} to a profile that exists, or unset it."
        )
    return InvalidInputError(
        f"The AWS profile {shown} is not in the shared config files. "
        "Name a profile that exists (aws configure list-profiles).",
        property="profile",
    )


def _no_region(f: Failure) -> InspectorTrialError:
    return NoRegionError()


def _unreachable(f: Failure) -> InspectorTrialError:
    return TrialDataError(
        f"Could not connect to {f.where} after {f.attempts}. "
        "Check the region, endpoint URL and network."
    )


def _read_timeout(f: Failure) -> InspectorTrialError:
    return TrialDataError(
        f"{f.subject} did not answer within {f.limits.read_timeout:g} seconds "
        f"on {f.attempts}. Try again later."
    )


class NotInspectorError(TrialDataError):
    """The endpoint answered with something that is not Inspector's answer (``what``)."""

    fmt = (
        "The Inspector endpoint {endpoint} sent {what}. "
        "Check that the endpoint URL points at Inspector."
    )


def _not_inspector(f: Failure) -> InspectorTrialError:
    return NotInspectorError(endpoint=f.endpoint, what="a response that is not Inspector's JSON")


SERVICE_ERRORS: Final[dict[str, Sentence]] = {
    "AccessDeniedException": _access_denied,
    "AccessDenied": _access_denied,
    "ThrottlingException": _throttled,
    "TooManyRequestsException": _throttled,
    "Throttling": _throttled,
    "ExpiredToken": _credentials_rejected,
    "ExpiredTokenException": _credentials_rejected,
    "UnrecognizedClientException": _token_not_recognised,
    "InvalidClientTokenId": _token_not_recognised,
    "InvalidSignatureException": _credentials_rejected,
    "SignatureDoesNotMatch": _credentials_rejected,
}
"""A service error code (``ClientError``) and the sentence for it. Any other code: a 5xx one is
``_server_error``, the rest names the code and the service's message."""

ExceptionKinds = type[Exception] | tuple[type[Exception], ...]

BOTOCORE_ERRORS: Final[tuple[tuple[ExceptionKinds, Sentence], ...]] = (
    ((NoCredentialsError, PartialCredentialsError), _no_credentials),
    (ProfileNotFound, _profile_not_found),
    (BotocoreNoRegionError, _no_region),
    ((EndpointConnectionError, ConnectTimeoutError), _unreachable),
    (ReadTimeoutError, _read_timeout),
    (ResponseParserError, _not_inspector),
)
"""botocore's own exceptions and the sentence for each, first match wins."""


def translate_error(
    error: Exception,
    settings: AwsSettings,
    limits: ResolveLimits,
    endpoint: str,
    operation: str = OPERATION,
) -> InspectorTrialError:
    """One or two plain sentences for every way a call can fail: what happened, what to do."""
    failure = Failure(error, settings, limits, endpoint, operation)
    if isinstance(error, ClientError):
        details = error.response.get("Error", {})
        message = str(details.get("Message", "")).rstrip(".")
        failure = Failure(
            error,
            settings,
            limits,
            endpoint,
            operation,
            code=str(details.get("Code", "Unknown")),
            detail=f" ({message})" if message else "",
        )
        sentence = SERVICE_ERRORS.get(failure.code)
        if sentence is not None:
            return sentence(failure)
        status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
        if isinstance(status, int) and status >= 500:
            return _server_error(failure)
        return TrialDataError(f"{failure.subject} answered {failure.code}{failure.detail}.")
    for kinds, sentence in BOTOCORE_ERRORS:
        if isinstance(error, kinds):
            return sentence(failure)
    return TrialDataError(f"Calling {operation} at {failure.where} failed: {error}.")
