"""What ``pulumi preview`` would install before running a program in each virtualenv: the
language host's plugin discovery (``language_host``), run against the real installs."""

from __future__ import annotations

import pytest
from language_host import (
    PLUGIN_JSON_PATHS_SCRIPT,
    PackageDependency,
    list_packages,
    package_dependency,
    required_packages,
)

pytestmark = pytest.mark.install


def test_the_base_install_needs_no_plugin(base_venv):
    assert ("pulumi-inspector-trial", "0.1.0") in list_packages(base_venv.python)
    assert required_packages(base_venv.python) == []


def test_the_host_finds_the_packages_own_plugin_file_and_that_is_what_opts_out(base_venv):
    process = base_venv.run("-c", PLUGIN_JSON_PATHS_SCRIPT, "pulumi-inspector-trial")
    path = process.stdout.strip().split('"')[-2]
    assert path == str(base_venv.site_packages / "pulumi_inspector_trial" / "pulumi-plugin.json")
    # Without the file the prefix rule alone would have asked for a plugin nobody publishes.
    assert package_dependency("pulumi-inspector-trial", "0.1.0", None) == PackageDependency(
        "inspector-trial", "v0.1.0", distribution="pulumi-inspector-trial"
    )


def test_the_aws_extra_needs_the_aws_plugin_and_nothing_for_this_package(aws_venv):
    aws_version = aws_venv.distributions()["pulumi-aws"]
    assert required_packages(aws_venv.python) == [
        PackageDependency("aws", f"v{aws_version}", distribution="pulumi-aws")
    ]


def test_the_policy_extra_needs_no_plugin(policy_venv):
    assert "pulumi-policy" in policy_venv.distributions()
    assert required_packages(policy_venv.python) == []
