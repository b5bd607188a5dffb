"""The client's rules without a network: bad ids and limits refused by name, an endpoint's password
never echoed, accounts nobody asked for left out, an out-of-range timestamp a plain error, and an
injected client under botocore's Stubber (against the emulator: tests/emulator/test_client.py).
"""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from support.factories import account_ids

from pulumi_inspector_trial.aws.resolver import (
    TrialResolver,
    parse_batch_answer,
    resolve_free_trials,
)
from pulumi_inspector_trial.domain.errors import InvalidInputError, TrialDataError
from pulumi_inspector_trial.emulator.sample import (
    FRESH_ACCOUNT,
)
from pulumi_inspector_trial.read.query import AwsSettings, ResolveLimits

# Short timeouts keep a test that goes wrong quick; the behaviour is the same as the defaults'.
FAST = ResolveLimits(
    total_timeout=20,
    connect_timeout=1,
    read_timeout=2,
    max_attempts=3,
    retry_mode="standard",
    internal_error_backoff=0.01,
)


def resolve(endpoint_url: str, ids: list[str], limits: ResolveLimits = FAST) -> object:
    return resolve_free_trials(ids, region="us-east-1", endpoint_url=endpoint_url, limits=limits)


def test_every_bad_id_is_named_in_one_error():
    with pytest.raises(InvalidInputError) as error:
        resolve_free_trials(["1", "2", FRESH_ACCOUNT], region="us-east-1")
    assert "'1'" in str(error.value) and "'2'" in str(error.value)


def test_accounts_nobody_asked_for_are_left_out():
    asked = account_ids(1)
    response = {
        "accounts": [{"accountId": "999999999999", "freeTrialInfo": []}],
        "failedAccounts": [{"accountId": "888888888888", "code": "ACCESS_DENIED", "message": ""}],
    }
    answer = parse_batch_answer(response, asked, "http://127.0.0.1:1")
    assert answer.accounts == ()
    assert [(f.account_id, f.code) for f in answer.failed_accounts] == [
        (asked[0], "INTERNAL_ERROR")
    ]


def test_a_timestamp_out_of_range_is_a_plain_error_not_a_crash():
    trial = {"type": "EC2", "start": 1e20, "end": 1e20, "status": "ACTIVE"}
    response = {
        "accounts": [{"accountId": FRESH_ACCOUNT, "freeTrialInfo": [trial]}],
        "failedAccounts": [],
    }
    with pytest.raises(TrialDataError, match="malformed free-trial entry"):
        parse_batch_answer(response, [FRESH_ACCOUNT], "http://127.0.0.1:1")


def test_an_endpoint_url_with_a_password_is_refused_without_echoing_it():
    with pytest.raises(InvalidInputError) as error:
        AwsSettings(endpoint_url="http://admin:s3cret@127.0.0.1:4580")
    assert "s3cret" not in str(error.value) and "127.0.0.1:4580" in str(error.value)


@pytest.mark.parametrize(
    ("limits", "named"),
    [
        ({"internal_error_retries": 1.5}, "internal_error_retries"),
        ({"max_concurrency": 0}, "max_concurrency"),
        ({"total_timeout": 1e300}, "total_timeout"),
        ({"retry_mode": "eager"}, "'eager'"),
    ],
)
def test_bad_limits_are_refused_naming_them(limits, named):
    with pytest.raises(InvalidInputError, match=named):
        ResolveLimits(**limits)


def test_an_injected_client_wrapped_in_a_stubber_resolves_without_a_request() -> None:
    import botocore.session
    from botocore.stub import Stubber

    client = botocore.session.get_session().create_client(
        "inspector2", region_name="eu-west-1", aws_access_key_id="x", aws_secret_access_key="x"
    )
    start = datetime(2026, 11, 1, tzinfo=timezone.utc)
    end = datetime(2026, 11, 16, tzinfo=timezone.utc)
    trial = {"type": "EC2", "start": start, "end": end, "status": "ACTIVE"}
    with Stubber(client) as stub:
        stub.add_response(
            "batch_get_free_trial_info",
            {
                "accounts": [{"accountId": FRESH_ACCOUNT, "freeTrialInfo": [trial]}],
                "failedAccounts": [],
            },
            {"accountIds": [FRESH_ACCOUNT]},
        )
        resolver = TrialResolver(AwsSettings(region="eu-west-1"), client=client)
        result = resolver.resolve([FRESH_ACCOUNT])
        stub.assert_no_pending_responses()
    (account,) = result.accounts
    assert account.free_trials[0].end == end
    assert resolver.region == "eu-west-1"
