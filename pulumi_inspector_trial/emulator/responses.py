"""The wire layer: read a request's parameters, call the backend, serialize the answer. No rules.

Inspector2 speaks rest-json (errors: ``x-amzn-ErrorType`` header plus a JSON body); STS speaks the
query protocol (form-encoded request, XML answer). ``dispatch`` is the one place an exception
becomes an error response, and nothing but an ``InspectorError`` ever reaches that shape: anything
unexpected is answered as InternalServerException, never a traceback.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs
from xml.sax.saxutils import escape

from ..model import format_timestamp
from .exceptions import (
    InspectorError,
    InternalServerException,
    StsInvalidAction,
    StsValidationError,
    UnknownOperationException,
    ValidationException,
)
from .models import (
    ASSUME_ROLE,
    BATCH_GET_FREE_TRIAL_INFO,
    UNKNOWN_OPERATION,
    InspectorBackend,
    assumed_role_user,
)

NOT_JSON_BODY = b"<html><body>502 Bad Gateway</body></html>"
"""What the ``malformed="not-json"`` fault answers: what a misbehaving proxy might send."""

_STS_NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/"


@dataclass(frozen=True)
class WireRequest:
    """An HTTP request as the server read it."""

    method: str
    path: str
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
    """What a handler learned about the request, for the backend's record of it."""

    account_ids: tuple[str, ...] = ()


Handler = Callable[[InspectorBackend, WireRequest, Call], WireResponse]
ErrorRenderer = Callable[[InspectorError], WireResponse]


@dataclass(frozen=True)
class Route:
    """One operation served at one method and path."""

    operation: str
    handle: Handler
    render_error: ErrorRenderer


# --- inspector2 (rest-json) -------------------------------------------------------------------


def batch_get_free_trial_info(
    backend: InspectorBackend, request: WireRequest, call: Call
) -> WireResponse:
    params = _json_params(request.body)
    account_ids = params.get("accountIds")
    if isinstance(account_ids, list):
        call.account_ids = tuple(str(a) for a in account_ids)
    body = backend.batch_get_free_trial_info(account_ids)
    # The one fault that cannot be a dict: a 200 whose body is not JSON at all.
    if backend.faults.malformed == "not-json":
        return WireResponse(200, {"Content-Type": "text/html"}, NOT_JSON_BODY)
    return _json_response(200, body)


def rest_json_error(error: InspectorError) -> WireResponse:
    """The rest-json error shape botocore reads: the code travels in ``x-amzn-ErrorType``."""
    response = _json_response(error.status, error.body())
    response.headers.update(error.headers)
    response.headers["x-amzn-ErrorType"] = error.code
    return response


def _json_params(raw: bytes) -> dict[str, Any]:
    if not raw.strip():
        return {}
    try:
        params = json.loads(raw)
    except ValueError as exc:  # UnicodeDecodeError and JSONDecodeError are both ValueErrors
        raise ValidationException(
            f"Could not parse the request body as JSON: {exc}.", reason="CANNOT_PARSE"
        ) from exc
    if not isinstance(params, dict):
        raise ValidationException(
            "Could not parse the request body: expected a JSON object.", reason="CANNOT_PARSE"
        )
    return params


def _json_response(status: int, body: Mapping[str, Any]) -> WireResponse:
    return WireResponse(
        status,
        {"Content-Type": "application/json", "x-amzn-RequestId": str(uuid.uuid4())},
        json.dumps(body, separators=(",", ":")).encode("utf-8"),
    )


# --- sts (query protocol) ---------------------------------------------------------------------


def sts_action(backend: InspectorBackend, request: WireRequest, call: Call) -> WireResponse:
    try:
        form = parse_qs(request.body.decode("utf-8"), keep_blank_values=True)
    except UnicodeDecodeError as exc:
        raise StsValidationError("Could not parse the request body as a form.") from exc
    params = {name: values[0] for name, values in form.items()}
    action = params.get("Action", "")
    if action != ASSUME_ROLE:
        raise StsInvalidAction(action)
    role_arn = params.get("RoleArn", "")
    session_name = params.get("RoleSessionName", "")
    try:
        duration = int(params.get("DurationSeconds", "3600"))
    except ValueError as exc:
        raise StsValidationError(
            f"Value '{params['DurationSeconds']}' at 'durationSeconds' is not an integer."
        ) from exc
    credentials = backend.assume_role(role_arn, session_name, duration)
    user = assumed_role_user(role_arn, session_name)
    request_id = str(uuid.uuid4())
    document = (
        f'<AssumeRoleResponse xmlns="{_STS_NAMESPACE}">'
        "<AssumeRoleResult>"
        "<Credentials>"
        f"<AccessKeyId>{escape(credentials['AccessKeyId'])}</AccessKeyId>"
        f"<SecretAccessKey>{escape(credentials['SecretAccessKey'])}</SecretAccessKey>"
        f"<SessionToken>{escape(credentials['SessionToken'])}</SessionToken>"
        f"<Expiration>{format_timestamp(credentials['Expiration'])}</Expiration>"
        "</Credentials>"
        "<AssumedRoleUser>"
        f"<Arn>{escape(user['Arn'])}</Arn>"
        f"<AssumedRoleId>{escape(user['AssumedRoleId'])}</AssumedRoleId>"
        "</AssumedRoleUser>"
        "<PackedPolicySize>0</PackedPolicySize>"
        "</AssumeRoleResult>"
        f"<ResponseMetadata><RequestId>{request_id}</RequestId></ResponseMetadata>"
        "</AssumeRoleResponse>"
    )
    return _xml_response(200, document, request_id)


def query_error(error: InspectorError) -> WireResponse:
    """The query-protocol error shape botocore's STS parser reads."""
    request_id = str(uuid.uuid4())
    fault = "Sender" if error.status < 500 else "Receiver"
    document = (
        f'<ErrorResponse xmlns="{_STS_NAMESPACE}">'
        f"<Error><Type>{fault}</Type><Code>{escape(error.code)}</Code>"
        f"<Message>{escape(error.message)}</Message></Error>"
        f"<RequestId>{request_id}</RequestId>"
        "</ErrorResponse>"
    )
    response = _xml_response(error.status, document, request_id)
    response.headers.update(error.headers)
    return response


def _xml_response(status: int, document: str, request_id: str) -> WireResponse:
    return WireResponse(
        status,
        {"Content-Type": "text/xml", "x-amzn-RequestId": request_id},
        document.encode("utf-8"),
    )


# --- the one place errors become responses ----------------------------------------------------


BATCH_GET_FREE_TRIAL_INFO_ROUTE = Route(
    BATCH_GET_FREE_TRIAL_INFO, batch_get_free_trial_info, rest_json_error
)
STS_ROUTE = Route(ASSUME_ROLE, sts_action, query_error)


def dispatch(
    backend: InspectorBackend,
    routes: Mapping[tuple[str, str], Route],
    request: WireRequest,
) -> WireResponse:
    """Answer one request, record it, and never let an unexpected exception escape."""
    path = request.path.split("?", 1)[0]
    route = routes.get((request.method, path))
    call = Call()
    if route is None:
        operation = UNKNOWN_OPERATION
        response = rest_json_error(UnknownOperationException(request.method, path))
    else:
        operation = route.operation
        try:
            response = route.handle(backend, request, call)
        except InspectorError as error:
            response = route.render_error(error)
        except Exception:  # any bug in the emulator reaches the client as the service's 500
            response = route.render_error(InternalServerException())
    backend.record(operation, call.account_ids, response.status, request.headers)
    return response


# Exported for the server's last resort, should even ``dispatch`` fail.
def internal_error_response() -> WireResponse:
    return rest_json_error(InternalServerException())


__all__ = [
    "BATCH_GET_FREE_TRIAL_INFO_ROUTE",
    "STS_ROUTE",
    "Call",
    "Route",
    "WireRequest",
    "WireResponse",
    "dispatch",
    "internal_error_response",
    "query_error",
    "rest_json_error",
]
