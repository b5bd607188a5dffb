"""The policy pack as the engine runs it: ``python -u -m pulumi.policy`` over gRPC, against the
emulator's sample organisation."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pulumi_inspector_trial.emulator import EmulatorServer, InspectorBackend, sample_organisation
from pulumi_inspector_trial.emulator.sample import (
    ENDING_SOON_ACCOUNT,
    EXPIRED_ACCOUNT,
    FRESH_ACCOUNT,
    NON_MEMBER_ACCOUNT,
)
from pulumi_inspector_trial.policy import POLICY_NAME
from pulumi_inspector_trial.testing import PolicyPackPlugin

PACK = Path(__file__).parents[1] / "examples" / "policy-pack"
ENABLER = "aws:inspector2/enabler:Enabler"
UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"


@pytest.fixture(scope="module")
def org_emulator() -> Iterator[EmulatorServer]:
    from datetime import datetime, timezone

    with EmulatorServer(
        InspectorBackend(sample_organisation(datetime.now(timezone.utc)))
    ) as server:
        yield server


@pytest.fixture(scope="module")
def pack(org_emulator, aws_env) -> Iterator[PolicyPackPlugin]:
    with PolicyPackPlugin(PACK, env=aws_env()) as running:
        yield running


def configure(
    pack: PolicyPackPlugin, server: EmulatorServer, level: str = "advisory", **config: Any
) -> None:
    pack.configure({POLICY_NAME: (level, {"endpointUrl": server.endpoint_url, **config})})


def enabler(
    accounts: list[str], types: list[str], region: str | None = "us-east-1"
) -> dict[str, Any]:
    props: dict[str, Any] = {"accountIds": accounts, "resourceTypes": types}
    if region is not None:
        props["region"] = region
    return props


def test_the_pack_names_its_policy(pack):
    info = pack.info()
    assert info.name == "inspector-free-trial"
    assert [p.name for p in info.policies] == [POLICY_NAME]


def test_covered_types_are_no_violation(pack, org_emulator):
    configure(pack, org_emulator)
    assert pack.analyze(ENABLER, enabler([FRESH_ACCOUNT], ["EC2", "ECR"])) == []


def test_each_uncovered_account_and_type_is_a_violation_naming_account_type_region_and_why(
    pack, org_emulator
):
    configure(pack, org_emulator)
    violations = pack.analyze(ENABLER, enabler([FRESH_ACCOUNT, EXPIRED_ACCOUNT], ["EC2", "ECR"]))
    messages = sorted(v.message.splitlines()[-1] for v in violations)
    assert messages == [
        f"Account {EXPIRED_ACCOUNT}: {kind} in us-east-1 is not covered by a free trial "
        "(trial inactive)."
        for kind in ("EC2", "ECR")
    ]
    assert {v.enforcement for v in violations} == {"advisory"}


def test_min_days_left_and_mandatory(pack, org_emulator):
    configure(pack, org_emulator, "mandatory", minDaysLeft=3)
    violations = pack.analyze(ENABLER, enabler([ENDING_SOON_ACCOUNT], ["EC2", "LAMBDA"]))
    assert [v.enforcement for v in violations] == ["mandatory"]
    assert "EC2" in violations[0].message and "under the 3-day minimum" in violations[0].message


def test_allowed_types_need_no_trial(pack, org_emulator):
    configure(pack, org_emulator, allowedTypes=["EC2"])
    assert pack.analyze(ENABLER, enabler([EXPIRED_ACCOUNT], ["EC2"])) == []


def test_the_budget_allows_types_past_their_trial_cheapest_first(pack, org_emulator):
    configure(pack, org_emulator, maxMonthlyCost=10)
    violations = pack.analyze(ENABLER, enabler([EXPIRED_ACCOUNT], ["EC2", "ECR", "LAMBDA_CODE"]))
    # ECR $3.10 and LAMBDA_CODE $4.20 fit in $10; EC2's $12.40 does not.
    assert [v.message.splitlines()[-1] for v in violations] == [
        f"Account {EXPIRED_ACCOUNT}: EC2 in us-east-1 is not covered by a free trial (trial "
        "inactive; est. $12.40/month would pass the $10.00 budget ($7.30 used))."
    ]


def test_an_account_without_trial_data_fails_closed(pack, org_emulator):
    configure(pack, org_emulator)
    (violation,) = pack.analyze(ENABLER, enabler([NON_MEMBER_ACCOUNT], ["ECR"]))
    assert "trial data unavailable" in violation.message and "ACCESS_DENIED" in violation.message


def test_an_unreachable_endpoint_fails_closed_saying_why(pack, aws_env):
    pack.configure({POLICY_NAME: ("advisory", {"endpointUrl": "http://127.0.0.1:9", "timeout": 2})})
    violations = pack.analyze(ENABLER, enabler([FRESH_ACCOUNT], ["EC2"]))
    assert len(violations) == 1
    assert "trial data unavailable" in violations[0].message
    assert "Could not connect" in violations[0].message


def test_the_region_comes_from_the_provider_when_the_enabler_has_none(pack, org_emulator):
    configure(pack, org_emulator)
    org_emulator.backend.reset()
    pack.analyze(
        ENABLER,
        enabler([ENDING_SOON_ACCOUNT], ["EC2"], region=None),
        provider={"region": "eu-west-3"},
    )
    assert {r.signing_region for r in org_emulator.backend.requests} == {"eu-west-3"}


def test_the_region_comes_from_the_pack_config_last(pack, org_emulator):
    configure(pack, org_emulator, region="ap-south-1")
    org_emulator.backend.reset()
    (violation,) = pack.analyze(ENABLER, enabler([EXPIRED_ACCOUNT], ["EC2"], region=None))
    assert "in ap-south-1" in violation.message
    assert {r.signing_region for r in org_emulator.backend.requests} == {"ap-south-1"}


def test_each_account_and_region_is_asked_once_however_many_enablers_name_it(pack, org_emulator):
    configure(pack, org_emulator, region="sa-east-1")
    org_emulator.backend.reset()
    for _ in range(5):
        pack.analyze(
            ENABLER, enabler([FRESH_ACCOUNT, EXPIRED_ACCOUNT], ["EC2"], region="sa-east-1")
        )
    assert org_emulator.backend.request_count() == 1


def test_unknown_values_at_preview_are_not_violations(pack, org_emulator):
    configure(pack, org_emulator, "mandatory")
    violations = pack.analyze(ENABLER, {"accountIds": UNKNOWN, "resourceTypes": ["EC2"]})
    assert all(v.enforcement == "advisory" and "during preview" in v.message for v in violations)


def test_remediation_removes_the_uncovered_types(pack, org_emulator):
    configure(pack, org_emulator, "remediate", minDaysLeft=3)
    fixed = pack.remediate(ENABLER, enabler([ENDING_SOON_ACCOUNT], ["EC2", "ECR", "LAMBDA"]))
    assert fixed is not None and fixed["resourceTypes"] == ["LAMBDA"]
    assert pack.analyze(ENABLER, fixed) == []


def test_when_no_type_would_remain_remediation_leaves_a_mandatory_violation(pack, org_emulator):
    configure(pack, org_emulator, "remediate")
    props = enabler([EXPIRED_ACCOUNT], ["EC2"])
    assert pack.remediate(ENABLER, props) is None
    (violation,) = pack.analyze(ENABLER, props)
    assert violation.enforcement == "mandatory"


@pytest.mark.parametrize(
    ("config", "named"),
    [
        ({"minDaysLeft": -1}, "minDaysLeft"),
        ({"allowedTypes": ["EC3"]}, "'EC3'"),
        ({"maxMonthlyCost": "lots"}, "maxMonthlyCost"),
        ({"region": "mars"}, "'mars'"),
        ({"timeout": 0}, "timeout"),
    ],
)
def test_bad_config_is_reported_naming_the_key_and_value(pack, org_emulator, config, named):
    configure(pack, org_emulator, **config)
    org_emulator.backend.reset()
    (violation,) = pack.analyze(ENABLER, enabler([FRESH_ACCOUNT], ["EC2"]))
    assert "configuration is invalid" in violation.message and named in violation.message
    assert org_emulator.backend.requests == []


def test_other_resources_are_not_checked(pack, org_emulator):
    configure(pack, org_emulator, "mandatory")
    assert pack.analyze("aws:s3/bucket:Bucket", {"bucket": "b"}) == []
