"""Credentials no output may show: distinctive values set in a test's environment, and the check
that none of them came out. (The fixtures that set them, ``secret_env`` and ``leaky_env``, are in
the root conftest.)"""

from __future__ import annotations

import re

ACCESS_KEY_ID = "AKIAZZLEAKCHECK00001"
SECRET_ACCESS_KEY = "leakcheck/Secret+Access+KEY"
SESSION_TOKEN = "leakcheck-Session-TOKEN-value"
PROFILE_KEY_ID = "AKIAZZPROFILELEAK001"
PROFILE_SECRET = "profile-SECRET-leakcheck-value"
SECRETS = (ACCESS_KEY_ID, SECRET_ACCESS_KEY, SESSION_TOKEN, PROFILE_KEY_ID, PROFILE_SECRET)
"""What ``secret_env`` sets: the environment's keys and a ``[leaky]`` profile's."""
ROLE_ARN = "arn:aws:iam::111122223333:role/inspector-admin"
ASSUMED_KEY_ID = re.compile(r"ASIA[0-9A-F]{16}")

DEBUG_ACCESS_KEY_ID = "AKIAZZDEBUGLEAK00001"
DEBUG_SECRET_ACCESS_KEY = "debug/Secret+Access+KEY"
DEBUG_SESSION_TOKEN = "debug-Session-TOKEN-value"
ENDPOINT_PASSWORD = "debug-endpoint-h@nter2"
DEBUG_SECRETS = (
    DEBUG_ACCESS_KEY_ID,
    DEBUG_SECRET_ACCESS_KEY,
    DEBUG_SESSION_TOKEN,
    ENDPOINT_PASSWORD,
)
"""What ``leaky_env`` sets: keys, and a password in an endpoint of a service never called."""


def assert_no_secret(text: str, *extra: str) -> None:
    for secret in (*SECRETS, *extra):
        assert secret not in text, f"{secret!r} leaked"
