"""``examples/ci`` previews under the policy pack: the workflow hands the action a pack and a
stack that exist where the action looks for them, with the pack's requirements installed."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

pytestmark = pytest.mark.unit

ROOT = Path(__file__).parents[1]
WORKFLOW = ROOT / "examples" / "ci" / "inspector-trial.yml"


def steps() -> list[dict[str, Any]]:
    document = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    (job,) = document["jobs"].values()
    return list(job["steps"])


def preview_step() -> dict[str, Any]:
    (step,) = [s for s in steps() if str(s.get("uses", "")).startswith("pulumi/actions@")]
    return step


def test_the_preview_runs_under_the_policy_pack():
    assert preview_step()["with"]["command"] == "preview"
    assert preview_step()["with"]["policyPacks"] == "examples/policy-pack"


def test_the_pack_path_is_read_from_the_previews_working_directory():
    # pulumi/actions runs the CLI in work-dir, which reads a relative --policy-pack from there.
    work_dir = ROOT / preview_step()["with"].get("work-dir", ".")
    pack = work_dir / preview_step()["with"]["policyPacks"]
    assert (pack / "PulumiPolicy.yaml").is_file() and (pack / "__main__.py").is_file()
    assert (work_dir / "Pulumi.yaml").is_file()


def test_the_pack_and_the_stack_get_the_policy_extra_before_the_preview():
    names = [s.get("name", s.get("uses")) for s in steps()]
    (install,) = [s for s in steps() if "make install" in str(s.get("run", ""))]
    assert names.index(install["name"]) < names.index(preview_step()["name"])
    assert ".venv/bin" in install["run"] and "GITHUB_PATH" in install["run"]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    (extras,) = re.findall(r"^EXTRAS := (.+)$", makefile, re.MULTILINE)
    assert {"aws", "policy"} <= set(extras.split(","))  # the stack's and the pack's
    assert "-e '.[$(EXTRAS)]'" in makefile
    assert "virtualenv: .venv" in (ROOT / "Pulumi.yaml").read_text(encoding="utf-8")
