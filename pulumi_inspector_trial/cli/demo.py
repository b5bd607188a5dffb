"""``inspector-trial demo``: the whole story on a sample organisation, with no AWS account needed.

The local emulator serves ``sample_organisation(at)`` on a free port of 127.0.0.1; the real client
resolves the sample accounts from it over HTTP, and the demo prints what ``status``, the gating
rules behind ``GatedEnabler`` and ``check`` make of them. Neither pulumi-aws nor the provider is
involved, so it runs in about a second.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from typing import IO, TYPE_CHECKING, Final

from ..domain.checks import evaluate_check
from ..domain.costs import AccountCosts
from ..domain.gating import ENABLER_RESOURCE_TYPES, GatingPolicy, decide
from ..domain.trials import FreeTrialResult
from ..domain.validation import AccountIds
from ..domain.wording import usd
from ..emulator import EmulatorServer, InspectorBackend, sample_organisation
from ..emulator.sample import SAMPLE_ACCOUNT_IDS
from ..read.query import ResolveLimits
from .render import format_text, trial_status_table

if TYPE_CHECKING:
    from ..read.service import TrialRead

DEMO_REGION: Final = "us-east-1"
WANTED_TYPES: Final = ENABLER_RESOURCE_TYPES
"""Every scan type an ``aws.inspector2.Enabler`` takes: the demo asks for all of them."""
MIN_DAYS_LEFT: Final = 3
CHECK_REQUIRED_TYPE: Final = "EC2"
MONTHLY_BUDGET: Final = 20.0
"""The demo's budget per account, in US dollars a month, for types past their trial."""
BILLING_WITHIN: Final = 7
"""Days ahead the demo's look at the bill sees."""

# The emulator does not check signatures, but botocore refuses to send an unsigned request. These
# stand in for whatever the machine has: a demo must neither need real credentials nor send them,
# even to a local port.
DEMO_CREDENTIALS: Final[Mapping[str, str]] = {
    "AWS_ACCESS_KEY_ID": "DEMOKEYNOTREAL000000",
    "AWS_SECRET_ACCESS_KEY": "demo-secret-not-a-real-credential",
}
# Settings that would otherwise pair the demo keys with a real session token or send botocore
# looking for a profile the machine may not have.
_HIDDEN_FOR_THE_DEMO: Final = (
    "AWS_SESSION_TOKEN",
    "AWS_SECURITY_TOKEN",
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
)

# Local and fast: a demo that cannot reach its own emulator should say so in seconds.
_DEMO_LIMITS: Final = ResolveLimits(
    total_timeout=10, connect_timeout=1, read_timeout=5, max_attempts=2
)


def run_demo(out: IO[str], *, at: datetime) -> int:
    """Serve the sample organisation, read it, and print status, costs, gating and the CI check.

    Returns 0. Errors reading (which would mean the emulator itself is broken) propagate as the
    package's exceptions, for the command line to report; the emulator is stopped either way.
    """
    from ..aws.resolver import TrialResolver
    from ..read.query import AwsSettings, TrialQuery
    from ..read.service import StackDefaults, read_free_trials

    organisation = sample_organisation(at)
    with EmulatorServer(InspectorBackend(organisation), host="127.0.0.1", port=0) as server:
        query = TrialQuery(
            SAMPLE_ACCOUNT_IDS,
            AwsSettings(region=DEMO_REGION, endpoint_url=server.endpoint_url),
            allow_failed_accounts=True,
            include_costs=True,
        )
        organisation_query = TrialQuery(
            AccountIds(),
            query.settings,
            allow_failed_accounts=True,
            include_costs=True,
            members=True,
            include_account_status=True,
        )
        with _demo_credentials():
            defaults = StackDefaults(limits=_DEMO_LIMITS)
            read = read_free_trials(query, defaults, resolver_for=TrialResolver)
            members = read_free_trials(organisation_query, defaults, resolver_for=TrialResolver)
        endpoint_url = server.endpoint_url
    _print_report(out, read.result, read.costs or {}, at=at, endpoint_url=endpoint_url)
    _print_organisation(out, members, at=at)
    _print_use_it(out)
    return 0


@contextmanager
def _demo_credentials() -> Iterator[None]:
    """Fake AWS credentials in the environment for the block's duration; then restore it exactly.

    The client takes its credentials from botocore's default chain, whose first link is the
    environment, so this is the narrowest way to hand it fake ones. (The client caches one client
    per endpoint, and the demo's endpoint is a fresh port, so nothing else ever reuses them.)
    """
    names = (*DEMO_CREDENTIALS, *_HIDDEN_FOR_THE_DEMO)
    saved = {name: os.environ.get(name) for name in names}
    try:
        for name in _HIDDEN_FOR_THE_DEMO:
            os.environ.pop(name, None)
        os.environ.update(DEMO_CREDENTIALS)
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _print_report(
    out: IO[str],
    result: FreeTrialResult,
    costs: Mapping[str, AccountCosts],
    *,
    at: datetime,
    endpoint_url: str,
) -> None:
    def say(text: str = "") -> None:
        print(text, file=out)

    say("Inspector free-trial demo")
    say(
        f"A sample organisation of {len(SAMPLE_ACCOUNT_IDS)} accounts, served by the local emulator"
    )
    say(f"at {endpoint_url}: no AWS account needed, nothing leaves this machine.")
    say()

    say("1. Free-trial status and what each account would cost a month after its trial,")
    say("   as 'inspector-trial status --costs' prints them (estimates from the last 30 days)")
    say()
    say(_indent(trial_status_table({DEMO_REGION: result}, at=at, costs={DEMO_REGION: dict(costs)})))
    say()

    policy = GatingPolicy(require_active=True, min_days_left=MIN_DAYS_LEFT)
    decisions = decide(result, WANTED_TYPES, policy, at=at)
    say("2. What an aws.inspector2.Enabler would get in each account")
    say(f"   Wanted: {', '.join(WANTED_TYPES)}.")
    say(f"   Policy: only while the trial is ACTIVE with at least {MIN_DAYS_LEFT} days left.")
    say("   An account whose trials cannot be read gets nothing: it fails closed.")
    say()
    for decision in decisions.values():
        say(f"   {decision.summary}")
    say()

    budgeted = GatingPolicy(min_days_left=MIN_DAYS_LEFT, max_monthly_cost=MONTHLY_BUDGET)
    with_budget = decide(result, WANTED_TYPES, budgeted, at=at, costs=costs)
    say(f"   With a budget of {usd(MONTHLY_BUDGET)} a month per account (max_monthly_cost), types")
    say("   past their trial stay on while affordable, cheapest first:")
    say()
    for account_id, decision in with_budget.items():
        if decision.enable != decisions[account_id].enable:
            say(f"   {decision.summary}")
    say()

    report = evaluate_check(
        result, require_active=[CHECK_REQUIRED_TYPE], min_days_left=MIN_DAYS_LEFT, at=at
    )
    command = f"inspector-trial check --require-active {CHECK_REQUIRED_TYPE}"
    say(f"3. The CI gate: {command} --min-days-left {MIN_DAYS_LEFT}")
    say()
    say(_indent(format_text(report)))
    if result.failed_accounts:
        exit_code = "3 (an account could not be resolved; with every account resolved, 1)"
    elif report.violated:
        exit_code = "1 (the policy is violated)"
    else:
        exit_code = "0 (the policy holds)"
    say(f"   Exit code: {exit_code}.")
    say()


def _print_organisation(out: IO[str], read: TrialRead, *, at: datetime) -> None:
    def say(text: str = "") -> None:
        print(text, file=out)

    command = f"inspector-trial check --members --billing-within {BILLING_WITHIN} --costs"
    say("4. The whole organisation, as its delegated administrator sees it: its members, what")
    say(f"   each has enabled, and what will bill within {BILLING_WITHIN} days, as")
    say(f"   '{command}' reports it")
    say()
    say(f"   Members (inspector2:ListMembers): {', '.join(read.account_ids)}")
    say("   Enabled (inspector2:BatchGetAccountStatus):")
    for account_id, types in (read.enabled_types or {}).items():
        say(f"     {account_id}  {', '.join(types) or 'nothing'}")
    say()
    report = evaluate_check(
        read.result,
        at=at,
        min_days_left=0,  # the bill alone: no days-left warnings beside it
        costs=read.costs,
        statuses=read.statuses,
        billing_within=BILLING_WITHIN,
    )
    say(_indent(format_text(report)))
    exit_code = (
        "1 (enabled scan types are billed, or will be within the days given)"
        if report.violated
        else "0 (nothing enabled bills within the days given)"
    )
    say(f"   Exit code: {exit_code}.")
    say()


def _print_use_it(out: IO[str]) -> None:
    accounts = " ".join(SAMPLE_ACCOUNT_IDS)
    command = f"inspector-trial check --require-active {CHECK_REQUIRED_TYPE}"

    def say(text: str = "") -> None:
        print(text, file=out)

    say("5. Use it for real")
    say("   With your AWS credentials (a delegated Inspector administrator sees its members):")
    say(f"     inspector-trial status --costs --region {DEMO_REGION} ACCOUNT_ID...")
    say(f"     {command} --min-days-left {MIN_DAYS_LEFT} --region {DEMO_REGION} ACCOUNT_ID...")
    say(f"     inspector-trial check --members --billing-within 14 --costs --region {DEMO_REGION}")
    say("   Or against the emulator, from any boto3 code or Pulumi program:")
    say("     inspector-trial emulator --port 4580 &")
    say("     export AWS_ENDPOINT_URL_INSPECTOR2=http://127.0.0.1:4580")
    say("     export AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=x  # any will do, none is checked")
    say(f"     inspector-trial status --region {DEMO_REGION} {accounts}")


def _indent(text: str, prefix: str = "   ") -> str:
    return "\n".join(f"{prefix}{line}" if line else line for line in text.splitlines())
