"""Where the resolver used to live: its names, from the modules that now hold them.

Kept while other code moves to ``resolver`` (reading), ``aws_client`` (the client factory),
``aws_errors`` (error translation) and ``provider_batching`` (the provider's shared reads).
"""

from .aws_client import inspector_client
from .aws_errors import OPERATION, TIME_BUDGET_ADVICE, endpoint_of, translate_error
from .provider_batching import (
    HOLD_LIMIT,
    PLUGIN_CONCURRENT_READS,
    SharedTrialCache,
    shared_resolver,
)
from .resolver import BatchAnswer, TrialResolver, parse_batch_answer, resolve_free_trials

__all__ = [
    "HOLD_LIMIT",
    "OPERATION",
    "PLUGIN_CONCURRENT_READS",
    "TIME_BUDGET_ADVICE",
    "BatchAnswer",
    "SharedTrialCache",
    "TrialResolver",
    "endpoint_of",
    "inspector_client",
    "parse_batch_answer",
    "resolve_free_trials",
    "shared_resolver",
    "translate_error",
]
