"""Pulumi plumbing the resources share, as pulumi-aws keeps it: how a resource takes its args."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping
from importlib import import_module
from types import ModuleType
from typing import Any, TypeVar

import pulumi

from ..domain.errors import MissingExtraError
from ..domain.inputs import INPUT_NAMED, ReadInput

ArgsT = TypeVar("ArgsT")


def args_and_opts(
    kind: str, args_type: type[ArgsT], args: tuple[Any, ...], kwargs: dict[str, Any]
) -> tuple[ArgsT, pulumi.ResourceOptions | None]:
    """Accept ``(name, <Kind>Args, opts)`` and ``(name, opts, **inputs)``, as pulumi-aws does."""
    opts = kwargs.pop("opts", None)
    positional = list(args)
    resource_args = kwargs.pop("args", None)
    if positional and isinstance(positional[0], args_type):
        resource_args = positional.pop(0)
    if positional:
        opts = positional.pop(0)
    if positional:
        raise TypeError(f"{kind} takes a name, then args and/or opts, then keyword inputs")
    if resource_args is None:
        resource_args = args_type(**kwargs)
    elif kwargs:
        raise TypeError(f"{kind} got both an args object and keyword inputs: {', '.join(kwargs)}")
    if not isinstance(resource_args, args_type):
        raise TypeError(f"Expected a {args_type.__name__} instance, not {resource_args!r}")
    if opts is not None and not isinstance(opts, pulumi.ResourceOptions):
        raise TypeError(f"Expected resource options to be a ResourceOptions instance, not {opts!r}")
    return resource_args, opts


def is_awaitable(value: object) -> bool:
    return hasattr(value, "__await__")


def declared_keywords(
    kind: str, given: Mapping[str, object], declared: Iterable[ReadInput], own: Iterable[str] = ()
) -> None:
    """Refuse, as Python refuses a bad call, a keyword that is neither one of the ``declared``
    inputs nor the class's ``own``, and a required input not given (or None), naming it as
    pulumi-aws's Args classes do."""
    inputs = tuple(declared)
    names = {i.name for i in inputs} | set(own)
    for name in given:
        if name not in names:
            raise TypeError(f"{kind}.__init__() got an unexpected keyword argument {name!r}")
    for required in (i.name for i in inputs if i.required):
        if given.get(required) is None:
            raise TypeError(f"Missing required property {required!r}")


def or_default(given: Mapping[str, Any], name: str) -> Any:
    """The value of input ``name`` as given, else its declared default."""
    return given.get(name, INPUT_NAMED[name].default)


def import_extra(module: str, feature: str, package: str, extra: str) -> ModuleType:
    """``module``, or ``MissingExtraError`` saying that ``feature`` needs ``package``, which the
    ``extra`` installs."""
    try:
        return import_module(module)
    except ModuleNotFoundError as error:
        if error.name != module:
            raise  # the package is there but broken: its own error says more
        raise MissingExtraError(feature, package, extra) from None


def with_param_lines(doc: str | None, inputs: Iterable[ReadInput]) -> str | None:
    """``doc`` (a module-level function's docstring) and a ``:param`` line for each of
    ``inputs``, its declared description; None stays None (``python -OO`` keeps no docstrings)."""
    if doc is None:
        return None
    lines = [
        textwrap.fill(
            f":param {i.name}: {i.description}",
            width=100,
            initial_indent="    ",
            subsequent_indent="        ",
        )
        for i in inputs
    ]
    return doc.rstrip() + "\n\n" + "\n".join(lines) + "\n    "
