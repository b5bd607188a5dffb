"""Bad account ids, from a file or the command line: counted, the first few shown, never echoed
whole; good ones merged, deduplicated, sorted and checked once on their way to the emulator's
requests (the reading and checking alone: tests/unit/test_ids_file.py)."""

from __future__ import annotations

import pytest
from support.cli_runner import at
from support.plain_messages import assert_plain

from pulumi_inspector_trial.domain import validation
from pulumi_inspector_trial.emulator.sample import (
    EXPIRED_ACCOUNT,
    FRESH_ACCOUNT,
)

SECRET_LINE = "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY"
SECRET = SECRET_LINE.split(" = ")[1]

"""Files close to ids only: ids of 11 to 13 digits, blank lines, white space, comments."""


def test_a_credential_line_in_the_ids_file_is_named_by_number_not_shown(cli, emulator, tmp_path):
    ids_file = tmp_path / "ids.txt"
    ids_file.write_text(f"{FRESH_ACCOUNT}\n[default]\n{SECRET_LINE}\n", encoding="utf-8")

    outcome = cli("status", *at(emulator), "--account-ids-file", str(ids_file))

    assert outcome.code == 2
    assert outcome.message == (
        f"--account-ids-file {str(ids_file)!r}: 2 lines are not 12-digit account ids: lines 2, 3."
    )
    assert SECRET[:8] not in outcome.output
    assert emulator.backend.requests == []


def test_one_bad_line_is_named_in_the_singular(cli, emulator):
    stdin = f"# accounts\n{FRESH_ACCOUNT}\n\n{EXPIRED_ACCOUNT}\nabc\n"

    outcome = cli("status", *at(emulator), "--account-ids-file", "-", stdin=stdin)

    assert outcome.code == 2
    assert outcome.message == "--account-ids-file '-': 1 line is not a 12-digit account id: line 5."


def test_ten_thousand_bad_lines_make_one_short_line(cli, emulator):
    lines = [FRESH_ACCOUNT] + ["x" * 18] * 10_000  # 180 KB of bad input

    outcome = cli("status", *at(emulator), "--account-ids-file", "-", stdin="\n".join(lines))

    assert outcome.code == 2
    assert outcome.message.endswith(
        ": 10,000 lines are not 12-digit account ids: lines 2, 3, 4, 5, 6 and 9,995 more."
    )
    assert len(outcome.stderr) < 200
    assert_plain(outcome.message)


def test_digits_of_other_scripts_are_not_an_account_id(cli, emulator):
    arabic_indic = "".join(chr(0x0660 + int(d)) for d in FRESH_ACCOUNT)
    assert arabic_indic.isdigit()  # what a plain isdigit() check would let through

    outcome = cli("status", *at(emulator), "--account-ids-file", "-", stdin=arabic_indic)

    assert outcome.code == 2
    assert "line 1." in outcome.message


def test_bad_ids_given_as_arguments_are_counted_and_the_first_few_shown(cli, emulator):
    bad = ["12345", "not-an-account", *(f"bad-{n}" for n in range(8))]

    outcome = cli("status", *at(emulator), FRESH_ACCOUNT, *bad)

    assert outcome.code == 2
    assert outcome.message.startswith(
        "Invalid AWS account ids (10): '12345', 'not-an-account', 'bad-0', 'bad-1', 'bad-2' "
        "and 5 more."
    )
    assert "'bad-3'" not in outcome.message
    assert emulator.backend.requests == []


def test_a_long_bad_argument_is_clipped(cli, emulator):
    outcome = cli("status", *at(emulator), SECRET_LINE)

    assert outcome.code == 2
    assert "'aws_\u2026' (" in outcome.message
    assert f"({len(SECRET_LINE)} characters)" in outcome.message
    assert SECRET[:4] not in outcome.message


def test_ids_from_the_file_and_the_arguments_are_merged_sorted_and_distinct(
    cli, emulator, tmp_path
):
    ids_file = tmp_path / "ids.txt"
    ids_file.write_text(f"{FRESH_ACCOUNT}\n{EXPIRED_ACCOUNT}\n{FRESH_ACCOUNT}\n", encoding="utf-8")

    outcome = cli(
        "status",
        *at(emulator),
        "--account-ids-file",
        str(ids_file),
        EXPIRED_ACCOUNT,
        "--output",
        "json",
    )

    assert outcome.code == 0, outcome.stderr
    assert [r.account_ids for r in emulator.backend.requests] == [(FRESH_ACCOUNT, EXPIRED_ACCOUNT)]


@pytest.mark.parametrize(
    ("text", "checks"),
    [
        (f"# production\n{FRESH_ACCOUNT}\n{EXPIRED_ACCOUNT}\n", 2),  # line by line
        (f"{FRESH_ACCOUNT}\n{EXPIRED_ACCOUNT}\n", 0),  # ids only: one regular expression
    ],
)
def test_the_ids_are_checked_once_on_their_way_to_the_requests(
    cli, emulator, tmp_path, monkeypatch, text, checks
):
    ids_file = tmp_path / "ids.txt"
    ids_file.write_text(text, encoding="utf-8")
    checked: list[int] = []
    is_account_id = validation.is_account_id

    def counting(text: str) -> bool:
        checked.append(1)
        return is_account_id(text)

    monkeypatch.setattr(validation, "is_account_id", counting)
    monkeypatch.setattr("pulumi_inspector_trial.cli.ids_file.is_account_id", counting)

    outcome = cli("status", *at(emulator), "--costs", "--account-ids-file", str(ids_file))

    assert outcome.code == 0, outcome.stderr
    assert len(checked) == checks  # the file's ids, once; the query and the reads take them
    assert emulator.backend.request_count() == 1
