"""The emulator's ListUsageTotals, driven with real boto3 over real HTTP on 127.0.0.1 (its latency
and data-file loading without a network: tests/unit/test_emulator_usage.py)."""

from __future__ import annotations

import base64
import http.client
import json
import re
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from support.paths import REPO
from support.usage_documents import USAGE_DOCUMENT, write

from pulumi_inspector_trial.emulator import (
    EmulatorServer,
    FaultPlan,
    InspectorBackend,
    Organisation,
    RegionalBackends,
    Usage,
    load_regional_backends,
    sample_organisation,
)
from pulumi_inspector_trial.emulator.organisation import synthesize_usage
from pulumi_inspector_trial.emulator.sample import (
    ENDING_SOON_ACCOUNT,
    EXPIRED_ACCOUNT,
    FRESH_ACCOUNT,
    NEW_TYPES_ACCOUNT,
    NON_MEMBER_ACCOUNT,
    SAMPLE_ACCOUNT_IDS,
    SAMPLE_USAGE,
)

MakeEmulator = Callable[..., EmulatorServer]
StartEmulator = Callable[[Any], EmulatorServer]

EMULATOR_DOC = REPO / "docs" / "emulator.md"
UNLISTED = "999988887777"
SYNTHESIZED = Organisation(members={}, synthesize_members=True)


def ids(count: int, first: int = 100_000_000_000) -> list[str]:
    return [str(first + n) for n in range(count)]


def client_for(server: EmulatorServer, region: str = "us-east-1", **config: Any) -> Any:
    """An inspector2 client; ``config`` goes to botocore's Config (``retries=...``)."""
    return boto3.client(
        "inspector2",
        region_name=region,
        endpoint_url=server.endpoint_url,
        config=Config(connect_timeout=2, read_timeout=10, **config),
    )


def no_retry_client(server: EmulatorServer, region: str = "us-east-1") -> Any:
    return client_for(server, region, retries={"mode": "standard", "total_max_attempts": 1})


def unchecked_client(server: EmulatorServer) -> Any:
    """Sends what botocore's own parameter validation would stop, so the emulator answers it."""
    return client_for(
        server,
        parameter_validation=False,
        retries={"mode": "standard", "total_max_attempts": 1},
    )


def error_of(call: Callable[[], object]) -> dict[str, Any]:
    with pytest.raises(ClientError) as raised:
        call()
    response: dict[str, Any] = raised.value.response
    return response


def answered(pages: list[dict[str, Any]]) -> list[str]:
    return [total["accountId"] for page in pages for total in page["totals"]]


def follow(client: Any, account_ids: list[str], max_results: int) -> list[dict[str, Any]]:
    """Every page, following ``nextToken`` by hand."""
    pages = [client.list_usage_totals(accountIds=account_ids, maxResults=max_results)]
    while "nextToken" in pages[-1]:
        pages.append(
            client.list_usage_totals(
                accountIds=account_ids, maxResults=max_results, nextToken=pages[-1]["nextToken"]
            )
        )
    return pages


@pytest.fixture
def synthesized(start_emulator: StartEmulator) -> Iterator[EmulatorServer]:
    server = start_emulator(InspectorBackend(SYNTHESIZED))
    yield server
    server.stop()


# --- answers ----------------------------------------------------------------------------------


def test_a_members_usage_is_answered_as_the_service_shapes_it(inspector_client: Any) -> None:
    answer = inspector_client.list_usage_totals(accountIds=[EXPIRED_ACCOUNT])

    (total,) = answer["totals"]
    assert total["accountId"] == EXPIRED_ACCOUNT
    assert total["usage"] == [u.to_wire() for u in SAMPLE_USAGE[EXPIRED_ACCOUNT]]
    ec2 = next(u for u in total["usage"] if u["type"] == "EC2_INSTANCE_HOURS")
    assert ec2 == {
        "type": "EC2_INSTANCE_HOURS",
        "total": 992.0,
        "estimatedMonthlyCost": 12.40,
        "currency": "USD",
    }
    assert "nextToken" not in answer


def test_a_cloud_provider_is_answered_only_when_the_usage_has_one(inspector_client: Any) -> None:
    (total,) = inspector_client.list_usage_totals(accountIds=[NEW_TYPES_ACCOUNT])["totals"]

    providers = {u["type"]: u.get("cloudProvider") for u in total["usage"]}
    assert providers == {"EC2_INSTANCE_HOURS": None, "AZURE_VM_AGENT_BASED_INSTANCE_HOURS": "AZURE"}


def test_totals_follow_the_order_asked_once_per_account(inspector_client: Any) -> None:
    asked = [NEW_TYPES_ACCOUNT, FRESH_ACCOUNT, NEW_TYPES_ACCOUNT, EXPIRED_ACCOUNT, FRESH_ACCOUNT]

    answer = inspector_client.list_usage_totals(accountIds=asked)

    assert answered([answer]) == [NEW_TYPES_ACCOUNT, FRESH_ACCOUNT, EXPIRED_ACCOUNT]


def test_non_members_and_accounts_without_usage_are_absent(make_emulator: MakeEmulator) -> None:
    organisation = Organisation(
        members={FRESH_ACCOUNT: (), EXPIRED_ACCOUNT: ()},
        non_members=frozenset({NON_MEMBER_ACCOUNT}),
        usage={
            EXPIRED_ACCOUNT: (Usage("ECR_RESCAN", 10, 0.1),),
            NON_MEMBER_ACCOUNT: (Usage("ECR_RESCAN", 10, 0.1),),  # never served
        },
    )
    client = client_for(make_emulator(organisation))

    answer = client.list_usage_totals(
        accountIds=[NON_MEMBER_ACCOUNT, UNLISTED, FRESH_ACCOUNT, EXPIRED_ACCOUNT]
    )

    assert answered([answer]) == [EXPIRED_ACCOUNT]
    assert "nextToken" not in answer


def test_without_account_ids_every_listed_member_with_usage_is_answered(
    inspector_client: Any, emulator: EmulatorServer
) -> None:
    pages = list(
        inspector_client.get_paginator("list_usage_totals").paginate(
            PaginationConfig={"PageSize": 3}
        )
    )

    assert [len(page["totals"]) for page in pages] == [3, 1]
    assert answered(pages) == [
        FRESH_ACCOUNT,
        ENDING_SOON_ACCOUNT,
        EXPIRED_ACCOUNT,
        NEW_TYPES_ACCOUNT,
    ]
    assert [r.account_ids for r in emulator.backend.requests] == [(), ()]


def test_no_account_with_usage_answers_an_empty_list(inspector_client: Any) -> None:
    answer = inspector_client.list_usage_totals(accountIds=[NON_MEMBER_ACCOUNT, UNLISTED])

    assert answer["totals"] == []
    assert "nextToken" not in answer


def test_unknown_usage_types_pass_through(make_emulator: MakeEmulator) -> None:
    usage = (Usage("QUANTUM_SCAN_MINUTES", 3, 4.5, cloud_provider="SOMEWHERE_NEW"),)
    organisation = Organisation(members={FRESH_ACCOUNT: ()}, usage={FRESH_ACCOUNT: usage})

    answer = client_for(make_emulator(organisation)).list_usage_totals(accountIds=[FRESH_ACCOUNT])

    assert answer["totals"][0]["usage"] == [
        {
            "type": "QUANTUM_SCAN_MINUTES",
            "total": 3.0,
            "estimatedMonthlyCost": 4.5,
            "currency": "USD",
            "cloudProvider": "SOMEWHERE_NEW",
        }
    ]


def test_usage_is_kept_per_region(start_emulator: StartEmulator) -> None:
    east = Organisation(
        members={FRESH_ACCOUNT: ()}, usage={FRESH_ACCOUNT: (Usage("ECR_RESCAN", 10, 1.5),)}
    )
    west = Organisation(
        members={FRESH_ACCOUNT: ()}, usage={FRESH_ACCOUNT: (Usage("ECR_RESCAN", 20, 3.0),)}
    )
    backends = RegionalBackends({"us-east-1": east, "eu-west-1": west})
    server = start_emulator(backends)
    try:
        in_east = client_for(server).list_usage_totals(accountIds=[FRESH_ACCOUNT])
        in_west = client_for(server, "eu-west-1").list_usage_totals(accountIds=[FRESH_ACCOUNT])
        unserved = error_of(
            lambda: no_retry_client(server, "ap-east-1").list_usage_totals(
                accountIds=[FRESH_ACCOUNT]
            )
        )
    finally:
        server.stop()

    assert in_east["totals"][0]["usage"][0]["estimatedMonthlyCost"] == 1.5
    assert in_west["totals"][0]["usage"][0]["estimatedMonthlyCost"] == 3.0
    assert unserved["Error"]["Code"] == "UnrecognizedClientException"
    assert backends["us-east-1"].request_count("ListUsageTotals") == 1
    assert backends["eu-west-1"].request_count("ListUsageTotals") == 1
    assert backends.request_count("ListUsageTotals") == 3


def test_synthesized_members_have_the_same_usage_every_time(synthesized: EmulatorServer) -> None:
    asked = ids(3)

    first = client_for(synthesized).list_usage_totals(accountIds=asked)
    again = client_for(synthesized).list_usage_totals(accountIds=asked)

    assert first["totals"] == again["totals"]
    assert answered([first]) == asked
    for total in first["totals"]:
        assert total["usage"] == [u.to_wire() for u in synthesize_usage(total["accountId"])]
        assert sum(u["estimatedMonthlyCost"] for u in total["usage"]) > 0


def test_a_listed_member_of_a_synthesizing_organisation_keeps_its_own_usage(
    make_emulator: MakeEmulator,
) -> None:
    organisation = Organisation(
        members={FRESH_ACCOUNT: (), EXPIRED_ACCOUNT: ()},
        synthesize_members=True,
        usage={FRESH_ACCOUNT: (Usage("ECR_RESCAN", 1, 0.01),)},
    )

    answer = client_for(make_emulator(organisation)).list_usage_totals(
        accountIds=[FRESH_ACCOUNT, EXPIRED_ACCOUNT, UNLISTED]
    )

    totals = {t["accountId"]: t["usage"] for t in answer["totals"]}
    assert totals[FRESH_ACCOUNT] == [Usage("ECR_RESCAN", 1, 0.01).to_wire()]
    assert EXPIRED_ACCOUNT not in totals  # listed, with no usage given
    assert totals[UNLISTED] == [u.to_wire() for u in synthesize_usage(UNLISTED)]


# --- pages ------------------------------------------------------------------------------------


def test_max_results_caps_each_page_and_the_last_page_has_no_token(inspector_client: Any) -> None:
    asked = [*SAMPLE_ACCOUNT_IDS, UNLISTED]  # four with usage, a non-member, an unlisted one

    pages = follow(inspector_client, asked, max_results=2)

    assert [len(page["totals"]) for page in pages] == [2, 2]
    assert answered(pages) == [
        FRESH_ACCOUNT,
        ENDING_SOON_ACCOUNT,
        EXPIRED_ACCOUNT,
        NEW_TYPES_ACCOUNT,
    ]
    assert "nextToken" not in pages[-1]


def test_max_results_may_change_from_page_to_page(inspector_client: Any) -> None:
    asked = list(SAMPLE_ACCOUNT_IDS)
    first = inspector_client.list_usage_totals(accountIds=asked, maxResults=1)
    rest = inspector_client.list_usage_totals(
        accountIds=asked, maxResults=500, nextToken=first["nextToken"]
    )

    assert answered([first, rest]) == [
        FRESH_ACCOUNT,
        ENDING_SOON_ACCOUNT,
        EXPIRED_ACCOUNT,
        NEW_TYPES_ACCOUNT,
    ]
    assert "nextToken" not in rest


def test_a_page_without_max_results_holds_100(synthesized: EmulatorServer) -> None:
    answer = client_for(synthesized).list_usage_totals(accountIds=ids(150))

    assert len(answer["totals"]) == 100
    assert "nextToken" in answer


def test_a_boto3_paginator_follows_every_page(synthesized: EmulatorServer) -> None:
    pages = list(
        client_for(synthesized)
        .get_paginator("list_usage_totals")
        .paginate(accountIds=ids(1_200), PaginationConfig={"PageSize": 500})
    )

    assert [len(page["totals"]) for page in pages] == [500, 500, 200]
    assert answered(pages) == ids(1_200)
    assert synthesized.backend.request_count("ListUsageTotals") == 3


def test_7000_ids_in_one_request_are_answered_in_14_pages(synthesized: EmulatorServer) -> None:
    asked = ids(7_000)

    pages = follow(client_for(synthesized), asked, max_results=500)

    assert len(pages) == 14
    assert answered(pages) == asked
    recorded = synthesized.backend.requests
    assert [len(r.account_ids) for r in recorded] == [7_000] * 14


# --- refused requests -------------------------------------------------------------------------


def test_a_next_token_is_good_only_for_the_same_account_ids(inspector_client: Any) -> None:
    asked = [FRESH_ACCOUNT, EXPIRED_ACCOUNT]
    first = inspector_client.list_usage_totals(accountIds=asked, maxResults=1)

    for others in ([FRESH_ACCOUNT], [EXPIRED_ACCOUNT, FRESH_ACCOUNT], [*asked, UNLISTED]):
        error = error_of(
            lambda others=others: inspector_client.list_usage_totals(
                accountIds=others, nextToken=first["nextToken"]
            )
        )
        assert error["Error"]["Code"] == "ValidationException"
        assert "nextToken" in error["Error"]["Message"]

    second = inspector_client.list_usage_totals(
        accountIds=asked, maxResults=1, nextToken=first["nextToken"]
    )
    assert answered([second]) == [EXPIRED_ACCOUNT]


def altered(token: str) -> str:
    """The token with its page position changed, the rest kept."""
    position, digest, signature = base64.urlsafe_b64decode(token).decode().split(":")
    return base64.urlsafe_b64encode(f"{int(position) + 1}:{digest}:{signature}".encode()).decode()


@pytest.mark.parametrize(
    "token",
    [
        pytest.param(lambda _: "not-a-token", id="garbage"),
        pytest.param(lambda _: "1.0123456789abcdef", id="made-up"),
        pytest.param(lambda _: base64.urlsafe_b64encode(b"1:2:3").decode(), id="decodes"),
        pytest.param(lambda _: "\u00e9t\u00e9", id="not-ascii"),
        pytest.param(altered, id="altered"),
        pytest.param(lambda token: token[:-4], id="truncated"),
    ],
)
def test_a_bad_next_token_is_a_validation_exception_naming_it(
    emulator: EmulatorServer, token: Callable[[str], str]
) -> None:
    client = unchecked_client(emulator)
    asked = list(SAMPLE_ACCOUNT_IDS)
    first = client.list_usage_totals(accountIds=asked, maxResults=1)

    raw = json.dumps({"accountIds": asked, "nextToken": token(first["nextToken"])})
    status, headers, body = post(emulator, "/usage/list", raw.encode())

    assert (status, headers["x-amzn-ErrorType"]) == (400, "ValidationException")
    document = json.loads(body)
    assert [f["name"] for f in document["fields"]] == ["nextToken"]


def test_a_next_token_from_another_region_or_emulator_is_refused(
    start_emulator: StartEmulator,
) -> None:
    backends = RegionalBackends(default=SYNTHESIZED)
    server = start_emulator(backends)
    other = start_emulator(InspectorBackend(SYNTHESIZED))
    asked = ids(3)
    try:
        token = client_for(server).list_usage_totals(accountIds=asked, maxResults=1)["nextToken"]
        codes = [
            error_of(
                lambda client=client: client.list_usage_totals(accountIds=asked, nextToken=token)
            )["Error"]["Code"]
            for client in (no_retry_client(server, "eu-west-1"), no_retry_client(other))
        ]
        same = client_for(server).list_usage_totals(accountIds=asked, nextToken=token)
    finally:
        server.stop()
        other.stop()

    assert codes == ["ValidationException", "ValidationException"]
    assert answered([same]) == asked[1:]


@pytest.mark.parametrize(
    ("request_", "field"),
    [
        pytest.param({"accountIds": ids(7_001)}, "accountIds", id="7001-ids"),
        pytest.param({"accountIds": []}, "accountIds", id="no-ids"),
        pytest.param({"accountIds": ["12"]}, "accountIds.1.member", id="bad-id"),
        pytest.param({"accountIds": [FRESH_ACCOUNT], "maxResults": 0}, "maxResults", id="max-0"),
        pytest.param(
            {"accountIds": [FRESH_ACCOUNT], "maxResults": 501}, "maxResults", id="max-501"
        ),
        pytest.param({"accountIds": [FRESH_ACCOUNT], "nextToken": ""}, "nextToken", id="token-"),
    ],
)
def test_requests_outside_the_services_limits_are_refused_naming_the_field(
    emulator: EmulatorServer, request_: dict[str, Any], field: str
) -> None:
    status, headers, body = post(emulator, "/usage/list", json.dumps(request_).encode())

    assert (status, headers["x-amzn-ErrorType"]) == (400, "ValidationException")
    assert [f["name"] for f in json.loads(body)["fields"]] == [field]


@pytest.mark.parametrize(
    "request_",
    [
        {"accountIds": ids(7_001)},
        {"accountIds": [FRESH_ACCOUNT], "maxResults": 0},
        {"accountIds": [FRESH_ACCOUNT], "maxResults": 501},
        {"accountIds": [FRESH_ACCOUNT], "nextToken": "not-a-token"},
    ],
)
def test_a_boto3_client_sees_a_validation_exception(
    emulator: EmulatorServer, request_: dict[str, Any]
) -> None:
    error = error_of(lambda: unchecked_client(emulator).list_usage_totals(**request_))

    assert error["Error"]["Code"] == "ValidationException"
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_7000_ids_and_max_results_500_are_accepted(synthesized: EmulatorServer) -> None:
    answer = client_for(synthesized).list_usage_totals(accountIds=ids(7_000), maxResults=500)

    assert len(answer["totals"]) == 500


def test_a_body_that_is_not_json_is_cannot_parse(emulator: EmulatorServer) -> None:
    status, headers, body = post(emulator, "/usage/list", b"{not json")

    assert (status, headers["x-amzn-ErrorType"]) == (400, "ValidationException")
    assert json.loads(body)["reason"] == "CANNOT_PARSE"
    assert emulator.backend.request_count("ListUsageTotals") == 1


def post(server: EmulatorServer, path: str, body: bytes) -> tuple[int, dict[str, str], bytes]:
    """A raw, signed-looking request: what botocore would refuse to send."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    headers = {
        "Content-Type": "application/json",
        "Authorization": "AWS4-HMAC-SHA256 Credential=x/20261126/us-east-1/inspector2/aws4_request",
    }
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


# --- faults -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("faults", "code", "status"),
    [
        (FaultPlan(throttle_always=True), "ThrottlingException", 429),
        (FaultPlan(server_error_always=True), "InternalServerException", 500),
        (FaultPlan(deny_all=True), "AccessDeniedException", 403),
    ],
)
def test_request_faults_apply_to_list_usage_totals_and_are_recorded(
    make_emulator: MakeEmulator, faults: FaultPlan, code: str, status: int
) -> None:
    server = make_emulator(faults=faults)

    error = error_of(lambda: no_retry_client(server).list_usage_totals(accountIds=[FRESH_ACCOUNT]))

    assert error["Error"]["Code"] == code
    (recorded,) = server.backend.requests
    assert (recorded.operation, recorded.status) == ("ListUsageTotals", status)
    assert server.backend.request_count("ListUsageTotals") == 1


def test_request_faults_come_before_validation(make_emulator: MakeEmulator) -> None:
    server = make_emulator(faults=FaultPlan(deny_all=True))

    status, headers, _ = post(server, "/usage/list", json.dumps({"accountIds": []}).encode())

    assert (status, headers["x-amzn-ErrorType"]) == (403, "AccessDeniedException")


def test_standard_retries_absorb_throttle_first_and_server_error_first(
    make_emulator: MakeEmulator,
) -> None:
    server = make_emulator(faults=FaultPlan(throttle_first=1, server_error_first=1))
    client = client_for(server, retries={"mode": "standard", "total_max_attempts": 5})

    answer = client.list_usage_totals(accountIds=[FRESH_ACCOUNT])

    assert answered([answer]) == [FRESH_ACCOUNT]
    assert [r.status for r in server.backend.requests] == [429, 500, 200]
    assert server.backend.request_count("ListUsageTotals") == 3


def test_request_faults_count_both_operations_together(make_emulator: MakeEmulator) -> None:
    server = make_emulator(faults=FaultPlan(throttle_first=1))
    client = no_retry_client(server)

    first = error_of(lambda: client.batch_get_free_trial_info(accountIds=[FRESH_ACCOUNT]))
    answer = client.list_usage_totals(accountIds=[FRESH_ACCOUNT])

    assert first["Error"]["Code"] == "ThrottlingException"
    assert answered([answer]) == [FRESH_ACCOUNT]


def test_requests_beyond_max_requests_per_second_are_throttled(
    make_emulator: MakeEmulator,
) -> None:
    client = no_retry_client(make_emulator(faults=FaultPlan(max_requests_per_second=2)))
    outcomes = []
    for _ in range(4):
        try:
            client.list_usage_totals(accountIds=[FRESH_ACCOUNT])
            outcomes.append("ok")
        except ClientError as error:
            outcomes.append(error.response["Error"]["Code"])

    assert outcomes[:2] == ["ok", "ok"]
    assert "ThrottlingException" in outcomes[2:]


def test_malformed_not_json_answers_200_with_a_body_that_is_not_json(
    make_emulator: MakeEmulator,
) -> None:
    server = make_emulator(faults=FaultPlan(malformed="not-json"))

    status, headers, body = post(
        server, "/usage/list", json.dumps({"accountIds": [FRESH_ACCOUNT]}).encode()
    )

    assert (status, headers["Content-Type"]) == (200, "text/html")
    with pytest.raises(ValueError):
        json.loads(body)
    assert server.backend.request_count("ListUsageTotals") == 1


def test_malformed_missing_fields_answers_a_total_without_its_account(
    make_emulator: MakeEmulator,
) -> None:
    server = make_emulator(faults=FaultPlan(malformed="missing-fields"))

    answer = client_for(server).list_usage_totals(accountIds=[FRESH_ACCOUNT])

    assert answer["totals"] == [{"usage": []}]


def test_access_denied_accounts_are_left_out_and_internal_errors_do_not_apply(
    make_emulator: MakeEmulator,
) -> None:
    faults = FaultPlan(
        access_denied_accounts=frozenset({EXPIRED_ACCOUNT}),
        internal_error_accounts={FRESH_ACCOUNT: -1},
    )
    client = client_for(make_emulator(faults=faults))

    answer = client.list_usage_totals(accountIds=[FRESH_ACCOUNT, EXPIRED_ACCOUNT])

    assert answered([answer]) == [FRESH_ACCOUNT]


def test_a_fault_set_through_the_control_api_meets_the_next_request(
    emulator: EmulatorServer,
) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", emulator.port, timeout=5)
    try:
        connection.request("POST", "/_emulator/faults", body=b'{"deny_all": true}')
        assert connection.getresponse().read()
    finally:
        connection.close()

    error = error_of(
        lambda: no_retry_client(emulator).list_usage_totals(accountIds=[FRESH_ACCOUNT])
    )

    assert error["Error"]["Code"] == "AccessDeniedException"


# --- what was asked ---------------------------------------------------------------------------


def test_requests_are_recorded_with_operation_ids_region_and_status(
    start_emulator: StartEmulator, fixed_now: datetime
) -> None:
    server = start_emulator(RegionalBackends(default=sample_organisation(fixed_now)))
    try:
        client_for(server, "eu-west-1").list_usage_totals(
            accountIds=[FRESH_ACCOUNT, NON_MEMBER_ACCOUNT], maxResults=10
        )
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
        connection.request("GET", "/_emulator/requests")
        listed = json.loads(connection.getresponse().read())["requests"]
        connection.close()
    finally:
        server.stop()

    (recorded,) = server.backend.requests
    assert recorded.operation == "ListUsageTotals"
    assert recorded.account_ids == (FRESH_ACCOUNT, NON_MEMBER_ACCOUNT)
    assert (recorded.region, recorded.status) == ("eu-west-1", 200)
    assert server.backend.request_count("ListUsageTotals") == 1
    assert server.backend.request_count() == 0  # BatchGetFreeTrialInfo, the default
    assert listed == [
        {
            "operation": "ListUsageTotals",
            "region": "eu-west-1",
            "account_ids": [FRESH_ACCOUNT, NON_MEMBER_ACCOUNT],
            "status": 200,
        }
    ]


# --- data files -------------------------------------------------------------------------------


def test_a_data_file_gives_usage_per_account(tmp_path: Path) -> None:
    with EmulatorServer(load_regional_backends(write(tmp_path, USAGE_DOCUMENT))) as server:
        answer = client_for(server).list_usage_totals(accountIds=[FRESH_ACCOUNT, EXPIRED_ACCOUNT])

    (total,) = answer["totals"]  # an empty list of usage is no usage
    assert total == {
        "accountId": FRESH_ACCOUNT,
        "usage": [
            {
                "type": "LAMBDA_FUNCTION_HOURS",
                "total": 100.0,
                "estimatedMonthlyCost": 0.03,
                "currency": "USD",
            },
            {
                "type": "GCP_CLOUD_RUN_HOURS",
                "total": 5.0,
                "estimatedMonthlyCost": 2.0,
                "currency": "USD",
                "cloudProvider": "GCP",
            },
        ],
    }


def test_a_data_file_gives_usage_per_region(tmp_path: Path) -> None:
    usage = [{"type": "ECR_RESCAN", "total": 10, "estimatedMonthlyCost": 0.1}]
    document = {
        "accounts": {FRESH_ACCOUNT: []},
        "regions": {
            "eu-west-1": {
                "accounts": {FRESH_ACCOUNT: []},
                "usage": {FRESH_ACCOUNT: usage},
            }
        },
    }
    with EmulatorServer(load_regional_backends(write(tmp_path, document))) as server:
        in_west = client_for(server, "eu-west-1").list_usage_totals(accountIds=[FRESH_ACCOUNT])
        elsewhere = client_for(server).list_usage_totals(accountIds=[FRESH_ACCOUNT])

    assert in_west["totals"][0]["usage"][0]["estimatedMonthlyCost"] == 0.1
    assert elsewhere["totals"] == []


def test_synthesized_members_of_a_data_file_have_usage(tmp_path: Path) -> None:
    backends = load_regional_backends(write(tmp_path, {"synthesizeMembers": True}))
    with EmulatorServer(backends) as server:
        answer = client_for(server).list_usage_totals(accountIds=ids(2))

    assert answered([answer]) == ids(2)


def test_the_documented_data_files_load_and_serve_their_usage(tmp_path: Path) -> None:
    blocks = re.findall(r"```json\n(.*?)```", EMULATOR_DOC.read_text(encoding="utf-8"), re.DOTALL)
    documents = [json.loads(block) for block in blocks]
    with_usage = [d for d in documents if "usage" in json.dumps(d)]
    assert len(with_usage) == 2  # the form for every region and the form per region
    for index, document in enumerate(with_usage):
        document.pop("faults", None)
        for region in document.get("regions", {}).values():
            region.pop("faults", None)
        path = tmp_path / f"documented-{index}.json"
        path.write_text(json.dumps(document), encoding="utf-8")
        backends = load_regional_backends(path)
        region, organisation = (
            ("us-east-1", document)
            if "regions" not in document
            else ("eu-west-1", document["regions"]["eu-west-1"])
        )
        (account_id,) = organisation["usage"]
        with EmulatorServer(backends) as server:
            answer = client_for(server, region).list_usage_totals(accountIds=[account_id])
        served = [u["estimatedMonthlyCost"] for u in answer["totals"][0]["usage"]]
        assert served == [u["estimatedMonthlyCost"] for u in organisation["usage"][account_id]]
