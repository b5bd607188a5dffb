"""The one table of how the service names the Enabler's scan types (``domain.scan_types``), and
the two lookups read from it."""

from __future__ import annotations

from pulumi_inspector_trial.domain.costs import SCAN_TYPE_OF_USAGE
from pulumi_inspector_trial.domain.gating import ENABLER_RESOURCE_TYPES
from pulumi_inspector_trial.domain.scan_types import SCAN_TYPES
from pulumi_inspector_trial.domain.status import enabler_type_of_key


def test_the_table_has_one_row_per_enabler_type_in_its_order():
    assert tuple(SCAN_TYPES) == ENABLER_RESOURCE_TYPES


def test_no_status_key_or_usage_type_stands_for_two_scan_types():
    keys = [names.status_key for names in SCAN_TYPES.values()]
    usage_types = [usage for names in SCAN_TYPES.values() for usage in names.usage_types]
    assert len(set(keys)) == len(keys)
    assert len(SCAN_TYPE_OF_USAGE) == len(usage_types)


def test_each_row_is_what_both_lookups_answer():
    for scan_type, names in SCAN_TYPES.items():
        assert enabler_type_of_key(names.status_key) == scan_type
        assert {SCAN_TYPE_OF_USAGE[usage] for usage in names.usage_types} == {scan_type}


def test_the_usage_types_of_the_service_are_those_billed_to_scan_types():
    assert SCAN_TYPE_OF_USAGE == {
        "EC2_INSTANCE_HOURS": "EC2",
        "EC2_AGENTLESS_INSTANCE_HOURS": "EC2",
        "ECR_INITIAL_SCAN": "ECR",
        "ECR_RESCAN": "ECR",
        "LAMBDA_FUNCTION_HOURS": "LAMBDA",
        "LAMBDA_FUNCTION_CODE_HOURS": "LAMBDA_CODE",
        "CODE_REPOSITORY_SAST": "CODE_REPOSITORY",
        "CODE_REPOSITORY_IAC": "CODE_REPOSITORY",
        "CODE_REPOSITORY_SCA": "CODE_REPOSITORY",
    }
