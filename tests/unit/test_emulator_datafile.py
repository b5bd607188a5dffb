"""Emulator data files: every rule docs/emulator.md states is enforced, each refusal naming the
file, the path inside it and the rule, through the real loaders and ``main(argv)`` without a
network (the real process: tests/process/test_emulator_datafile.py)."""

from __future__ import annotations

import io
import json
import re
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import botocore.session
import pytest
from support.datafiles import (
    BAD,
    TRIAL,
    USAGE,
    A,
    B,
    Bad,
    expected_message,
    member,
    trial,
    write,
)
from support.paths import REPO
from support.plain_messages import sentences

from pulumi_inspector_trial.cli import main
from pulumi_inspector_trial.emulator import (
    DataFileError,
    load_data_file,
    load_regional_backends,
)
from pulumi_inspector_trial.emulator import datafile_rules as datafile

EMULATOR_DOC = REPO / "docs" / "emulator.md"


class StopOnceListening(io.StringIO):
    """The command's stdout: were a file with a broken rule served, the announcement of its
    endpoint stops the emulator as Ctrl-C would, so the test fails at once instead of serving."""

    def write(self, text: str) -> int:
        super().write(text)
        raise KeyboardInterrupt


@pytest.mark.parametrize("bad", BAD.values(), ids=BAD.keys())
def test_load_regional_backends_refuses_a_broken_rule_naming_file_path_and_rule(
    tmp_path: Path, bad: Bad
) -> None:
    path = write(tmp_path, bad.document)

    with pytest.raises(DataFileError) as raised:
        load_regional_backends(path)

    error = raised.value
    assert (error.file, error.path, error.rule) == (path, bad.path, bad.rule)
    assert expected_message(path, bad).fullmatch(str(error)), str(error)
    assert sentences(str(error)) == 1, str(error)


ONE_ORGANISATION = {name: bad for name, bad in BAD.items() if "regions" not in str(bad.document)}


@pytest.mark.parametrize("bad", ONE_ORGANISATION.values(), ids=ONE_ORGANISATION.keys())
def test_load_data_file_refuses_the_same_rules(tmp_path: Path, bad: Bad) -> None:
    path = write(tmp_path, bad.document)

    with pytest.raises(DataFileError) as raised:
        load_data_file(path)

    assert (raised.value.path, raised.value.rule) == (bad.path, bad.rule)


def test_load_data_file_refuses_a_file_with_regions_naming_load_regional_backends(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, {"regions": {"us-east-1": {}}})

    with pytest.raises(DataFileError) as raised:
        load_data_file(path)

    assert (raised.value.path, raised.value.rule) == ("regions", datafile.ONE_ORGANISATION)
    assert "load_regional_backends" in str(raised.value)


def test_every_rule_has_a_bad_document_that_breaks_it() -> None:
    broken = {bad.rule for bad in BAD.values()} | {datafile.ONE_ORGANISATION}

    assert set(datafile.RULES) == broken


def documented_rules() -> list[str]:
    """The bullets of docs/emulator.md's list of data-file rules, as written."""
    text = EMULATOR_DOC.read_text(encoding="utf-8")
    section = text.split("### The rules\n", 1)[1].split("\n#", 1)[0]
    bullets = re.findall(r"^- (.+?)(?=^- |^\S|\Z)", section, re.MULTILINE | re.DOTALL)
    return [" ".join(bullet.replace("`", "").split()) for bullet in bullets]


def test_the_documented_rules_are_exactly_the_rules_enforced() -> None:
    assert documented_rules() == list(datafile.RULES)


@pytest.mark.parametrize("bad", BAD.values(), ids=BAD.keys())
def test_the_emulator_command_refuses_a_broken_rule_with_one_line_and_exit_2(
    tmp_path: Path, bad: Bad
) -> None:
    path = write(tmp_path, bad.document)
    out, err = StopOnceListening(), io.StringIO()

    code = main(["emulator", "--port", "0", "--data", str(path)], stdout=out, stderr=err)

    assert (code, out.getvalue()) == (2, "")
    (line,) = err.getvalue().splitlines()
    assert expected_message(path, bad).fullmatch(line.removeprefix("inspector-trial: ")), line


# -- what the rules allow ------------------------------------------------------------------------


def test_a_trial_may_end_when_it_starts(tmp_path: Path) -> None:
    path = write(tmp_path, member(trial(start=1795000000, end=1795000000)))

    organisation, _ = load_data_file(path)

    (only,) = organisation.members[A]
    assert only.start == only.end


def test_an_iso_timestamp_without_an_offset_is_utc_and_epoch_seconds_are_a_number(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, member(trial(start="2026-11-20T00:00:00", end=1800000000.5)))

    organisation, _ = load_data_file(path)

    (only,) = organisation.members[A]
    assert only.start == datetime(2026, 11, 20, tzinfo=timezone.utc)
    assert only.end == datetime.fromtimestamp(1800000000.5, tz=timezone.utc)


def test_every_region_botocore_knows_is_a_region_name(tmp_path: Path) -> None:
    # Read through botocore's own loader, not the file the emulator reads.
    partitions = botocore.session.get_session().get_data("endpoints")["partitions"]
    regions = sorted({region for p in partitions for region in p["regions"]})
    assert {"eusc-de-east-1", "us-gov-west-1", "cn-north-1", "us-iso-east-1"} <= set(regions)

    backends = load_regional_backends(write(tmp_path, {"regions": {r: {} for r in regions}}))

    assert backends.regions == regions


def test_types_repeat_across_accounts_and_an_account_differs_between_regions(
    tmp_path: Path,
) -> None:
    document: dict[str, Any] = {
        "regions": {
            "us-east-1": {"accounts": {A: [TRIAL], B: [TRIAL]}, "usage": {A: [USAGE], B: [USAGE]}},
            "eu-west-1": {"accounts": {B: [TRIAL]}, "nonMembers": [A]},
        },
        "nonMembers": [B],
    }

    backends = load_regional_backends(write(tmp_path, document))

    assert backends["us-east-1"].organisation.is_member(A)
    assert not backends["eu-west-1"].organisation.is_member(A)
    assert backends.default is not None and not backends.default.is_member(B)


def test_a_synthesized_member_may_have_usage_and_faults_take_their_documented_extremes(
    tmp_path: Path,
) -> None:
    document = {
        "synthesizeMembers": True,
        "usage": {B: [USAGE]},
        "faults": {"internal_error_accounts": {A: -1}, "max_requests_per_second": None},
    }

    organisation, faults = load_data_file(write(tmp_path, document))

    assert organisation.usage_of(B)[0].estimated_monthly_cost == 9.0
    assert faults.internal_error_accounts == {A: -1}
    assert faults.max_requests_per_second is None


def test_a_byte_order_mark_before_the_document_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "organisation.json"
    path.write_text(json.dumps(member()), encoding="utf-8-sig")

    organisation, _ = load_data_file(path)

    assert organisation.is_member(A)
