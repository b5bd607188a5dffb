"""Inspector2's wire layer (rest-json): read a request, call its region's backend, serialize.

The backend is the one of the region the request was signed for. No rules here.
"""

from __future__ import annotations

import json
from typing import Any

from .core import Call, Route, WireResponse, json_response, rest_json_error
from .exceptions import (
    MissingAuthenticationTokenException,
    UnrecognizedClientException,
    ValidationException,
)
from .models import (
    BATCH_GET_ACCOUNT_STATUS,
    BATCH_GET_FREE_TRIAL_INFO,
    LIST_MEMBERS,
    LIST_USAGE_TOTALS,
    InspectorBackend,
)

NOT_JSON_BODY = b"<html><body>502 Bad Gateway</body></html>"
"""What the ``malformed="not-json"`` fault answers: what a misbehaving proxy might send."""


def batch_get_free_trial_info(call: Call) -> WireResponse:
    backend = inspector_backend(call)
    params = json_params(call.request.body)
    account_ids = _account_ids(call, params)
    return _answer(backend, backend.batch_get_free_trial_info(account_ids))


def list_usage_totals(call: Call) -> WireResponse:
    backend = inspector_backend(call)
    params = json_params(call.request.body)
    account_ids = _account_ids(call, params)
    body = backend.list_usage_totals(account_ids, params.get("maxResults"), params.get("nextToken"))
    return _answer(backend, body)


def list_members(call: Call) -> WireResponse:
    backend = inspector_backend(call)
    params = json_params(call.request.body)
    body = backend.list_members(
        params.get("onlyAssociated"), params.get("maxResults"), params.get("nextToken")
    )
    return _answer(backend, body)


def batch_get_account_status(call: Call) -> WireResponse:
    backend = inspector_backend(call)
    params = json_params(call.request.body)
    account_ids = _account_ids(call, params)
    return _answer(backend, backend.batch_get_account_status(account_ids))


def _account_ids(call: Call, params: dict[str, Any]) -> object:
    """The request's ``accountIds`` as sent, noted on the call for the record of it."""
    account_ids = params.get("accountIds")
    if isinstance(account_ids, list):
        call.account_ids = tuple(str(a) for a in account_ids)
    return account_ids


def _answer(backend: InspectorBackend, body: dict[str, Any]) -> WireResponse:
    # The one fault that cannot be a dict: a 200 whose body is not JSON at all.
    if backend.faults.malformed == "not-json":
        return WireResponse(200, {"Content-Type": "text/html"}, NOT_JSON_BODY)
    return json_response(200, body)


def inspector_backend(call: Call) -> InspectorBackend:
    """The backend of the region the request was signed for, as moto's ``BaseResponse`` picks
    one; a region the emulator does not serve answers as a region the account has not enabled."""
    backend = call.backends.backend_for(call.region)
    if isinstance(backend, InspectorBackend):
        return backend
    if call.region is None:
        raise MissingAuthenticationTokenException()
    raise UnrecognizedClientException()


def json_params(raw: bytes) -> dict[str, Any]:
    """A rest-json request body; one that is not a JSON object is ``CANNOT_PARSE``."""
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


BATCH_GET_FREE_TRIAL_INFO_ROUTE = Route(
    BATCH_GET_FREE_TRIAL_INFO, batch_get_free_trial_info, rest_json_error
)
LIST_USAGE_TOTALS_ROUTE = Route(LIST_USAGE_TOTALS, list_usage_totals, rest_json_error)
LIST_MEMBERS_ROUTE = Route(LIST_MEMBERS, list_members, rest_json_error)
BATCH_GET_ACCOUNT_STATUS_ROUTE = Route(
    BATCH_GET_ACCOUNT_STATUS, batch_get_account_status, rest_json_error
)
