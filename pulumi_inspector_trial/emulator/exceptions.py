"""One small exception class per AWS error code the emulator answers, as moto does.

The models raise them; ``responses.dispatch`` turns them into the wire error shape in one place,
through the renderer of the protocol the operation speaks: rest-json for Inspector2 and the
control API (``x-amzn-ErrorType`` header, ``{"message": ...}`` body plus the extra fields below),
the query protocol's XML for STS.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

INVALID_TOKEN_MESSAGE = "The security token included in the request is invalid."
"""What AWS answers, in every service, to a request for an opt-in region the account has not
enabled: the credentials are unknown there."""


class ServiceError(Exception):
    """An error the emulator answers on purpose, with everything the wire shape needs."""

    code: str = "InternalServerException"
    """The AWS error code: the ``x-amzn-ErrorType`` header and ``Error.Code`` in boto3."""
    status: int = 500
    """The HTTP status code."""

    def __init__(
        self,
        message: str,
        *,
        body_fields: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.body_fields: dict[str, Any] = dict(body_fields or {})
        """Extra members of the JSON error body besides ``message``."""
        self.headers: dict[str, str] = dict(headers or {})
        """Extra response headers, such as ``Retry-After``."""

    def body(self) -> dict[str, Any]:
        """The JSON error body as the service sends it."""
        return {"message": self.message, **self.body_fields}


# --- inspector2 (rest-json) -------------------------------------------------------------------


class ValidationException(ServiceError):
    """400: the request does not satisfy the API's constraints."""

    code = "ValidationException"
    status = 400

    def __init__(
        self,
        message: str,
        reason: str = "FIELD_VALIDATION_FAILED",
        fields: Sequence[Mapping[str, str]] = (),
    ) -> None:
        body: dict[str, Any] = {"reason": reason}
        if fields:
            body["fields"] = [dict(field) for field in fields]
        super().__init__(message, body_fields=body)
        self.reason = reason
        self.fields = [dict(field) for field in fields]


class AccessDeniedException(ServiceError):
    """403: the caller may not call the operation at all."""

    code = "AccessDeniedException"
    status = 403

    def __init__(
        self, message: str = "You do not have sufficient access to perform this action."
    ) -> None:
        super().__init__(message)


class ThrottlingException(ServiceError):
    """429: too many requests; ``Retry-After`` says when to try again."""

    code = "ThrottlingException"
    status = 429

    def __init__(self, message: str = "Rate exceeded", retry_after_seconds: int = 1) -> None:
        super().__init__(message, headers={"Retry-After": str(retry_after_seconds)})
        self.retry_after_seconds = retry_after_seconds


class InternalServerException(ServiceError):
    """500: the service failed; ``Retry-After`` says when to try again."""

    code = "InternalServerException"
    status = 500

    def __init__(
        self,
        message: str = "The request has failed due to an internal failure of the Amazon "
        "Inspector service.",
        retry_after_seconds: int = 1,
    ) -> None:
        super().__init__(message, headers={"Retry-After": str(retry_after_seconds)})
        self.retry_after_seconds = retry_after_seconds


class UnknownOperationException(ServiceError):
    """404: no operation is served at this method and path."""

    code = "UnknownOperationException"
    status = 404

    def __init__(self, method: str, path: str) -> None:
        super().__init__(f"The emulator serves no operation at {method} {path}.")


class UnrecognizedClientException(ServiceError):
    """403: the request was signed for a region the emulator does not serve, which AWS answers
    like this for an opt-in region the account has not enabled."""

    code = "UnrecognizedClientException"
    status = 403

    def __init__(self) -> None:
        super().__init__(INVALID_TOKEN_MESSAGE)


class MissingAuthenticationTokenException(ServiceError):
    """403: the request was not signed, so it names no region to be answered in."""

    code = "MissingAuthenticationTokenException"
    status = 403

    def __init__(self) -> None:
        super().__init__("Missing Authentication Token")


# --- sts (query protocol) ---------------------------------------------------------------------


class StsValidationError(ServiceError):
    """400 from STS, whose code is ``ValidationError``, not ``...Exception``."""

    code = "ValidationError"
    status = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)


class StsInvalidAction(ServiceError):
    """400 from STS for an ``Action`` the emulator does not serve (only AssumeRole is)."""

    code = "InvalidAction"
    status = 400

    def __init__(self, action: str) -> None:
        super().__init__(f"Could not find operation {action} for version 2011-06-15")


class InvalidClientTokenId(ServiceError):
    """403 from STS for a region the emulator does not serve: STS's name for what Inspector2
    calls UnrecognizedClientException."""

    code = "InvalidClientTokenId"
    status = 403

    def __init__(self) -> None:
        super().__init__(INVALID_TOKEN_MESSAGE)


class MissingAuthenticationToken(ServiceError):
    """403 from STS for a request that was not signed."""

    code = "MissingAuthenticationToken"
    status = 403

    def __init__(self) -> None:
        super().__init__("Request is missing Authentication Token")
