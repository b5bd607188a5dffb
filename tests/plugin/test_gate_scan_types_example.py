"""``examples/gate-scan-types`` as ``pulumi preview`` runs it: config in, Enablers and exports out.

The program is executed as the Pulumi CLI would (``runpy``, config from the stack) under
``PreviewMocks``: ``GatedEnabler`` reads the trials from the emulator in this process, its child
``FreeTrialInfo`` is read through the real provider plugin, and every ``aws.inspector2.Enabler``
is recorded with its inputs.

The example decides at the real current time (it passes no ``at``), so the emulator's sample
organisation is built around the real clock here: every trial end sits a whole number of days
plus six hours away, so the days left read the same during the whole test run, on any date.

Pulumi's runtime settings, root stack and config are process-wide. Each program run starts
from a reset runtime and empty config (``run_preview`` installs fresh ``PreviewMocks``) so that
no key or resource of one run is seen by the next; that is enough because the runs are
sequential and ``pulumi.runtime.test`` waits for every outstanding registration before
returning.
"""

from __future__ import annotations

import json
import logging
import runpy
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

import pytest
from pulumi.config import ConfigMissingError
from support.paths import REPO

from pulumi_inspector_trial.emulator import EmulatorServer, InspectorBackend, sample_organisation
from pulumi_inspector_trial.emulator.sample import (
    ENDING_SOON_ACCOUNT,
    EXPIRED_ACCOUNT,
    FRESH_ACCOUNT,
    NEW_TYPES_ACCOUNT,
    NON_MEMBER_ACCOUNT,
    SAMPLE_ACCOUNT_IDS,
)
from pulumi_inspector_trial.testing import FREE_TRIAL_INFO_TYPE, PreviewRun, RegisteredResource

EXAMPLE = REPO / "examples" / "gate-scan-types" / "__main__.py"
ENABLER_TYPE = "aws:inspector2/enabler:Enabler"
ALL_TYPES = ["CODE_REPOSITORY", "EC2", "ECR", "LAMBDA", "LAMBDA_CODE"]


@pytest.fixture(scope="module")
def emulator_now(start_emulator: Callable[..., EmulatorServer]) -> Iterator[EmulatorServer]:
    organisation = sample_organisation(datetime.now(timezone.utc))
    with start_emulator(InspectorBackend(organisation)) as server:
        yield server


@dataclass
class ExampleRun:
    """One run of the example: the preview (registrations, exports), and its namespace."""

    run: PreviewRun
    namespace: dict[str, Any]

    @property
    def exports(self) -> dict[str, Any]:
        return self.run.exports

    def enablers(self) -> dict[str, tuple[list[str], list[str]]]:
        """``{name: (account_ids, resource_types)}`` of every registered Enabler."""
        return {
            r.name: (r.inputs["accountIds"], r.inputs["resourceTypes"])
            for r in self.run.mocks.of_type(ENABLER_TYPE)
        }

    def trials(self) -> RegisteredResource:
        (trials,) = self.run.mocks.of_type(FREE_TRIAL_INFO_TYPE)
        return trials


@pytest.fixture
def preview_example(
    preview: Callable[..., PreviewRun], emulator_now: EmulatorServer
) -> Callable[..., ExampleRun]:
    """``preview_example(returning=None, **stack_config)``: run the example at preview with that
    config; the program returns ``returning(namespace)``, the example's globals."""

    def run(returning: Callable[[dict[str, Any]], Any] | None = None, **stack_config: Any) -> Any:
        config = {"project:endpointUrl": emulator_now.endpoint_url}
        for key, value in stack_config.items():
            config[f"project:{key}"] = value if isinstance(value, str) else json.dumps(value)
        namespace: dict[str, Any] = {}

        def program() -> Any:
            namespace.update(runpy.run_path(str(EXAMPLE)))
            return returning(namespace) if returning else None

        return ExampleRun(preview(program, config), namespace)

    return run


def test_each_account_gets_an_enabler_with_exactly_the_types_its_trials_allow(preview_example):
    preview = preview_example(accountIds=list(SAMPLE_ACCOUNT_IDS), minDaysLeft=7)
    assert preview.enablers() == {
        f"inspector-{FRESH_ACCOUNT}": ([FRESH_ACCOUNT], ALL_TYPES),
        # EC2 and ECR end in 2 days, under the 7-day minimum; LAMBDA_CODE has ended.
        f"inspector-{ENDING_SOON_ACCOUNT}": ([ENDING_SOON_ACCOUNT], ["CODE_REPOSITORY", "LAMBDA"]),
        # Only EC2 and ECR have trials; the newer trial types have no Enabler type.
        f"inspector-{NEW_TYPES_ACCOUNT}": ([NEW_TYPES_ACCOUNT], ["EC2", "ECR"]),
    }


def test_without_min_days_left_a_trial_ending_soon_still_enables_its_type(preview_example):
    preview = preview_example(accountIds=[ENDING_SOON_ACCOUNT])
    assert preview.enablers() == {
        f"inspector-{ENDING_SOON_ACCOUNT}": (
            [ENDING_SOON_ACCOUNT],
            ["CODE_REPOSITORY", "EC2", "ECR", "LAMBDA"],
        )
    }


def test_wanted_types_from_config_narrow_every_enabler(preview_example):
    preview = preview_example(accountIds=list(SAMPLE_ACCOUNT_IDS), wantedTypes=["EC2"])
    assert preview.enablers() == {
        f"inspector-{account}": ([account], ["EC2"])
        for account in (FRESH_ACCOUNT, ENDING_SOON_ACCOUNT, NEW_TYPES_ACCOUNT)
    }


def test_trials_are_read_through_the_plugin_and_known_at_preview(preview_example):
    preview = preview_example(accountIds=[FRESH_ACCOUNT, NON_MEMBER_ACCOUNT])
    trials = preview.trials()
    assert trials.name == "inspector-trials"
    assert trials.outputs["active_types"] == {FRESH_ACCOUNT: ALL_TYPES}
    assert [a["account_id"] for a in trials.outputs["accounts"]] == [FRESH_ACCOUNT]
    assert [f["account_id"] for f in trials.outputs["failed_accounts"]] == [NON_MEMBER_ACCOUNT]


def test_trials_outputs_are_known_to_the_program_at_preview(preview_example):
    preview = preview_example(
        lambda namespace: namespace["gate"].trials.active_types, accountIds=[FRESH_ACCOUNT]
    )
    assert preview.run.known
    assert preview.run.value == {FRESH_ACCOUNT: ALL_TYPES}


def test_exported_decisions_say_for_every_account_what_is_enabled_and_why(preview_example):
    preview = preview_example(accountIds=list(SAMPLE_ACCOUNT_IDS), minDaysLeft=7)
    decisions = preview.exports["decisions"]
    assert list(decisions) == sorted(SAMPLE_ACCOUNT_IDS)
    assert decisions[ENDING_SOON_ACCOUNT] == {
        "enable": ["CODE_REPOSITORY", "LAMBDA"],
        "reasons": {
            "CODE_REPOSITORY": "trial active, 9 days left",
            "EC2": "trial ends in 2 days, under the 7-day minimum",
            "ECR": "trial ends in 2 days, under the 7-day minimum",
            "LAMBDA": "trial active, 9 days left",
            "LAMBDA_CODE": "trial inactive",
        },
        "resolved": True,
    }
    assert decisions[EXPIRED_ACCOUNT]["enable"] == []
    assert decisions[NON_MEMBER_ACCOUNT]["resolved"] is False


def test_exported_enabled_accounts_are_those_with_an_enabler(preview_example):
    preview = preview_example(accountIds=list(SAMPLE_ACCOUNT_IDS), minDaysLeft=7)
    assert preview.exports["enabled_accounts"] == [
        FRESH_ACCOUNT,
        ENDING_SOON_ACCOUNT,
        NEW_TYPES_ACCOUNT,
    ]


def test_non_member_account_is_warned_about_by_id(preview_example, caplog):
    caplog.set_level(logging.WARNING)
    preview_example(accountIds=[NON_MEMBER_ACCOUNT, FRESH_ACCOUNT])
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert NON_MEMBER_ACCOUNT in warnings[0]


def test_missing_account_ids_config_fails_the_program_naming_the_key(preview_example):
    with pytest.raises(ConfigMissingError, match="accountIds"):
        preview_example()


def test_regions_from_config_give_enablers_per_region(preview_example):
    preview = preview_example(accountIds=[FRESH_ACCOUNT], regions=["us-east-1", "eu-west-1"])
    enablers = {r.name: r.inputs["region"] for r in preview.run.mocks.of_type(ENABLER_TYPE)}
    assert enablers == {
        f"inspector-us-east-1-{FRESH_ACCOUNT}": "us-east-1",
        f"inspector-eu-west-1-{FRESH_ACCOUNT}": "eu-west-1",
    }
    assert set(preview.exports["enabled_accounts"]) == {"us-east-1", "eu-west-1"}
