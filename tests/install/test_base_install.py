"""``pip install pulumi-inspector-trial``: what a program that reads trials, and the command
line, need, and no more: no pulumi-aws, no pulumi-policy. Everything but ``GatedEnabler`` and
the policy pack works from it; ``GatedEnabler`` says which extra it needs."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest
from packaging.version import Version
from venvs import INSTALLED_SIZES, ROOT, run

from pulumi_inspector_trial.emulator import sample_organisation
from pulumi_inspector_trial.emulator.sample import FRESH_ACCOUNT, NON_MEMBER_ACCOUNT
from pulumi_inspector_trial.testing import NativeProviderPlugin

pytestmark = pytest.mark.install

ALL_TYPES = ["CODE_REPOSITORY", "EC2", "ECR", "LAMBDA", "LAMBDA_CODE"]


@pytest.fixture
def emulator_now(make_emulator):
    """The sample organisation around the real clock: the installed command line and programs
    decide at the real current time."""
    return make_emulator(sample_organisation(datetime.now(timezone.utc)))


def test_the_base_install_is_pulumi_and_boto3_without_pulumi_aws(base_venv, capsys):
    installed = base_venv.distributions()
    assert Version(installed["pulumi"]) >= Version("3.268")
    assert Version(installed["botocore"]) >= Version("1.43.42")
    assert {"pulumi-inspector-trial", "boto3"} <= set(installed)
    assert "pulumi-aws" not in installed and "pulumi-policy" not in installed
    size = INSTALLED_SIZES["pip install pulumi-inspector-trial"]
    with capsys.disabled():
        print(f"\nbase install: {size / 1e6:.0f} MB in site-packages")
    # pulumi-aws alone is some 270 MB: back in the base install, this would be well over 300.
    assert size < 150e6


def test_every_module_but_the_policy_packs_imports_without_pulumi_aws(base_venv, aws_env):
    answer = base_venv.program("imports.py", env=aws_env())
    assert answer["loaded"] == []
    failed = answer["failed"]
    assert set(failed) == {"pulumi_inspector_trial.policy"}
    assert failed["pulumi_inspector_trial.policy"] == (
        "ModuleNotFoundError: No module named 'pulumi_policy'"
    )


def test_version_prints_the_installed_distributions_version(base_venv):
    version = base_venv.distributions()["pulumi-inspector-trial"]
    process = base_venv.run("-m", "pulumi_inspector_trial", "--version")
    assert process.stdout == f"inspector-trial {version}\n"
    script = base_venv.bin / "inspector-trial"
    assert script.is_file()
    assert run([script, "--version"], cwd=base_venv.path).stdout == f"inspector-trial {version}\n"


def test_the_command_line_checks_code_repository_trials(base_venv, aws_env, emulator_now):
    where = ["--endpoint-url", emulator_now.endpoint_url, "--region", "us-east-1"]
    env = base_venv.env(aws_env())
    check = base_venv.run(
        "-m", "pulumi_inspector_trial", "check", *where,
        "--require-active", "CODE_REPOSITORY", FRESH_ACCOUNT, env=env, check=False,
    )  # fmt: skip
    assert (check.returncode, check.stderr) == (0, "")
    status = base_venv.run(
        "-m", "pulumi_inspector_trial", "status", *where, "--output", "json", FRESH_ACCOUNT, env=env
    )
    (account,) = json.loads(status.stdout)["accounts"]
    assert sorted(t["type"] for t in account["free_trial_info"]) == ALL_TYPES


def test_free_trial_info_reads_at_preview_without_pulumi_aws(base_venv, aws_env, emulator_now):
    config = {
        "aws:region": "us-east-1",
        "project:endpointUrl": emulator_now.endpoint_url,
        "project:accountIds": json.dumps([FRESH_ACCOUNT, NON_MEMBER_ACCOUNT]),
    }
    program = ROOT / "examples" / "trial-report" / "__main__.py"
    answer = base_venv.program("preview.py", str(program), json.dumps(config), env=aws_env())
    assert "error" not in answer, answer
    assert answer["loaded"] == []
    assert answer["exports"]["active_types"] == {FRESH_ACCOUNT: ALL_TYPES}
    assert [f["account_id"] for f in answer["exports"]["failed_accounts"]] == [NON_MEMBER_ACCOUNT]


GATED_PROGRAM = """
from pulumi_inspector_trial import GatedEnabler

GatedEnabler("inspector", account_ids=["111122223333"])
"""


def test_gated_enabler_without_the_aws_extra_says_which_extra_to_install(
    base_venv, aws_env, tmp_path: Path
):
    program = tmp_path / "__main__.py"
    program.write_text(GATED_PROGRAM, encoding="utf-8")
    config = {"aws:region": "us-east-1"}
    answer = base_venv.program("preview.py", str(program), json.dumps(config), env=aws_env())
    assert answer["error"] == {
        "type": "MissingExtraError",
        "message": (
            "GatedEnabler needs pulumi-aws, which is not installed: "
            "pip install 'pulumi-inspector-trial[aws]'."
        ),
        "package_error": True,
    }


def test_the_base_install_serves_the_native_plugin(base_venv, aws_env, emulator_now):
    executable = base_venv.bin / "pulumi-resource-inspectortrial"
    assert executable.is_file()  # where the engine finds it: on PATH with the virtualenv's bin
    with NativeProviderPlugin(env=aws_env(), command=[str(executable)]) as plugin:
        assert plugin.plugin_info() == base_venv.distributions()["pulumi-inspector-trial"]
        plugin.configure({"region": "us-east-1", "endpointUrl": emulator_now.endpoint_url})
        gate = plugin.invoke("inspectortrial:index:getScanTypes", {"accountIds": [FRESH_ACCOUNT]})
    assert gate.failures == []
    assert gate.outputs["resourceTypes"] == {FRESH_ACCOUNT: ALL_TYPES}
