"""A local, moto-style emulator of Inspector2's free-trial, usage, membership and status reads,
and of STS AssumeRole.

It serves ``inspector2:BatchGetFreeTrialInfo``, ``inspector2:ListUsageTotals``,
``inspector2:ListMembers``, ``inspector2:BatchGetAccountStatus`` and ``sts:AssumeRole`` over
real HTTP on a local port, so any boto3 code can be pointed at it with
``endpoint_url`` or ``AWS_ENDPOINT_URL_INSPECTOR2``. State is kept per region,
chosen by the region a request was signed for; a control API on the same port reads what was
asked, resets and sets faults. See docs/emulator.md.

Importing it imports neither boto3, botocore nor pulumi: botocore's service model, which the
emulator validates requests with, is loaded on the first request. It imports nothing from the
rest of this package either: it has its own parsing and patterns, so it is an independent
oracle for the client it tests.
"""

from __future__ import annotations

from .core import EmulatorError, FaultPlan, RecordedRequest
from .datafile import load_data_file, load_regional_backends
from .datafile_rules import DataFileError
from .models import InspectorBackend, RegionalBackends
from .organisation import Organisation, Trial, Usage
from .sample import sample_organisation
from .server import EmulatorServer, run_emulator

__all__ = [
    "DataFileError",
    "EmulatorError",
    "EmulatorServer",
    "FaultPlan",
    "InspectorBackend",
    "Organisation",
    "RecordedRequest",
    "RegionalBackends",
    "Trial",
    "Usage",
    "load_data_file",
    "load_regional_backends",
    "run_emulator",
    "sample_organisation",
]
