"""The package's names: its schema name, the function tokens, the generated SDKs' packages.

The Python SDK is ``pulumi_inspectortrial``, a distribution and module whose names cannot collide
with ``pulumi_inspector_trial`` (PEP 503 keeps the missing separator: ``pulumi-inspectortrial`` is
another project).
"""

from __future__ import annotations

from typing import Final

PACKAGE: Final = "inspectortrial"
GET_FREE_TRIAL_INFO: Final = f"{PACKAGE}:index:getFreeTrialInfo"
GET_SCAN_TYPES: Final = f"{PACKAGE}:index:getScanTypes"
PYTHON_PACKAGE: Final = "pulumi_inspectortrial"
NODEJS_PACKAGE: Final = "@pulumi/inspectortrial"
