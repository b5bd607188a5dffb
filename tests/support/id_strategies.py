"""Hypothesis settings and account ids, valid and nearly so, for the bad-input property tests."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from pulumi_inspector_trial.domain.errors import InvalidInputError
from pulumi_inspector_trial.domain.redaction import redact
from pulumi_inspector_trial.read.query import ResolveLimits

# The autouse AWS-isolating fixture is function-scoped; it sets the same values every time.
PROPERTY = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
LIMITS = ResolveLimits(total_timeout=10, connect_timeout=1, read_timeout=2, max_attempts=2)
TWELVE_DIGITS = re.compile(r"[0-9]{12}")

valid_ids = st.from_regex(r"\A[0-9]{12}\Z") | st.from_regex(r"\A[ \t]{0,2}[0-9]{12}[ \t\n]{0,2}\Z")
near_ids = st.text(alphabet="0123456789 a-", min_size=10, max_size=14)
any_id = st.one_of(valid_ids, near_ids, st.text(max_size=16))


def assert_names(error: InvalidInputError, value: object) -> None:
    message = str(error)
    # A value that looks like user info (a:b@c) is named without it: messages never show one.
    assert repr(value) in message or redact(repr(value)) in message, message
    assert "Traceback" not in message and "\n" not in message, message
