"""The emulator keeps state per region, chosen by the region a request was signed for; driven by
real boto3 clients over real HTTP on 127.0.0.1 (its rules without a network:
tests/unit/test_emulator_regions.py)."""

from __future__ import annotations

import http.client
import json
import re
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from support.paths import REPO

from pulumi_inspector_trial.domain.trials import FreeTrial
from pulumi_inspector_trial.emulator import (
    EmulatorServer,
    FaultPlan,
    InspectorBackend,
    Organisation,
    RegionalBackends,
    load_regional_backends,
    sample_organisation,
)

Serve = Callable[[Any], EmulatorServer]

FRESH = "111122223333"
OTHER = "222233334444"
START = datetime(2026, 11, 20, tzinfo=timezone.utc)
EMULATOR_DOC = REPO / "docs" / "emulator.md"


def trial(trial_type: str = "EC2", status: str = "ACTIVE") -> FreeTrial:
    return FreeTrial(trial_type, START, START + timedelta(days=15), status)


def member(account_id: str, *trials: FreeTrial) -> Organisation:
    return Organisation(members={account_id: trials or (trial(),)})


def client_in(server: EmulatorServer, region: str, service: str = "inspector2") -> Any:
    """A client signing for ``region``, one attempt only, so errors are seen as answered."""
    return boto3.client(
        service,
        region_name=region,
        endpoint_url=server.endpoint_url,
        config=Config(retries={"mode": "standard", "total_max_attempts": 1}),
    )


def ask(server: EmulatorServer, region: str, *account_ids: str) -> dict[str, Any]:
    response: dict[str, Any] = client_in(server, region).batch_get_free_trial_info(
        accountIds=list(account_ids or (FRESH,))
    )
    return response


def error_code(call: Callable[[], object]) -> tuple[str, int]:
    with pytest.raises(ClientError) as raised:
        call()
    response = raised.value.response
    return response["Error"]["Code"], response["ResponseMetadata"]["HTTPStatusCode"]


def trial_types(response: dict[str, Any]) -> list[str]:
    return [t["type"] for a in response["accounts"] for t in a["freeTrialInfo"]]


@pytest.fixture
def serve(start_emulator: Callable[[Any], EmulatorServer]) -> Iterator[Serve]:
    """``serve(backend)``: a started emulator, stopped at teardown."""
    servers: list[EmulatorServer] = []

    def start(backend: Any) -> EmulatorServer:
        server = start_emulator(backend)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


# --- which backend answers --------------------------------------------------------------------


def test_each_region_answers_with_its_own_organisation(serve: Serve) -> None:
    server = serve(
        RegionalBackends(
            {"us-east-1": member(FRESH, trial("EC2")), "eu-west-1": member(FRESH, trial("ECR"))}
        )
    )

    assert trial_types(ask(server, "us-east-1")) == ["EC2"]
    assert trial_types(ask(server, "eu-west-1")) == ["ECR"]


def test_an_account_that_is_a_member_in_one_region_is_access_denied_in_another(
    serve: Serve,
) -> None:
    server = serve(RegionalBackends({"us-east-1": member(FRESH), "eu-west-1": member(OTHER)}))

    in_eu = ask(server, "eu-west-1", FRESH)

    assert ask(server, "us-east-1", FRESH)["accounts"][0]["accountId"] == FRESH
    assert in_eu["accounts"] == []
    assert in_eu["failedAccounts"][0]["code"] == "ACCESS_DENIED"


def test_a_region_without_an_organisation_answers_unrecognized_client_403(serve: Serve) -> None:
    server = serve(RegionalBackends({"us-east-1": member(FRESH)}))

    code, status = error_code(lambda: ask(server, "ap-east-1"))

    assert (code, status) == ("UnrecognizedClientException", 403)


def test_a_region_not_listed_serves_the_default_organisation(serve: Serve) -> None:
    server = serve(
        RegionalBackends({"us-east-1": member(FRESH, trial("EC2"))}, default=member(OTHER))
    )

    assert ask(server, "sa-east-1", OTHER)["accounts"][0]["accountId"] == OTHER


def test_a_lone_backend_answers_with_its_organisation_in_every_region(serve: Serve) -> None:
    server = serve(InspectorBackend(member(FRESH)))

    for region in ("us-east-1", "eu-west-1", "ap-southeast-2"):
        assert ask(server, region)["accounts"][0]["accountId"] == FRESH


def test_an_unsigned_request_to_backends_per_region_is_missing_authentication_token(
    serve: Serve,
) -> None:
    server = serve(RegionalBackends(default=member(FRESH)))
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    try:
        body = json.dumps({"accountIds": [FRESH]})
        connection.request("POST", "/freetrialinfo/batchget", body=body)
        response = connection.getresponse()
        status, error_type = response.status, response.getheader("x-amzn-ErrorType")
        response.read()
    finally:
        connection.close()

    assert (status, error_type) == (403, "MissingAuthenticationTokenException")


def test_assume_role_in_a_region_without_an_organisation_is_invalid_client_token_id(
    serve: Serve,
) -> None:
    server = serve(RegionalBackends({"us-east-1": member(FRESH)}))
    sts = client_in(server, "me-south-1", "sts")

    code, status = error_code(
        lambda: sts.assume_role(
            RoleArn="arn:aws:iam::111122223333:role/Admin", RoleSessionName="session"
        )
    )

    assert (code, status) == ("InvalidClientTokenId", 403)


# --- state per region -------------------------------------------------------------------------


def test_each_region_counts_its_own_faults(serve: Serve) -> None:
    backends = RegionalBackends(default=member(FRESH), faults=FaultPlan(throttle_first=1))
    server = serve(backends)

    first_in_us = error_code(lambda: ask(server, "us-east-1"))[0]
    first_in_eu = error_code(lambda: ask(server, "eu-west-1"))[0]

    assert [first_in_us, first_in_eu] == ["ThrottlingException", "ThrottlingException"]
    assert ask(server, "us-east-1")["accounts"]


def test_faults_set_in_one_region_leave_the_others_alone(serve: Serve) -> None:
    backends = RegionalBackends(default=member(FRESH))
    server = serve(backends)

    backends.set_faults("eu-west-1", deny_all=True)

    assert error_code(lambda: ask(server, "eu-west-1"))[0] == "AccessDeniedException"
    assert ask(server, "us-east-1")["accounts"]


def test_faults_set_for_every_region_reach_regions_first_asked_later(serve: Serve) -> None:
    backends = RegionalBackends(default=member(FRESH))
    server = serve(backends)
    ask(server, "us-east-1")

    backends.set_faults(deny_all=True)

    assert error_code(lambda: ask(server, "us-east-1"))[0] == "AccessDeniedException"
    assert error_code(lambda: ask(server, "eu-north-1"))[0] == "AccessDeniedException"


def test_the_server_lists_the_requests_of_every_region_each_with_its_region(
    serve: Serve,
) -> None:
    server = serve(RegionalBackends({"us-east-1": member(FRESH), "eu-west-1": member(FRESH)}))
    ask(server, "us-east-1")
    ask(server, "eu-west-1")
    error_code(lambda: ask(server, "ap-east-1"))

    recorded = [(r.region, r.status) for r in server.backend.requests]

    assert recorded == [("us-east-1", 200), ("eu-west-1", 200), ("ap-east-1", 403)]
    assert server.backend.request_count() == 3


def test_a_region_backend_lists_only_its_own_requests(serve: Serve) -> None:
    backends = RegionalBackends({"us-east-1": member(FRESH), "eu-west-1": member(FRESH)})
    server = serve(backends)
    ask(server, "us-east-1")
    ask(server, "eu-west-1")

    assert [r.region for r in backends["eu-west-1"].requests] == ["eu-west-1"]


def test_a_lone_backend_records_the_region_of_each_request(serve: Serve) -> None:
    server = serve(InspectorBackend(member(FRESH)))
    ask(server, "eu-central-1")
    ask(server, "us-west-2")

    assert [r.region for r in server.backend.requests] == ["eu-central-1", "us-west-2"]


def test_reset_forgets_the_requests_of_every_region(serve: Serve) -> None:
    backends = RegionalBackends(default=member(FRESH))
    server = serve(backends)
    ask(server, "us-east-1")
    ask(server, "eu-west-1")

    backends.reset()

    assert backends.requests == []


# --- data files per region --------------------------------------------------------------------

GOOD_TRIAL = {"type": "EC2", "start": 1795000000, "end": 1796000000, "status": "ACTIVE"}


def write_json(tmp_path: Path, document: object) -> Path:
    path = tmp_path / "regions.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_a_per_region_data_file_serves_each_region_its_own_trials(
    tmp_path: Path, serve: Serve
) -> None:
    path = write_json(
        tmp_path,
        {
            "regions": {
                "us-east-1": {"accounts": {FRESH: [GOOD_TRIAL]}},
                "eu-west-1": {"accounts": {FRESH: [{**GOOD_TRIAL, "type": "LAMBDA"}]}},
            }
        },
    )
    server = serve(load_regional_backends(path))

    assert trial_types(ask(server, "us-east-1")) == ["EC2"]
    assert trial_types(ask(server, "eu-west-1")) == ["LAMBDA"]


@pytest.mark.parametrize(
    "region", ["eusc-de-east-1", "us-gov-west-1", "cn-north-1", "us-iso-east-1", "eu-west-1"]
)
def test_a_data_file_serves_a_region_of_every_partition(
    tmp_path: Path, serve: Serve, region: str
) -> None:
    other_type = {**GOOD_TRIAL, "type": "LAMBDA"}
    path = write_json(
        tmp_path,
        {
            "accounts": {FRESH: [GOOD_TRIAL]},
            "regions": {region: {"accounts": {FRESH: [other_type]}}},
        },
    )
    server = serve(load_regional_backends(path))

    assert trial_types(ask(server, region)) == ["LAMBDA"]
    assert trial_types(ask(server, "ap-south-2")) == ["EC2"]


def test_a_per_region_data_file_without_top_level_accounts_serves_no_other_region(
    tmp_path: Path, serve: Serve
) -> None:
    path = write_json(tmp_path, {"regions": {"us-east-1": {"accounts": {FRESH: [GOOD_TRIAL]}}}})
    server = serve(load_regional_backends(path))

    assert error_code(lambda: ask(server, "eu-west-1"))[0] == "UnrecognizedClientException"


def test_a_per_region_data_file_serves_its_top_level_accounts_in_other_regions(
    tmp_path: Path, serve: Serve
) -> None:
    path = write_json(
        tmp_path,
        {
            "accounts": {OTHER: [GOOD_TRIAL]},
            "regions": {"us-east-1": {"accounts": {FRESH: [GOOD_TRIAL]}}},
        },
    )
    server = serve(load_regional_backends(path))

    assert ask(server, "eu-west-1", OTHER)["accounts"][0]["accountId"] == OTHER
    assert ask(server, "us-east-1", OTHER)["failedAccounts"][0]["code"] == "ACCESS_DENIED"


def test_a_data_file_without_regions_serves_its_organisation_in_every_region(
    tmp_path: Path, serve: Serve
) -> None:
    path = write_json(tmp_path, {"accounts": {FRESH: [GOOD_TRIAL]}})
    server = serve(load_regional_backends(path))

    assert ask(server, "ap-northeast-3")["accounts"][0]["accountId"] == FRESH


# --- the documented example -------------------------------------------------------------------


def test_emulator_doc_regions_example_runs() -> None:
    text = EMULATOR_DOC.read_text(encoding="utf-8")
    start = text.index("### Different data per region")
    found = re.compile(r"```python\n(.*?)```", re.DOTALL).search(text, start)
    assert found is not None
    namespace: dict[str, Any] = {"__name__": "docs_example"}

    exec(compile(found.group(1), str(EMULATOR_DOC), "exec"), namespace)

    assert {r.region for r in namespace["backends"].requests} == {"us-east-1", "eu-west-1"}


def test_sample_organisation_can_be_the_default_of_every_region(
    serve: Serve, fixed_now: datetime
) -> None:
    server = serve(RegionalBackends(default=sample_organisation(fixed_now)))

    assert ask(server, "eu-west-3", FRESH)["accounts"][0]["accountId"] == FRESH
