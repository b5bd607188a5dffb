"""How the package installs: the version the command line reports, the extra ``GatedEnabler``
asks for, what each example's requirements install, and README links that work on the package
index's page. (``tests/install`` builds and installs the distributions themselves.)"""

from __future__ import annotations

import json
import re
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest
from cli_runner import cli_at

import pulumi_inspector_trial
from pulumi_inspector_trial import GatedEnabler, InspectorTrialError, MissingExtraError
from pulumi_inspector_trial.emulator.sample import FRESH_ACCOUNT

ROOT = Path(__file__).parents[1]
MISSING_AWS = (
    "GatedEnabler needs pulumi-aws, which is not installed: "
    "pip install 'pulumi-inspector-trial[aws]'."
)


def test_version_prints_the_package_version():
    outcome = cli_at(datetime.now(timezone.utc))("--version")
    assert (outcome.code, outcome.stderr) == (0, "")
    assert outcome.stdout == f"inspector-trial {pulumi_inspector_trial.__version__}\n"
    assert re.fullmatch(r"\d+\.\d+\.\d+", pulumi_inspector_trial.__version__)


def test_the_version_is_written_once_and_read_by_the_build():
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'dynamic = ["version"]' in pyproject
    assert 'version = { attr = "pulumi_inspector_trial.__version__" }' in pyproject
    assert not re.search(r"^version\s*=\s*\"", pyproject, re.MULTILINE)


def test_the_package_says_it_has_no_resource_plugin():
    plugin_json = Path(pulumi_inspector_trial.__file__).with_name("pulumi-plugin.json")
    assert json.loads(plugin_json.read_text(encoding="utf-8")) == {"resource": False}


def test_gated_enabler_without_pulumi_aws_names_the_extra_when_built(
    preview, emulator, monkeypatch
):
    monkeypatch.setitem(sys.modules, "pulumi_aws", None)  # import pulumi_aws now fails
    with pytest.raises(MissingExtraError) as raised:
        preview(lambda: GatedEnabler("gate", account_ids=[FRESH_ACCOUNT]))
    assert str(raised.value) == MISSING_AWS
    assert isinstance(raised.value, InspectorTrialError) and isinstance(raised.value, ImportError)
    assert raised.value.name == "pulumi_aws" and raised.value.extra == "aws"


# Each example's program and the extra it needs: GatedEnabler needs [aws], the pack [policy].
EXAMPLE_EXTRAS = {"gate-scan-types": {"aws"}, "trial-report": set(), "policy-pack": {"policy"}}


@pytest.mark.parametrize("example", sorted(EXAMPLE_EXTRAS))
def test_each_examples_requirements_install_this_checkout_with_the_extra_it_needs(example):
    folder = ROOT / "examples" / example
    lines = [
        line.strip()
        for line in (folder / "requirements.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert len(lines) == 1, lines
    match = re.fullmatch(r"-e (?P<path>[^\[]+)(?:\[(?P<extras>[^\]]*)\])?", lines[0])
    assert match, lines[0]
    # pip reads a path from the folder it runs in; `pulumi install` runs it in the program's.
    assert (folder / match["path"]).resolve() == ROOT
    extras = set(filter(None, (match["extras"] or "").split(",")))
    assert extras == EXAMPLE_EXTRAS[example]


def test_the_gating_example_is_the_one_that_needs_pulumi_aws():
    for example, extras in EXAMPLE_EXTRAS.items():
        source = (ROOT / "examples" / example / "__main__.py").read_text(encoding="utf-8")
        assert ("GatedEnabler" in source) == ("aws" in extras), example


def repository_url() -> str:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    (url,) = re.findall(r'^Source = "(https://[^"]+)"$', pyproject, re.MULTILINE)
    return url


def test_readme_links_are_absolute_and_those_into_the_repository_name_files_that_exist():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    links = re.findall(r"\]\(([^)\s]+)\)", readme)
    assert links, "no links found: the pattern is wrong"
    assert [link for link in links if not link.startswith(("https://", "http://", "#"))] == []
    into_repository = [
        link.removeprefix(f"{repository_url()}/").split("/", 2)
        for link in links
        if link.startswith(f"{repository_url()}/")
    ]
    assert into_repository, "the README links nothing in the repository"
    for kind, branch, path in into_repository:
        assert (kind, branch) in {("blob", "main"), ("tree", "main")}, (kind, branch)
        assert (ROOT / path.split("#")[0]).exists(), path
