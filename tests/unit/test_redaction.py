"""No message prints a password from an endpoint URL, whatever its source and path, checked in
process without a network.

Property tests feed generated users and passwords to the redaction itself, the command line,
programs (arguments, environment, AWS config file, a role's STS endpoint), the emulator's host and
the policy pack's settings (as real processes: tests/process/test_redaction.py).
"""

from __future__ import annotations

import traceback
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.endpoint_sources import (
    CLOSED,
    ROLE_ARN,
    SOURCES,
    config_source,
    endpoint,
    forget_clients,
    passwords,
    run_cli,
    schemes,
    users,
)

from pulumi_inspector_trial import FreeTrialInfoArgs, GatedEnablerArgs, get_free_trial_info
from pulumi_inspector_trial.domain.errors import (
    InspectorTrialError,
    InvalidInputError,
    TrialDataError,
)
from pulumi_inspector_trial.domain.redaction import (
    mask_account_id,
    mask_account_ids,
    redact,
    redact_url,
    remember_endpoint,
)
from pulumi_inspector_trial.emulator.sample import FRESH_ACCOUNT
from pulumi_inspector_trial.policy import ENABLER_TYPE, PackSettings
from pulumi_inspector_trial.policy.pack import _validate
from pulumi_inspector_trial.provider import FreeTrialInfoProvider
from pulumi_inspector_trial.read.environment import AwsConfigFile, configured_endpoint

PROPERTY = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def everything_about(error: BaseException) -> str:
    """An exception as a traceback shows it: its text and every exception chained to it."""
    return "".join(traceback.format_exception(type(error), error, error.__traceback__))


# --- the one redaction ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("http://admin:s3cret@127.0.0.1:4580", "http://...@127.0.0.1:4580"),
        ("admin:s3cret@127.0.0.1:4580", "...@127.0.0.1:4580"),
        ("http:/admin:s3cret@host", "http:/...@host"),
        ("http://admin:s3/c#r@t@host/path", "http://...@host/path"),
        ("://token@host", "://...@host"),
        ("http://127.0.0.1:4580", "http://127.0.0.1:4580"),
    ],
)
def test_an_endpoint_is_shown_without_its_user_info(url, shown):
    assert redact_url(url) == shown


def test_free_text_loses_every_user_info_with_or_without_a_scheme():
    text = (
        "at 'http://al:pw1@h:1' and https://tok2@h/x, bare bo:pw3@h:2, "
        "odd HTTP:/cy:pw4@h and ssh://dee:pw5@h"
    )
    cleaned = redact(text)
    for secret in ("pw1", "tok2", "pw3", "pw4", "pw5", "al:", "bo:", "cy:", "dee:"):
        assert secret not in cleaned, cleaned
    assert "'http://...@h:1'" in cleaned and "...@h:2" in cleaned


def test_free_text_keeps_what_only_looks_like_user_info():
    text = "arn:aws:iam::111122223333:role/ci@example.com reached user@example.com"
    assert redact(text) == text


def test_a_password_seen_once_is_taken_out_of_any_later_text_in_any_spelling():
    remember_endpoint("http://svc:Remembered'p@ss w0rd%21@host")
    for written in (
        "Remembered'p@ss w0rd%21",
        "Remembered'p@ss w0rd!",  # percent-decoded
        repr("Remembered'p@ss w0rd%21"),
    ):
        assert "Remembered" not in redact(f"lost its URL: {written}.")


def test_every_message_of_the_package_is_redacted_as_it_is_made():
    error = TrialDataError("Could not connect to http://user:hunter2@127.0.0.1:1 (bo:pw@h:1).")
    assert "hunter2" not in str(error) and ":pw@" not in str(error)


def test_a_secret_account_id_is_shown_by_its_last_four_digits():
    assert mask_account_id("111122223333") == "********3333"
    assert mask_account_ids("Account 111122223333 (arn:aws:iam::444455556666:role/r)") == (
        "Account ********3333 (arn:aws:iam::********6666:role/r)"
    )


# --- the command line, every source, in process -----------------------------------------------


@PROPERTY
@given(
    source=st.sampled_from(SOURCES),
    scheme=schemes,
    user=users,
    password=passwords,
    debug=st.booleans(),
    command=st.sampled_from(["status", "check"]),
)
def test_the_command_line_never_prints_an_endpoint_password(
    monkeypatch, tmp_path, source, scheme, user, password, debug, command
):
    with monkeypatch.context() as patch:
        forget_clients(patch)
        extra = source.place(endpoint(scheme, user, password), patch, tmp_path)
        code, output = run_cli(
            *(["--debug"] if debug else []), command, "--region", "us-east-1", FRESH_ACCOUNT, *extra
        )
    assert password not in output
    assert code == 2, output  # refused as bad input, before any request
    assert source.named in output


# --- the program, the provider, the component, the pack, in process --------------------------


def _functions(url: str | None) -> str:
    with pytest.raises(InvalidInputError) as error:
        get_free_trial_info(account_ids=[FRESH_ACCOUNT], region="us-east-1", endpoint_url=url)
    return everything_about(error.value)


def _provider_read(url: str | None) -> str:
    props = {"account_ids": [FRESH_ACCOUNT], "region": "us-east-1", "endpoint_url": url}
    with pytest.raises(InspectorTrialError) as error:
        FreeTrialInfoProvider().read("freetrialinfo-x", props)
    return everything_about(error.value)


def _provider_check(url: str | None) -> str:
    props = {"account_ids": [FRESH_ACCOUNT], "endpoint_url": url}
    result = FreeTrialInfoProvider().check({}, props)
    if url is None:  # an environment endpoint is a read's, not an input's: check passes
        assert result.failures == []
        return ""
    assert result.failures and result.failures[0].property == "endpoint_url"
    return result.failures[0].reason


def _resource_args(url: str | None) -> str:
    if url is None:
        return ""
    with pytest.raises(InvalidInputError) as error:
        FreeTrialInfoArgs(account_ids=[FRESH_ACCOUNT], endpoint_url=url)
    return everything_about(error.value)


def _gated_enabler_args(url: str | None) -> str:
    if url is None:
        return ""
    with pytest.raises(InvalidInputError) as error:
        GatedEnablerArgs(account_ids=[FRESH_ACCOUNT], endpoint_url=url)
    return everything_about(error.value)


def _policy_pack(url: str | None) -> str:
    reported: list[str] = []
    args = SimpleNamespace(
        resource_type=ENABLER_TYPE,
        props={"accountIds": [FRESH_ACCOUNT], "resourceTypes": ["EC2"], "region": "us-east-1"},
        provider=None,
        get_config=lambda: {} if url is None else {"endpointUrl": url},
    )
    _validate(args, lambda message, _urn: reported.append(message))
    assert reported, "the pack reported nothing"
    return " ".join(reported)


PATHS = {
    "get_free_trial_info": _functions,
    "provider read": _provider_read,
    "provider check": _provider_check,
    "FreeTrialInfoArgs": _resource_args,
    "GatedEnablerArgs": _gated_enabler_args,
    "policy pack": _policy_pack,
}
PROGRAM_SOURCES = [s for s in SOURCES if s.reaches == "inspector2" and s.name != "flag"]


@PROPERTY
@given(path=st.sampled_from(sorted(PATHS)), scheme=schemes, user=users, password=passwords)
def test_no_program_path_shows_a_password_given_as_an_argument(path, scheme, user, password):
    text = PATHS[path](endpoint(scheme, user, password))
    assert text  # the path did report something
    assert password not in text


@PROPERTY
@given(
    path=st.sampled_from(["get_free_trial_info", "provider read", "policy pack"]),
    source=st.sampled_from(PROGRAM_SOURCES),
    scheme=schemes,
    user=users,
    password=passwords,
)
def test_no_program_path_shows_a_password_from_the_environment_or_config_file(
    monkeypatch, tmp_path, path, source, scheme, user, password
):
    with monkeypatch.context() as patch:
        forget_clients(patch)
        source.place(endpoint(scheme, user, password), patch, tmp_path)
        text = PATHS[path](None)
    assert source.named in text  # refused, by name
    assert password not in text


@PROPERTY
@given(
    source=st.sampled_from([s for s in SOURCES if s.reaches == "sts"]),
    scheme=schemes,
    user=users,
    password=passwords,
)
def test_a_program_assuming_a_role_never_shows_the_sts_endpoint_password(
    monkeypatch, tmp_path, source, scheme, user, password
):
    with monkeypatch.context() as patch:
        forget_clients(patch)
        source.place(endpoint(scheme, user, password), patch, tmp_path)
        with pytest.raises(InvalidInputError) as error:
            get_free_trial_info(
                account_ids=[FRESH_ACCOUNT],
                region="us-east-1",
                role_arn=ROLE_ARN,
                endpoint_url=f"http://{CLOSED}",
            )
    text = everything_about(error.value)
    assert source.named in text
    assert password not in text


@PROPERTY
@given(scheme=st.sampled_from(["http://", ""]), user=users, password=passwords)
def test_the_emulator_never_prints_a_password_given_in_its_host(scheme, user, password):
    code, output = run_cli("emulator", "--host", f"{scheme}{user}:{password}@127.0.0.1")
    assert code == 2 and "Cannot listen on" in output
    assert password not in output


# --- one real process per source -------------------------------------------------------------

PASSWORD = "Pw-subprocess-h@nter2"


def test_pack_settings_show_an_endpoint_without_its_password():
    with pytest.raises(InvalidInputError) as error:
        PackSettings.from_config({"endpointUrl": endpoint("", "ci", PASSWORD)})
    assert PASSWORD not in str(error.value) and "endpointUrl" in str(error.value)


# --- endpoints from the config file are checked like --endpoint-url --------------------------


def test_a_malformed_config_file_endpoint_exits_2_naming_the_profile(monkeypatch, tmp_path):
    forget_clients(monkeypatch)
    config_source("[profile dev]\nendpoint_url = not a url\n", profile="dev")(
        "", monkeypatch, tmp_path
    )
    code, output = run_cli("status", "--region", "us-east-1", FRESH_ACCOUNT)
    assert code == 2, output
    assert "'not a url' (in profile 'dev' of the AWS config file)" in output
    assert "Traceback" not in output


def test_a_services_setting_without_its_section_exits_2_naming_both(monkeypatch, tmp_path):
    forget_clients(monkeypatch)
    config_source("[profile dev]\nservices = nowhere\n", profile="dev")("", monkeypatch, tmp_path)
    code, output = run_cli("status", "--region", "us-east-1", FRESH_ACCOUNT)
    assert code == 2, output
    assert "profile 'dev'" in output and "[services nowhere]" in output


def test_ignore_configured_endpoint_urls_is_honoured_as_botocore_honours_it():
    environ = {"AWS_ENDPOINT_URL": "http://127.0.0.1:1"}
    assert configured_endpoint("sts", environ) is not None
    ignored = {**environ, "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true"}
    assert configured_endpoint("sts", ignored) is None
    ignoring = AwsConfigFile("dev", {"ignore_configured_endpoint_urls": "true"}, {})
    assert configured_endpoint("sts", environ, ignoring) is None
