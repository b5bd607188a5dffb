"""A local emulator of ``inspector2:BatchGetFreeTrialInfo`` and ``inspector2:ListUsageTotals``
(and ``sts:AssumeRole``), like a moto service: real HTTP on a local port, so any boto3 code can be
pointed at it with ``endpoint_url`` or ``AWS_ENDPOINT_URL_INSPECTOR2``. State is kept per region,
chosen by the region a request was signed for; a control API on the same port reads what was
asked, resets and sets faults. See docs/emulator.md.

Importing it imports neither boto3, botocore nor pulumi: botocore's service model, which the
emulator validates requests with, is loaded on the first request.
"""

from __future__ import annotations

from .datafile import DataFileError, load_data_file, load_regional_backends
from .models import (
    FaultPlan,
    InspectorBackend,
    Organisation,
    RecordedRequest,
    RegionalBackends,
    Usage,
)
from .sample import sample_organisation
from .server import EmulatorServer, run_emulator

__all__ = [
    "DataFileError",
    "EmulatorServer",
    "FaultPlan",
    "InspectorBackend",
    "Organisation",
    "RecordedRequest",
    "RegionalBackends",
    "Usage",
    "load_data_file",
    "load_regional_backends",
    "run_emulator",
    "sample_organisation",
]
