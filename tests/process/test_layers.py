"""The layers keep to their jobs: the rules import no SDK, measured in a fresh interpreter."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pulumi_inspector_trial

PACKAGE = Path(pulumi_inspector_trial.__file__).parent
SDKS = ("pulumi", "pulumi_aws", "pulumi_policy", "boto3", "botocore", "grpc")


def _modules_of(layer: str) -> list[str]:
    return sorted(
        f"pulumi_inspector_trial.{layer}.{path.stem}"
        for path in (PACKAGE / layer).glob("*.py")
        if path.stem != "__init__"
    )


def test_the_rules_import_no_sdk():
    modules = [
        "pulumi_inspector_trial.domain",
        *_modules_of("domain"),
        "pulumi_inspector_trial.gating",
    ]
    code = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        f"print(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}} & {set(SDKS)!r})))"
    )
    process = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert json.loads(process.stdout) == []
