"""The control API under ``/_emulator/``: read what was asked, reset, set faults, over HTTP.

It is served on the same port as the services (as moto serves ``/moto-api/``), so a test or
benchmark in another process needs no side channel.

- ``GET /_emulator/requests``: ``{"requests": [{"operation", "region", "account_ids",
  "status"}], "counts": {operation: n}}``, oldest first;
- ``POST /_emulator/reset``: forget recorded requests and rewind fault counters, in every region;
- ``GET /_emulator/faults``: ``{"faults": {...}, "regions": {region: {...}}}``, the plans in force;
- ``POST /_emulator/faults[?region=R]``: set the fault fields of the JSON body, in region R or in
  every region.

Control calls are not recorded. A bad body or region answers ValidationException (400) in the
rest-json error shape, like any other error of the emulator.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from typing import Any, Final, NoReturn
from urllib.parse import parse_qs, urlsplit

from .core import BackendDict, Call, FaultPlan, Route, WireResponse, json_response, rest_json_error
from .datafile_faults import fault_changes
from .exceptions import ValidationException
from .responses import json_params

CONTROL_PATH: Final = "/_emulator"


def list_requests(call: Call) -> WireResponse:
    recorded = [
        {
            "operation": r.operation,
            "region": r.region,
            "account_ids": list(r.account_ids),
            "status": r.status,
        }
        for r in call.backends.requests
    ]
    counts = Counter(r["operation"] for r in recorded)
    return json_response(200, {"requests": recorded, "counts": dict(sorted(counts.items()))})


def reset(call: Call) -> WireResponse:
    call.backends.reset()
    return json_response(200, {"reset": True})


def get_faults(call: Call) -> WireResponse:
    return json_response(200, _faults_document(call.backends))


def set_faults(call: Call) -> WireResponse:
    changes = fault_changes(json_params(call.request.body), "faults", _invalid)
    backends = call.backends
    region = _region_parameter(call)
    if region is not None:
        if backends.shared is not None:
            _invalid(
                "This emulator serves one backend in every region, so its faults cannot differ "
                "between regions. Leave out 'region'."
            )
        if backends.backend_for(region) is None:
            _invalid(f"The emulator does not serve region {region!r}.")
    backends.set_faults(region, **changes)
    return json_response(200, _faults_document(backends))


def _faults_document(backends: BackendDict[Any, Any]) -> dict[str, Any]:
    every_region = backends.shared.faults if backends.shared else backends.default_faults
    return {
        "faults": _plan_document(every_region),
        "regions": {region: _plan_document(backends[region].faults) for region in backends.regions},
    }


def _plan_document(plan: FaultPlan) -> dict[str, Any]:
    """A plan as a data file spells its ``faults``."""
    document = dataclasses.asdict(plan)
    document["access_denied_accounts"] = sorted(plan.access_denied_accounts)
    return document


def _region_parameter(call: Call) -> str | None:
    values = parse_qs(urlsplit(call.request.path).query, keep_blank_values=True).get("region")
    if values is None:
        return None
    if not values[0]:
        _invalid("The 'region' parameter is empty. Name a region, or leave it out for all.")
    return values[0]


def _invalid(problem: str) -> NoReturn:
    raise ValidationException(problem)


REQUESTS_ROUTE = Route("ListRequests", list_requests, rest_json_error, recorded=False)
RESET_ROUTE = Route("Reset", reset, rest_json_error, recorded=False)
GET_FAULTS_ROUTE = Route("GetFaults", get_faults, rest_json_error, recorded=False)
SET_FAULTS_ROUTE = Route("SetFaults", set_faults, rest_json_error, recorded=False)
