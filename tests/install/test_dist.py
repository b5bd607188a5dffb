"""The built distributions as a package index would publish them: what the wheel and the sdist
carry, their metadata, and ``twine check``."""

from __future__ import annotations

import json
import re
import sys
import tarfile
import zipfile
from email import message_from_string
from email.message import Message

import pytest
from packaging.requirements import Requirement
from venvs import ROOT, Dist, run

import pulumi_inspector_trial

pytestmark = pytest.mark.install

SUPPORTED_PYTHONS = ("3.10", "3.11", "3.12", "3.13")


def metadata(dist: Dist) -> Message:
    with zipfile.ZipFile(dist.wheel) as wheel:
        (name,) = [n for n in wheel.namelist() if n.endswith(".dist-info/METADATA")]
        return message_from_string(wheel.read(name).decode("utf-8"))


def requirements(dist: Dist, extra: str | None) -> dict[str, Requirement]:
    """The wheel's requirements for ``extra`` alone (None: the base install)."""
    found = {}
    for text in metadata(dist).get_all("Requires-Dist") or []:
        requirement = Requirement(text)
        marker = requirement.marker
        if extra is None:
            wanted = marker is None
        else:
            wanted = marker is not None and marker.evaluate({"extra": extra})
        if wanted:
            found[requirement.name] = requirement
    return found


def test_the_wheel_says_the_package_has_no_resource_plugin(dist):
    with zipfile.ZipFile(dist.wheel) as wheel:
        plugin_json = json.loads(wheel.read("pulumi_inspector_trial/pulumi-plugin.json"))
    assert plugin_json == {"resource": False}


def test_the_wheel_carries_the_apache_licence(dist):
    with zipfile.ZipFile(dist.wheel) as wheel:
        (licence,) = [n for n in wheel.namelist() if n.endswith(".dist-info/licenses/LICENSE")]
        text = wheel.read(licence).decode("utf-8")
    assert text == (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "Apache License" in text and "Version 2.0, January 2004" in text
    assert metadata(dist)["License-Expression"] == "Apache-2.0"


def test_the_metadata_names_each_supported_cpython_and_the_project_urls(dist):
    meta = metadata(dist)
    assert meta["Name"] == "pulumi-inspector-trial"
    assert meta["Version"] == pulumi_inspector_trial.__version__
    assert meta["Requires-Python"] == ">=3.10"
    versions = {
        c.rsplit(":: ", 1)[1]
        for c in meta.get_all("Classifier") or []
        if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", c)
    }
    assert versions == set(SUPPORTED_PYTHONS)
    urls = dict(u.split(", ", 1) for u in meta.get_all("Project-URL") or [])
    assert {"Homepage", "Source", "Issues", "Documentation"} <= set(urls)
    assert all(u.startswith("https://") for u in urls.values())


def test_the_base_install_is_pulumi_and_boto3_and_each_extra_adds_its_one_job(dist):
    assert set(requirements(dist, None)) == {"pulumi", "boto3", "botocore"}
    assert set(requirements(dist, "aws")) == {"pulumi-aws"}
    assert set(requirements(dist, "policy")) == {"pulumi-policy"}
    assert "pulumi-aws" not in requirements(dist, "test")


def test_the_long_description_has_no_link_the_index_page_cannot_follow(dist):
    description = metadata(dist).get_payload()
    assert isinstance(description, str) and description.startswith("# pulumi-inspector-trial")
    links = re.findall(r"\]\(([^)\s]+)\)", description)
    assert links, "no links found: the pattern is wrong"
    assert [link for link in links if not link.startswith(("https://", "#"))] == []


def test_the_sdist_carries_the_package_readme_and_licence_and_leaves_the_tests_out(dist):
    with tarfile.open(dist.sdist) as sdist:
        names = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    assert {"LICENSE", "README.md", "pyproject.toml", "setup.py"} <= names
    assert "pulumi_inspector_trial/pulumi-plugin.json" in names
    assert "pulumi_inspector_trial/py.typed" in names
    assert not [n for n in names if n.startswith(("tests/", "examples/", "benchmarks/"))]


def test_twine_finds_nothing_to_fix(dist):
    process = run([sys.executable, "-m", "twine", "check", "--strict", dist.sdist, dist.wheel])
    assert process.stdout.count("PASSED") == 2, process.stdout
