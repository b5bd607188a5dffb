"""``inspector-trial terraform-external`` as Terraform's ``external`` data source runs it: the
installed console script in a process of its own, the query on stdin, the result read from stdout,
an error from the exit code and stderr (every key's behaviour in-process:
tests/emulator/test_terraform_external.py and tests/unit/test_terraform_external.py).

The process decides at the real time, so its emulator's organisation is built around now.
"""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from support.leaks import assert_no_secret
from support.plain_messages import assert_plain
from support.schemas import TERRAFORM, errors_of
from support.terraform import ask_process, document_of, example_query, query_at, result_of

from pulumi_inspector_trial.cli.status import ExitCode
from pulumi_inspector_trial.emulator import EmulatorServer, sample_organisation
from pulumi_inspector_trial.emulator.sample import (
    ENDING_SOON_ACCOUNT,
    EXPIRED_ACCOUNT,
    FRESH_ACCOUNT,
    NON_MEMBER_ACCOUNT,
)

PREFIX = "inspector-trial: "
PASSWORD = "tf-Endpoint-pw-4711"


@pytest.fixture
def emulator_now(make_emulator) -> EmulatorServer:
    server: EmulatorServer = make_emulator(sample_organisation(datetime.now(timezone.utc)))
    return server


def _message(process) -> str:
    """The one sentence or two Terraform shows: stderr, one plain line, no traceback."""
    assert "Traceback" not in process.stdout + process.stderr
    assert process.stderr.startswith(PREFIX), process.stderr
    message: str = process.stderr.strip().removeprefix(PREFIX)
    assert_plain(message)
    return message


def test_a_good_query_prints_one_flat_object_of_strings(emulator_now, aws_env):
    query = query_at(
        emulator_now,
        account_ids=f"{FRESH_ACCOUNT},{ENDING_SOON_ACCOUNT},{EXPIRED_ACCOUNT},{NON_MEMBER_ACCOUNT}",
        wanted_types="EC2,ECR,LAMBDA_CODE",
        min_days_left="3",
        always_enable="LAMBDA_CODE",
        max_monthly_cost="4",
        allow_failed_accounts="true",
    )
    process = ask_process(query, aws_env())
    assert process.returncode == ExitCode.OK, process.stderr
    assert process.stderr == ""
    result = result_of(process.stdout)
    assert result == {
        FRESH_ACCOUNT: "EC2,ECR,LAMBDA_CODE",
        # EC2 ($9.50) and ECR ($3.40) end in 2 days: ECR fits the $4 budget, EC2 not.
        ENDING_SOON_ACCOUNT: "ECR,LAMBDA_CODE",
        # Every trial ended: ECR ($3.10) fits, EC2 ($12.40) not.
        EXPIRED_ACCOUNT: "ECR,LAMBDA_CODE",
        NON_MEMBER_ACCOUNT: "",
        "json": result["json"],
    }
    document = document_of(result)
    assert errors_of(TERRAFORM, document) == []
    assert document["failed_accounts"][0]["account_id"] == NON_MEMBER_ACCOUNT


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ({"account_ids": "12345"}, ("account_ids", "'12345'")),
        ({"account_ids": FRESH_ACCOUNT, "min_days_left": 3}, ("min_days_left",)),
        ({"account_ids": FRESH_ACCOUNT, "wanted_types": "EC2,S3"}, ("wanted_types", "'S3'")),
        ({"account_ids": FRESH_ACCOUNT, "max_monthly_cost": "ten"}, ("max_monthly_cost", "'ten'")),
        ({"account_ids": FRESH_ACCOUNT, "regoin": "us-east-1"}, ("'regoin'",)),
        ({"account_ids": FRESH_ACCOUNT, "members": "true"}, ("account_ids", "members")),
        ({"members": "true"}, ("members",)),
        ("[]", ("JSON object",)),
        ('{"account_ids": ', ("not JSON",)),
    ],
    ids=[
        "bad account id",
        "not a string",
        "unknown type",
        "bad budget",
        "unknown key",
        "ids and members",
        "members",
        "not an object",
        "malformed",
    ],
)
def test_a_bad_query_exits_2_with_one_sentence_naming_what_is_wrong(aws_env, query, named):
    if isinstance(query, dict):
        query = {"region": "us-east-1", "endpoint_url": "http://127.0.0.1:9", **query}
    process = ask_process(query, aws_env())
    assert process.returncode == ExitCode.USAGE
    assert process.stdout == ""
    message = _message(process)
    for name in named:
        assert name in message


def test_an_endpoint_that_does_not_answer_exits_3(aws_env):
    query = {
        "account_ids": FRESH_ACCOUNT,
        "region": "us-east-1",
        "endpoint_url": "http://127.0.0.1:1",
    }
    process = ask_process(query, aws_env(AWS_MAX_ATTEMPTS="2"))
    assert process.returncode == ExitCode.UNRESOLVED
    assert process.stdout == ""
    assert "http://127.0.0.1:1" in _message(process)


def test_an_endpoint_password_in_the_query_is_never_printed(aws_env):
    url = f"http://ci:{PASSWORD}@127.0.0.1:1"
    query = {"account_ids": FRESH_ACCOUNT, "region": "us-east-1", "endpoint_url": url}
    process = ask_process(query, aws_env())
    assert process.returncode == ExitCode.USAGE
    assert "endpoint_url" in _message(process)
    assert_no_secret(process.stdout + process.stderr, PASSWORD)


def test_an_endpoint_password_in_terraforms_environment_is_never_printed(aws_env):
    # No endpoint_url in the query: botocore would take AWS_ENDPOINT_URL, which is checked first.
    env = aws_env(AWS_ENDPOINT_URL=f"http://ci:{PASSWORD}@127.0.0.1:1")
    process = ask_process({"account_ids": FRESH_ACCOUNT, "region": "us-east-1"}, env)
    assert process.returncode == ExitCode.USAGE
    assert "AWS_ENDPOINT_URL" in _message(process)
    assert_no_secret(process.stdout + process.stderr, PASSWORD)


def test_the_examples_query_answers_as_its_readme_says(emulator_now, aws_env):
    """examples/terraform/README.md's plan against the emulator, with the example's defaults."""
    variables = {
        "account_ids": [FRESH_ACCOUNT, ENDING_SOON_ACCOUNT, EXPIRED_ACCOUNT],
        "endpoint_url": emulator_now.endpoint_url,
    }
    process = ask_process(example_query(variables), aws_env())
    assert process.returncode == ExitCode.OK, process.stderr
    result = result_of(process.stdout)
    assert {k: v for k, v in result.items() if k != "json"} == {
        FRESH_ACCOUNT: "EC2,ECR,LAMBDA,LAMBDA_CODE,CODE_REPOSITORY",
        ENDING_SOON_ACCOUNT: "LAMBDA,CODE_REPOSITORY",  # EC2 and ECR: 2 days, under 3
        EXPIRED_ACCOUNT: "",
    }
    assert errors_of(TERRAFORM, document_of(result)) == []


def test_the_examples_query_with_a_budget_and_failed_accounts_allowed(emulator_now, aws_env):
    variables = {
        "account_ids": [FRESH_ACCOUNT, EXPIRED_ACCOUNT, NON_MEMBER_ACCOUNT],
        "endpoint_url": emulator_now.endpoint_url,
        "max_monthly_cost": 3.5,
        "allow_failed_accounts": True,
    }
    process = ask_process(example_query(variables), aws_env())
    assert process.returncode == ExitCode.OK, process.stderr
    result = result_of(process.stdout)
    assert {k: v for k, v in result.items() if k != "json"} == {
        FRESH_ACCOUNT: "EC2,ECR,LAMBDA,LAMBDA_CODE,CODE_REPOSITORY",
        EXPIRED_ACCOUNT: "ECR",  # $3.10 fits $3.50; LAMBDA_CODE ($4.20) does not
        NON_MEMBER_ACCOUNT: "",
    }
