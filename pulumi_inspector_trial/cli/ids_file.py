"""``--account-ids-file``: account ids one a line, checked in one pass and never shown whole."""

from __future__ import annotations

import re
from pathlib import Path
from typing import IO, Final

from ..domain.errors import InvalidInputError
from ..domain.validation import (
    ACCOUNT_ID_PATTERN,
    SHOWN_BAD_INPUTS,
    AccountIds,
    first_few,
    is_account_id,
)

_PLAIN_IDS: Final = re.compile(rf"[ \t\r\n]*(?:{ACCOUNT_ID_PATTERN}[ \t]*(?:\r?\n[ \t\r\n]*|\Z))*")
"""An ids file of ids and blank lines only, which ``str.split`` splits as the line loop would."""


def read_account_ids_file(name: str, stdin: IO[str]) -> AccountIds:
    """Account ids from a file, one a line; blank lines and ``#`` comments are skipped. Checked,
    deduplicated and sorted here, in one pass, and never again.

    A UTF-8 byte order mark at the start (what Windows editors and PowerShell write) is skipped
    too, from a file or from stdin, rather than making the first id invalid. A bad line is never
    shown, only counted and named by its number: it may hold a credential (a config file given
    by mistake, say).
    """
    try:
        text = stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise InvalidInputError(f"Cannot read account ids file {name!r}: {reason}.") from None
    text = text.removeprefix("\ufeff")
    if _PLAIN_IDS.fullmatch(text):  # the common file, checked and split in C: 4M ids in seconds
        return AccountIds(sorted(set(text.split())))
    return ids_line_by_line(name, text)


def ids_line_by_line(name: str, text: str) -> AccountIds:
    """The ids of an ids file's ``text``, or an error counting its bad lines by number."""
    ids: set[str] = set()
    bad_lines: list[str] = []
    bad_count = 0
    for number, line in enumerate(text.splitlines(), start=1):
        content = (line.split("#", 1)[0] if "#" in line else line).strip()
        if not content:
            continue
        if is_account_id(content):
            ids.add(content)
        else:
            bad_count += 1
            if len(bad_lines) < SHOWN_BAD_INPUTS:
                bad_lines.append(str(number))
    if bad_count:
        lines = "lines" if bad_count > 1 else "line"
        are = "are not 12-digit account ids" if bad_count > 1 else "is not a 12-digit account id"
        raise InvalidInputError(
            f"--account-ids-file {name!r}: {bad_count:,} {lines} {are}: "
            f"{lines} {first_few(bad_lines, bad_count)}."
        )
    return AccountIds(sorted(ids))
