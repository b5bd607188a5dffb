"""A program's bad input, missing extra and failed read reach the user as one sentence.

Pulumi's Python language host prints a program's whole traceback unless the exception is a
``pulumi.RunError``. Each program here runs through the SDK's own run entry,
``pulumi.automation._server.LanguageServer.Run`` (the language host's strategy: its comment says
it is derived from ``pulumi-language-python-exec``), against a resource monitor served over gRPC
on 127.0.0.1, as the engine serves one; ``RunResponse.error`` is what the CLI shows.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from concurrent import futures
from typing import Any

import grpc
import pulumi
import pytest
from pulumi.automation._server import LanguageServer
from pulumi.runtime.mocks import MockMonitor
from pulumi.runtime.proto import language_pb2, resource_pb2_grpc

from pulumi_inspector_trial import (
    FailedAccountsError,
    FreeTrialInfo,
    GatedEnabler,
    GatedEnablerArgs,
    InvalidInputError,
    MissingExtraError,
    get_free_trial_info,
    get_free_trial_info_output,
)
from pulumi_inspector_trial.emulator import EmulatorServer
from pulumi_inspector_trial.emulator.sample import FRESH_ACCOUNT, NON_MEMBER_ACCOUNT


class _Mocks(pulumi.runtime.Mocks):
    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict[str, Any]]:
        return f"{args.name}-id", dict(args.inputs)

    def call(self, args: pulumi.runtime.MockCallArgs) -> tuple[dict[str, Any], None]:
        return {}, None


class _Monitor(resource_pb2_grpc.ResourceMonitorServicer):
    """The engine's side of the program: registrations answered by Pulumi's ``MockMonitor``."""

    def __init__(self) -> None:
        self._mock = MockMonitor(_Mocks())

    def __getattribute__(self, name: str) -> Any:
        method = getattr(object.__getattribute__(self, "_mock"), name, None)
        if name[:1].isupper() and method is not None:
            return lambda request, context: method(request)
        return object.__getattribute__(self, name)  # the rest: UNIMPLEMENTED, as the base says


@pytest.fixture
def monitor_address() -> Iterator[str]:
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
    resource_pb2_grpc.add_ResourceMonitorServicer_to_server(_Monitor(), server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    yield f"127.0.0.1:{port}"
    server.stop(grace=None)


RunProgram = Callable[[Callable[[], object]], str]


@pytest.fixture
def run_program(monitor_address: str) -> RunProgram:
    """``run_program(program)``: what the language host reports of the program at preview."""

    def run(program: Callable[[], object]) -> str:
        request = language_pb2.RunRequest(
            project="project",
            stack="stack",
            monitor_address=monitor_address,
            dryRun=True,
            parallel=4,
        )
        response = LanguageServer(program).Run(request, None)
        return str(response.error)

    return run


def test_the_language_host_shows_a_traceback_for_any_other_exception(run_program: RunProgram):
    def program() -> None:
        raise ValueError("not one of ours")

    assert "Traceback (most recent call last)" in run_program(program)


def test_bad_input_to_get_free_trial_info_is_one_sentence(run_program: RunProgram):
    sentence = "Invalid AWS account id: '12345'. An account id is a string of exactly 12 digits."

    def program() -> None:
        get_free_trial_info(account_ids=["12345"], region="us-east-1")

    assert run_program(program) == sentence


def test_bad_input_to_gated_enabler_args_is_one_sentence(run_program: RunProgram):
    def program() -> None:
        GatedEnabler("gate", GatedEnablerArgs(account_ids=[FRESH_ACCOUNT], members="yes"))

    assert run_program(program) == "members must be True or False, not 'yes'."


def test_gated_enabler_without_pulumi_aws_is_one_sentence(
    run_program: RunProgram, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setitem(sys.modules, "pulumi_aws", None)  # import pulumi_aws now fails

    def program() -> None:
        GatedEnabler("gate", account_ids=[FRESH_ACCOUNT], region="us-east-1")

    assert run_program(program) == (
        "GatedEnabler needs pulumi-aws, which is not installed: "
        "pip install 'pulumi-inspector-trial[aws]'."
    )


def test_a_failed_read_in_get_free_trial_info_is_one_sentence(
    run_program: RunProgram, emulator: EmulatorServer
):
    def program() -> None:
        get_free_trial_info(
            account_ids=[NON_MEMBER_ACCOUNT], region="us-east-1", endpoint_url=emulator.endpoint_url
        )

    error = run_program(program)
    assert error.startswith("Free-trial data could not be resolved for 1 account: 555566667777")
    assert "Traceback" not in error and "\n" not in error


def test_gated_enabler_s_program_time_read_failing_is_one_sentence(
    run_program: RunProgram, emulator: EmulatorServer
):
    def program() -> None:  # no region anywhere: the read refuses to guess one
        GatedEnabler("gate", account_ids=[FRESH_ACCOUNT], endpoint_url=emulator.endpoint_url)

    assert run_program(program).startswith("No AWS region is set: pass --region")


def test_the_sentences_are_still_the_package_s_errors(emulator: EmulatorServer):
    with pytest.raises(InvalidInputError) as bad:
        GatedEnablerArgs(account_ids=[FRESH_ACCOUNT], members="yes")
    assert isinstance(bad.value, pulumi.RunError) and bad.value.property == "members"
    with pytest.raises(FailedAccountsError) as failed:
        get_free_trial_info(
            account_ids=[NON_MEMBER_ACCOUNT], region="us-east-1", endpoint_url=emulator.endpoint_url
        )
    assert isinstance(failed.value, pulumi.RunError)
    assert failed.value.result.failed_accounts[0].account_id == NON_MEMBER_ACCOUNT


def test_a_missing_extra_is_still_an_import_error(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setitem(sys.modules, "pulumi_aws", None)
    with pytest.raises(ImportError) as missing:
        GatedEnabler("gate", account_ids=[FRESH_ACCOUNT], region="us-east-1")
    assert isinstance(missing.value, MissingExtraError)
    assert isinstance(missing.value, pulumi.RunError)
    assert missing.value.name == "pulumi_aws" and missing.value.extra == "aws"


def test_bad_input_to_free_trial_info_is_one_sentence(run_program: RunProgram):
    def program() -> None:
        FreeTrialInfo("trials", account_ids=["12345"], region="us-east-1")

    assert run_program(program) == (
        "Invalid AWS account id: '12345'. An account id is a string of exactly 12 digits."
    )


def test_a_failed_read_in_get_free_trial_info_output_is_one_sentence(
    run_program: RunProgram, emulator: EmulatorServer
):
    def program() -> None:
        trials = get_free_trial_info_output(
            account_ids=[NON_MEMBER_ACCOUNT], region="us-east-1", endpoint_url=emulator.endpoint_url
        )
        pulumi.export("active_types", trials.apply(lambda t: t.active_types))

    error = run_program(program)
    assert error.startswith("Free-trial data could not be resolved for 1 account: 555566667777")
    assert "Traceback" not in error and "\n" not in error
