"""The provider as the engine runs it: the real ``python -m pulumi.dynamic`` plugin over gRPC.

How a read fails (the service, the network, failed accounts, a stack's time budget) is pinned
in test_fault_matrix.py; destroy without network or credentials in test_refresh_and_destroy.py.
"""

from __future__ import annotations

import pytest

from pulumi_inspector_trial.emulator.sample import (
    ENDING_SOON_ACCOUNT,
    FRESH_ACCOUNT,
    NEW_TYPES_ACCOUNT,
    NON_MEMBER_ACCOUNT,
)
from pulumi_inspector_trial.read.query import free_trial_info_id
from pulumi_inspector_trial.testing import FREE_TRIAL_INFO_TYPE

URN = f"urn:pulumi:dev::trial-report::{FREE_TRIAL_INFO_TYPE}::trial"
TRIAL_ID = "freetrialinfo-test"


def test_read_by_id_with_inputs_only_resolves_the_trials(plugin, emulator):
    inputs = {
        "account_ids": [NEW_TYPES_ACCOUNT, FRESH_ACCOUNT, FRESH_ACCOUNT],
        "endpoint_url": emulator.endpoint_url,
    }
    id_, outputs = plugin.read(TRIAL_ID, URN, inputs=inputs)
    assert id_ == TRIAL_ID
    assert outputs["account_ids"] == [FRESH_ACCOUNT, NEW_TYPES_ACCOUNT]
    assert [a["account_id"] for a in outputs["accounts"]] == [FRESH_ACCOUNT, NEW_TYPES_ACCOUNT]
    assert outputs["failed_accounts"] == []
    assert outputs["active_types"][FRESH_ACCOUNT] == [
        "CODE_REPOSITORY",
        "EC2",
        "ECR",
        "LAMBDA",
        "LAMBDA_CODE",
    ]
    assert "SOURCE_ARTIFACT" in outputs["active_types"][NEW_TYPES_ACCOUNT]
    assert emulator.backend.request_count() == 1


def test_read_takes_the_region_from_stack_config(plugin, emulator):
    _, outputs = plugin.read(
        TRIAL_ID,
        URN,
        inputs={"account_ids": [FRESH_ACCOUNT], "endpoint_url": emulator.endpoint_url},
    )
    assert outputs["region"] == "us-east-1"


def test_an_explicit_region_wins_over_stack_config(plugin, emulator):
    inputs = {
        "account_ids": [FRESH_ACCOUNT],
        "endpoint_url": emulator.endpoint_url,
        "region": "eu-west-1",
    }
    _, outputs = plugin.read(TRIAL_ID, URN, inputs=inputs)
    assert outputs["region"] == "eu-west-1"


def test_refresh_reads_from_prior_properties(plugin, emulator):
    inputs = {"account_ids": [ENDING_SOON_ACCOUNT], "endpoint_url": emulator.endpoint_url}
    _, first = plugin.read(TRIAL_ID, URN, inputs=inputs)
    # On refresh the engine sends the prior outputs as well: they, not the inputs, say what to read.
    other_inputs = {**inputs, "account_ids": [FRESH_ACCOUNT]}
    id_, refreshed = plugin.read(TRIAL_ID, URN, inputs=other_inputs, properties=first)
    assert id_ == TRIAL_ID
    assert [a["account_id"] for a in refreshed["accounts"]] == [ENDING_SOON_ACCOUNT]


def test_timestamps_are_iso_utc_strings(plugin, emulator):
    _, outputs = plugin.read(
        TRIAL_ID,
        URN,
        inputs={"account_ids": [FRESH_ACCOUNT], "endpoint_url": emulator.endpoint_url},
    )
    trial = outputs["accounts"][0]["free_trial_info"][0]
    assert trial["start"].endswith("Z") and trial["end"].endswith("Z")
    assert set(trial) <= {"type", "start", "end", "status", "cloud_provider"}


def test_allow_failed_accounts_returns_them_as_outputs(plugin, emulator):
    inputs = {
        "account_ids": [FRESH_ACCOUNT, NON_MEMBER_ACCOUNT],
        "endpoint_url": emulator.endpoint_url,
        "allow_failed_accounts": True,
    }
    _, outputs = plugin.read(TRIAL_ID, URN, inputs=inputs)
    assert [f["account_id"] for f in outputs["failed_accounts"]] == [NON_MEMBER_ACCOUNT]
    assert outputs["failed_accounts"][0]["code"] == "ACCESS_DENIED"
    assert NON_MEMBER_ACCOUNT not in outputs["active_types"]


def test_check_accepts_good_inputs(plugin, emulator):
    news = {"account_ids": [FRESH_ACCOUNT], "endpoint_url": emulator.endpoint_url}
    inputs, failures = plugin.check(URN, {}, news)
    assert failures == []
    assert inputs["account_ids"] == [FRESH_ACCOUNT]
    assert emulator.backend.requests == []


@pytest.mark.parametrize(
    ("news", "property_", "named"),
    [
        ({"account_ids": ["1234", FRESH_ACCOUNT]}, "account_ids", "'1234'"),
        ({"account_ids": [FRESH_ACCOUNT], "region": "US_EAST"}, "region", "'US_EAST'"),
        ({"account_ids": [FRESH_ACCOUNT], "endpoint_url": "ftp://x"}, "endpoint_url", "'ftp://x'"),
        ({"account_ids": [FRESH_ACCOUNT], "role_arn": "admin"}, "role_arn", "'admin'"),
        ({}, "account_ids", "account_ids"),
        # Named by the property the value was given as, not guessed from words in the message.
        ({"account_ids": ["my-profile"]}, "account_ids", "'my-profile'"),
        ({"account_ids": ["region-1"]}, "account_ids", "'region-1'"),
        ({"account_ids": [FRESH_ACCOUNT], "profile": ""}, "profile", "profile"),
        ({"account_ids": [FRESH_ACCOUNT], "region": "endpoint"}, "region", "'endpoint'"),
        (
            {"account_ids": [FRESH_ACCOUNT], "allow_failed_accounts": "false"},
            "allow_failed_accounts",
            "'false'",
        ),
    ],
)
def test_check_names_the_bad_value(plugin, news, property_, named):
    _, failures = plugin.check(URN, {}, news)
    assert len(failures) == 1
    assert failures[0][0] == property_
    assert named in failures[0][1]


def test_diff_sees_a_change_of_accounts_but_not_of_their_order(plugin):
    olds = {"account_ids": [FRESH_ACCOUNT, NEW_TYPES_ACCOUNT]}
    same = plugin.diff(TRIAL_ID, URN, olds, {"account_ids": [NEW_TYPES_ACCOUNT, FRESH_ACCOUNT]})
    changed = plugin.diff(TRIAL_ID, URN, olds, {"account_ids": [FRESH_ACCOUNT]})
    assert same.changes == same.DIFF_NONE
    assert changed.changes == changed.DIFF_SOME


def test_create_resolves_like_a_read_with_a_deterministic_id(plugin, emulator):
    props = {"account_ids": [FRESH_ACCOUNT], "endpoint_url": emulator.endpoint_url}
    first_id, outputs = plugin.create(URN, props)
    second_id, _ = plugin.create(URN, {**props, "account_ids": [FRESH_ACCOUNT] * 2})
    assert first_id == second_id and first_id.startswith("freetrialinfo-")
    assert outputs["active_types"][FRESH_ACCOUNT]


def test_create_gives_the_id_the_program_registers_with_the_stack_region(plugin, emulator):
    # The shared plugin is configured with aws:region us-east-1, as the program's stack is.
    props = {"account_ids": [FRESH_ACCOUNT], "endpoint_url": emulator.endpoint_url}
    id_, _ = plugin.create(URN, props)
    assert id_ == free_trial_info_id("us-east-1", emulator.endpoint_url, [FRESH_ACCOUNT])


def test_concurrent_reads_are_served_and_share_requests(plugin, emulator):
    from concurrent.futures import ThreadPoolExecutor

    inputs = {
        "account_ids": [FRESH_ACCOUNT, ENDING_SOON_ACCOUNT],
        "endpoint_url": emulator.endpoint_url,
    }
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _: plugin.read(TRIAL_ID, URN, inputs=inputs), range(8)))
    assert all(r[1]["account_ids"] == [FRESH_ACCOUNT, ENDING_SOON_ACCOUNT] for r in results)
    assert emulator.backend.request_count() == 1
