"""``pulumi install`` at the repository's root, done as Pulumi's Python language host does it
(``InstallDependencies``, pip toolchain): the virtualenv named by the root ``Pulumi.yaml``
(``runtime.options.virtualenv``), then in the program's folder (``main:``) ``python -m pip install
--upgrade pip setuptools wheel`` and ``python -m pip install -r requirements.txt``, with the
virtualenv activated. A new virtualenv stands in for the root's ``.venv`` (that one is the
development install). Then the program runs at preview from that virtualenv."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

import pytest
import yaml
from language_host import PackageDependency, required_packages
from venvs import ROOT, Venv

from pulumi_inspector_trial.emulator import sample_organisation
from pulumi_inspector_trial.emulator.sample import (
    ENDING_SOON_ACCOUNT,
    FRESH_ACCOUNT,
    NEW_TYPES_ACCOUNT,
    SAMPLE_ACCOUNT_IDS,
)

pytestmark = pytest.mark.install

ENABLER_TYPE = "aws:inspector2/enabler:Enabler"
ALL_TYPES = ["CODE_REPOSITORY", "EC2", "ECR", "LAMBDA", "LAMBDA_CODE"]


def root_project() -> dict[str, Any]:
    project: dict[str, Any] = yaml.safe_load((ROOT / "Pulumi.yaml").read_text(encoding="utf-8"))
    return project


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Venv:
    project = root_project()
    assert project["runtime"]["options"]["virtualenv"] == ".venv"
    program_dir = (ROOT / project["main"]).resolve()
    venv = Venv.create(tmp_path_factory.mktemp("pulumi-install") / ".venv")
    venv.pip_install("--upgrade", "pip", "setuptools", "wheel", cwd=program_dir)
    venv.pip_install("-r", "requirements.txt", cwd=program_dir)
    return venv


def test_the_root_project_runs_the_gating_example_from_dot_venv():
    project = root_project()
    assert project["runtime"] == {"name": "python", "options": {"virtualenv": ".venv"}}
    assert (ROOT / project["main"]).resolve() == ROOT / "examples" / "gate-scan-types"


def test_it_installs_this_checkout_with_the_aws_extra(installed):
    where = installed.run("-c", "import pulumi_inspector_trial as p; print(p.__file__)")
    assert where.stdout.strip() == str(ROOT / "pulumi_inspector_trial" / "__init__.py")
    distributions = installed.distributions()
    assert "pulumi-aws" in distributions and "pulumi-policy" not in distributions


def test_the_engine_would_install_the_aws_plugin_and_nothing_for_this_package(installed):
    aws_version = installed.distributions()["pulumi-aws"]
    assert required_packages(installed.python) == [
        PackageDependency("aws", f"v{aws_version}", distribution="pulumi-aws")
    ]


def test_the_program_previews_from_that_virtualenv(installed, aws_env, make_emulator):
    emulator = make_emulator(sample_organisation(datetime.now(timezone.utc)))
    config = {
        "aws:region": "us-east-1",
        "project:endpointUrl": emulator.endpoint_url,
        "project:accountIds": json.dumps(list(SAMPLE_ACCOUNT_IDS)),
        "project:minDaysLeft": "7",
    }
    program_dir = ROOT / root_project()["main"]
    answer = installed.program(
        "preview.py", str(program_dir / "__main__.py"), json.dumps(config),
        env=aws_env(), cwd=program_dir,
    )  # fmt: skip
    assert "error" not in answer, answer
    enablers = {
        r["name"]: (r["inputs"]["accountIds"], r["inputs"]["resourceTypes"])
        for r in answer["resources"]
        if r["type"] == ENABLER_TYPE
    }
    assert enablers == {
        f"inspector-{FRESH_ACCOUNT}": ([FRESH_ACCOUNT], ALL_TYPES),
        f"inspector-{ENDING_SOON_ACCOUNT}": ([ENDING_SOON_ACCOUNT], ["CODE_REPOSITORY", "LAMBDA"]),
        f"inspector-{NEW_TYPES_ACCOUNT}": ([NEW_TYPES_ACCOUNT], ["EC2", "ECR"]),
    }
    assert answer["exports"]["enabled_accounts"] == [
        FRESH_ACCOUNT,
        ENDING_SOON_ACCOUNT,
        NEW_TYPES_ACCOUNT,
    ]
