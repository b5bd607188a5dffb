"""Every source an endpoint URL comes from, and URLs with a user and password to put there."""

from __future__ import annotations

import io
import string
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import strategies as st

from pulumi_inspector_trial.aws import client as aws_client
from pulumi_inspector_trial.cli import main

ROLE_ARN = "arn:aws:iam::111122223333:role/inspector-admin"
CLOSED = "127.0.0.1:9"

users = st.builds(
    str.__add__,
    st.sampled_from(string.ascii_letters),  # not "-": argparse would take it for an option
    st.text(alphabet=string.ascii_letters + string.digits + "-._~", max_size=8),
)
# RFC 3986's user info characters, and some a user types anyway: '@', '/', '#', '?', space.
passwords = st.text(
    alphabet=string.ascii_letters + string.digits + "-._~!$&'()*+,;=%:@/#? ",
    min_size=3,
    max_size=16,
).map(lambda tail: "Pw" + tail)  # distinctive: a message cannot hold it by chance
schemes = st.sampled_from(["http://", "https://", ""])


def endpoint(scheme: str, user: str, password: str, host: str = CLOSED) -> str:
    return f"{scheme}{user}:{password}@{host}"


@dataclass(frozen=True)
class Source:
    """One place an endpoint comes from: what it sets, and what the message names."""

    name: str
    named: str
    """What the refusal names (the variable, or the config file)."""
    place: Callable[[str, pytest.MonkeyPatch, Path], list[str]]
    """Put ``url`` there; returns the command-line arguments that make it count."""
    reaches: str = "inspector2"


def env_source(variable: str, *extra: str) -> Callable[[str, pytest.MonkeyPatch, Path], list[str]]:
    def place(url: str, monkeypatch: pytest.MonkeyPatch, _home: Path) -> list[str]:
        monkeypatch.setenv(variable, url)
        return list(extra)

    return place


def config_source(
    text: str, *extra: str, profile: str | None = None
) -> Callable[[str, pytest.MonkeyPatch, Path], list[str]]:
    def place(url: str, monkeypatch: pytest.MonkeyPatch, home: Path) -> list[str]:
        config = home / "aws-config"
        config.write_text(text.format(url=url), encoding="utf-8")
        monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
        if profile:  # as botocore's chain takes it: every path honours it, the pack's too
            monkeypatch.setenv("AWS_PROFILE", profile)
        return list(extra)

    return place


def flag_source(url: str, _monkeypatch: pytest.MonkeyPatch, _home: Path) -> list[str]:
    return ["--endpoint-url", url]


ROLE = ("--role-arn", ROLE_ARN, "--endpoint-url", f"http://{CLOSED}")
SOURCES = [
    Source("flag", "endpoint URL", flag_source),
    Source(
        "AWS_ENDPOINT_URL_INSPECTOR2",
        "AWS_ENDPOINT_URL_INSPECTOR2",
        env_source("AWS_ENDPOINT_URL_INSPECTOR2"),
    ),
    Source("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL", env_source("AWS_ENDPOINT_URL")),
    Source(
        "AWS_ENDPOINT_URL_STS with a role",
        "AWS_ENDPOINT_URL_STS",
        env_source("AWS_ENDPOINT_URL_STS", *ROLE),
        reaches="sts",
    ),
    Source(
        "AWS_ENDPOINT_URL for STS with a role",
        "AWS_ENDPOINT_URL",
        # The isolated environment sets AWS_ENDPOINT_URL_STS, which would win: unset it.
        lambda url, monkeypatch, home: (
            monkeypatch.delenv("AWS_ENDPOINT_URL_STS"),
            env_source("AWS_ENDPOINT_URL", *ROLE)(url, monkeypatch, home),
        )[1],
        reaches="sts",
    ),
    Source(
        "config file profile",
        "profile 'default' of the AWS config file",
        config_source("[default]\nendpoint_url = {url}\n"),
    ),
    Source(
        "config file services section",
        "[services local] section of the AWS config file",
        config_source(
            "[profile dev]\nservices = local\n\n[services local]\ninspector2 =\n"
            "  endpoint_url = {url}\n",
            profile="dev",
        ),
    ),
    Source(
        "config file services section for STS with a role",
        "for sts in the [services local] section",
        lambda url, monkeypatch, home: (
            monkeypatch.delenv("AWS_ENDPOINT_URL_STS"),
            config_source(
                "[profile dev]\nservices = local\n\n[services local]\nsts =\n"
                "  endpoint_url = {url}\n",
                *ROLE,
                profile="dev",
            )(url, monkeypatch, home),
        )[1],
        reaches="sts",
    ),
]


def forget_clients(patch: pytest.MonkeyPatch) -> None:
    """Start from no client: a process builds one per settings, once, and checks the config
    file's endpoints then; a client an earlier test built with the same settings would be used
    without looking at this test's config file (and reach for AWS's own endpoint)."""
    aws_client._CLIENTS.clear()


def run_cli(*argv: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue() + err.getvalue()
