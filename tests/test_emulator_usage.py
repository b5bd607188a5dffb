"""The emulator's ListUsageTotals, driven with real boto3 over HTTP on 127.0.0.1."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from pulumi_inspector_trial.emulator import (
    EmulatorServer,
    FaultPlan,
    Organisation,
    RegionalBackends,
    Usage,
    load_regional_backends,
)
from pulumi_inspector_trial.emulator.sample import (
    EXPIRED_ACCOUNT,
    FRESH_ACCOUNT,
    NON_MEMBER_ACCOUNT,
)

SYNTHESIZED = Organisation(members={}, synthesize_members=True)


def ids(count: int) -> list[str]:
    return [str(100_000_000_000 + n) for n in range(count)]


def client_for(server: EmulatorServer, region: str = "us-east-1") -> Any:
    return boto3.client("inspector2", region_name=region, endpoint_url=server.endpoint_url)


def test_a_members_usage_is_answered_as_the_service_shapes_it(inspector_client):
    answer = inspector_client.list_usage_totals(accountIds=[EXPIRED_ACCOUNT])
    (total,) = answer["totals"]
    assert total["accountId"] == EXPIRED_ACCOUNT
    ec2 = next(u for u in total["usage"] if u["type"] == "EC2_INSTANCE_HOURS")
    assert (ec2["estimatedMonthlyCost"], ec2["currency"]) == (12.40, "USD")
    assert "nextToken" not in answer


def test_non_members_and_accounts_without_usage_are_absent(inspector_client):
    answer = inspector_client.list_usage_totals(
        accountIds=[NON_MEMBER_ACCOUNT, "999988887777", FRESH_ACCOUNT]
    )
    assert [t["accountId"] for t in answer["totals"]] == [FRESH_ACCOUNT]


def test_pages_follow_next_token_with_a_boto3_paginator(start_emulator):
    from pulumi_inspector_trial.emulator import InspectorBackend

    server = start_emulator(InspectorBackend(SYNTHESIZED))
    try:
        pages = list(
            client_for(server)
            .get_paginator("list_usage_totals")
            .paginate(accountIds=ids(1_200), PaginationConfig={"PageSize": 500})
        )
    finally:
        server.stop()
    assert [len(page["totals"]) for page in pages] == [500, 500, 200]
    answered = [t["accountId"] for page in pages for t in page["totals"]]
    assert answered == ids(1_200)


def test_a_next_token_from_another_request_is_refused(inspector_client):
    first = inspector_client.list_usage_totals(
        accountIds=[FRESH_ACCOUNT, EXPIRED_ACCOUNT], maxResults=1
    )
    with pytest.raises(ClientError) as error:
        inspector_client.list_usage_totals(accountIds=[FRESH_ACCOUNT], nextToken=first["nextToken"])
    assert error.value.response["Error"]["Code"] == "ValidationException"
    second = inspector_client.list_usage_totals(
        accountIds=[FRESH_ACCOUNT, EXPIRED_ACCOUNT], maxResults=1, nextToken=first["nextToken"]
    )
    assert [t["accountId"] for t in second["totals"]] == [EXPIRED_ACCOUNT]


@pytest.mark.parametrize(
    "request_",
    [
        {"accountIds": ids(7_001)},
        {"accountIds": [FRESH_ACCOUNT], "maxResults": 0},
        {"accountIds": [FRESH_ACCOUNT], "maxResults": 501},
        {"accountIds": [FRESH_ACCOUNT], "nextToken": "not-a-token"},
    ],
)
def test_requests_outside_the_services_limits_are_refused(emulator, request_):
    client = boto3.client(
        "inspector2",
        region_name="us-east-1",
        endpoint_url=emulator.endpoint_url,
        config=Config(parameter_validation=False),
    )
    with pytest.raises(ClientError) as error:
        client.list_usage_totals(**request_)
    assert error.value.response["Error"]["Code"] == "ValidationException"


@pytest.mark.parametrize(
    ("faults", "code"),
    [
        (FaultPlan(throttle_always=True), "ThrottlingException"),
        (FaultPlan(server_error_always=True), "InternalServerException"),
        (FaultPlan(deny_all=True), "AccessDeniedException"),
    ],
)
def test_faults_apply_to_list_usage_totals_and_are_recorded(make_emulator, faults, code):
    server = make_emulator(faults=faults)
    client = boto3.client(
        "inspector2",
        region_name="us-east-1",
        endpoint_url=server.endpoint_url,
        config=Config(retries={"total_max_attempts": 1}),
    )
    with pytest.raises(ClientError) as error:
        client.list_usage_totals(accountIds=[FRESH_ACCOUNT])
    assert error.value.response["Error"]["Code"] == code
    assert server.backend.request_count("ListUsageTotals") == 1


def test_usage_is_kept_per_region(start_emulator):
    east = Organisation(
        members={FRESH_ACCOUNT: ()}, usage={FRESH_ACCOUNT: (Usage("ECR_RESCAN", 10, 1.5),)}
    )
    west = Organisation(members={FRESH_ACCOUNT: ()})
    server = start_emulator(RegionalBackends({"us-east-1": east, "eu-west-1": west}))
    try:
        in_east = client_for(server).list_usage_totals(accountIds=[FRESH_ACCOUNT])
        in_west = client_for(server, "eu-west-1").list_usage_totals(accountIds=[FRESH_ACCOUNT])
    finally:
        server.stop()
    assert in_east["totals"][0]["usage"][0]["estimatedMonthlyCost"] == 1.5
    assert in_west["totals"] == []


def test_a_data_file_gives_usage_per_account(tmp_path: Path, fixed_now: datetime):
    document = {
        "accounts": {FRESH_ACCOUNT: []},
        "usage": {
            FRESH_ACCOUNT: [
                {"type": "LAMBDA_FUNCTION_HOURS", "total": 100, "estimatedMonthlyCost": 0.03},
                {
                    "type": "GCP_CLOUD_RUN_HOURS",
                    "total": 5,
                    "estimatedMonthlyCost": 2,
                    "cloudProvider": "GCP",
                },
            ]
        },
    }
    path = tmp_path / "organisation.json"
    path.write_text(json.dumps(document))
    with EmulatorServer(load_regional_backends(path)) as server:
        answer = client_for(server).list_usage_totals(accountIds=[FRESH_ACCOUNT])
    usage = {u["type"]: u for u in answer["totals"][0]["usage"]}
    assert usage["GCP_CLOUD_RUN_HOURS"]["cloudProvider"] == "GCP"
    assert usage["LAMBDA_FUNCTION_HOURS"]["estimatedMonthlyCost"] == 0.03


@pytest.mark.parametrize(
    ("usage", "named"),
    [
        ({FRESH_ACCOUNT: [{"type": "EC2_INSTANCE_HOURS", "estimatedMonthlyCost": -1}]}, "-1"),
        ({FRESH_ACCOUNT: [{"type": "", "estimatedMonthlyCost": 1}]}, "type"),
        ({"12345": []}, "'12345'"),
        ({FRESH_ACCOUNT: [{"type": "X", "price": 1}]}, "'price'"),
    ],
)
def test_a_bad_usage_section_is_refused_by_name(tmp_path: Path, usage, named):
    from pulumi_inspector_trial.errors import InvalidInputError

    path = tmp_path / "organisation.json"
    path.write_text(json.dumps({"accounts": {}, "usage": usage}))
    with pytest.raises(InvalidInputError, match=named):
        load_regional_backends(path)
