"""The request plumbing every service shares: request, response, route, and ``dispatch``.

``dispatch`` is the one place an exception becomes an error response.

Nothing but a ``ServiceError`` ever reaches a client as an error shape: anything unexpected is
answered as InternalServerException (in the protocol of the route), never a traceback.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from .backends import BackendDict, signing_region_of
from .exceptions import InternalServerException, ServiceError, UnknownOperationException

UNKNOWN_OPERATION: Final = "Unknown"
"""What the journal calls a request no route serves."""


@dataclass(frozen=True)
class WireRequest:
    """An HTTP request as the server read it."""

    method: str
    path: str
    """The path and its query string, as sent."""
    headers: Mapping[str, str]
    body: bytes


@dataclass(frozen=True)
class WireResponse:
    """An HTTP response ready to write."""

    status: int
    headers: dict[str, str]
    body: bytes


@dataclass
class Call:
    """One request on its way through a handler."""

    request: WireRequest
    backends: BackendDict[Any, Any]
    """Every region's backend: a handler picks the one for ``region``."""
    region: str | None
    """The region the request was signed for (SigV4's credential scope); None if unsigned."""
    account_ids: tuple[str, ...] = ()
    """The account ids asked about, once a handler has read them, for the record of the call."""


Handler = Callable[[Call], WireResponse]
ErrorRenderer = Callable[[ServiceError], WireResponse]


@dataclass(frozen=True)
class Route:
    """One operation served at one method and path."""

    operation: str
    handle: Handler
    render_error: ErrorRenderer
    recorded: bool = True
    """False for the control API: asking what was asked must not change the answer."""


def rest_json_error(error: ServiceError) -> WireResponse:
    """The rest-json error shape botocore reads: the code travels in ``x-amzn-ErrorType``."""
    response = json_response(error.status, error.body())
    response.headers.update(error.headers)
    response.headers["x-amzn-ErrorType"] = error.code
    return response


def json_response(status: int, body: Mapping[str, Any]) -> WireResponse:
    return WireResponse(
        status,
        {"Content-Type": "application/json", "x-amzn-RequestId": str(uuid.uuid4())},
        json.dumps(body, separators=(",", ":")).encode("utf-8"),
    )


def dispatch(
    backends: BackendDict[Any, Any],
    routes: Mapping[tuple[str, str], Route],
    request: WireRequest,
) -> WireResponse:
    """Answer one request, record it, and never let an unexpected exception escape."""
    path = request.path.split("?", 1)[0]
    route = routes.get((request.method, path))
    call = Call(request, backends, signing_region_of(request.headers))
    if route is None:
        route = Route(UNKNOWN_OPERATION, _unknown_operation, rest_json_error)
    try:
        response = route.handle(call)
    except ServiceError as error:
        response = route.render_error(error)
    except Exception:  # any bug in the emulator reaches the client as the service's 500
        response = route.render_error(InternalServerException())
    if route.recorded:
        backends.record(route.operation, call.account_ids, response.status, request.headers)
    return response


def internal_error_response() -> WireResponse:
    """The server's last resort, should even ``dispatch`` fail."""
    return rest_json_error(InternalServerException())


def _unknown_operation(call: Call) -> WireResponse:
    raise UnknownOperationException(call.request.method, call.request.path.split("?", 1)[0])
