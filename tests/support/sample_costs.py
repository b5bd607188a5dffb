"""What the emulator's sample organisation costs, as the client reads it: written out by hand,
so the tests that use it pin the sums rather than recompute them."""

from __future__ import annotations

from typing import Any

from pulumi_inspector_trial.emulator.sample import (
    ENDING_SOON_ACCOUNT,
    EXPIRED_ACCOUNT,
    FRESH_ACCOUNT,
    NEW_TYPES_ACCOUNT,
    NON_MEMBER_ACCOUNT,
)

NO_COSTS = {"currency": "USD", "total": 0.0, "scan_types": {}, "usage_types": {}}

SAMPLE_COSTS: dict[str, dict[str, Any]] = {
    FRESH_ACCOUNT: {
        "currency": "USD",
        "total": 3.15,
        "scan_types": {"EC2": 1.8, "ECR": 0.9, "LAMBDA": 0.45},
        "usage_types": {
            "EC2_INSTANCE_HOURS": 1.8,
            "ECR_INITIAL_SCAN": 0.9,
            "LAMBDA_FUNCTION_HOURS": 0.45,
        },
    },
    ENDING_SOON_ACCOUNT: {
        "currency": "USD",
        "total": 19.65,
        "scan_types": {"CODE_REPOSITORY": 4.0, "EC2": 9.5, "ECR": 3.4, "LAMBDA_CODE": 2.75},
        "usage_types": {
            "CODE_REPOSITORY_SAST": 4.0,
            "EC2_AGENTLESS_INSTANCE_HOURS": 1.3,
            "EC2_INSTANCE_HOURS": 8.2,
            "ECR_RESCAN": 3.4,
            "LAMBDA_FUNCTION_CODE_HOURS": 2.75,
        },
    },
    EXPIRED_ACCOUNT: {
        "currency": "USD",
        "total": 37.5,
        "scan_types": {
            "CODE_REPOSITORY": 9.5,
            "EC2": 12.4,
            "ECR": 3.1,
            "LAMBDA": 6.0,
            "LAMBDA_CODE": 4.2,
        },
        "usage_types": {
            "CODE_REPOSITORY_IAC": 9.5,
            "EC2_AMI_HOURS": 2.3,
            "EC2_INSTANCE_HOURS": 12.4,
            "ECR_INITIAL_SCAN": 1.1,
            "ECR_RESCAN": 2.0,
            "LAMBDA_FUNCTION_CODE_HOURS": 4.2,
            "LAMBDA_FUNCTION_HOURS": 6.0,
        },
    },
    NEW_TYPES_ACCOUNT: {
        "currency": "USD",
        "total": 7.0,
        "scan_types": {"EC2": 2.0},
        "usage_types": {"AZURE_VM_AGENT_BASED_INSTANCE_HOURS": 5.0, "EC2_INSTANCE_HOURS": 2.0},
    },
    NON_MEMBER_ACCOUNT: NO_COSTS,
}
