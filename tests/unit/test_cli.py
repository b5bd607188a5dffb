"""``inspector-trial``'s argument handling without a network: ``main(argv)`` in-process for unknown
or missing commands, help, and the emulator command's bad data files, ports and hosts (the
commands against the emulator: tests/emulator/test_cli.py).
"""

from __future__ import annotations

import pytest
from support.cli_runner import assert_plain_error

from pulumi_inspector_trial.domain.errors import InvalidInputError
from pulumi_inspector_trial.emulator.sample import (
    FRESH_ACCOUNT,
)
from pulumi_inspector_trial.read.query import TIMEOUT_EXPECTED, limits_from_config, timeout_seconds

# --- status ------------------------------------------------------------------------------------


def test_unknown_command_exits_2_naming_it(cli):
    outcome = cli("statuss", FRESH_ACCOUNT)
    assert outcome.code == 2
    assert_plain_error(outcome)
    assert "'statuss'" in outcome.stderr


def test_no_command_exits_2(cli):
    outcome = cli()
    assert outcome.code == 2
    assert_plain_error(outcome)


def test_help_goes_to_the_given_stdout_and_exits_0(cli):
    outcome = cli("--help")
    assert outcome.code == 0
    for command in ("status", "check", "emulator", "demo"):
        assert command in outcome.stdout
    assert outcome.stderr == ""


def test_command_help_lists_its_options(cli):
    outcome = cli("status", "--help")
    assert outcome.code == 0
    for option in ("--output", "--account-ids-file", "--endpoint-url", "--role-arn", "--timeout"):
        assert option in outcome.stdout


# --- emulator ----------------------------------------------------------------------------------


def test_emulator_with_a_bad_data_file_exits_2_naming_it(cli, tmp_path):
    data = tmp_path / "organisation.json"
    data.write_text('{"accounts": {"12345": []}}', encoding="utf-8")
    outcome = cli("emulator", "--port", "0", "--data", str(data))
    assert outcome.code == 2
    assert_plain_error(outcome)
    assert str(data) in outcome.stderr
    assert "'12345'" in outcome.stderr


def test_emulator_with_a_missing_data_file_exits_2_naming_it(cli, tmp_path):
    missing = tmp_path / "no-such-organisation.json"
    outcome = cli("emulator", "--port", "0", "--data", str(missing))
    assert outcome.code == 2
    assert_plain_error(outcome)
    assert str(missing) in outcome.stderr


@pytest.mark.parametrize("port", ["65536", "-1", "http"])
def test_emulator_bad_port_exits_2_naming_it(cli, port):
    outcome = cli("emulator", "--port", port)
    assert outcome.code == 2
    assert f"'{port}'" in outcome.stderr


@pytest.mark.parametrize("host", ["", " "])
def test_emulator_empty_host_exits_2_naming_it(cli, host):
    outcome = cli("emulator", "--port", "0", "--host", host)
    assert outcome.code == 2
    assert_plain_error(outcome)
    assert f"--host: expected a host name or address, not '{host}'" in outcome.stderr


@pytest.mark.parametrize("timeout", ["0", "-1", "nan", "3601", "soon"])
def test_a_bad_timeout_is_refused_by_the_one_check_the_stack_and_the_pack_use(cli, timeout):
    outcome = cli("status", "--timeout", timeout, FRESH_ACCOUNT)
    assert outcome.code == 2
    assert f"--timeout: expected {TIMEOUT_EXPECTED}, not {timeout!r}" in outcome.stderr
    with pytest.raises(InvalidInputError) as from_stack:
        limits_from_config(timeout)
    assert str(from_stack.value) == (
        f"Invalid inspector-trial:timeout {timeout!r}: expected {TIMEOUT_EXPECTED}."
    )


def test_a_good_timeout_is_the_read_s_time_budget(cli):
    assert timeout_seconds("2.5", "--timeout") == limits_from_config("2.5").total_timeout == 2.5
