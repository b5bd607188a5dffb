"""The JSON documents of ``status`` and ``check`` are what their JSON Schemas say.

Each test runs the real command (``main(argv)`` against the emulator) and validates what it
printed with ``jsonschema``, or shows a schema refusing what the contract does not allow (the
schemas themselves: tests/unit/test_output_schemas.py).
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from support.cli_runner import at
from support.plain_messages import closed_port_url
from support.schemas import CHECK, STATUS, errors_of, printed

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
