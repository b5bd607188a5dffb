"""No credential without a network: the serialized provider holds none, and redaction masks every
shape botocore logs (the command line and plugin: tests/emulator/ and tests/plugin/).
"""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from pulumi_inspector_trial.domain.redaction import redact
from pulumi_inspector_trial.testing import serialized_provider

ACCESS_KEY_ID = "AKIAZZLEAKCHECK00001"
SECRET_ACCESS_KEY = "leakcheck/Secret+Access+KEY"
SESSION_TOKEN = "leakcheck-Session-TOKEN-value"
PROFILE_KEY_ID = "AKIAZZPROFILELEAK001"
PROFILE_SECRET = "profile-SECRET-leakcheck-value"
SECRETS = (ACCESS_KEY_ID, SECRET_ACCESS_KEY, SESSION_TOKEN, PROFILE_KEY_ID, PROFILE_SECRET)


def assert_no_secret(text: str, *extra: str) -> None:
    for secret in (*SECRETS, *extra):
        assert secret not in text, f"{secret!r} leaked"


@pytest.fixture
def secret_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, str]:
    credentials = tmp_path / "credentials"
    credentials.write_text(
        f"[leaky]\naws_access_key_id = {PROFILE_KEY_ID}\n"
        f"aws_secret_access_key = {PROFILE_SECRET}\n",
        encoding="utf-8",
    )
    values = {
        "AWS_ACCESS_KEY_ID": ACCESS_KEY_ID,
        "AWS_SECRET_ACCESS_KEY": SECRET_ACCESS_KEY,
        "AWS_SESSION_TOKEN": SESSION_TOKEN,
        "AWS_SHARED_CREDENTIALS_FILE": str(credentials),
    }
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    return values


def test_the_serialized_provider_holds_no_credential(secret_env):
    assert_no_secret(base64.b64decode(serialized_provider()).decode("latin-1"))


def test_redaction_masks_every_shape_botocore_logs():
    samples = [
        "headers={'Authorization': b'AWS4-HMAC-SHA256 Credential=AKIAX/20261126/us-east-1/"
        "inspector2/aws4_request, SignedHeaders=host, Signature=0123abcd'}",
        "{'X-Amz-Security-Token': b'TOKENVALUE'}",
        "x-amz-security-token:TOKENVALUE\n",
        "<AccessKeyId>ASIAX</AccessKeyId><SecretAccessKey>SECRETX</SecretAccessKey>"
        "<SessionToken>TOKENVALUE</SessionToken>",
        '{"AccessKeyId": "ASIAX", "SecretAccessKey": "SECRETX", "Token": "TOKENVALUE"}',
        "Signature:\n0123abcd",
    ]
    for sample in samples:
        cleaned = redact(sample)
        for value in ("AKIAX", "ASIAX", "SECRETX", "TOKENVALUE", "0123abcd"):
            assert value not in cleaned, cleaned
