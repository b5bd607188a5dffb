"""The ``inspectortrial`` names a program uses (function tokens, arguments, outputs), read from
TypeScript source and Pulumi YAML, and checked against a package schema."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

PACKAGE = "inspectortrial"


@dataclass
class Use:
    """One function a program calls, the arguments it passes and the outputs it reads."""

    token: str
    where: str
    arguments: set[str] = field(default_factory=set)
    outputs: set[str] = field(default_factory=set)


def _top_level_parts(body: str) -> Iterator[str]:
    depth, start = 0, 0
    for index, character in enumerate(body):
        if character in "[({":
            depth += 1
        elif character in "])}":
            depth -= 1
        elif character == "," and depth == 0:
            yield body[start:index]
            start = index + 1
    yield body[start:]


def typescript_uses(source: str, where: str, module: str = PACKAGE) -> list[Use]:
    """Each ``module.getX({...})`` / ``module.getXOutput({...})`` call: its token, the keys of
    its object literal (``accountIds,`` shorthand included), and ``name.output`` reads of the
    variable it is assigned to."""
    uses = []
    call = re.compile(rf"(?:(?:const|let)\s+(\w+)\s*=\s*(?:await\s+)?)?\b{module}\.(\w+)\(\s*\{{")
    for found in call.finditer(source):
        variable, function = found.group(1), found.group(2)
        depth, end = 1, found.end()
        while depth:
            depth += {"{": 1, "}": -1}.get(source[end], 0)
            end += 1
        body = source[found.end() : end - 1]
        token = f"{PACKAGE}:index:{function.removesuffix('Output')}"
        use = Use(token, where)
        for part in _top_level_parts(body):
            key = re.match(r"\s*(\w+)\s*(?::|$)", part)
            if key:
                use.arguments.add(key.group(1))
        if variable:
            use.outputs = set(re.findall(rf"\b{variable}\.(\w+)", source))
        uses.append(use)
    return uses


def yaml_uses(document: Mapping[str, Any], text: str, where: str) -> list[Use]:
    """Each ``fn::invoke`` of the package: token, ``arguments`` keys, ``return``, and the
    ``${variable.output...}`` reads of the variable it is assigned to."""
    uses = []

    def walk(node: Any, name: str | None) -> None:
        if isinstance(node, Mapping):
            invoke = node.get("fn::invoke")
            if isinstance(invoke, Mapping) and str(invoke.get("function", "")).startswith(
                f"{PACKAGE}:"
            ):
                use = Use(str(invoke["function"]), where, set(invoke.get("arguments") or {}))
                if "return" in invoke:
                    use.outputs.add(str(invoke["return"]))
                if name:
                    use.outputs |= set(re.findall(rf"\$\{{{re.escape(name)}\.(\w+)", text))
                uses.append(use)
            for key, value in node.items():
                walk(value, str(key))
        elif isinstance(node, list):
            for item in node:
                walk(item, None)

    walk(document, None)
    return uses


def problems(uses: list[Use], schema: Mapping[str, Any]) -> list[str]:
    """Every token, argument and output a program uses that ``schema`` does not declare, and
    every required argument it leaves out."""
    found = []
    for use in uses:
        function = schema["functions"].get(use.token)
        if function is None:
            found.append(f"{use.where}: no function {use.token}")
            continue
        inputs = function["inputs"]
        for argument in sorted(use.arguments - set(inputs["properties"])):
            found.append(f"{use.where}: {use.token} has no argument {argument}")
        for required in inputs.get("required", []):
            if required not in use.arguments:
                found.append(f"{use.where}: {use.token} needs {required}")
        for output in sorted(use.outputs - set(function["outputs"]["properties"])):
            found.append(f"{use.where}: {use.token} has no output {output}")
    return found
