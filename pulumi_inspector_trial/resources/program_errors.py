"""The package's errors raised in a program as ``pulumi.RunError``s: a sentence, no traceback.

Pulumi's Python language host prints the whole traceback of any exception a program raises, but
only the message of a ``pulumi.RunError``. ``domain`` imports no Pulumi, so its errors cannot be
RunErrors themselves: where a program meets one, it is raised again as a class that is both, so
``except InvalidInputError`` (``except ImportError``, ``except FailedAccountsError``...) still
catches it, with the same message and attributes.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import pulumi

from ..domain.errors import InspectorTrialError

__all__ = ["as_run_error", "raises_run_errors"]

P = ParamSpec("P")
R = TypeVar("R")


_RUN_ERROR_CLASSES: dict[type[InspectorTrialError], type[InspectorTrialError]] = {}


def _run_error_class(error_type: type[InspectorTrialError]) -> type[InspectorTrialError]:
    if error_type not in _RUN_ERROR_CLASSES:
        # Named as the original, so whatever shows the class shows the package's name.
        _RUN_ERROR_CLASSES[error_type] = type(
            error_type.__name__,
            (error_type, pulumi.RunError),
            {"__module__": error_type.__module__, "__qualname__": error_type.__qualname__},
        )
    return _RUN_ERROR_CLASSES[error_type]


def as_run_error(error: InspectorTrialError) -> InspectorTrialError:
    """``error``, or a copy of it whose class is both its own and ``pulumi.RunError``."""
    if isinstance(error, pulumi.RunError):
        return error
    twin = _run_error_class(type(error))
    copy = twin.__new__(twin, *error.args)
    copy.__dict__.update(error.__dict__)
    if isinstance(error, ImportError) and isinstance(copy, ImportError):
        # ImportError keeps these in slots, not in __dict__.
        copy.msg, copy.name, copy.path = error.msg, error.name, error.path
    return copy


def raises_run_errors(func: Callable[P, R]) -> Callable[P, R]:
    """``func``, raising the package's errors as ``as_run_error`` makes them."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except InspectorTrialError as error:
            if isinstance(error, pulumi.RunError):
                raise
            raise as_run_error(error) from error.__cause__

    return wrapper
