"""The JSON documents of ``status`` and ``check`` are what their JSON Schemas say.

The schemas ship inside the package (``pulumi_inspector_trial/schemas``). Each test runs the real
command (``main(argv)`` against the emulator) and validates what it printed with ``jsonschema``;
the schemas themselves are checked against draft 2020-12, and ``check``'s refuses a document
that claims ``"ok": true`` beside anything that was not read or any error.
"""

from __future__ import annotations

import copy
import io
import json
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
from cli_runner import at
from jsonschema import Draft202012Validator
from plain_messages import closed_port_url

from pulumi_inspector_trial.cli import main
from pulumi_inspector_trial.domain.trials import INACTIVE, FreeTrial
from pulumi_inspector_trial.emulator import (
    EmulatorServer,
    InspectorBackend,
    Organisation,
    RegionalBackends,
    sample_organisation,
)
from pulumi_inspector_trial.emulator.exceptions import AccessDeniedException
from pulumi_inspector_trial.emulator.sample import (
    ENDING_SOON_ACCOUNT,
    EXPIRED_ACCOUNT,
    FRESH_ACCOUNT,
    NEW_TYPES_ACCOUNT,
    NON_MEMBER_ACCOUNT,
    SAMPLE_ACCOUNT_IDS,
)

EAST, WEST, UNSERVED = "us-east-1", "eu-west-1", "ap-east-1"
CONSOLE_SCRIPT = Path(sys.executable).with_name("inspector-trial")


def schema(name: str) -> dict[str, Any]:
    text = files("pulumi_inspector_trial").joinpath(f"schemas/{name}.schema.json").read_text()
    document: dict[str, Any] = json.loads(text)
    return document


STATUS = Draft202012Validator(schema("status"))
CHECK = Draft202012Validator(schema("check"))


def printed(fixed_now: datetime, *argv: str) -> tuple[int, dict[str, Any]]:
    """Run the command; its exit code and the JSON document it printed."""
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err, clock=lambda: fixed_now)
    assert out.getvalue(), err.getvalue()
    document: dict[str, Any] = json.loads(out.getvalue())
    return code, document


def errors_of(validator: Draft202012Validator, document: Any) -> list[str]:
    return [error.message for error in validator.iter_errors(document)]


@pytest.fixture
def regional(fixed_now: datetime) -> Iterator[EmulatorServer]:
    """us-east-1 and eu-west-1 serve organisations of their own; any other region cannot be
    read (an opt-in region the account has not enabled)."""
    ended = FreeTrial(
        "EC2", fixed_now - timedelta(days=20), fixed_now - timedelta(days=5), INACTIVE
    )
    organisations = {
        EAST: sample_organisation(fixed_now),
        WEST: Organisation(members={FRESH_ACCOUNT: (ended,)}),
    }
    with EmulatorServer(RegionalBackends(organisations)) as server:
        yield server


class _UsageDenied(InspectorBackend):
    def list_usage_totals(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        raise AccessDeniedException()


# --- the schemas ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["status", "check"])
def test_each_schema_is_a_valid_draft_2020_12_schema(name):
    document = schema(name)
    assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(document)


@pytest.mark.parametrize("name", ["status", "check"])
def test_every_object_of_each_schema_is_closed(name):
    """A fixed document: no object may grow a key the schema does not name."""

    def objects(node: Any) -> Iterator[dict[str, Any]]:
        if isinstance(node, dict):
            if node.get("type") == "object":
                yield node
            for value in node.values():
                yield from objects(value)
        elif isinstance(node, list):
            for value in node:
                yield from objects(value)

    closed = [o.get("additionalProperties") for o in objects(schema(name)) if "properties" in o]
    assert closed and all(value is False for value in closed)


# --- status --------------------------------------------------------------------------------------


def test_status_json_of_one_region_with_a_failed_account_matches_its_schema(emulator, fixed_now):
    code, document = printed(
        fixed_now, "status", *at(emulator), "--output", "json", *SAMPLE_ACCOUNT_IDS
    )
    assert code == 3  # the non-member
    assert document["failed_accounts"] and document["accounts"]
    assert errors_of(STATUS, document) == []


def test_status_json_of_several_regions_matches_its_schema(regional, fixed_now):
    code, document = printed(
        fixed_now,
        "status",
        "--endpoint-url",
        regional.endpoint_url,
        "--output",
        "json",
        "--region",
        f"{EAST},{WEST}",
        FRESH_ACCOUNT,
        NON_MEMBER_ACCOUNT,
    )
    assert code == 3
    assert {a["region"] for a in document["accounts"]} == {EAST, WEST}
    assert errors_of(STATUS, document) == []


def test_status_json_beside_a_region_that_cannot_be_read_matches_its_schema(regional, fixed_now):
    code, document = printed(
        fixed_now,
        "status",
        "--endpoint-url",
        regional.endpoint_url,
        "--output",
        "json",
        "--region",
        f"{EAST},{UNSERVED}",
        FRESH_ACCOUNT,
    )
    assert code == 3
    assert errors_of(STATUS, document) == []


@pytest.mark.parametrize("regions", [EAST, f"{EAST},{WEST}"])
def test_status_json_with_costs_matches_its_schema(regional, fixed_now, regions):
    code, document = printed(
        fixed_now,
        "status",
        "--endpoint-url",
        regional.endpoint_url,
        "--output",
        "json",
        "--costs",
        "--region",
        regions,
        EXPIRED_ACCOUNT,
        FRESH_ACCOUNT,
    )
    assert code in (0, 3)  # EXPIRED_ACCOUNT is no member in eu-west-1
    assert document["costs"]
    assert errors_of(STATUS, document) == []


def test_the_status_schema_refuses_a_key_the_contract_does_not_name(emulator, fixed_now):
    _, document = printed(fixed_now, "status", *at(emulator), "--output", "json", FRESH_ACCOUNT)
    assert errors_of(STATUS, document) == []
    for extended in (
        {**document, "ok": True},
        {**document, "accounts": [{**document["accounts"][0], "extra": 1}]},
    ):
        assert errors_of(STATUS, extended)


def test_the_status_schema_needs_a_region_on_every_entry(emulator, fixed_now):
    _, document = printed(
        fixed_now, "status", *at(emulator), "--output", "json", *SAMPLE_ACCOUNT_IDS
    )
    broken = copy.deepcopy(document)
    del broken["failed_accounts"][0]["region"]
    assert any("'region' is a required property" in e for e in errors_of(STATUS, broken))


# --- check ---------------------------------------------------------------------------------------


CHECKS = {
    "passing": ["--require-active", "EC2", FRESH_ACCOUNT],
    "violated": [
        "--require-active",
        "EC2",
        "--min-days-left",
        "3",
        FRESH_ACCOUNT,
        ENDING_SOON_ACCOUNT,
        EXPIRED_ACCOUNT,
        NEW_TYPES_ACCOUNT,
    ],
    "failed accounts": ["--require-active", "EC2", FRESH_ACCOUNT, NON_MEMBER_ACCOUNT],
    "over budget": ["--max-monthly-cost", "1", EXPIRED_ACCOUNT, FRESH_ACCOUNT],
}


@pytest.mark.parametrize("argv", CHECKS.values(), ids=CHECKS.keys())
def test_check_json_of_one_region_matches_its_schema(emulator, fixed_now, argv):
    code, document = printed(fixed_now, "check", *at(emulator), "--output", "json", *argv)
    assert errors_of(CHECK, document) == []
    assert document["ok"] is (code == 0)
    assert document["regions"] == [EAST]
    assert all(f["region"] == EAST for f in document["findings"])


def test_check_json_of_several_regions_matches_its_schema(regional, fixed_now):
    code, document = printed(
        fixed_now,
        "check",
        "--endpoint-url",
        regional.endpoint_url,
        "--output",
        "json",
        "--require-active",
        "EC2",
        "--region",
        f"{EAST},{WEST}",
        FRESH_ACCOUNT,
    )
    assert code == 1
    assert errors_of(CHECK, document) == []
    assert [(f["region"], f["severity"]) for f in document["findings"]] == [(WEST, "error")]


def test_check_json_beside_a_region_that_cannot_be_read_matches_its_schema(regional, fixed_now):
    code, document = printed(
        fixed_now,
        "check",
        "--endpoint-url",
        regional.endpoint_url,
        "--output",
        "json",
        "--region",
        f"{EAST},{UNSERVED}",
        FRESH_ACCOUNT,
        NON_MEMBER_ACCOUNT,
    )
    assert code == 3
    assert errors_of(CHECK, document) == []
    assert [(u["kind"], u["region"]) for u in document["unread"]] == [
        ("region", UNSERVED),
        ("account", EAST),
    ]


def test_check_json_of_an_endpoint_that_cannot_be_read_matches_its_schema(fixed_now):
    code, document = printed(
        fixed_now,
        "check",
        "--endpoint-url",
        closed_port_url(),
        "--region",
        EAST,
        "--output",
        "json",
        FRESH_ACCOUNT,
    )
    assert code == 3
    assert errors_of(CHECK, document) == []
    assert document["ok"] is False


def test_check_json_of_costs_that_cannot_be_read_matches_its_schema(start_emulator, fixed_now):
    server = start_emulator(_UsageDenied(sample_organisation(fixed_now)))
    try:
        code, document = printed(
            fixed_now,
            "check",
            *at(server),
            "--output",
            "json",
            "--max-monthly-cost",
            "5",
            FRESH_ACCOUNT,
        )
    finally:
        server.stop()
    assert code == 3
    assert errors_of(CHECK, document) == []


def test_the_check_schema_refuses_ok_beside_anything_unread_or_any_error(emulator, fixed_now):
    code, passing = printed(fixed_now, "check", *at(emulator), "--output", "json", FRESH_ACCOUNT)
    assert code == 0 and passing["ok"] is True
    assert errors_of(CHECK, passing) == []
    _, failing = printed(
        fixed_now,
        "check",
        *at(emulator),
        "--output",
        "json",
        "--require-active",
        "EC2",
        FRESH_ACCOUNT,
        NON_MEMBER_ACCOUNT,
        EXPIRED_ACCOUNT,
    )
    assert failing["unread"] and any(f["severity"] == "error" for f in failing["findings"])
    lies = {
        "an unread account": {**passing, "unread": failing["unread"]},
        "an unread region": {
            **passing,
            "unread": [
                {
                    "kind": "region",
                    "region": WEST,
                    "account_id": None,
                    "code": None,
                    "message": "Could not connect.",
                }
            ],
        },
        "an error": {**passing, "findings": failing["findings"]},
        "no account checked": {**passing, "checked_accounts": []},
    }
    for what, document in lies.items():
        assert errors_of(CHECK, document), f"ok: true beside {what} was accepted"
    # And the other way round: a failure needs a reason.
    assert errors_of(CHECK, {**passing, "ok": False})


def test_the_check_schema_refuses_an_unread_entry_of_the_wrong_shape(emulator, fixed_now):
    _, document = printed(fixed_now, "check", *at(emulator), "--output", "json", NON_MEMBER_ACCOUNT)
    (unread,) = document["unread"]
    for broken in (
        {**unread, "account_id": None},  # an account entry names its account
        {**unread, "kind": "region"},  # a region entry names none
        {**unread, "kind": "bucket"},
    ):
        assert errors_of(CHECK, {**document, "unread": [broken]}), broken


# --- as a pipeline uses them -------------------------------------------------------------------


def test_the_readmes_check_document_is_valid_and_not_ok():
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.index("### What `check` reports")
    block = readme.index("```json\n", section) + len("```json\n")
    document = json.loads(readme[block : readme.index("```", block)])
    assert errors_of(CHECK, document) == []
    assert errors_of(CHECK, {**document, "ok": True})


def test_check_jsonschema_validates_the_commands_output_as_a_ci_step_would(
    emulator, aws_env, tmp_path
):
    report = tmp_path / "report.json"
    with report.open("w") as out:
        process = subprocess.run(
            [
                str(CONSOLE_SCRIPT),
                "check",
                *at(emulator),
                "--output",
                "json",
                "--require-active",
                "EC2",
                FRESH_ACCOUNT,
                EXPIRED_ACCOUNT,
            ],
            stdout=out,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            env=aws_env(),
            check=False,
        )
    assert process.returncode == 1, process.stderr
    schema_file = files("pulumi_inspector_trial").joinpath("schemas/check.schema.json")
    validated = subprocess.run(
        [
            str(Path(sys.executable).with_name("check-jsonschema")),
            "--schemafile",
            str(schema_file),
            str(report),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert validated.returncode == 0, validated.stdout + validated.stderr

