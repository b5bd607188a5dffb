"""How the package installs: the extra ``GatedEnabler`` asks for when pulumi-aws is missing, through
the session's provider plugin."""

from __future__ import annotations

import sys

import pytest

from pulumi_inspector_trial import GatedEnabler, InspectorTrialError, MissingExtraError
from pulumi_inspector_trial.emulator.sample import FRESH_ACCOUNT

MISSING_AWS = (
    "GatedEnabler needs pulumi-aws, which is not installed: "
    "pip install 'pulumi-inspector-trial[aws]'."
)


def test_gated_enabler_without_pulumi_aws_names_the_extra_when_built(
    preview, emulator, monkeypatch
):
    monkeypatch.setitem(sys.modules, "pulumi_aws", None)  # import pulumi_aws now fails
    with pytest.raises(MissingExtraError) as raised:
        preview(lambda: GatedEnabler("gate", account_ids=[FRESH_ACCOUNT]))
    assert str(raised.value) == MISSING_AWS
    assert isinstance(raised.value, InspectorTrialError) and isinstance(raised.value, ImportError)
    assert raised.value.name == "pulumi_aws" and raised.value.extra == "aws"
