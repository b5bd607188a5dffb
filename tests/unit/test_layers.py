"""The layers keep to their jobs: every layer says what it holds, and the architecture page names
only what exists. (tests/process/test_layers.py: the rules import no SDK.)"""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pulumi_inspector_trial

PACKAGE = Path(pulumi_inspector_trial.__file__).parent
LAYERS = ("domain", "read", "aws", "resources", "policy", "plugin", "cli", "emulator", "testing")


def test_every_layer_says_what_it_holds_in_one_docstring():
    for layer in LAYERS:
        source = (PACKAGE / layer / "__init__.py").read_text(encoding="utf-8")
        assert source.startswith('"""'), f"{layer}/__init__.py has no docstring"


def test_only_the_public_modules_sit_at_the_top():
    top = sorted(p.stem for p in PACKAGE.glob("*.py"))
    assert top == ["__init__", "__main__", "gating", "provider"]


def _imports_of(layer: str) -> list[tuple[str, str, str]]:
    """``(module, function or "", imported layer)`` for each import of the package's own
    layers in ``layer``'s modules."""
    found = []
    for path in sorted((PACKAGE / layer).glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        functions = {
            id(inner): node.name
            for node in ast.walk(tree)
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            for inner in ast.walk(node)
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                parts = node.module.split(".")
                target = parts[0] if node.level == 2 else parts[1] if len(parts) > 1 else ""
                if node.level == 2 or (node.level == 0 and parts[0] == "pulumi_inspector_trial"):
                    found.append((path.stem, functions.get(id(node), ""), target))
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    parts = alias.name.split(".")
                    if parts[0] == "pulumi_inspector_trial":
                        target = parts[1] if len(parts) > 1 else ""
                        found.append((path.stem, functions.get(id(node), ""), target))
    return found


def test_aws_builds_on_read_and_read_imports_nothing_but_domain():
    assert ("resolver", "", "read") in _imports_of("aws")  # the check sees aws's imports
    read_imports = _imports_of("read")
    assert ("service", "", "domain") in read_imports  # and read's, at import and in functions
    assert [entry for entry in read_imports if entry[2] != "domain"] == []
    read_row = next(
        line
        for line in ARCHITECTURE.read_text(encoding="utf-8").splitlines()
        if line.startswith("| `read/` |")
    )
    assert read_row.rstrip(" |").endswith("| `domain`")  # the imports table says so too


ARCHITECTURE = PACKAGE.parent / "docs" / "architecture.md"
_PATH = re.compile(r"[a-z_]+(/[a-z_]+)*(\.py|/)")
_MODULE = re.compile(rf"(?:{'|'.join(LAYERS)})(?:\.[A-Za-z_]+)+")


def _named_in_architecture() -> set[str]:
    text = ARCHITECTURE.read_text(encoding="utf-8")
    return {name for name in re.findall(r"`([^`\n]+)`", text)} | set(
        re.findall(r"\(([a-z_]+(?:/[a-z_]+)*\.py)\)", text)  # files named in the diagrams
    )


def test_every_file_the_architecture_names_exists():
    paths = [name for name in _named_in_architecture() if _PATH.fullmatch(name)]
    assert "read/service.py" in paths  # the page still follows a read through the rooms
    missing = [
        path
        for path in paths
        if not (PACKAGE / path).exists() and not (PACKAGE.parent / path).exists()
    ]
    assert missing == []


def test_every_module_and_name_the_architecture_names_exists():
    dotted = [name for name in _named_in_architecture() if _MODULE.fullmatch(name)]
    assert "read.service.read_free_trials" in dotted
    missing = []
    for name in dotted:
        parts = name.split(".")
        for split in range(len(parts), 0, -1):  # the longest prefix that is a module
            try:
                found: object = importlib.import_module(
                    ".".join(["pulumi_inspector_trial", *parts[:split]])
                )
            except ModuleNotFoundError:
                continue
            for attribute in parts[split:]:
                found = getattr(found, attribute, None)
            if found is None:
                missing.append(name)
            break
        else:
            missing.append(name)
    assert missing == []
