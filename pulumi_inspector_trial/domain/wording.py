"""How the package words things: one helper for every plural, one for showing what others sent."""

from __future__ import annotations


def noun(count: int, singular: str, plural_form: str | None = None) -> str:
    """``singular`` for one, else ``plural_form`` (``singular + "s"`` by default)."""
    return singular if count == 1 else (plural_form or f"{singular}s")


def usd(amount: float) -> str:
    """``$1,234.50``: how every estimated cost and budget is written."""
    return f"${amount:,.2f}"


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """``1 account``, ``2 accounts``, ``0 accounts``."""
    return f"{count} {noun(count, singular, plural_form)}"


def printable(text: str) -> str:
    """``text`` with every character that is not printable shown as Python's ``repr`` shows it.

    Trial types, statuses, cloud providers and failure messages come from the service (or from
    whatever endpoint the user points at): an escape sequence in one must not recolour, move or
    clear the user's terminal, a bidi override must not reorder what it shows, and a line break
    must not forge a line of output. So ``ESC`` reads ``\\x1b``, a newline ``\\n`` and U+202E
    ``\\u202e``. A backslash already there is left alone, so escaping twice changes nothing.
    """
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
