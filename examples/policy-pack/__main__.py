"""A policy pack for every stack: no Inspector scan type turned on without a trial, unless paid
for. Run it with any stack:

    pulumi preview --policy-pack examples/policy-pack

Configure it per stack with --policy-pack-config (see README.md): minDaysLeft, allowedTypes,
maxMonthlyCost, region, endpointUrl, timeout, and the enforcement level.
"""

from pulumi_policy import EnforcementLevel, PolicyPack

from pulumi_inspector_trial.policy import free_trial_policy

PolicyPack(
    name="inspector-free-trial",
    policies=[free_trial_policy()],
    enforcement_level=EnforcementLevel.ADVISORY,
)
