"""The one per-process cache: what a process builds once per place to read from and reuses.

A client, the provider's shared trial batches and the policy pack's cost estimates are each built
once per process and per everything that decides where requests go and as whom: the settings,
the limits, and every ``AWS_*`` variable of the environment (botocore takes endpoints, a profile,
credentials, config files and retry settings from them). Whatever the environment changes to, a
later read never reuses what was built for another endpoint or identity.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Mapping
from typing import Generic, TypeVar

from .query import AwsSettings, ResolveLimits

V = TypeVar("V")

EnvironmentKey = tuple[tuple[str, str], ...]
CacheKey = tuple[AwsSettings, ResolveLimits, EnvironmentKey]

ENVIRONMENT_PREFIX = "AWS_"


def environment_key(environ: Mapping[str, str] | None = None) -> EnvironmentKey:
    """Every ``AWS_*`` variable and its value, sorted: the environment's part of a cache key."""
    environ = os.environ if environ is None else environ
    return tuple(sorted((k, v) for k, v in environ.items() if k.startswith(ENVIRONMENT_PREFIX)))


class ProcessCache(Generic[V]):
    """``build(settings, limits)`` once per process, settings, limits and environment; then the
    same value to every thread. Building happens under a lock (boto3 sessions are not
    thread-safe to build); a build that raises caches nothing, so the next call tries again."""

    def __init__(self, build: Callable[[AwsSettings, ResolveLimits], V]) -> None:
        self._build = build
        self._values: dict[CacheKey, V] = {}
        self._lock = threading.Lock()

    def get(self, settings: AwsSettings, limits: ResolveLimits | None = None) -> V:
        limits = limits or ResolveLimits()
        key = (settings, limits, environment_key())
        value = self._values.get(key)
        if value is not None:
            return value
        with self._lock:
            value = self._values.get(key)
            if value is None:
                value = self._values[key] = self._build(settings, limits)
            return value

    def clear(self) -> None:
        """Forget everything built: the next read builds afresh."""
        with self._lock:
            self._values.clear()
