"""The policy pack as the engine runs it: ``python -u -m pulumi.policy`` driven over gRPC
(``GetAnalyzerInfo``, ``Configure``, ``Analyze``, ``Remediate``), against the emulator's sample
organisation. (The rules in process: test_policy_rules.py.)

One pack process serves the module, as one serves a whole ``pulumi preview``: it keeps every
account's answer per region and endpoint for its life, so a test that counts requests reads
from an emulator of its own (a new endpoint) or a region no other test uses.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from pulumi.runtime import rpc
from support.paths import REPO

from pulumi_inspector_trial.domain.trials import INACTIVE, FreeTrial
from pulumi_inspector_trial.emulator import (
    EmulatorServer,
    InspectorBackend,
    Organisation,
    RegionalBackends,
    sample_organisation,
)
from pulumi_inspector_trial.emulator.sample import (
    ENDING_SOON_ACCOUNT,
    EXPIRED_ACCOUNT,
    FRESH_ACCOUNT,
    NEW_TYPES_ACCOUNT,
    NON_MEMBER_ACCOUNT,
)
from pulumi_inspector_trial.policy import CONFIG_SCHEMA, POLICY_NAME
from pulumi_inspector_trial.testing import PolicyPackPlugin, Violation

PACK = REPO / "examples" / "policy-pack"
ENABLER = "aws:inspector2/enabler:Enabler"
UNKNOWN = rpc.UNKNOWN
LIST_USAGE_TOTALS = "ListUsageTotals"


def sample_backend() -> InspectorBackend:
    # The pack decides at the moment it reads, so the organisation is built around now.
    return InspectorBackend(sample_organisation(datetime.now(timezone.utc)))


@pytest.fixture(scope="module")
def org_emulator() -> Iterator[EmulatorServer]:
    with EmulatorServer(sample_backend()) as server:
        yield server


@pytest.fixture(scope="module")
def pack(aws_env) -> Iterator[PolicyPackPlugin]:
    with PolicyPackPlugin(PACK, env=aws_env()) as running:
        yield running


@pytest.fixture
def fresh_emulator() -> Iterator[EmulatorServer]:
    """The sample organisation on an endpoint of its own: nothing of it is in the pack's reads."""
    with EmulatorServer(sample_backend()) as server:
        yield server


def configure(
    pack: PolicyPackPlugin, server: EmulatorServer, level: str = "advisory", **config: Any
) -> None:
    """Configure the pack for ``server``; whole account ids in violations, so that tests of the
    rules can name them (the default, last four digits, has tests of its own)."""
    settings = {"endpointUrl": server.endpoint_url, "showAccountIds": True, **config}
    pack.configure({POLICY_NAME: (level, settings)})


def enabler(
    accounts: Any, types: Any, region: str | None = "us-east-1", **extra: Any
) -> dict[str, Any]:
    props: dict[str, Any] = {"accountIds": accounts, "resourceTypes": types, **extra}
    if region is not None:
        props["region"] = region
    return props


def details(violations: list[Violation]) -> list[str]:
    return sorted(v.detail for v in violations)


# --- the pack -------------------------------------------------------------------------------


def test_the_pack_names_its_policy_and_its_config_schema(pack):
    info = pack.info()
    assert info.name == "inspector-free-trial"
    (policy,) = info.policies
    assert policy.name == POLICY_NAME
    assert set(policy.configSchema.properties) == set(CONFIG_SCHEMA.properties)


def test_other_resources_are_not_checked(pack, org_emulator):
    configure(pack, org_emulator, "mandatory")
    assert pack.analyze("aws:s3/bucket:Bucket", {"bucket": "b"}) == []


# --- violations -----------------------------------------------------------------------------


def test_covered_types_are_no_violation(pack, org_emulator):
    configure(pack, org_emulator)
    assert pack.analyze(ENABLER, enabler([FRESH_ACCOUNT, NEW_TYPES_ACCOUNT], ["EC2", "ECR"])) == []


def test_each_uncovered_account_and_type_is_a_violation_naming_account_type_region_and_why(
    pack, org_emulator
):
    configure(pack, org_emulator)
    accounts = [FRESH_ACCOUNT, EXPIRED_ACCOUNT, ENDING_SOON_ACCOUNT]
    violations = pack.analyze(ENABLER, enabler(accounts, ["EC2", "LAMBDA_CODE"]))
    assert details(violations) == [
        f"Account {ENDING_SOON_ACCOUNT}: LAMBDA_CODE in us-east-1 is not covered by a free "
        "trial (trial inactive).",
        f"Account {EXPIRED_ACCOUNT}: EC2 in us-east-1 is not covered by a free trial "
        "(trial inactive).",
        f"Account {EXPIRED_ACCOUNT}: LAMBDA_CODE in us-east-1 is not covered by a free trial "
        "(trial inactive).",
    ]
    assert {v.enforcement for v in violations} == {"advisory"}
    assert {v.policy for v in violations} == {POLICY_NAME}


def test_violations_name_accounts_by_their_last_four_digits_by_default(pack, org_emulator):
    configure(pack, org_emulator, showAccountIds=False)
    violations = pack.analyze(ENABLER, enabler([EXPIRED_ACCOUNT, NON_MEMBER_ACCOUNT], ["EC2"]))
    assert [v.detail.split(":")[0] for v in violations] == [
        f"Account ********{EXPIRED_ACCOUNT[-4:]}",
        f"Account ********{NON_MEMBER_ACCOUNT[-4:]}",
    ]
    everything = " ".join(v.detail for v in violations)
    # The service's reason quotes the non-member's id too: shortened as well.
    assert EXPIRED_ACCOUNT not in everything and NON_MEMBER_ACCOUNT not in everything


def test_a_malformed_id_is_not_echoed_whole_by_default(pack, org_emulator):
    configure(pack, org_emulator, showAccountIds=False)
    (violation,) = pack.analyze(
        ENABLER, enabler(["aws_secret_access_key=abcd1234", FRESH_ACCOUNT], ["EC2"])
    )
    assert "abcd1234" not in violation.detail and "'********1234'" in violation.detail


def test_show_account_ids_must_be_true_or_false(pack, org_emulator):
    configure(pack, org_emulator, showAccountIds="yes")
    (violation,) = pack.analyze(ENABLER, enabler([FRESH_ACCOUNT], ["EC2"]))
    assert "showAccountIds 'yes'" in violation.detail


def test_trials_are_read_in_the_enablers_region(pack, aws_env):
    ended = datetime.now(timezone.utc) - timedelta(days=3)
    expired_here = Organisation(
        members={FRESH_ACCOUNT: (FreeTrial("EC2", ended - timedelta(days=15), ended, INACTIVE),)}
    )
    backends = RegionalBackends(
        {"eu-west-1": expired_here}, default=sample_organisation(datetime.now(timezone.utc))
    )
    with EmulatorServer(backends) as server:
        configure(pack, server)
        assert pack.analyze(ENABLER, enabler([FRESH_ACCOUNT], ["EC2"], "us-east-1")) == []
        (violation,) = pack.analyze(ENABLER, enabler([FRESH_ACCOUNT], ["EC2"], "eu-west-1"))
    assert violation.detail == (
        f"Account {FRESH_ACCOUNT}: EC2 in eu-west-1 is not covered by a free trial "
        "(trial inactive)."
    )


def test_min_days_left_and_mandatory(pack, org_emulator):
    configure(pack, org_emulator, "mandatory", minDaysLeft=3)
    (violation,) = pack.analyze(ENABLER, enabler([ENDING_SOON_ACCOUNT], ["EC2", "LAMBDA"]))
    assert violation.enforcement == "mandatory"
    assert violation.detail == (
        f"Account {ENDING_SOON_ACCOUNT}: EC2 in us-east-1 is not covered by a free trial "
        "(trial ends in 2 days, under the 3-day minimum)."
    )


def test_allowed_types_need_no_trial(pack, org_emulator):
    configure(pack, org_emulator, allowedTypes=["EC2"])
    assert pack.analyze(ENABLER, enabler([EXPIRED_ACCOUNT], ["EC2"])) == []
    (violation,) = pack.analyze(ENABLER, enabler([EXPIRED_ACCOUNT], ["EC2", "ECR"]))
    assert "ECR in us-east-1" in violation.detail


def test_the_budget_allows_types_past_their_trial_cheapest_first(pack, org_emulator):
    configure(pack, org_emulator, maxMonthlyCost=10)
    violations = pack.analyze(ENABLER, enabler([EXPIRED_ACCOUNT], ["EC2", "ECR", "LAMBDA_CODE"]))
    # ECR $3.10 and LAMBDA_CODE $4.20 fit in $10; EC2's $12.40 does not.
    assert details(violations) == [
        f"Account {EXPIRED_ACCOUNT}: EC2 in us-east-1 is not covered by a free trial (trial "
        "inactive; est. $12.40/month would pass the $10.00 budget ($7.30 used))."
    ]


def test_costs_are_read_only_with_a_budget_and_once_per_account(pack, fresh_emulator):
    configure(pack, fresh_emulator)
    pack.analyze(ENABLER, enabler([EXPIRED_ACCOUNT], ["EC2"]))
    assert fresh_emulator.backend.request_count(LIST_USAGE_TOTALS) == 0

    configure(pack, fresh_emulator, maxMonthlyCost=10)
    for types in (["EC2"], ["ECR"], ["LAMBDA_CODE", "EC2"]):
        pack.analyze(ENABLER, enabler([EXPIRED_ACCOUNT, ENDING_SOON_ACCOUNT], types))
    assert fresh_emulator.backend.request_count(LIST_USAGE_TOTALS) == 1


# --- failing closed -------------------------------------------------------------------------


def test_an_account_without_trial_data_fails_closed(pack, org_emulator):
    configure(pack, org_emulator)
    (violation,) = pack.analyze(ENABLER, enabler([NON_MEMBER_ACCOUNT], ["ECR"]))
    assert violation.detail.startswith(f"Account {NON_MEMBER_ACCOUNT}: ECR in us-east-1 ")
    assert "account trial data unavailable: ACCESS_DENIED" in violation.detail


# Port 9: closed. The budget outlasts botocore's backoff between the 5 connection attempts, which
# before botocore 1.44 (base 1 s, not 0.05 s) adds up to as much as 15 s.
UNREACHABLE = {"endpointUrl": "http://127.0.0.1:9", "timeout": 20}


def test_an_unreachable_endpoint_fails_closed_saying_why(pack):
    pack.configure({POLICY_NAME: ("mandatory", UNREACHABLE)})
    violations = pack.analyze(ENABLER, enabler([FRESH_ACCOUNT, EXPIRED_ACCOUNT], ["EC2", "ECR"]))
    assert len(violations) == 4
    assert {v.enforcement for v in violations} == {"mandatory"}
    assert all("account trial data unavailable" in v.detail for v in violations)
    assert all("Could not connect" in v.detail for v in violations)


def test_a_malformed_enabler_is_one_violation_naming_the_value(pack, org_emulator):
    configure(pack, org_emulator)
    (violation,) = pack.analyze(ENABLER, enabler(["12345", FRESH_ACCOUNT], ["EC2"]))
    assert "The Enabler cannot be checked" in violation.detail and "'12345'" in violation.detail


# --- regions --------------------------------------------------------------------------------


def test_the_region_comes_from_the_provider_when_the_enabler_has_none(pack, fresh_emulator):
    configure(pack, fresh_emulator, region="ap-south-1")
    pack.analyze(
        ENABLER,
        enabler([ENDING_SOON_ACCOUNT], ["EC2"], region=None),
        provider={"region": "eu-west-3"},
    )
    assert {r.signing_region for r in fresh_emulator.backend.requests} == {"eu-west-3"}


def test_the_enablers_region_wins_over_its_providers(pack, fresh_emulator):
    configure(pack, fresh_emulator)
    pack.analyze(
        ENABLER, enabler([FRESH_ACCOUNT], ["EC2"], "ca-central-1"), provider={"region": "eu-west-3"}
    )
    assert {r.signing_region for r in fresh_emulator.backend.requests} == {"ca-central-1"}


def test_the_region_comes_from_the_pack_config_next(pack, fresh_emulator):
    configure(pack, fresh_emulator, region="ap-south-1")
    (violation,) = pack.analyze(ENABLER, enabler([EXPIRED_ACCOUNT], ["EC2"], region=None))
    assert "EC2 in ap-south-1" in violation.detail
    assert {r.signing_region for r in fresh_emulator.backend.requests} == {"ap-south-1"}


def test_the_region_comes_from_the_environment_last(aws_env, fresh_emulator):
    env = aws_env(AWS_REGION="us-west-2", AWS_DEFAULT_REGION="us-east-2")
    with PolicyPackPlugin(PACK, env=env) as pack:
        configure(pack, fresh_emulator)
        (violation,) = pack.analyze(ENABLER, enabler([EXPIRED_ACCOUNT], ["EC2"], region=None))
    assert "EC2 in us-west-2" in violation.detail
    assert {r.signing_region for r in fresh_emulator.backend.requests} == {"us-west-2"}


def test_no_region_anywhere_fails_closed_saying_so(pack, org_emulator):
    configure(pack, org_emulator)
    (violation,) = pack.analyze(ENABLER, enabler([FRESH_ACCOUNT], ["EC2"], region=None))
    assert "in no region" in violation.detail


# --- reads ----------------------------------------------------------------------------------


def test_each_account_and_region_is_asked_once_however_many_enablers_name_it(pack, fresh_emulator):
    configure(pack, fresh_emulator)
    for types in (["EC2"], ["ECR"], ["EC2", "LAMBDA"], ["CODE_REPOSITORY"]):
        pack.analyze(ENABLER, enabler([FRESH_ACCOUNT, EXPIRED_ACCOUNT], types))
        pack.analyze(ENABLER, enabler([EXPIRED_ACCOUNT], types))
    assert fresh_emulator.backend.request_count() == 1
    pack.analyze(ENABLER, enabler([FRESH_ACCOUNT], ["EC2"], "eu-west-1"))
    assert fresh_emulator.backend.request_count() == 2  # another region is another read


def test_concurrent_enablers_naming_the_same_accounts_share_one_request(pack, fresh_emulator):
    configure(pack, fresh_emulator)
    fresh_emulator.backend.faults.latency_seconds = 0.2  # all of them wait on the one request

    def analyze(n: int) -> list[Violation]:
        types = ["EC2", "ECR", "LAMBDA", "LAMBDA_CODE"][n % 4 : n % 4 + 1]
        return pack.analyze(ENABLER, enabler([FRESH_ACCOUNT, EXPIRED_ACCOUNT], types), name=f"e{n}")

    with ThreadPoolExecutor(max_workers=4) as engine:  # the analyzer serves 4 calls at a time
        results = list(engine.map(analyze, range(12)))
    assert fresh_emulator.backend.request_count() == 1
    assert all(len(violations) == 1 for violations in results)


def test_concurrent_enablers_naming_other_accounts_ask_each_account_once(pack, fresh_emulator):
    configure(pack, fresh_emulator)
    accounts = [FRESH_ACCOUNT, ENDING_SOON_ACCOUNT, EXPIRED_ACCOUNT, NEW_TYPES_ACCOUNT]

    def analyze(n: int) -> list[Violation]:
        named = [accounts[n % 4], accounts[(n + 1) % 4]]
        return pack.analyze(ENABLER, enabler(named, ["EC2"]), name=f"e{n}")

    with ThreadPoolExecutor(max_workers=4) as engine:
        list(engine.map(analyze, range(8)))
    asked = [i for r in fresh_emulator.backend.requests for i in r.account_ids]
    assert sorted(asked) == sorted(accounts)
    assert fresh_emulator.backend.request_count() < 8


# --- unknowns at preview --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("props", "provider"),
    [
        (enabler(UNKNOWN, ["EC2"]), None),
        (enabler([FRESH_ACCOUNT, UNKNOWN], ["EC2"]), None),
        (enabler([EXPIRED_ACCOUNT], UNKNOWN), None),
        (enabler([EXPIRED_ACCOUNT], ["EC2"], region=UNKNOWN), None),
        (enabler([EXPIRED_ACCOUNT], ["EC2"], region=None), {"region": UNKNOWN}),
    ],
    ids=["account-ids", "one-account-id", "resource-types", "region", "provider-region"],
)
def test_values_unknown_at_preview_are_not_violations(pack, fresh_emulator, props, provider):
    configure(pack, fresh_emulator, "mandatory")
    violations = pack.analyze(ENABLER, props, provider=provider)
    assert [v.enforcement for v in violations] == ["advisory"]
    assert "during preview" in violations[0].message
    assert fresh_emulator.backend.requests == []


def test_remediation_leaves_an_enabler_with_unknown_values_alone(pack, fresh_emulator):
    configure(pack, fresh_emulator, "remediate", allowedTypes=["LAMBDA"])
    (remediation,) = pack.remediations(ENABLER, enabler(UNKNOWN, ["EC2", "LAMBDA"]))
    assert remediation.properties is None and "during preview" in remediation.diagnostic
    assert fresh_emulator.backend.requests == []


# --- remediation ----------------------------------------------------------------------------


def test_remediation_removes_the_uncovered_types(pack, org_emulator):
    configure(pack, org_emulator, "remediate", minDaysLeft=3)
    fixed = pack.remediate(ENABLER, enabler([ENDING_SOON_ACCOUNT], ["EC2", "ECR", "LAMBDA"]))
    assert fixed == enabler([ENDING_SOON_ACCOUNT], ["LAMBDA"])
    assert pack.analyze(ENABLER, fixed) == []


def test_remediation_keeps_secrets_secret_and_unknowns_unknown(pack, org_emulator):
    configure(pack, org_emulator, "remediate", minDaysLeft=3)
    props = enabler(rpc.wrap_rpc_secret([ENDING_SOON_ACCOUNT]), ["EC2", "LAMBDA"], tags=UNKNOWN)
    fixed = pack.remediate(ENABLER, props)
    assert fixed is not None and fixed["resourceTypes"] == ["LAMBDA"]
    assert fixed["accountIds"] == rpc.wrap_rpc_secret([ENDING_SOON_ACCOUNT])
    assert fixed["tags"] == UNKNOWN


def test_covered_enablers_are_not_rewritten(pack, org_emulator):
    configure(pack, org_emulator, "remediate")
    assert pack.remediate(ENABLER, enabler([FRESH_ACCOUNT], ["EC2"])) is None


def test_when_no_type_would_remain_remediation_leaves_a_mandatory_violation(pack, org_emulator):
    configure(pack, org_emulator, "remediate")
    props = enabler([EXPIRED_ACCOUNT], ["EC2"])
    assert pack.remediate(ENABLER, props) is None
    (violation,) = pack.analyze(ENABLER, props)
    assert violation.enforcement == "mandatory"


def test_remediation_fails_closed_too(pack):
    pack.configure({POLICY_NAME: ("remediate", UNREACHABLE)})
    assert pack.remediate(ENABLER, enabler([FRESH_ACCOUNT], ["EC2", "ECR"])) is None
    violations = pack.analyze(ENABLER, enabler([FRESH_ACCOUNT], ["EC2", "ECR"]))
    assert {v.enforcement for v in violations} == {"mandatory"} and len(violations) == 2


# --- configuration --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("config", "named"),
    [
        ({"minDaysLeft": -1}, "minDaysLeft -1"),
        ({"allowedTypes": ["EC3"]}, "'EC3'"),
        ({"maxMonthlyCost": "lots"}, "maxMonthlyCost 'lots'"),
        ({"region": "mars"}, "region 'mars'"),
        ({"endpointUrl": "localhost:4580"}, "endpointUrl 'localhost:4580'"),
        ({"timeout": 0}, "timeout 0"),
        ({"minDayLeft": 7}, "'minDayLeft'"),
    ],
)
def test_bad_config_is_reported_naming_the_key_and_value(pack, fresh_emulator, config, named):
    configure(pack, fresh_emulator, "mandatory", **config)
    (violation,) = pack.analyze(ENABLER, enabler([FRESH_ACCOUNT], ["EC2"]))
    assert "configuration is invalid" in violation.detail and named in violation.detail
    assert violation.enforcement == "mandatory"
    assert fresh_emulator.backend.requests == []


# --- the documented harness -----------------------------------------------------------------


def test_the_harness_example_runs_as_written(monkeypatch):
    docstring = inspect.cleandoc(PolicyPackPlugin.__doc__ or "")
    found = re.search(r"```python\n(.*?)```", docstring, re.DOTALL)
    assert found is not None, "PolicyPackPlugin documents no example"
    monkeypatch.chdir(PACK.parents[1])  # the example names the pack as a team would
    exec(compile(found.group(1), "PolicyPackPlugin example", "exec"), {"__name__": "example"})
