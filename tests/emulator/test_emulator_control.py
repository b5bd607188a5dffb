"""The emulator's control API (``/_emulator/``), driven by a plain HTTP client, as a test or a
benchmark in another process drives it; the services are asked with real boto3 clients
(the command-line emulator's: tests/process/test_emulator_control.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

import pytest
from support.emulator_calls import FRESH, NON_MEMBER, ask, control, error_code

from pulumi_inspector_trial.emulator import (
    EmulatorServer,
    FaultPlan,
    InspectorBackend,
    RegionalBackends,
    sample_organisation,
)

Serve = Callable[[Any], EmulatorServer]


@pytest.fixture
def serve(start_emulator: Callable[[Any], EmulatorServer]) -> Iterator[Serve]:
    servers: list[EmulatorServer] = []

    def start(backend: Any) -> EmulatorServer:
        server = start_emulator(backend)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def regional(serve: Serve, fixed_now: datetime) -> EmulatorServer:
    """The sample organisation in every region, with state per region."""
    return serve(RegionalBackends(default=sample_organisation(fixed_now)))


# --- requests ---------------------------------------------------------------------------------


def test_requests_lists_operation_region_account_ids_and_status(
    regional: EmulatorServer,
) -> None:
    ask(regional.endpoint_url, "eu-west-1", FRESH, NON_MEMBER)

    status, _, document = control(regional.port, "GET", "/_emulator/requests")

    assert status == 200
    assert document == {
        "requests": [
            {
                "operation": "BatchGetFreeTrialInfo",
                "region": "eu-west-1",
                "account_ids": [FRESH, NON_MEMBER],
                "status": 200,
            }
        ],
        "counts": {"BatchGetFreeTrialInfo": 1},
    }


def test_requests_lists_every_region_oldest_first(regional: EmulatorServer) -> None:
    for region in ("us-east-1", "eu-west-1", "us-east-1"):
        ask(regional.endpoint_url, region)

    _, _, document = control(regional.port, "GET", "/_emulator/requests")

    assert [r["region"] for r in document["requests"]] == ["us-east-1", "eu-west-1", "us-east-1"]


def test_control_calls_are_not_recorded(regional: EmulatorServer) -> None:
    control(regional.port, "GET", "/_emulator/faults")
    control(regional.port, "POST", "/_emulator/reset")

    _, _, document = control(regional.port, "GET", "/_emulator/requests")

    assert document["requests"] == []


# --- reset ------------------------------------------------------------------------------------


def test_reset_forgets_the_requests_of_every_region(regional: EmulatorServer) -> None:
    ask(regional.endpoint_url, "us-east-1")
    ask(regional.endpoint_url, "eu-west-1")

    status, _, _ = control(regional.port, "POST", "/_emulator/reset")

    assert status == 200
    assert regional.backend.requests == []


def test_reset_rewinds_fault_counters(serve: Serve, fixed_now: datetime) -> None:
    backend = RegionalBackends(
        default=sample_organisation(fixed_now), faults=FaultPlan(throttle_first=1)
    )
    server = serve(backend)
    error_code(lambda: ask(server.endpoint_url))
    ask(server.endpoint_url)

    control(server.port, "POST", "/_emulator/reset")

    assert error_code(lambda: ask(server.endpoint_url)) == "ThrottlingException"


# --- faults -----------------------------------------------------------------------------------


def test_faults_set_apply_to_the_next_request(regional: EmulatorServer) -> None:
    status, _, _ = control(regional.port, "POST", "/_emulator/faults", {"deny_all": True})

    assert status == 200
    assert error_code(lambda: ask(regional.endpoint_url)) == "AccessDeniedException"


def test_faults_set_without_a_region_apply_in_every_region(regional: EmulatorServer) -> None:
    ask(regional.endpoint_url, "us-east-1")

    control(regional.port, "POST", "/_emulator/faults", {"deny_all": True})

    assert error_code(lambda: ask(regional.endpoint_url, "us-east-1")) == "AccessDeniedException"
    assert error_code(lambda: ask(regional.endpoint_url, "eu-west-1")) == "AccessDeniedException"


def test_faults_set_for_one_region_leave_the_other_regions_alone(
    regional: EmulatorServer,
) -> None:
    control(regional.port, "POST", "/_emulator/faults?region=eu-west-1", {"deny_all": True})

    assert error_code(lambda: ask(regional.endpoint_url, "eu-west-1")) == "AccessDeniedException"
    assert ask(regional.endpoint_url, "us-east-1")["accounts"]


def test_faults_set_on_a_lone_backend_apply_to_its_fault_plan(
    serve: Serve, fixed_now: datetime
) -> None:
    server = serve(InspectorBackend(sample_organisation(fixed_now)))

    control(
        server.port,
        "POST",
        "/_emulator/faults",
        {"internal_error_accounts": {FRESH: 2}, "access_denied_accounts": [NON_MEMBER]},
    )

    assert server.backend.faults == FaultPlan(
        internal_error_accounts={FRESH: 2}, access_denied_accounts=frozenset({NON_MEMBER})
    )


def test_get_faults_shows_the_plan_of_every_region_and_of_each_region_set_apart(
    regional: EmulatorServer,
) -> None:
    control(regional.port, "POST", "/_emulator/faults", {"latency_seconds": 0.25})
    control(regional.port, "POST", "/_emulator/faults?region=eu-west-1", {"throttle_first": 2})

    _, _, document = control(regional.port, "GET", "/_emulator/faults")

    assert document["faults"]["latency_seconds"] == 0.25
    assert document["faults"]["throttle_first"] == 0
    assert document["regions"]["eu-west-1"]["throttle_first"] == 2
    assert document["regions"]["eu-west-1"]["latency_seconds"] == 0.25


@pytest.mark.parametrize(
    ("body", "named"),
    [
        pytest.param({"throttle_sometimes": 1}, "faults.throttle_sometimes", id="unknown-fault"),
        pytest.param({"throttle_first": -1}, "faults.throttle_first", id="negative-count"),
        pytest.param({"deny_all": "yes"}, "'yes'", id="not-a-boolean"),
        pytest.param({"malformed": "truncated"}, "'truncated'", id="unknown-malformed-kind"),
        pytest.param({"access_denied_accounts": ["42"]}, "'42'", id="bad-account-id"),
    ],
)
def test_a_bad_fault_is_a_validation_exception_naming_it(
    regional: EmulatorServer, body: object, named: str
) -> None:
    status, headers, document = control(regional.port, "POST", "/_emulator/faults", body)

    assert (status, headers["x-amzn-ErrorType"]) == (400, "ValidationException")
    assert named in document["message"]


def test_faults_of_a_body_that_is_not_json_is_a_validation_exception_cannot_parse(
    regional: EmulatorServer,
) -> None:
    status, headers, document = control(regional.port, "POST", "/_emulator/faults", b"{deny")

    assert (status, headers["x-amzn-ErrorType"]) == (400, "ValidationException")
    assert document["reason"] == "CANNOT_PARSE"


def test_faults_for_a_region_on_a_lone_backend_is_a_validation_exception(
    serve: Serve, fixed_now: datetime
) -> None:
    server = serve(InspectorBackend(sample_organisation(fixed_now)))

    status, _, document = control(
        server.port, "POST", "/_emulator/faults?region=eu-west-1", {"deny_all": True}
    )

    assert status == 400
    assert "every region" in document["message"]
    assert server.backend.faults.deny_all is False


def test_faults_for_a_region_that_is_not_served_is_a_validation_exception(
    serve: Serve, fixed_now: datetime
) -> None:
    server = serve(RegionalBackends({"us-east-1": sample_organisation(fixed_now)}))

    status, _, document = control(
        server.port, "POST", "/_emulator/faults?region=eu-west-1", {"deny_all": True}
    )

    assert status == 400
    assert "'eu-west-1'" in document["message"]


def test_an_unknown_control_path_is_unknown_operation_404(regional: EmulatorServer) -> None:
    status, headers, _ = control(regional.port, "POST", "/_emulator/restart")

    assert (status, headers["x-amzn-ErrorType"]) == (404, "UnknownOperationException")
