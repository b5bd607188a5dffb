"""The base of every AWS error answered, the shared plumbing's errors, and ``EmulatorError``.

``EmulatorError`` is the emulator's own Python error (a bad data file, an address it cannot
listen on), never sent on the wire.

``core.wire.dispatch`` turns a ``ServiceError`` into the wire error shape in one place, through
the renderer of the protocol the operation speaks.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class EmulatorError(ValueError):
    """The emulator cannot start as asked: a bad data file, an address it cannot listen on.
    Its message is one or two sentences naming the bad value."""


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
