"""An emulator data file with usage, as the usage tests write it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pulumi_inspector_trial.emulator.sample import (
    EXPIRED_ACCOUNT,
    FRESH_ACCOUNT,
)


def write(tmp_path: Path, document: dict[str, Any]) -> Path:
    path = tmp_path / "organisation.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


USAGE_DOCUMENT: dict[str, Any] = {
    "accounts": {FRESH_ACCOUNT: [], EXPIRED_ACCOUNT: []},
    "usage": {
        FRESH_ACCOUNT: [
            {"type": "LAMBDA_FUNCTION_HOURS", "total": 100, "estimatedMonthlyCost": 0.03},
            {
                "type": "GCP_CLOUD_RUN_HOURS",
                "total": 5,
                "estimatedMonthlyCost": 2,
                "currency": "USD",
                "cloudProvider": "GCP",
            },
        ],
        EXPIRED_ACCOUNT: [],
    },
}
