"""Whatever a user types, the answer is the data or an ``InvalidInputError`` naming the bad value.

Property tests against the emulator: account ids and whole command lines never raise another
exception nor print a traceback, and no request carries a bad id (the emulator records every
request it answers). Regions, endpoints, role ARNs and data files: tests/unit/.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st
from support.factories import NOW
from support.id_strategies import LIMITS, PROPERTY, TWELVE_DIGITS, any_id, assert_names

from pulumi_inspector_trial.aws.resolver import resolve_free_trials
from pulumi_inspector_trial.cli import main
from pulumi_inspector_trial.domain.errors import InvalidInputError
from pulumi_inspector_trial.domain.validation import SHOWN_BAD_INPUTS
from pulumi_inspector_trial.emulator import (
    EmulatorServer,
    InspectorBackend,
    sample_organisation,
)


@pytest.fixture(scope="module")
def server() -> Iterator[EmulatorServer]:
    now = NOW
    with EmulatorServer(InspectorBackend(sample_organisation(now))) as running:
        yield running


def is_account_id(value: str) -> bool:
    return TWELVE_DIGITS.fullmatch(value.strip()) is not None


@PROPERTY
@given(ids=st.lists(any_id, max_size=6))
def test_account_ids_resolve_or_are_refused_by_name_before_any_request(server, ids):
    before = len(server.backend.requests)
    try:
        result = resolve_free_trials(
            ids, region="us-east-1", endpoint_url=server.endpoint_url, limits=LIMITS
        )
    except InvalidInputError as error:
        bad = [i for i in ids if not is_account_id(i)]
        assert bad or not ids
        for value in bad[:SHOWN_BAD_INPUTS]:  # the rest are counted
            assert_names(error, value)
        assert len(server.backend.requests) == before  # nothing was sent
        return
    assert ids and all(is_account_id(i) for i in ids)
    asked = {i.strip() for i in ids}
    answered = {a.account_id for a in result.accounts} | {
        f.account_id for f in result.failed_accounts
    }
    assert answered == asked
    for request in server.backend.requests[before:]:
        assert all(TWELVE_DIGITS.fullmatch(i) for i in request.account_ids)


argv_tokens = st.one_of(
    st.sampled_from(
        [
            "--region",
            "us-east-1",
            "--output",
            "json",
            "table",
            "text",
            "github",
            "--timeout",
            "0",
            "-1",
            "1e9",
            "inf",
            "nan",
            "2",
            "--profile",
            "--role-arn",
            "arn:aws:iam::111122223333:role/admin",
            "--account-ids-file",
            "-",
            "/nonexistent",
            "--require-active",
            "EC2",
            "NOPE",
            "EC2,,ECR",
            "--min-days-left",
            "--endpoint-url",
            "ftp://x",
            "--help",
            "-h",
            "--",
            "111122223333",
            "555566667777",
            "12345",
        ]
    ),
    # No ':' in free text, so no token can become a reachable endpoint URL by chance.
    st.text(
        alphabet=st.characters(blacklist_characters=":", blacklist_categories=["Cs"]), max_size=12
    ),
)


@PROPERTY
@given(
    command=st.sampled_from(["status", "check", "", "nope", "--help"]),
    tokens=st.lists(argv_tokens, max_size=8),
)
def test_any_command_line_exits_with_a_contract_code_and_no_traceback(
    server, monkeypatch, command, tokens
):
    # Everything without an explicit endpoint goes to the emulator, never to AWS.
    monkeypatch.setenv("AWS_ENDPOINT_URL", server.endpoint_url)
    argv = [command, *tokens] if command else tokens
    before = len(server.backend.requests)
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, stdout=out, stderr=err, stdin=io.StringIO("111122223333\n"))
    assert code in (0, 1, 2, 3)
    assert "Traceback" not in err.getvalue() + out.getvalue()
    if code in (2, 3):
        assert err.getvalue().startswith("inspector-trial: ")
    for request in server.backend.requests[before:]:
        assert all(TWELVE_DIGITS.fullmatch(i) for i in request.account_ids)
