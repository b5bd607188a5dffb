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

    @property
    def every_attempt(self) -> str:
        """``all 5 attempts``, or ``1 attempt``."""
        return f"{'all ' if self.limits.max_attempts > 1 else ''}{self.attempts}"

    @property
    def assume_hint(self) -> str:
        role = self.settings.role_arn
        return f" and check that {role} may be assumed" if role else ""


Sentence = Callable[[Failure], InspectorTrialError] | str
"""What to say of a failure: a ``TrialDataError`` in these words, formatted with ``f`` the
``Failure``, or a function for what words alone cannot say."""

_ACCESS_DENIED: Final = (
    "Access denied calling {f.operation} at {f.where}{f.detail}. "
    "Grant the caller {f.operation}{f.assume_hint}."
)
_THROTTLED: Final = "{f.subject} kept throttling requests after {f.attempts}. Try again later."
_CREDENTIALS_REJECTED: Final = (
    "The AWS credentials were rejected by {f.where} ({f.code}). "
    "Refresh them (for example `aws sso login`) and try again."
)
# AWS answers this way both for unknown credentials and for an opt-in region that the account
# has not enabled, where no credentials are valid.
_TOKEN_NOT_RECOGNISED: Final = (
    "The AWS credentials were not recognised by {f.where} ({f.code}). Refresh them (for "
    "example `aws sso login`), or, for an opt-in region, enable the region for the account."
)
_SERVER_ERROR: Final = (
    "{f.subject} answered {f.code}{f.detail} on {f.every_attempt}. Try again later."
)
_NO_CREDENTIALS: Final = (
    "No AWS credentials were found. Set a profile (aws:profile or --profile), "
    "environment credentials, or run where an instance role is available."
)
_UNREACHABLE: Final = (
    "Could not connect to {f.where} after {f.attempts}. Check the region, endpoint URL and network."
)
_READ_TIMEOUT: Final = (
    "{f.subject} did not answer within {f.limits.read_timeout:g} seconds on {f.attempts}. "
    "Try again later."
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


class NotInspectorError(TrialDataError):
    """The endpoint answered with something that is not Inspector's answer (``what``)."""

    fmt = (
        "The Inspector endpoint {endpoint} sent {what}. "
        "Check that the endpoint URL points at Inspector."
    )


def _not_inspector(f: Failure) -> InspectorTrialError:
    return NotInspectorError(endpoint=f.endpoint, what="a response that is not Inspector's JSON")


SERVICE_ERRORS: Final[dict[str, Sentence]] = {
    "AccessDeniedException": _ACCESS_DENIED,
    "AccessDenied": _ACCESS_DENIED,
    "ThrottlingException": _THROTTLED,
    "TooManyRequestsException": _THROTTLED,
    "Throttling": _THROTTLED,
    "ExpiredToken": _CREDENTIALS_REJECTED,
    "ExpiredTokenException": _CREDENTIALS_REJECTED,
    "UnrecognizedClientException": _TOKEN_NOT_RECOGNISED,
    "InvalidClientTokenId": _TOKEN_NOT_RECOGNISED,
    "InvalidSignatureException": _CREDENTIALS_REJECTED,
    "SignatureDoesNotMatch": _CREDENTIALS_REJECTED,
}
"""A service error code (``ClientError``) and the sentence for it. Any other code: a 5xx one is
``_SERVER_ERROR``, the rest names the code and the service's message."""

ExceptionKinds = type[Exception] | tuple[type[Exception], ...]

BOTOCORE_ERRORS: Final[tuple[tuple[ExceptionKinds, Sentence], ...]] = (
    ((NoCredentialsError, PartialCredentialsError), _NO_CREDENTIALS),
    (ProfileNotFound, _profile_not_found),
    (BotocoreNoRegionError, _no_region),
    ((EndpointConnectionError, ConnectTimeoutError), _UNREACHABLE),
    (ReadTimeoutError, _READ_TIMEOUT),
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
            return _say(sentence, failure)
        status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
        if isinstance(status, int) and status >= 500:
            return _say(_SERVER_ERROR, failure)
        return TrialDataError(f"{failure.subject} answered {failure.code}{failure.detail}.")
    for kinds, sentence in BOTOCORE_ERRORS:
        if isinstance(error, kinds):
            return _say(sentence, failure)
    return TrialDataError(f"Calling {operation} at {failure.where} failed: {error}.")


def _say(sentence: Sentence, failure: Failure) -> InspectorTrialError:
    if isinstance(sentence, str):
        return TrialDataError(sentence.format(f=failure))
    return sentence(failure)
