"""Pulumi plumbing the resources share, as pulumi-aws keeps it: how a resource takes its args."""

from __future__ import annotations

from typing import Any, TypeVar

import pulumi

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
