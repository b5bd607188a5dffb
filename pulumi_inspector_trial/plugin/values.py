"""Values on the wire: the engine's property values to plain Python, and a read's document back
as the function's camelCase result, shaped by the schema's own output declarations."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from google.protobuf import struct_pb2
from pulumi.provider.experimental.property_value import PropertyValue
from pulumi.runtime import rpc

from .schema import TYPES, snake_case


def has_unknowns(value: struct_pb2.Struct | struct_pb2.Value) -> bool:
    """Whether a value the engine sent holds anything unknown at preview: the unknown sentinel,
    or an output value without its ``value`` (the SDK's own unmarshalling refuses the latter)."""
    if isinstance(value, struct_pb2.Struct):
        return any(has_unknowns(item) for item in value.fields.values())
    kind = value.WhichOneof("kind")
    if kind == "string_value":
        return bool(value.string_value == rpc.UNKNOWN)
    if kind == "list_value":
        return any(has_unknowns(item) for item in value.list_value.values)
    if kind == "struct_value":
        fields = value.struct_value.fields
        signature = fields.get(rpc._special_sig_key)
        if (
            signature is not None
            and signature.string_value == rpc._special_output_value_sig
            and "value" not in fields
        ):
            return True
        return has_unknowns(value.struct_value)
    return False


def plain(value: PropertyValue) -> Any:
    """The Python value inside, secrets unwrapped (the caller asks ``contains_secret`` first)."""
    inner = value.value
    if isinstance(inner, Mapping):
        return {key: plain(item) for key, item in inner.items()}
    if isinstance(inner, Sequence) and not isinstance(inner, str):
        return [plain(item) for item in inner]
    return inner


def to_property_value(value: Any, spec: Mapping[str, Any]) -> PropertyValue:
    """A plain snake_case value as the schema type ``spec`` declares it, in camelCase: an
    object type's properties by their schema names, a map's keys (account ids, scan types)
    and a primitive's value as they are. Numbers travel as floats, as the protocol has them."""
    if value is None:
        return PropertyValue.null()
    reference = spec.get("$ref")
    if reference is not None:
        declared = TYPES[reference.removeprefix("#/types/")]
        return PropertyValue(
            {
                name: to_property_value(value[snake_case(name)], property_spec)
                for name, property_spec in declared["properties"].items()
                if value.get(snake_case(name)) is not None
            }
        )
    if spec.get("type") == "array":
        return PropertyValue([to_property_value(item, spec["items"]) for item in value])
    if spec.get("type") == "object":
        items = spec.get("additionalProperties", {"type": "string"})
        return PropertyValue({str(key): to_property_value(v, items) for key, v in value.items()})
    if isinstance(value, int) and not isinstance(value, bool):
        return PropertyValue(float(value))
    return PropertyValue(value)


def result_of(
    document: Mapping[str, Any],
    outputs: Mapping[str, Mapping[str, Any]],
    *,
    secret: frozenset[str] = frozenset(),
) -> dict[str, PropertyValue]:
    """The function's result: each declared output (camelCase) from the snake_case
    ``document``, those named in ``secret`` marked secret. An output the document lacks, or
    holds as None (``costs`` when not asked for), is left out."""
    result = {}
    for name, spec in outputs.items():
        value = document.get(snake_case(name))
        if value is not None:
            result[name] = to_property_value(value, spec).with_secret(name in secret)
    return result


def unknown_result(outputs: Mapping[str, Mapping[str, Any]]) -> dict[str, PropertyValue]:
    """Every declared output unknown: what a preview shows for an invoke it cannot make."""
    return {name: PropertyValue(rpc.UNKNOWN) for name in outputs}
