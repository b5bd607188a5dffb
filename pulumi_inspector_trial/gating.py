"""The gating rules, public: which scan types an ``aws.inspector2.Enabler`` should turn on, given
trials. They live in ``domain.gating`` and ``domain.validation``; this module is their stable
import path."""

from .domain.gating import (
    ENABLER_RESOURCE_TYPES,
    UNRESOLVED_REASON,
    GatingDecision,
    GatingPolicy,
    days_phrase,
    decide,
    enabler_resource_type,
    scan_types_to_enable,
    validate_scan_types,
)
from .domain.validation import require_aware, validate_budget, validate_min_days_left

__all__ = [
    "ENABLER_RESOURCE_TYPES",
    "UNRESOLVED_REASON",
    "GatingDecision",
    "GatingPolicy",
    "days_phrase",
    "decide",
    "enabler_resource_type",
    "require_aware",
    "scan_types_to_enable",
    "validate_budget",
    "validate_min_days_left",
    "validate_scan_types",
]
