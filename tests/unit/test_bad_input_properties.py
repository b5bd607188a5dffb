"""Whatever a user types is accepted or refused naming the bad value, checked without a network.

Property tests over regions, endpoint URLs, role ARNs and emulator data files, and the command
line's exit 2 for a bad endpoint or unknown profile (account ids and whole command lines against
the emulator: tests/emulator/test_bad_input_properties.py).
"""

from __future__ import annotations

import io
import json
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from support.id_strategies import LIMITS, PROPERTY, TWELVE_DIGITS, any_id, assert_names

from pulumi_inspector_trial.aws.client import inspector_client
from pulumi_inspector_trial.cli import main
from pulumi_inspector_trial.domain.errors import InvalidInputError
from pulumi_inspector_trial.emulator import (
    EmulatorError,
    load_data_file,
)
from pulumi_inspector_trial.read.query import AwsSettings


@PROPERTY
@given(value=st.one_of(st.text(max_size=20), st.from_regex(r"\A[a-z]{2}-[a-z]{3,9}-[0-9]\Z")))
def test_a_region_is_a_region_code_or_refused_by_name(value):
    try:
        AwsSettings(region=value)
    except InvalidInputError as error:
        assert_names(error, value)
    else:
        assert re.fullmatch(r"[a-z]{2,}(-[a-z0-9]+)*-[0-9]+", value)


urls = st.builds(
    "{}://{}{}{}".format,
    st.sampled_from(["http", "https", "ftp", "HTTP", ""]),
    st.one_of(
        st.sampled_from(["127.0.0.1", "[::1]", "localhost", "inspector2.us-east-1.amazonaws.com"]),
        st.text(max_size=12),
    ),
    st.sampled_from(["", ":4566", ":0", ":99999", ":x", ":"]),
    st.sampled_from(["", "/", "/path", "/a b", "?q=1"]),
)


@PROPERTY
@given(value=st.one_of(urls, st.text(max_size=30)))
def test_an_endpoint_url_builds_a_client_or_is_refused_by_name(value):
    try:
        settings_ = AwsSettings(region="us-east-1", endpoint_url=value)
    except InvalidInputError as error:
        if "user name or password" in str(error):
            # Named without its user info (with or without a scheme), which must not be echoed.
            _scheme, separator, rest = value.partition("://")
            userinfo = (rest if separator else value).rpartition("@")[0]
            assert userinfo and "...@" in str(error)
            assert userinfo == "..." or f"{userinfo}@" not in str(error)
        else:
            assert_names(error, value)
        return
    assert value.split("://", 1)[0].lower() in ("http", "https")
    # botocore refuses some hosts with a bare ValueError: every accepted URL must build.
    client = inspector_client(settings_, LIMITS)
    assert client.meta.endpoint_url


arns = st.builds(
    "arn:{}:iam::{}:role/{}".format,
    st.sampled_from(["aws", "aws-cn", "aws-us-gov", "AWS", ""]),
    st.one_of(st.from_regex(r"\A[0-9]{12}\Z"), st.text(max_size=13)),
    st.text(max_size=12),
)


@PROPERTY
@given(value=st.one_of(arns, st.text(max_size=30)))
def test_a_role_arn_is_an_iam_role_arn_or_refused_by_name(value):
    try:
        AwsSettings(role_arn=value)
    except InvalidInputError as error:
        assert_names(error, value)
    else:
        assert re.fullmatch(r"arn:aws[a-z-]*:iam::[0-9]{12}:role/.+", value)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)
trials = st.fixed_dictionaries(
    {
        "type": st.one_of(st.sampled_from(["EC2", "ECR", "NEW_TYPE"]), json_values),
        "start": st.one_of(st.just("2026-01-01T00:00:00Z"), st.integers(), json_values),
        "end": st.one_of(st.just(1_800_000_000), st.floats(), json_values),
        "status": st.one_of(st.sampled_from(["ACTIVE", "INACTIVE"]), json_values),
    },
    optional={"cloudProvider": st.one_of(st.just("AWS"), json_values)},
)
fault_values = st.fixed_dictionaries(
    {},
    optional={
        "throttle_first": st.one_of(st.integers(-2, 3), json_values),
        "latency_seconds": st.one_of(st.floats(-1, 1), json_values),
        "internal_error_accounts": st.one_of(
            st.dictionaries(any_id, st.integers(-1, 2) | json_values, max_size=2), json_values
        ),
        "access_denied_accounts": st.one_of(st.lists(any_id, max_size=2), json_values),
        "malformed": st.one_of(
            st.sampled_from(["not-json", "missing-fields", "other"]), json_values
        ),
        "deny_all": st.one_of(st.booleans(), json_values),
        "max_requests_per_second": st.one_of(st.floats(-1, 10), json_values),
        "no_such_fault": st.just(1),
    },
)
documents = st.one_of(
    json_values,
    st.fixed_dictionaries(
        {},
        optional={
            "accounts": st.one_of(
                st.dictionaries(any_id, st.lists(trials, max_size=2)), json_values
            ),
            "nonMembers": st.one_of(st.lists(any_id, max_size=2), json_values),
            "synthesizeMembers": st.one_of(st.booleans(), json_values),
            "faults": st.one_of(fault_values, json_values),
        },
    ),
)


@PROPERTY
@given(document=documents, raw=st.one_of(st.none(), st.text(max_size=20)))
def test_an_emulator_data_file_loads_or_is_refused_naming_the_file(document, raw):
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "org.json"
        path.write_text(json.dumps(document) if raw is None else raw, encoding="utf-8")
        try:
            organisation, _ = load_data_file(path)
        except EmulatorError as error:
            assert str(path) in str(error)
            assert "Traceback" not in str(error)
            return
    assert all(TWELVE_DIGITS.fullmatch(a) for a in organisation.members)


@pytest.mark.parametrize(
    "url", ["http://a b", "http://-", "http://caf\u00e9.example", "http://x/ y", "http://h\x00"]
)
def test_an_endpoint_botocore_would_refuse_exits_2_naming_it(url):
    err = io.StringIO()
    argv = ["status", "111122223333", "--region", "us-east-1", "--endpoint-url", url]
    assert main(argv, stdout=io.StringIO(), stderr=err) == 2
    assert repr(url) in err.getvalue()


def test_a_profile_that_does_not_exist_exits_2_naming_it():
    err = io.StringIO()
    argv = ["status", "111122223333", "--region", "us-east-1", "--profile", "no-such-profile"]
    argv += ["--endpoint-url", "http://127.0.0.1:9"]
    assert main(argv, stdout=io.StringIO(), stderr=err) == 2
    assert "'no-such-profile'" in err.getvalue()
