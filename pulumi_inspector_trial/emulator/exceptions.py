"""The AWS errors of Inspector2 and STS the emulator answers, one small class per code, as moto.

The ones the shared plumbing raises live in ``core.exceptions`` and are named here too.

The models raise them; ``core.wire.dispatch`` turns them into the wire error shape in one place,
through the renderer of the protocol the operation speaks: rest-json for Inspector2 and the
control API (``x-amzn-ErrorType`` header, ``{"message": ...}`` body plus the extra fields below),
the query protocol's XML for STS.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .core.exceptions import (
    AccessDeniedException,
    InternalServerException,
    ServiceError,
    ThrottlingException,
    UnknownOperationException,
)

__all__ = [
    "INVALID_TOKEN_MESSAGE",
    "AccessDeniedException",
    "InternalServerException",
    "InvalidClientTokenId",
    "MissingAuthenticationToken",
    "MissingAuthenticationTokenException",
    "ServiceError",
    "StsInvalidAction",
    "StsValidationError",
    "ThrottlingException",
    "UnknownOperationException",
    "UnrecognizedClientException",
    "ValidationException",
]

INVALID_TOKEN_MESSAGE = "The security token included in the request is invalid."
"""What AWS answers, in every service, to a request for an opt-in region the account has not
enabled: the credentials are unknown there."""


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
