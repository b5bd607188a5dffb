"""What every emulated service plugs into, as in moto's ``core``: state per region, faults, wire.

A service model subclasses ``BaseBackend`` (one method per API operation, each admitted through
the fault plan's request faults first) and ``BackendDict`` (its backends per region), raises
``ServiceError`` subclasses, and serves its operations as ``Route``s that ``dispatch`` answers,
records and turns errors into the AWS error shape for.
"""

from __future__ import annotations

from .backends import BackendDict, BaseBackend, RecordedRequest, RequestJournal, signing_region_of
from .exceptions import EmulatorError, ServiceError
from .faults import FAULT_NAMES, MALFORMED_KINDS, FaultPlan, check_fault_names
from .wire import (
    UNKNOWN_OPERATION,
    Call,
    Route,
    WireRequest,
    WireResponse,
    dispatch,
    json_response,
    rest_json_error,
)

__all__ = [
    "FAULT_NAMES",
    "MALFORMED_KINDS",
    "UNKNOWN_OPERATION",
    "BackendDict",
    "BaseBackend",
    "Call",
    "EmulatorError",
    "FaultPlan",
    "RecordedRequest",
    "RequestJournal",
    "Route",
    "ServiceError",
    "WireRequest",
    "WireResponse",
    "check_fault_names",
    "dispatch",
    "json_response",
    "rest_json_error",
    "signing_region_of",
]
