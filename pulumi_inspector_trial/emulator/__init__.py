"""A local emulator of ``inspector2:BatchGetFreeTrialInfo`` (and ``sts:AssumeRole``), like a moto
service: real HTTP on a local port, so any boto3 code can be pointed at it with ``endpoint_url``
or ``AWS_ENDPOINT_URL_INSPECTOR2``. See docs/emulator.md.

Importing it imports neither boto3 nor pulumi.
"""

from __future__ import annotations

from .models import FaultPlan, InspectorBackend, Organisation, RecordedRequest
from .sample import load_data_file, sample_organisation
from .server import EmulatorServer, run_emulator

__all__ = [
    "EmulatorServer",
    "FaultPlan",
    "InspectorBackend",
    "Organisation",
    "RecordedRequest",
    "load_data_file",
    "run_emulator",
    "sample_organisation",
]
