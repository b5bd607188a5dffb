"""A CrossGuard policy for every stack: no Inspector scan type turned on without a trial, unless
paid for.

``inspector-enabler-free-trial`` checks every ``aws:inspector2/enabler:Enabler``: each account and
resource type it would turn on whose free trial, in the Enabler's region, does not cover it (not
running, fewer than ``minDaysLeft`` days left, or trial data unavailable: it fails closed) is a
violation naming the account, the type, the region and why. The rules are ``gating``'s, the ones
``GatedEnabler`` applies: ``allowedTypes`` are its ``always_enable`` and ``maxMonthlyCost`` its
budget, so a stack ``GatedEnabler`` builds passes the pack configured the same way.

Remediation removes the uncovered types from ``resourceTypes``; when none would remain it changes
nothing, and the violations are then reported as mandatory (an Enabler needs one type).

Trials are read through the package's one read service with the provider process's shared
batches: each (account, region) is asked once per pack process, however many Enablers name it,
and concurrent analyses share requests (``policy.reads``). Put the policy in a pack of your own
with ``free_trial_policy``::

    from pulumi_policy import PolicyPack
    from pulumi_inspector_trial.policy import free_trial_policy

    PolicyPack("my-guardrails", policies=[free_trial_policy(), ...])

Needs the ``policy`` extra (``pip install pulumi-inspector-trial[policy]``).
"""

from .config import CONFIG_SCHEMA, ENABLER_TYPE, POLICY_NAME, PackSettings
from .pack import free_trial_policy
from .review import EnablerReview, Uncovered, enabler_region, review_enabler

__all__ = [
    "CONFIG_SCHEMA",
    "ENABLER_TYPE",
    "POLICY_NAME",
    "EnablerReview",
    "PackSettings",
    "Uncovered",
    "enabler_region",
    "free_trial_policy",
    "review_enabler",
]
