"""The emulator, driven by real boto3 clients over real HTTP on 127.0.0.1 (its loader and locking
without a network: tests/unit/test_emulator.py; its imports: tests/process/test_emulator.py)."""

from __future__ import annotations

import _thread
import http.client
import json
import socket
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError, EndpointConnectionError

from pulumi_inspector_trial.emulator import (
    EmulatorError,
    EmulatorServer,
    FaultPlan,
    InspectorBackend,
    Organisation,
    load_data_file,
    run_emulator,
    sample_organisation,
)
from pulumi_inspector_trial.emulator import validation as emulator_validation

MakeEmulator = Callable[..., EmulatorServer]

FRESH = "111122223333"
ENDING_SOON = "222233334444"
EXPIRED = "333344445555"
NEW_TYPES = "444455556666"
NON_MEMBER = "555566667777"
UNLISTED = "999988887777"


def client_for(server: EmulatorServer, **config: Any) -> Any:
    """An inspector2 client; pass ``retries=...`` and friends through to botocore's Config."""
    return boto3.client(
        "inspector2",
        region_name="us-east-1",
        endpoint_url=server.endpoint_url,
        config=Config(connect_timeout=2, read_timeout=5, **config),
    )


def no_retry_client(server: EmulatorServer) -> Any:
    """Sees the raw error: botocore's ``max_attempts`` counts retries, ``total_max_attempts``
    counts every attempt, so one attempt in all is ``total_max_attempts=1``."""
    return client_for(server, retries={"mode": "standard", "total_max_attempts": 1})


def error_of(call: Callable[[], object]) -> dict[str, Any]:
    with pytest.raises(ClientError) as raised:
        call()
    response: dict[str, Any] = raised.value.response
    return response


def post(server: EmulatorServer, path: str, body: bytes, method: str = "POST") -> Any:
    """A raw HTTP request, for what boto3 would never send or would hide."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    try:
        connection.request(method, path, body=body, headers={"Content-Type": "application/json"})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


# --- answers ----------------------------------------------------------------------------------


def test_sample_account_trials_round_trip_with_types_statuses_and_datetimes(
    inspector_client: Any, fixed_now: datetime
) -> None:
    response = inspector_client.batch_get_free_trial_info(accountIds=[FRESH])

    (account,) = response["accounts"]
    assert account["accountId"] == FRESH
    trials = {t["type"]: t for t in account["freeTrialInfo"]}
    assert sorted(trials) == ["CODE_REPOSITORY", "EC2", "ECR", "LAMBDA", "LAMBDA_CODE"]
    assert {t["status"] for t in trials.values()} == {"ACTIVE"}
    expected = sample_organisation(fixed_now).members[FRESH][0]
    assert trials["EC2"]["start"] == expected.start
    assert trials["EC2"]["end"] == expected.end
    assert (trials["EC2"]["end"] - fixed_now).days == 12
    assert response["failedAccounts"] == []


def test_unknown_trial_types_pass_through_with_their_cloud_provider(
    inspector_client: Any,
) -> None:
    response = inspector_client.batch_get_free_trial_info(accountIds=[NEW_TYPES])

    trials = {t["type"]: t for t in response["accounts"][0]["freeTrialInfo"]}
    assert {"MACHINE_IMAGE", "SOURCE_ARTIFACT"} <= set(trials)
    assert trials["MACHINE_IMAGE"]["cloudProvider"] == "AWS"
    assert "cloudProvider" not in trials["SOURCE_ARTIFACT"]


def test_non_member_answers_access_denied_naming_the_account(inspector_client: Any) -> None:
    response = inspector_client.batch_get_free_trial_info(accountIds=[FRESH, NON_MEMBER])

    assert [a["accountId"] for a in response["accounts"]] == [FRESH]
    (failed,) = response["failedAccounts"]
    assert failed["accountId"] == NON_MEMBER
    assert failed["code"] == "ACCESS_DENIED"
    assert NON_MEMBER in failed["message"]


def test_unlisted_account_answers_access_denied_without_synthesis(inspector_client: Any) -> None:
    response = inspector_client.batch_get_free_trial_info(accountIds=[UNLISTED])

    assert response["accounts"] == []
    assert response["failedAccounts"][0]["code"] == "ACCESS_DENIED"


def test_synthesized_members_answer_every_account_the_same_way_each_time(
    make_emulator: MakeEmulator,
) -> None:
    server = make_emulator(Organisation(members={}, synthesize_members=True))
    client = client_for(server)
    ids = [f"{n:012d}" for n in range(100)]

    first = client.batch_get_free_trial_info(accountIds=ids)
    second = client.batch_get_free_trial_info(accountIds=ids)

    assert len(first["accounts"]) == 100
    assert first["accounts"] == second["accounts"]
    statuses = {t["status"] for a in first["accounts"] for t in a["freeTrialInfo"]}
    assert statuses == {"ACTIVE", "INACTIVE"}


def test_synthesized_members_do_not_answer_for_non_members(make_emulator: MakeEmulator) -> None:
    organisation = Organisation(
        members={}, non_members=frozenset({NON_MEMBER}), synthesize_members=True
    )
    client = client_for(make_emulator(organisation))

    response = client.batch_get_free_trial_info(accountIds=[NON_MEMBER])

    assert response["failedAccounts"][0]["code"] == "ACCESS_DENIED"


def test_an_account_asked_twice_in_one_request_is_answered_once(inspector_client: Any) -> None:
    response = inspector_client.batch_get_free_trial_info(accountIds=[FRESH, EXPIRED, FRESH])

    assert [a["accountId"] for a in response["accounts"]] == [FRESH, EXPIRED]


# --- validation -------------------------------------------------------------------------------


def test_zero_account_ids_is_a_validation_exception(emulator: EmulatorServer) -> None:
    # botocore refuses an empty list itself; switch that off to see what the service says.
    client = client_for(emulator, parameter_validation=False)

    error = error_of(lambda: client.batch_get_free_trial_info(accountIds=[]))

    assert error["Error"]["Code"] == "ValidationException"
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert error["reason"] == "FIELD_VALIDATION_FAILED"
    assert error["fields"][0]["name"] == "accountIds"


def test_more_than_100_account_ids_is_a_validation_exception(inspector_client: Any) -> None:
    ids = [f"{n:012d}" for n in range(101)]

    error = error_of(lambda: inspector_client.batch_get_free_trial_info(accountIds=ids))

    assert error["Error"]["Code"] == "ValidationException"
    assert "101" in error["Error"]["Message"]


def test_malformed_account_id_is_a_validation_exception_naming_it(inspector_client: Any) -> None:
    error = error_of(
        lambda: inspector_client.batch_get_free_trial_info(accountIds=[FRESH, "12345"])
    )

    assert error["Error"]["Code"] == "ValidationException"
    assert "'12345'" in error["Error"]["Message"]
    assert FRESH not in error["Error"]["Message"]


def account_ids_shape() -> Any:
    """botocore's shape of BatchGetFreeTrialInfo's ``accountIds``, as the emulator reads it."""
    request = emulator_validation.input_shape("inspector2", "BatchGetFreeTrialInfo")
    return request.members["accountIds"]


def test_account_ids_length_limit_follows_the_service_model(
    inspector_client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(account_ids_shape().metadata, "max", 3)

    error = error_of(
        lambda: inspector_client.batch_get_free_trial_info(
            accountIds=[FRESH, EXPIRED, NEW_TYPES, ENDING_SOON]
        )
    )

    assert error["Error"]["Code"] == "ValidationException"
    assert "Member must have length less than or equal to 3" in error["Error"]["Message"]


def test_account_id_pattern_follows_the_service_model(
    inspector_client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(account_ids_shape().member.metadata, "pattern", "^1111[0-9]{8}$")

    error = error_of(lambda: inspector_client.batch_get_free_trial_info(accountIds=[EXPIRED]))

    assert error["Error"]["Code"] == "ValidationException"
    assert "^1111[0-9]{8}$" in error["Error"]["Message"]


def test_each_bad_account_id_is_one_field_named_by_its_position(inspector_client: Any) -> None:
    error = error_of(
        lambda: inspector_client.batch_get_free_trial_info(accountIds=["12", FRESH, "34"])
    )

    assert error["Error"]["Message"].startswith("2 validation errors detected: ")
    assert [field["name"] for field in error["fields"]] == [
        "accountIds.1.member",
        "accountIds.3.member",
    ]


def test_missing_account_ids_is_a_validation_exception_that_they_must_not_be_null(
    emulator: EmulatorServer,
) -> None:
    status, headers, body = post(emulator, "/freetrialinfo/batchget", b"{}")

    assert (status, headers["x-amzn-ErrorType"]) == (400, "ValidationException")
    assert json.loads(body)["fields"] == [
        {
            "name": "accountIds",
            "message": "Value null at 'accountIds' failed to satisfy constraint: "
            "Member must not be null",
        }
    ]


def test_account_ids_that_are_not_a_list_is_a_validation_exception(
    emulator: EmulatorServer,
) -> None:
    status, headers, body = post(
        emulator, "/freetrialinfo/batchget", json.dumps({"accountIds": FRESH}).encode()
    )

    assert (status, headers["x-amzn-ErrorType"]) == (400, "ValidationException")
    assert "Member must be a list" in json.loads(body)["message"]


def test_unparseable_body_is_a_validation_exception_cannot_parse(
    emulator: EmulatorServer,
) -> None:
    status, headers, body = post(emulator, "/freetrialinfo/batchget", b"{not json")

    assert status == 400
    assert headers["x-amzn-ErrorType"] == "ValidationException"
    assert json.loads(body)["reason"] == "CANNOT_PARSE"


def test_non_numeric_content_length_is_a_validation_exception_in_the_aws_error_shape(
    emulator: EmulatorServer,
) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", emulator.port, timeout=5)
    try:
        connection.putrequest("POST", "/freetrialinfo/batchget")
        connection.putheader("Content-Type", "application/json")
        connection.putheader("Content-Length", "abc")
        connection.endheaders()
        response = connection.getresponse()
        status, headers, body = response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()

    assert status == 400
    assert headers["x-amzn-ErrorType"] == "ValidationException"
    assert "'abc'" in json.loads(body)["message"]


def test_unknown_path_is_unknown_operation_404_in_the_aws_error_shape(
    emulator: EmulatorServer,
) -> None:
    status, headers, body = post(emulator, "/findings/list", b"{}")

    assert status == 404
    assert headers["x-amzn-ErrorType"] == "UnknownOperationException"
    assert "/findings/list" in json.loads(body)["message"]
    assert emulator.backend.requests[-1].operation == "Unknown"


def test_wrong_method_is_unknown_operation_404(emulator: EmulatorServer) -> None:
    status, headers, _ = post(emulator, "/freetrialinfo/batchget", b"", method="GET")

    assert status == 404
    assert headers["x-amzn-ErrorType"] == "UnknownOperationException"


def test_unexpected_failure_in_the_backend_is_an_internal_server_exception(
    emulator: EmulatorServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(account_ids: object) -> dict[str, Any]:
        raise KeyError("accounts")

    monkeypatch.setattr(emulator.backend, "batch_get_free_trial_info", broken)
    client = no_retry_client(emulator)

    error = error_of(lambda: client.batch_get_free_trial_info(accountIds=[FRESH]))

    assert error["Error"]["Code"] == "InternalServerException"
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 500


# --- faults -----------------------------------------------------------------------------------


def test_throttle_first_throttles_that_many_requests_then_answers(
    make_emulator: MakeEmulator,
) -> None:
    server = make_emulator(faults=FaultPlan(throttle_first=2))
    client = no_retry_client(server)

    for _ in range(2):
        error = error_of(lambda: client.batch_get_free_trial_info(accountIds=[FRESH]))
        assert error["Error"]["Code"] == "ThrottlingException"
        assert error["ResponseMetadata"]["HTTPStatusCode"] == 429
        assert error["ResponseMetadata"]["HTTPHeaders"]["retry-after"] == "1"

    assert client.batch_get_free_trial_info(accountIds=[FRESH])["accounts"]


def test_standard_retry_absorbs_throttle_first(make_emulator: MakeEmulator) -> None:
    server = make_emulator(faults=FaultPlan(throttle_first=1))
    client = client_for(server, retries={"mode": "standard", "total_max_attempts": 3})

    assert client.batch_get_free_trial_info(accountIds=[FRESH])["accounts"]
    assert [r.status for r in server.backend.requests] == [429, 200]


def test_throttle_always_throttles_every_request(make_emulator: MakeEmulator) -> None:
    client = no_retry_client(make_emulator(faults=FaultPlan(throttle_always=True)))

    for _ in range(3):
        error = error_of(lambda: client.batch_get_free_trial_info(accountIds=[FRESH]))
        assert error["Error"]["Code"] == "ThrottlingException"


def test_server_error_first_answers_internal_server_exception_then_succeeds(
    make_emulator: MakeEmulator,
) -> None:
    client = no_retry_client(make_emulator(faults=FaultPlan(server_error_first=1)))

    error = error_of(lambda: client.batch_get_free_trial_info(accountIds=[FRESH]))

    assert error["Error"]["Code"] == "InternalServerException"
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 500
    assert error["ResponseMetadata"]["HTTPHeaders"]["retry-after"] == "1"
    assert client.batch_get_free_trial_info(accountIds=[FRESH])["accounts"]


def test_server_error_always_fails_every_request(make_emulator: MakeEmulator) -> None:
    client = no_retry_client(make_emulator(faults=FaultPlan(server_error_always=True)))

    for _ in range(2):
        error = error_of(lambda: client.batch_get_free_trial_info(accountIds=[FRESH]))
        assert error["Error"]["Code"] == "InternalServerException"


def test_deny_all_answers_access_denied_exception_403(make_emulator: MakeEmulator) -> None:
    client = no_retry_client(make_emulator(faults=FaultPlan(deny_all=True)))

    error = error_of(lambda: client.batch_get_free_trial_info(accountIds=[FRESH]))

    assert error["Error"]["Code"] == "AccessDeniedException"
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 403


def test_internal_error_accounts_count_down_then_succeed(make_emulator: MakeEmulator) -> None:
    client = client_for(make_emulator(faults=FaultPlan(internal_error_accounts={FRESH: 2})))

    answers = [client.batch_get_free_trial_info(accountIds=[FRESH, EXPIRED]) for _ in range(3)]

    assert [[f["code"] for f in a["failedAccounts"]] for a in answers] == [
        ["INTERNAL_ERROR"],
        ["INTERNAL_ERROR"],
        [],
    ]
    assert [len(a["accounts"]) for a in answers] == [1, 1, 2]


def test_negative_internal_error_count_fails_the_account_forever(
    make_emulator: MakeEmulator,
) -> None:
    client = client_for(make_emulator(faults=FaultPlan(internal_error_accounts={FRESH: -1})))

    for _ in range(4):
        response = client.batch_get_free_trial_info(accountIds=[FRESH])
        assert response["failedAccounts"][0]["code"] == "INTERNAL_ERROR"


def test_access_denied_accounts_fail_even_when_members(make_emulator: MakeEmulator) -> None:
    faults = FaultPlan(access_denied_accounts=frozenset({FRESH}))
    client = client_for(make_emulator(faults=faults))

    response = client.batch_get_free_trial_info(accountIds=[FRESH])

    assert response["accounts"] == []
    assert response["failedAccounts"][0]["code"] == "ACCESS_DENIED"


def test_latency_delays_every_answer(make_emulator: MakeEmulator) -> None:
    client = client_for(make_emulator(faults=FaultPlan(latency_seconds=0.3)))

    started = time.monotonic()
    client.batch_get_free_trial_info(accountIds=[FRESH])

    assert time.monotonic() - started >= 0.3


def test_malformed_not_json_answers_200_with_a_body_that_is_not_json(
    make_emulator: MakeEmulator,
) -> None:
    server = make_emulator(faults=FaultPlan(malformed="not-json"))

    status, _, body = post(
        server, "/freetrialinfo/batchget", json.dumps({"accountIds": [FRESH]}).encode()
    )

    assert status == 200
    with pytest.raises(ValueError):
        json.loads(body)


def test_malformed_missing_fields_answers_200_without_accounts(
    make_emulator: MakeEmulator,
) -> None:
    client = client_for(make_emulator(faults=FaultPlan(malformed="missing-fields")))

    response = client.batch_get_free_trial_info(accountIds=[FRESH])

    assert "accounts" not in response
    assert "failedAccounts" not in response


def test_requests_beyond_max_requests_per_second_are_throttled(
    make_emulator: MakeEmulator,
) -> None:
    client = no_retry_client(make_emulator(faults=FaultPlan(max_requests_per_second=3)))
    outcomes = []
    for _ in range(6):
        try:
            client.batch_get_free_trial_info(accountIds=[FRESH])
            outcomes.append("ok")
        except ClientError as error:
            outcomes.append(error.response["Error"]["Code"])

    assert outcomes[:3] == ["ok", "ok", "ok"]
    assert "ThrottlingException" in outcomes[3:]


def test_adaptive_retry_absorbs_max_requests_per_second(make_emulator: MakeEmulator) -> None:
    server = make_emulator(faults=FaultPlan(max_requests_per_second=4))
    client = client_for(server, retries={"mode": "adaptive", "total_max_attempts": 10})

    for _ in range(5):
        assert client.batch_get_free_trial_info(accountIds=[FRESH])["accounts"]

    statuses = [r.status for r in server.backend.requests]
    assert statuses.count(200) == 5
    assert 429 in statuses


def test_a_fault_plan_changed_between_requests_applies_to_the_next_one(
    emulator: EmulatorServer,
) -> None:
    client = no_retry_client(emulator)
    client.batch_get_free_trial_info(accountIds=[FRESH])

    emulator.backend.faults.deny_all = True

    error = error_of(lambda: client.batch_get_free_trial_info(accountIds=[FRESH]))
    assert error["Error"]["Code"] == "AccessDeniedException"


# --- what was asked ---------------------------------------------------------------------------


def test_requests_are_recorded_with_operation_ids_status_and_headers(
    inspector_client: Any, emulator: EmulatorServer
) -> None:
    inspector_client.batch_get_free_trial_info(accountIds=[FRESH, NON_MEMBER])

    (recorded,) = emulator.backend.requests
    assert recorded.operation == "BatchGetFreeTrialInfo"
    assert recorded.account_ids == (FRESH, NON_MEMBER)
    assert recorded.status == 200
    assert "/inspector2/aws4_request" in recorded.headers["Authorization"]
    assert emulator.backend.request_count() == 1
    assert emulator.backend.request_count("AssumeRole") == 0


def test_reset_forgets_requests_and_rewinds_fault_counters(make_emulator: MakeEmulator) -> None:
    server = make_emulator(faults=FaultPlan(throttle_first=1))
    client = no_retry_client(server)
    error_of(lambda: client.batch_get_free_trial_info(accountIds=[FRESH]))
    client.batch_get_free_trial_info(accountIds=[FRESH])

    server.backend.reset()

    assert server.backend.requests == []
    error = error_of(lambda: client.batch_get_free_trial_info(accountIds=[FRESH]))
    assert error["Error"]["Code"] == "ThrottlingException"


# --- sts --------------------------------------------------------------------------------------


def test_assume_role_answers_fresh_temporary_credentials_to_a_boto3_sts_client(
    emulator: EmulatorServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL_STS", emulator.endpoint_url)
    sts = boto3.client("sts", region_name="us-east-1")
    role_arn = "arn:aws:iam::111122223333:role/InspectorDelegatedAdmin"

    first = sts.assume_role(RoleArn=role_arn, RoleSessionName="trial-check")
    second = sts.assume_role(RoleArn=role_arn, RoleSessionName="trial-check")

    credentials = first["Credentials"]
    assert credentials["AccessKeyId"].startswith("ASIA")
    assert credentials["SecretAccessKey"] and credentials["SessionToken"]
    assert credentials["Expiration"] > datetime.now(timezone.utc)
    assert credentials["AccessKeyId"] != second["Credentials"]["AccessKeyId"]
    assert first["AssumedRoleUser"]["Arn"] == (
        "arn:aws:sts::111122223333:assumed-role/InspectorDelegatedAdmin/trial-check"
    )
    assert emulator.backend.request_count("AssumeRole") == 2


def test_assumed_role_credentials_work_against_the_emulator(emulator: EmulatorServer) -> None:
    sts = boto3.client("sts", region_name="us-east-1", endpoint_url=emulator.endpoint_url)
    credentials = sts.assume_role(
        RoleArn="arn:aws:iam::111122223333:role/Admin", RoleSessionName="session"
    )["Credentials"]
    client = boto3.client(
        "inspector2",
        region_name="us-east-1",
        endpoint_url=emulator.endpoint_url,
        aws_access_key_id=credentials["AccessKeyId"],
        aws_secret_access_key=credentials["SecretAccessKey"],
        aws_session_token=credentials["SessionToken"],
    )

    client.batch_get_free_trial_info(accountIds=[FRESH])

    recorded = emulator.backend.requests[-1]
    assert credentials["AccessKeyId"] in recorded.headers["Authorization"]
    assert recorded.headers["X-Amz-Security-Token"] == credentials["SessionToken"]


def test_assume_role_with_a_malformed_role_arn_is_a_validation_error(
    emulator: EmulatorServer,
) -> None:
    sts = boto3.client("sts", region_name="us-east-1", endpoint_url=emulator.endpoint_url)

    bad_arn = "iam-role/InspectorDelegatedAdmin"  # long enough to pass botocore's own checks

    error = error_of(lambda: sts.assume_role(RoleArn=bad_arn, RoleSessionName="session"))

    assert error["Error"]["Code"] == "ValidationError"
    assert bad_arn in error["Error"]["Message"]


def test_sts_action_other_than_assume_role_is_invalid_action(emulator: EmulatorServer) -> None:
    sts = boto3.client("sts", region_name="us-east-1", endpoint_url=emulator.endpoint_url)

    error = error_of(sts.get_caller_identity)

    assert error["Error"]["Code"] == "InvalidAction"


# --- data files -------------------------------------------------------------------------------


def write_json(tmp_path: Path, document: object) -> Path:
    path = tmp_path / "organisation.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_data_file_organisation_is_served(tmp_path: Path, make_emulator: MakeEmulator) -> None:
    path = write_json(
        tmp_path,
        {
            "accounts": {
                FRESH: [
                    {
                        "type": "SERVERLESS_FUNCTION",
                        "start": 1795000000,
                        "end": 1796000000,
                        "status": "ACTIVE",
                    }
                ]
            }
        },
    )
    organisation, faults = load_data_file(path)
    client = client_for(make_emulator(organisation, faults))

    response = client.batch_get_free_trial_info(accountIds=[FRESH])

    (trial,) = response["accounts"][0]["freeTrialInfo"]
    assert trial["type"] == "SERVERLESS_FUNCTION"
    assert trial["end"] == datetime.fromtimestamp(1796000000, tz=timezone.utc)


GOOD_TRIAL = {"type": "EC2", "start": 1795000000, "end": 1796000000, "status": "ACTIVE"}


# --- the server -------------------------------------------------------------------------------


def test_concurrent_requests_from_64_threads_are_all_answered(
    emulator: EmulatorServer,
) -> None:
    client = client_for(emulator, max_pool_connections=64)

    def ask(n: int) -> int:
        ids = [FRESH, EXPIRED, NON_MEMBER] if n % 2 else [ENDING_SOON, NEW_TYPES]
        return len(client.batch_get_free_trial_info(accountIds=ids)["accounts"])

    with ThreadPoolExecutor(max_workers=64) as pool:
        answers = list(pool.map(ask, range(256)))

    assert answers == [2] * 256
    assert emulator.backend.request_count() == 256
    assert {r.status for r in emulator.backend.requests} == {200}


def test_answers_are_sent_without_waiting_for_the_clients_delayed_ack(
    emulator: EmulatorServer,
) -> None:
    # The headers and the body are two writes: with Nagle's algorithm on, the body of every
    # answer on a kept-alive connection waited for the client's delayed ACK of the headers.
    connection = http.client.HTTPConnection("127.0.0.1", emulator.port, timeout=5)
    try:
        for _ in range(2):  # kept alive: the second request reuses the socket
            connection.request("POST", "/members/list", body=b"{}")
            response = connection.getresponse()
            assert response.status == 200, response.read()
            response.read()
        served = list(emulator._listener.open_connections)
        assert len(served) == 1
        assert served[0].getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
    finally:
        connection.close()


def test_stop_closes_kept_alive_connections(make_emulator: MakeEmulator) -> None:
    server = make_emulator()
    client = client_for(server, retries={"mode": "standard", "total_max_attempts": 1})
    client.batch_get_free_trial_info(accountIds=[FRESH])

    server.stop()

    with pytest.raises(EndpointConnectionError):
        client.batch_get_free_trial_info(accountIds=[FRESH])


def test_server_is_a_context_manager_with_a_loopback_endpoint(fixed_now: datetime) -> None:
    backend = InspectorBackend(sample_organisation(fixed_now))
    with EmulatorServer(backend) as server:
        assert server.endpoint_url == f"http://127.0.0.1:{server.port}"
        client = client_for(server)
        assert client.batch_get_free_trial_info(accountIds=[FRESH])["accounts"]
    assert backend.request_count() == 1


def test_run_emulator_reports_its_endpoint_and_serves_until_interrupted(tmp_path: Path) -> None:
    path = write_json(tmp_path, {"accounts": {FRESH: [GOOD_TRIAL]}})
    answers: list[Any] = []

    def on_ready(endpoint_url: str) -> None:
        def ask_then_interrupt() -> None:
            try:
                client = boto3.client(
                    "inspector2", region_name="us-east-1", endpoint_url=endpoint_url
                )
                answers.append(client.batch_get_free_trial_info(accountIds=[FRESH]))
            finally:
                _thread.interrupt_main()  # what Ctrl-C does to ``inspector-trial emulator``

        threading.Thread(target=ask_then_interrupt, daemon=True).start()

    run_emulator("127.0.0.1", 0, path, on_ready=on_ready)

    assert answers[0]["accounts"][0]["accountId"] == FRESH


def test_run_emulator_on_a_port_in_use_is_invalid_input(emulator: EmulatorServer) -> None:
    with pytest.raises(EmulatorError, match=str(emulator.port)):
        run_emulator("127.0.0.1", emulator.port, on_ready=lambda url: None)
