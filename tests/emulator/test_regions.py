"""Where a read happens: the region argument, then ``AWS_REGION``, then ``AWS_DEFAULT_REGION``
(botocore reads only the last; the AWS CLI and other SDKs read both, and many CI systems set
only ``AWS_REGION``). The emulator records the region each request was signed for (the stack's
``aws:region`` in the provider process: tests/process/test_regions.py)."""

from __future__ import annotations

import pytest

from pulumi_inspector_trial import get_free_trial_info
from pulumi_inspector_trial.domain.errors import InvalidInputError
from pulumi_inspector_trial.emulator.sample import FRESH_ACCOUNT


def signing_regions(emulator) -> set[str | None]:
    return {r.signing_region for r in emulator.backend.requests}


def test_aws_region_alone_is_honoured(monkeypatch, emulator):
    monkeypatch.setenv("AWS_REGION", "eu-central-1")
    result = get_free_trial_info([FRESH_ACCOUNT], endpoint_url=emulator.endpoint_url)
    assert result.region == "eu-central-1"
    assert signing_regions(emulator) == {"eu-central-1"}


def test_aws_region_wins_over_aws_default_region(monkeypatch, emulator):
    monkeypatch.setenv("AWS_REGION", "eu-central-1")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "ap-south-1")
    get_free_trial_info([FRESH_ACCOUNT], endpoint_url=emulator.endpoint_url)
    assert signing_regions(emulator) == {"eu-central-1"}


def test_aws_default_region_is_the_last_fallback(monkeypatch, emulator):
    monkeypatch.setenv("AWS_DEFAULT_REGION", "ap-south-1")
    get_free_trial_info([FRESH_ACCOUNT], endpoint_url=emulator.endpoint_url)
    assert signing_regions(emulator) == {"ap-south-1"}


def test_the_region_argument_wins_over_the_environment(monkeypatch, emulator):
    monkeypatch.setenv("AWS_REGION", "eu-central-1")
    get_free_trial_info([FRESH_ACCOUNT], region="sa-east-1", endpoint_url=emulator.endpoint_url)
    assert signing_regions(emulator) == {"sa-east-1"}


def test_a_bad_aws_region_is_named_before_any_request(monkeypatch, emulator):
    monkeypatch.setenv("AWS_REGION", "Europe")
    with pytest.raises(InvalidInputError, match="AWS_REGION 'Europe'"):
        get_free_trial_info([FRESH_ACCOUNT], endpoint_url=emulator.endpoint_url)
    assert emulator.backend.requests == []


@pytest.mark.parametrize(
    ("arguments", "property_", "named"),
    [
        ({"account_ids": None}, "account_ids", "account_ids"),
        ({"account_ids": "111122223333"}, "account_ids", "'111122223333'"),
        (
            {"account_ids": [FRESH_ACCOUNT], "allow_failed_accounts": "false"},
            "allow_failed_accounts",
            "'false'",
        ),
        ({"account_ids": [FRESH_ACCOUNT], "region": "mars"}, "region", "'mars'"),
    ],
)
def test_the_function_refuses_bad_arguments_by_name_before_any_request(
    emulator, arguments, property_, named
):
    with pytest.raises(InvalidInputError, match=named) as error:
        get_free_trial_info(**arguments, endpoint_url=emulator.endpoint_url)
    assert error.value.property == property_
    assert emulator.backend.requests == []
