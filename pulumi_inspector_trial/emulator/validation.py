"""Input validation driven by botocore's service model, as the service checks its input.

The constraints (required members, list lengths, string patterns and lengths, enums, number
ranges) are read from the operation's input shape, so the emulator refuses exactly what the model
says the service refuses, and follows the model when AWS changes it. Problems are worded the way
AWS services word them ("1 validation error detected: Value '...' at 'accountIds.2.member' failed
to satisfy constraint: ..."), one ``fields`` entry each.

botocore is imported on first use, so importing the emulator does not load it. Smithy patterns
are not anchored (a value matches when the pattern matches part of it), so they are searched.
"""

from __future__ import annotations

import functools
import json
import re
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from .exceptions import ValidationException


@dataclass(frozen=True)
class Violation:
    """One value that breaks one constraint of the model."""

    path: str
    """Where the value is, as AWS names it: ``accountIds``, ``accountIds.2.member``."""
    value: str
    """The value as the message quotes it."""
    constraint: str
    """The constraint it breaks, as AWS words it: ``Member must ...``."""

    def sentence(self) -> str:
        where = f"Value {self.value} at '{self.path}'"
        return f"{where} failed to satisfy constraint: {self.constraint}"


def validate_input(service_name: str, operation_name: str, params: Mapping[str, Any]) -> None:
    """Raise ValidationException naming every value of ``params`` the model refuses."""
    shape = input_shape(service_name, operation_name)
    violations = list(_check(shape, params, ""))
    if not violations:
        return
    count = len(violations)
    detected = f"{count} validation error{'s' if count > 1 else ''} detected"
    raise ValidationException(
        f"{detected}: {'; '.join(v.sentence() for v in violations)}",
        fields=[{"name": v.path, "message": v.sentence()} for v in violations],
    )


_shapes: dict[tuple[str, str], Any] = {}
_shapes_lock = threading.Lock()


def input_shape(service_name: str, operation_name: str) -> Any:
    """botocore's input shape of one operation, loaded once (under a lock, so the server's
    threads all check against the same shape)."""
    key = (service_name, operation_name)
    with _shapes_lock:
        if key not in _shapes:
            import botocore.session

            model = botocore.session.get_session().get_service_model(service_name)
            _shapes[key] = model.operation_model(operation_name).input_shape
        return _shapes[key]


@functools.cache
def _pattern(pattern: str) -> re.Pattern[str] | None:
    try:
        return re.compile(pattern)
    except re.error:  # a Smithy (ECMAScript) pattern Python cannot read: not checked
        return None


_KINDS: Mapping[str, tuple[type, ...]] = {
    "structure": (dict,),
    "list": (list,),
    "map": (dict,),
    "string": (str,),
    "integer": (int,),
    "long": (int,),
    "float": (int, float),
    "double": (int, float),
    "boolean": (bool,),
}


def _check(shape: Any, value: object, path: str) -> Iterator[Violation]:
    kinds = _KINDS.get(shape.type_name)
    is_number = shape.type_name in ("integer", "long", "float", "double")
    if kinds is not None and (
        not isinstance(value, kinds) or (is_number and isinstance(value, bool))
    ):
        yield Violation(path, _quoted(value), f"Member must be a {shape.type_name}")
        return
    metadata = shape.metadata
    if shape.type_name == "structure":
        assert isinstance(value, dict)
        for name, member in shape.members.items():
            where = f"{path}.{name}" if path else name
            if value.get(name) is None:
                if name in shape.required_members:
                    yield Violation(where, "null", "Member must not be null")
                continue
            yield from _check(member, value[name], where)
    elif shape.type_name == "list":
        assert isinstance(value, list)
        yield from _length(metadata, len(value), path, f"with {len(value)} entries")
        for position, item in enumerate(value, start=1):
            yield from _check(shape.member, item, f"{path}.{position}.member")
    elif shape.type_name == "string":
        assert isinstance(value, str)
        yield from _length(metadata, len(value), path, _quoted(value))
        pattern = metadata.get("pattern")
        compiled = _pattern(pattern) if pattern is not None else None
        if compiled is not None and not compiled.search(value):
            yield Violation(
                path,
                _quoted(value),
                f"Member must satisfy regular expression pattern: {pattern}",
            )
        if shape.enum and value not in shape.enum:
            constraint = f"Member must satisfy enum value set: [{', '.join(shape.enum)}]"
            yield Violation(path, _quoted(value), constraint)
    elif is_number:
        assert isinstance(value, (int, float))
        if "min" in metadata and value < metadata["min"]:
            constraint = f"Member must have value greater than or equal to {metadata['min']}"
            yield Violation(path, _quoted(value), constraint)
        if "max" in metadata and value > metadata["max"]:
            constraint = f"Member must have value less than or equal to {metadata['max']}"
            yield Violation(path, _quoted(value), constraint)


def _length(metadata: Mapping[str, Any], length: int, path: str, value: str) -> Iterator[Violation]:
    if "min" in metadata and length < metadata["min"]:
        constraint = f"Member must have length greater than or equal to {metadata['min']}"
        yield Violation(path, value, constraint)
    if "max" in metadata and length > metadata["max"]:
        constraint = f"Member must have length less than or equal to {metadata['max']}"
        yield Violation(path, value, constraint)


def _quoted(value: object) -> str:
    if isinstance(value, str):
        return f"'{value}'"
    return f"'{json.dumps(value)}'"
