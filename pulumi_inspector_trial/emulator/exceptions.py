"""One small exception class per AWS error code the emulator answers, as moto does.

The model raises them; ``responses.py`` turns them into the wire error shape in one place
(``x-amzn-ErrorType`` header, ``{"message": ...}`` body plus the extra fields below).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any


class InspectorError(Exception):
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


class ValidationException(InspectorError):
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


class AccessDeniedException(InspectorError):
    """403: the caller may not call the operation at all."""

    code = "AccessDeniedException"
    status = 403

    def __init__(
        self, message: str = "You do not have sufficient access to perform this action."
    ) -> None:
        super().__init__(message)


class ThrottlingException(InspectorError):
    """429: too many requests; ``Retry-After`` says when to try again."""

    code = "ThrottlingException"
    status = 429

    def __init__(self, message: str = "Rate exceeded", retry_after_seconds: int = 1) -> None:
        super().__init__(message, headers={"Retry-After": str(retry_after_seconds)})
        self.retry_after_seconds = retry_after_seconds


class InternalServerException(InspectorError):
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


class UnknownOperationException(InspectorError):
    """404: no operation is served at this method and path."""

    code = "UnknownOperationException"
    status = 404

    def __init__(self, method: str, path: str) -> None:
        super().__init__(f"The emulator serves no operation at {method} {path}.")


class StsValidationError(InspectorError):
    """400 from STS (query protocol), whose code is ``ValidationError``, not ``...Exception``."""

    code = "ValidationError"
    status = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)


class StsInvalidAction(InspectorError):
    """400 from STS for an ``Action`` the emulator does not serve (only AssumeRole is)."""

    code = "InvalidAction"
    status = 400

    def __init__(self, action: str) -> None:
        super().__init__(f"Could not find operation {action} for version 2011-06-15")
