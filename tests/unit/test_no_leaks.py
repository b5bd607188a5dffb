"""No credential without a network: the serialized provider holds none, and redaction masks every
shape botocore logs (the command line and plugin: tests/emulator/ and tests/plugin/).
"""

from __future__ import annotations

import base64

from support.leaks import assert_no_secret

from pulumi_inspector_trial.domain.redaction import redact
from pulumi_inspector_trial.testing import serialized_provider


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
