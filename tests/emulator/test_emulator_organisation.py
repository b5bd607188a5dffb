"""The emulator's ListMembers and BatchGetAccountStatus, driven with real boto3 over real HTTP on
127.0.0.1: what they answer, their pages, their checks, their faults and their record."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from support.emulator_calls import control

from pulumi_inspector_trial.emulator import (
    EmulatorServer,
    FaultPlan,
    InspectorBackend,
    Organisation,
    load_regional_backends,
)
from pulumi_inspector_trial.emulator.organisation import (
    DELEGATED_ADMINISTRATOR,
    SYNTHESIZED_MEMBER_BASE,
    synthesize_resource_state,
)
from pulumi_inspector_trial.emulator.sample import (
    ENDING_SOON_ACCOUNT,
    EXPIRED_ACCOUNT,
    FRESH_ACCOUNT,
    NEW_TYPES_ACCOUNT,
    NON_MEMBER_ACCOUNT,
)

MakeEmulator = Callable[..., EmulatorServer]
StartEmulator = Callable[[Any], EmulatorServer]

INVITED = "666677778888"
ASSOCIATED_SAMPLE = [FRESH_ACCOUNT, ENDING_SOON_ACCOUNT, EXPIRED_ACCOUNT, NEW_TYPES_ACCOUNT]


def client_for(server: EmulatorServer, *, attempts: int = 1, **config: Any) -> Any:
    return boto3.client(
        "inspector2",
        region_name="us-east-1",
        endpoint_url=server.endpoint_url,
        config=Config(retries={"mode": "standard", "total_max_attempts": attempts}, **config),
    )


def error_code(call: Callable[[], object]) -> str:
    with pytest.raises(ClientError) as raised:
        call()
    code: str = raised.value.response["Error"]["Code"]
    return code


def listed(pages: list[dict[str, Any]]) -> list[str]:
    return [m["accountId"] for page in pages for m in page["members"]]


def enabled(entry: dict[str, Any]) -> dict[str, str]:
    return {key: state["status"] for key, state in entry["resourceState"].items()}


@pytest.fixture
def organisation_with_an_invitation(fixed_now: datetime) -> Organisation:
    from pulumi_inspector_trial.emulator import sample_organisation

    sample = sample_organisation(fixed_now)
    return Organisation(
        members={**sample.members, INVITED: ()},
        non_members=sample.non_members,
        account_status=sample.account_status,
        relationships={INVITED: "INVITED"},
    )


@pytest.fixture
def thousand(start_emulator: StartEmulator) -> Any:
    organisation = Organisation(members={}, synthesize_members=True, synthesized_member_count=1_000)
    server = start_emulator(InspectorBackend(organisation))
    yield server
    server.stop()


# --- ListMembers --------------------------------------------------------------------------------


def test_list_members_answers_the_members_with_their_relationship(emulator: EmulatorServer) -> None:
    answer = client_for(emulator).list_members(onlyAssociated=True)

    assert listed([answer]) == ASSOCIATED_SAMPLE
    first = answer["members"][0]
    assert first["relationshipStatus"] == "ENABLED"
    assert first["delegatedAdminAccountId"] == DELEGATED_ADMINISTRATOR
    assert isinstance(first["updatedAt"], datetime)
    assert "nextToken" not in answer
    assert NON_MEMBER_ACCOUNT not in listed([answer])


def test_only_associated_leaves_out_members_that_are_not_associated(
    make_emulator: MakeEmulator, organisation_with_an_invitation: Organisation
) -> None:
    client = client_for(make_emulator(organisation_with_an_invitation))

    associated = client.list_members(onlyAssociated=True)
    every = client.list_members(onlyAssociated=False)

    assert INVITED not in listed([associated])
    invited = [m for m in every["members"] if m["accountId"] == INVITED]
    assert [m["relationshipStatus"] for m in invited] == ["INVITED"]


def test_pages_hold_max_results_and_the_last_has_no_token(thousand: EmulatorServer) -> None:
    client = client_for(thousand)
    pages = [client.list_members(onlyAssociated=True, maxResults=50)]
    while "nextToken" in pages[-1]:
        pages.append(
            client.list_members(
                onlyAssociated=True, maxResults=50, nextToken=pages[-1]["nextToken"]
            )
        )

    assert [len(p["members"]) for p in pages] == [50] * 20
    assert listed(pages) == [str(SYNTHESIZED_MEMBER_BASE + n) for n in range(1_000)]
    assert thousand.backend.request_count("ListMembers") == 20


def test_a_boto3_paginator_follows_every_members_page(thousand: EmulatorServer) -> None:
    paginator = client_for(thousand).get_paginator("list_members")

    pages = list(paginator.paginate(onlyAssociated=True, PaginationConfig={"PageSize": 30}))

    assert len(listed(pages)) == 1_000
    assert len(pages) == 34  # ceil(1000 / 30)


def test_a_page_without_max_results_holds_50(thousand: EmulatorServer) -> None:
    answer = client_for(thousand).list_members()

    assert len(answer["members"]) == 50


def test_a_members_token_is_good_only_for_the_same_only_associated(
    thousand: EmulatorServer,
) -> None:
    client = client_for(thousand)
    token = client.list_members(onlyAssociated=True, maxResults=10)["nextToken"]

    with pytest.raises(ClientError) as raised:
        client.list_members(onlyAssociated=False, maxResults=10, nextToken=token)

    error = raised.value.response
    assert error["Error"]["Code"] == "ValidationException"
    assert "onlyAssociated" in error["Error"]["Message"]


@pytest.mark.parametrize("token", ["not-a-token", "MTA6b25seS1hc3NvY2lhdGVkLXRydWU6ZmFrZQ=="])
def test_a_made_up_members_token_is_a_validation_exception(
    thousand: EmulatorServer, token: str
) -> None:
    code = error_code(lambda: client_for(thousand).list_members(nextToken=token))

    assert code == "ValidationException"


@pytest.mark.parametrize("max_results", [0, 51])
def test_max_results_outside_1_to_50_is_a_validation_exception(
    emulator: EmulatorServer, max_results: int
) -> None:
    client = client_for(emulator, parameter_validation=False)

    with pytest.raises(ClientError) as raised:
        client.list_members(maxResults=max_results)

    assert raised.value.response["Error"]["Code"] == "ValidationException"
    assert "maxResults" in raised.value.response["Error"]["Message"]


# --- BatchGetAccountStatus ----------------------------------------------------------------------


def test_account_status_answers_each_scan_types_state(emulator: EmulatorServer) -> None:
    answer = client_for(emulator).batch_get_account_status(
        accountIds=[ENDING_SOON_ACCOUNT, EXPIRED_ACCOUNT]
    )

    by_id = {a["accountId"]: a for a in answer["accounts"]}
    assert enabled(by_id[ENDING_SOON_ACCOUNT]) == {
        "ec2": "ENABLED",
        "ecr": "ENABLED",
        "lambda": "ENABLED",
        "lambdaCode": "ENABLED",
        "codeRepository": "DISABLED",
    }
    assert by_id[EXPIRED_ACCOUNT]["state"] == {"status": "ENABLED"}
    assert answer["failedAccounts"] == []


def test_a_non_member_and_an_unassociated_member_answer_access_denied(
    make_emulator: MakeEmulator, organisation_with_an_invitation: Organisation
) -> None:
    client = client_for(make_emulator(organisation_with_an_invitation))

    answer = client.batch_get_account_status(
        accountIds=[NON_MEMBER_ACCOUNT, INVITED, FRESH_ACCOUNT, FRESH_ACCOUNT]
    )

    assert [a["accountId"] for a in answer["accounts"]] == [FRESH_ACCOUNT]
    failures = {f["accountId"]: f for f in answer["failedAccounts"]}
    assert {i: f["errorCode"] for i, f in failures.items()} == {
        NON_MEMBER_ACCOUNT: "ACCESS_DENIED",
        INVITED: "ACCESS_DENIED",
    }
    assert "INVITED" in failures[INVITED]["errorMessage"]


def test_without_ids_the_callers_own_account_is_answered(emulator: EmulatorServer) -> None:
    answer = client_for(emulator).batch_get_account_status()

    (own,) = answer["accounts"]
    assert own["accountId"] == DELEGATED_ADMINISTRATOR
    assert set(enabled(own).values()) == {"ENABLED"}


def test_a_synthesized_member_has_the_same_status_every_time(thousand: EmulatorServer) -> None:
    member = str(SYNTHESIZED_MEMBER_BASE + 7)

    (first,) = client_for(thousand).batch_get_account_status(accountIds=[member])["accounts"]
    (again,) = client_for(thousand).batch_get_account_status(accountIds=[member])["accounts"]

    assert enabled(first) == enabled(again) == synthesize_resource_state(member)


def test_more_than_100_ids_is_a_validation_exception_naming_account_ids(
    thousand: EmulatorServer,
) -> None:
    asked = [str(SYNTHESIZED_MEMBER_BASE + n) for n in range(101)]
    client = client_for(thousand, parameter_validation=False)

    with pytest.raises(ClientError) as raised:
        client.batch_get_account_status(accountIds=asked)

    assert raised.value.response["Error"]["Code"] == "ValidationException"
    assert "accountIds" in raised.value.response["Error"]["Message"]


def test_planned_internal_errors_count_down_apart_from_the_trials(
    make_emulator: MakeEmulator,
) -> None:
    server = make_emulator(faults=FaultPlan(internal_error_accounts={FRESH_ACCOUNT: 1}))
    client = client_for(server)

    trials = client.batch_get_free_trial_info(accountIds=[FRESH_ACCOUNT])
    first = client.batch_get_account_status(accountIds=[FRESH_ACCOUNT])
    second = client.batch_get_account_status(accountIds=[FRESH_ACCOUNT])

    assert trials["failedAccounts"][0]["code"] == "INTERNAL_ERROR"
    assert first["failedAccounts"][0]["errorCode"] == "INTERNAL_ERROR"
    assert [a["accountId"] for a in second["accounts"]] == [FRESH_ACCOUNT]


def test_access_denied_accounts_fail_the_status_read(make_emulator: MakeEmulator) -> None:
    server = make_emulator(faults=FaultPlan(access_denied_accounts=frozenset({FRESH_ACCOUNT})))

    answer = client_for(server).batch_get_account_status(accountIds=[FRESH_ACCOUNT])

    assert [f["errorCode"] for f in answer["failedAccounts"]] == ["ACCESS_DENIED"]


# --- faults, as for every operation -------------------------------------------------------------

OPERATIONS = {
    "ListMembers": lambda client: client.list_members(onlyAssociated=True),
    "BatchGetAccountStatus": lambda client: client.batch_get_account_status(
        accountIds=[FRESH_ACCOUNT]
    ),
}


@pytest.mark.parametrize("operation", OPERATIONS)
@pytest.mark.parametrize(
    ("faults", "code", "status"),
    [
        (FaultPlan(throttle_always=True), "ThrottlingException", 429),
        (FaultPlan(server_error_always=True), "InternalServerException", 500),
        (FaultPlan(deny_all=True), "AccessDeniedException", 403),
    ],
)
def test_request_faults_apply_and_are_recorded(
    make_emulator: MakeEmulator, operation: str, faults: FaultPlan, code: str, status: int
) -> None:
    server = make_emulator(faults=faults)

    assert error_code(lambda: OPERATIONS[operation](client_for(server))) == code
    (recorded,) = server.backend.requests
    assert (recorded.operation, recorded.status) == (operation, status)


@pytest.mark.parametrize("operation", OPERATIONS)
def test_standard_retries_absorb_a_throttle_and_a_server_error(
    make_emulator: MakeEmulator, operation: str
) -> None:
    server = make_emulator(faults=FaultPlan(throttle_first=1, server_error_first=1))

    OPERATIONS[operation](client_for(server, attempts=5))

    assert [r.status for r in server.backend.requests] == [429, 500, 200]
    assert server.backend.request_count(operation) == 3


def test_malformed_missing_fields_leaves_out_what_each_answer_is_about(
    make_emulator: MakeEmulator,
) -> None:
    client = client_for(make_emulator(faults=FaultPlan(malformed="missing-fields")))

    members = client.list_members(onlyAssociated=True)
    status = client.batch_get_account_status(accountIds=[FRESH_ACCOUNT])

    assert [("accountId" in m) for m in members["members"]] == [False]
    assert "accounts" not in status


def test_the_control_api_counts_requests_of_each_operation(emulator: EmulatorServer) -> None:
    client = client_for(emulator)
    client.list_members(onlyAssociated=True)
    client.batch_get_account_status(accountIds=[FRESH_ACCOUNT, NON_MEMBER_ACCOUNT])
    client.batch_get_account_status(accountIds=[EXPIRED_ACCOUNT])

    _, _, document = control(emulator.port, "GET", "/_emulator/requests")

    assert document["counts"] == {"BatchGetAccountStatus": 2, "ListMembers": 1}
    assert [r["account_ids"] for r in document["requests"]] == [
        [],
        [FRESH_ACCOUNT, NON_MEMBER_ACCOUNT],
        [EXPIRED_ACCOUNT],
    ]


# --- data files ---------------------------------------------------------------------------------


def test_a_data_file_gives_relationships_account_status_and_listed_synthesized_members(
    tmp_path: Path, start_emulator: StartEmulator
) -> None:
    trial = {"type": "EC2", "start": 1795000000, "end": 1796000000, "status": "ACTIVE"}
    document = {
        "accounts": {FRESH_ACCOUNT: [trial], INVITED: []},
        "relationships": {INVITED: "INVITED"},
        "accountStatus": {FRESH_ACCOUNT: {"ec2": "ENABLED", "ami": "ENABLING"}},
        "synthesizeMembers": True,
        "synthesizedMemberCount": 3,
    }
    path = tmp_path / "organisation.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    server = start_emulator(load_regional_backends(path))
    try:
        client = client_for(server)
        members = listed([client.list_members(onlyAssociated=True)])
        (fresh,) = client.batch_get_account_status(accountIds=[FRESH_ACCOUNT])["accounts"]
    finally:
        server.stop()

    assert members == [FRESH_ACCOUNT, *(str(SYNTHESIZED_MEMBER_BASE + n) for n in range(3))]
    assert enabled(fresh)["ec2"] == "ENABLED"
    assert enabled(fresh)["lambda"] == "DISABLED"
