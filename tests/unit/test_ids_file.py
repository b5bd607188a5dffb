"""Account ids without a network: a secret-sized bad id clipped, normalised ids passed through as
they are, and a file of ids read as the line-by-line reading does (through ``main`` against the
emulator: tests/emulator/test_ids_file.py)."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pulumi_inspector_trial.cli.ids_file import ids_line_by_line, read_account_ids_file
from pulumi_inspector_trial.domain.errors import InvalidInputError
from pulumi_inspector_trial.domain.validation import AccountIds, normalize_account_ids
from pulumi_inspector_trial.emulator.sample import (
    EXPIRED_ACCOUNT,
    FRESH_ACCOUNT,
)

ids_texts = st.lists(
    st.tuples(
        st.sampled_from(["", " ", "\t", "\r"]),
        st.from_regex(r"\A[0-9]{11,13}\Z") | st.just(""),
        st.sampled_from(["", " ", "\t", " #", "\r"]),
    ),
    max_size=8,
).map(lambda lines: "\n".join("".join(parts) for parts in lines))
"""Files close to ids only: ids of 11 to 13 digits, blank lines, white space, comments."""


def test_an_invalid_secret_sized_id_in_a_program_is_clipped():
    with pytest.raises(InvalidInputError) as raised:
        normalize_account_ids([FRESH_ACCOUNT, "x" * 180_000, None])

    message = str(raised.value)
    assert len(message) < 200
    assert "(180,000 characters)" in message
    assert "None" in message


def test_normalised_ids_pass_through_as_they_are():
    ids = normalize_account_ids([EXPIRED_ACCOUNT, FRESH_ACCOUNT, FRESH_ACCOUNT])

    assert isinstance(ids, AccountIds)
    assert ids == (FRESH_ACCOUNT, EXPIRED_ACCOUNT)
    assert normalize_account_ids(ids) is ids


def test_timeout_help_says_what_it_bounds(cli):
    outcome = cli("status", "--help")

    help_text = " ".join(outcome.stdout.split())
    assert "give up on the requests to AWS after this many seconds" in help_text
    assert "reading and checking the account ids comes before and is not counted" in help_text


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet="0123 \t\r\n\x0b#a\u0661", max_size=60) | ids_texts)
def test_a_file_of_ids_only_reads_as_the_line_by_line_reading_does(text):
    try:
        expected: object = ids_line_by_line("-", text)
    except InvalidInputError as error:
        expected = str(error)
    try:
        read: object = read_account_ids_file("-", io.StringIO(text))
    except InvalidInputError as error:
        read = str(error)

    assert read == expected
