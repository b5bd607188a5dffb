"""Whatever a user types, the answer is the data or an ``InvalidInputError`` naming the bad value.

Property tests over account ids, regions, endpoint URLs, role ARNs, emulator data files and
command-line arguments: never another exception, never a traceback, and never a request carrying
a bad id (the emulator records every request it answers).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.factories import NOW

from pulumi_inspector_trial.cli import main
from pulumi_inspector_trial.emulator import (
    EmulatorServer,
    InspectorBackend,
    sample_organisation,
)
from pulumi_inspector_trial.errors import InvalidInputError
from pulumi_inspector_trial.model import SHOWN_BAD_INPUTS
from pulumi_inspector_trial.redaction import redact
from pulumi_inspector_trial.resolver import resolve_free_trials
from pulumi_inspector_trial.settings import ResolveLimits

# The autouse AWS-isolating fixture is function-scoped; it sets the same values every time.
PROPERTY = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
LIMITS = ResolveLimits(total_timeout=10, connect_timeout=1, read_timeout=2, max_attempts=2)
TWELVE_DIGITS = re.compile(r"[0-9]{12}")

valid_ids = st.from_regex(r"\A[0-9]{12}\Z") | st.from_regex(r"\A[ \t]{0,2}[0-9]{12}[ \t\n]{0,2}\Z")
near_ids = st.text(alphabet="0123456789 a-", min_size=10, max_size=14)
any_id = st.one_of(valid_ids, near_ids, st.text(max_size=16))


@pytest.fixture(scope="module")
def server() -> Iterator[EmulatorServer]:
    now = NOW
    with EmulatorServer(InspectorBackend(sample_organisation(now))) as running:
        yield running


def is_account_id(value: str) -> bool:
    return TWELVE_DIGITS.fullmatch(value.strip()) is not None


def assert_names(error: InvalidInputError, value: object) -> None:
    message = str(error)
    # A value that looks like user info (a:b@c) is named without it: messages never show one.
    assert repr(value) in message or redact(repr(value)) in message, message
    assert "Traceback" not in message and "\n" not in message, message


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
