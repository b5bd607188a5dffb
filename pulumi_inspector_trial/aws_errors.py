"""Every way an AWS call can fail, as one or two plain sentences: what happened, what to do.

One table per kind of failure: service error codes (``ClientError``) and botocore's own
exceptions, each mapped to a sentence. The resolver and the client factory raise what
``translate_error`` returns; nothing else in the package reads botocore's exceptions.
"""

from __future__ import annotations

from typing import Any, Final

from botocore.exceptions import (
    ClientError,
    ConnectTimeoutError,
    EndpointConnectionError,
    NoCredentialsError,
    NoRegionError,
    PartialCredentialsError,
    ProfileNotFound,
    ReadTimeoutError,
)
from botocore.parsers import ResponseParserError

from .errors import InvalidInputError, TrialDataError
from .settings import AwsSettings, ResolveLimits

OPERATION: Final = "inspector2:BatchGetFreeTrialInfo"
TIME_BUDGET_ADVICE: Final = (
    "Try again later, or raise the time budget (--timeout, or the stack's inspector-trial:timeout)."
)


def endpoint_of(client: Any) -> str:
    return str(client.meta.endpoint_url)


def translate_error(
    error: Exception, settings: AwsSettings, limits: ResolveLimits, endpoint: str
) -> Exception:
    """One or two plain sentences for every way a call can fail: what happened, what to do."""
    where = f"the Inspector endpoint {endpoint}"
    subject = f"The Inspector endpoint {endpoint}"  # where a sentence starts with it
    if isinstance(error, ClientError):
        code = str(error.response.get("Error", {}).get("Code", "Unknown"))
        message = str(error.response.get("Error", {}).get("Message", "")).rstrip(".")
        detail = f" ({message})" if message else ""
        if code in ("AccessDeniedException", "AccessDenied"):
            return TrialDataError(
                f"Access denied calling {OPERATION} at {where}{detail}. "
                f"Grant the caller {OPERATION}"
                + (
                    f" and check that {settings.role_arn} may be assumed."
                    if settings.role_arn
                    else "."
                )
            )
        if code in ("ThrottlingException", "TooManyRequestsException", "Throttling"):
            return TrialDataError(
                f"{subject} kept throttling requests after {limits.max_attempts} "
                "attempts. Try again later."
            )
        if code in (
            "ExpiredToken",
            "ExpiredTokenException",
            "UnrecognizedClientException",
            "InvalidClientTokenId",
            "InvalidSignatureException",
            "SignatureDoesNotMatch",
        ):
            return TrialDataError(
                f"The AWS credentials were rejected by {where} ({code}). "
                "Refresh them (for example `aws sso login`) and try again."
            )
        status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
        if isinstance(status, int) and status >= 500:
            return TrialDataError(
                f"{subject} answered {code}{detail} on all {limits.max_attempts} "
                "attempts. Try again later."
            )
        return TrialDataError(f"{subject} answered {code}{detail}.")
    if isinstance(error, (NoCredentialsError, PartialCredentialsError)):
        return TrialDataError(
            "No AWS credentials were found. Set a profile (aws:profile or --profile), "
            "environment credentials, or run where an instance role is available."
        )
    if isinstance(error, ProfileNotFound):
        import os  # here, as this branch is the only one that reads the environment

        # botocore names the profile it looked for. With none given, the environment named it
        # (AWS_DEFAULT_PROFILE before AWS_PROFILE, as botocore reads them): say which variable.
        profile = error.kwargs.get("profile") or settings.profile
        shown = repr(profile) if profile else "asked for"
        variable = next(
            (v for v in ("AWS_DEFAULT_PROFILE", "AWS_PROFILE") if os.environ.get(v) == profile),
            None,
        )
        if settings.profile is None and variable is not None:
            return InvalidInputError(
                f"The AWS profile {shown}, named by {variable}, is not in the shared config "
                f"files. Set {variable} to a profile that exists, or unset it."
            )
        return InvalidInputError(
            f"The AWS profile {shown} is not in the shared config files. "
            "Name a profile that exists (aws configure list-profiles).",
            property="profile",
        )
    if isinstance(error, NoRegionError):
        return TrialDataError(
            "No AWS region is set. Pass region (--region on the command line), set the stack's "
            "aws:region, or set AWS_REGION."
        )
    if isinstance(error, (EndpointConnectionError, ConnectTimeoutError)):
        return TrialDataError(
            f"Could not connect to {where} after {limits.max_attempts} attempts. "
            "Check the region, endpoint URL and network."
        )
    if isinstance(error, ReadTimeoutError):
        return TrialDataError(
            f"{subject} did not answer within {limits.read_timeout:g} seconds "
            f"on {limits.max_attempts} attempts. Try again later."
        )
    if isinstance(error, ResponseParserError):
        return TrialDataError(
            f"{subject} sent a response that is not Inspector's JSON. "
            "Check that the endpoint URL points at Inspector."
        )
    return TrialDataError(f"Calling {OPERATION} at {where} failed: {error}.")
