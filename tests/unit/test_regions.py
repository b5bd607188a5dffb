"""Where a read goes, without a network: a malformed endpoint from the environment is named (the
region's order of precedence: tests/emulator/test_regions.py)."""

from __future__ import annotations

import pytest

from pulumi_inspector_trial import get_free_trial_info
from pulumi_inspector_trial.domain.errors import InvalidInputError
from pulumi_inspector_trial.emulator.sample import FRESH_ACCOUNT


@pytest.mark.parametrize("variable", ["AWS_ENDPOINT_URL_INSPECTOR2", "AWS_ENDPOINT_URL"])
def test_a_malformed_endpoint_from_the_environment_is_named(monkeypatch, variable):
    monkeypatch.setenv(variable, "http://user:hunter2@127.0.0.1:99999")
    with pytest.raises(InvalidInputError) as error:
        get_free_trial_info([FRESH_ACCOUNT], region="us-east-1")
    assert variable in str(error.value)
    assert "hunter2" not in str(error.value)
