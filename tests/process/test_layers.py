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


def test_a_read_through_the_service_loads_nothing_of_aws():
    """``read`` takes its resolver from the caller: importing every module of it and reading
    through the one service, with a resolver that is not ``aws``'s, loads neither ``aws`` nor
    boto3."""
    code = (
        "import importlib, json, sys\n"
        f"for name in {_modules_of('read')!r}:\n"
        "    importlib.import_module(name)\n"
        "from pulumi_inspector_trial.domain.trials import AccountTrials, FreeTrialResult\n"
        "from pulumi_inspector_trial.read.query import AwsSettings, TrialQuery\n"
        "from pulumi_inspector_trial.read.service import read_free_trials\n"
        "class Answers:\n"
        "    region = 'eu-west-1'\n"
        "    def resolve(self, ids):\n"
        "        return FreeTrialResult(tuple(AccountTrials(i, ()) for i in ids), ())\n"
        "query = TrialQuery(('123456789012',), AwsSettings(region='eu-west-1'))\n"
        "read = read_free_trials(query, resolver_for=lambda settings, limits: Answers())\n"
        "loaded = {m for m in sys.modules if m.startswith('pulumi_inspector_trial.aws')}\n"
        f"loaded |= {{m.split('.')[0] for m in sys.modules}} & {{'boto3', 'botocore'}}\n"
        "print(json.dumps({'read': read.account_ids, 'loaded': sorted(loaded)}))"
    )
    process = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert json.loads(process.stdout) == {"read": ["123456789012"], "loaded": []}
