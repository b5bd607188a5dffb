"""The one fake-AWS environment: of the test process, and of every process a test starts."""

from __future__ import annotations

import os
from pathlib import Path


def isolated_aws_vars(home: Path) -> dict[str, str]:
    """Fake credentials, and config and credentials files that do not exist under ``home``."""
    return {
        "AWS_ACCESS_KEY_ID": "testing-key-id",
        "AWS_SECRET_ACCESS_KEY": "testing-secret",
        "AWS_CONFIG_FILE": str(home / "no-aws-config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(home / "no-aws-credentials"),
        "AWS_EC2_METADATA_DISABLED": "true",
        # A test that assumes a role without pointing STS at the emulator must not reach AWS:
        # port 9 on the loopback is closed.
        "AWS_ENDPOINT_URL_STS": "http://127.0.0.1:9",
    }


def fake_aws_process_env(home: Path, *, credentials: bool = True, **extra: str) -> dict[str, str]:
    """The environment of a process a test starts (the command line, a provider plugin): this
    machine's without any ``AWS_`` variable, then ``isolated_aws_vars(home)`` (less the access key
    pair when ``credentials`` is false), then ``extra``."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("AWS_")}
    env.update(isolated_aws_vars(home))
    if not credentials:
        del env["AWS_ACCESS_KEY_ID"], env["AWS_SECRET_ACCESS_KEY"]
    env.update(extra)
    return env
