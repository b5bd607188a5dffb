"""``[aws]`` brings pulumi-aws for ``GatedEnabler``; ``[policy]`` brings pulumi-policy for the
CrossGuard pack and no pulumi-aws."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest
from packaging.version import Version
from venvs import ROOT

from pulumi_inspector_trial.emulator import sample_organisation
from pulumi_inspector_trial.emulator.sample import ENDING_SOON_ACCOUNT, FRESH_ACCOUNT

pytestmark = pytest.mark.install

ENABLER_TYPE = "aws:inspector2/enabler:Enabler"


@pytest.fixture
def emulator_now(make_emulator):
    return make_emulator(sample_organisation(datetime.now(timezone.utc)))


def test_the_aws_extra_adds_pulumi_aws_and_not_pulumi_policy(aws_venv, base_venv):
    installed = aws_venv.distributions()
    assert Version("7") <= Version(installed["pulumi-aws"]) < Version("8")
    assert "pulumi-policy" not in installed
    assert aws_venv.has_module("pulumi_aws") and not base_venv.has_module("pulumi_aws")


def test_gated_enabler_creates_enablers_with_the_aws_extra(
    aws_venv, aws_env, emulator_now, tmp_path: Path
):
    program = tmp_path / "__main__.py"
    program.write_text(
        "from pulumi_inspector_trial import GatedEnabler\n"
        f"GatedEnabler('inspector', account_ids=['{FRESH_ACCOUNT}'], wanted_types=['EC2'],"
        f" endpoint_url='{emulator_now.endpoint_url}')\n",
        encoding="utf-8",
    )
    answer = aws_venv.program(
        "preview.py", str(program), json.dumps({"aws:region": "us-east-1"}), env=aws_env()
    )
    assert "error" not in answer, answer
    enablers = [r for r in answer["resources"] if r["type"] == ENABLER_TYPE]
    assert [(e["name"], e["inputs"]["resourceTypes"]) for e in enablers] == [
        (f"inspector-{FRESH_ACCOUNT}", ["EC2"])
    ]


def test_the_policy_extra_adds_pulumi_policy_and_not_pulumi_aws(policy_venv):
    installed = policy_venv.distributions()
    assert Version(installed["pulumi-policy"]) >= Version("1.17")
    assert "pulumi-aws" not in installed
    assert not policy_venv.has_module("pulumi_aws")


def test_every_module_imports_with_the_policy_extra(policy_venv, aws_env):
    answer = policy_venv.program("imports.py", env=aws_env())
    assert answer == {"failed": {}, "loaded": ["pulumi_policy"]}


def test_the_policy_pack_runs_without_pulumi_aws(policy_venv, aws_env, emulator_now):
    enabler = {"accountIds": [ENDING_SOON_ACCOUNT], "resourceTypes": ["EC2"], "region": "us-east-1"}
    pack = ROOT / "examples" / "policy-pack"
    answer = policy_venv.program(
        "analyze.py", str(pack), emulator_now.endpoint_url, json.dumps(enabler), env=aws_env()
    )
    # By default the pack names an account by its last four digits (it cannot tell secret ids).
    assert answer["violations"] == [
        f"Account ********{ENDING_SOON_ACCOUNT[-4:]}: EC2 in us-east-1 is not covered by a free "
        "trial (trial ends in 2 days, under the 7-day minimum)."
    ]
