"""Which resource plugins ``pulumi preview`` would install for a virtualenv, decided as Pulumi's
Python language host decides it (``GetRequiredPackages`` in ``pulumi-language-python``).

A port of the host's Go code (pulumi/pulumi at 1b5949891b3cefcb9974752b24a5ecef0acc86c8:
``sdk/python/cmd/pulumi-language-python/main.go`` ``listPulumiPackageInfos``,
``packageDependencyFromPluginJSON``, ``determinePluginVersion``; ``sdk/python/toolchain/pip.go``
``ListPackages``). The parts that run in the virtualenv run there as the host runs them:
``python -m pip list --format json`` for the distributions, then the host's own script,
``PLUGIN_JSON_PATHS_SCRIPT`` below, copied as it is, for each one's ``pulumi-plugin.json``.
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# The host's ``pulumiPluginJSONPathsScript``, as it is (tabs included).
PLUGIN_JSON_PATHS_SCRIPT = """import importlib.metadata, importlib.util, os, sys, json
result = {}
for pkg_name in sys.argv[1:]:
\ttry:
\t\tdist = importlib.metadata.distribution(pkg_name)
\t\tmodule = dist.metadata['Name'].replace('-', '_')
\t\tspec = importlib.util.find_spec(module)
\t\tlocs = list(spec.submodule_search_locations or []) if spec else []
\t\tfound = [p for l in locs for p in [os.path.join(str(l), 'pulumi-plugin.json')] if os.path.isfile(p)]
\t\tresult[pkg_name] = found[0] if found else ''
\texcept Exception:
\t\tresult[pkg_name] = ''
print(json.dumps(result))"""  # noqa: E501 (the host's line, as it is)

# ``packagesWithoutPlugins``: known to have no plugin, whatever their name says.
PACKAGES_WITHOUT_PLUGINS = frozenset({"pulumi-policy", "pulumi-esc-sdk"})


@dataclass(frozen=True)
class PackageDependency:
    """A plugin the engine would be told to install (``pulumirpc.PackageDependency``)."""

    name: str
    version: str
    kind: str = "resource"
    server: str = ""
    distribution: str = ""
    """The installed distribution that asked for it (not part of the engine's message)."""


def normalize(name: str) -> str:
    """``normalizePythonPackageName``."""
    return re.sub(r"[-_.]+", "-", name.lower())


def list_packages(python: Path) -> list[tuple[str, str]]:
    """``pip.ListPackages(transitive=true)``: every distribution in the virtualenv."""
    output = _run(python, "-m", "pip", "list", "--format", "json")
    return [(normalize(p["name"]), p["version"]) for p in json.loads(output)]


def plugin_json_paths(python: Path, names: list[str]) -> dict[str, str]:
    """``readAllPulumiPluginJSONPaths``: the host's script, run by the virtualenv's python."""
    if not names:
        return {}
    result: dict[str, str] = json.loads(_run(python, "-c", PLUGIN_JSON_PATHS_SCRIPT, *names))
    return result


def required_packages(python: Path) -> list[PackageDependency]:
    """``GetRequiredPackages`` for the virtualenv of ``python``."""
    packages = list_packages(python)
    paths = plugin_json_paths(python, [name for name, _ in packages])
    required = []
    for name, version in packages:
        if name in PACKAGES_WITHOUT_PLUGINS:
            continue
        plugin_json: dict[str, Any] | None = None
        if paths.get(name):
            plugin_json = json.loads(Path(paths[name]).read_text(encoding="utf-8"))
        # "A package is a Pulumi package if it has a pulumi-plugin.json or its name starts with
        # 'pulumi-'."
        if plugin_json is None and not name.startswith("pulumi-"):
            continue
        dependency = package_dependency(name, version, plugin_json)
        if dependency is not None:
            required.append(dependency)
    return required


def package_dependency(
    name: str, version: str, plugin_json: dict[str, Any] | None
) -> PackageDependency | None:
    """``packageDependencyFromPluginJSON``: None when the package declares no resource plugin."""
    plugin_name = plugin_version = server = ""
    if plugin_json is not None:
        # Go reads a missing "resource" as false.
        if not plugin_json.get("resource", False):
            return None
        plugin_name = plugin_json.get("name", "")
        plugin_version = plugin_json.get("version", "")
        server = plugin_json.get("server", "")
    if not plugin_name:
        plugin_name = name.removeprefix("pulumi-")
    if not plugin_version:
        determined = determine_plugin_version(version)
        if determined is None:
            return None
        plugin_version = determined
    if not plugin_version.startswith("v"):
        plugin_version = "v" + plugin_version
    return PackageDependency(plugin_name, plugin_version, server=server, distribution=name)


def determine_plugin_version(package_version: str) -> str | None:
    """``determinePluginVersion``: a PEP 440 version as a plugin version, None if it has none."""
    match = re.fullmatch(
        r"(?P<release>\d+(?:\.\d+)*)(?:(?P<pre>a|b|rc)(?P<pre_n>\d*))?"
        r"(?:\.post(?P<post>\d*))?(?:\.dev(?P<dev>\d*))?",
        package_version,
    )
    if match is None:
        return None
    segments = match["release"].split(".")
    segments += ["0"] * (3 - len(segments))
    result = ".".join(segments)
    if match["pre"]:
        result += {"a": "-alpha.", "b": "-beta.", "rc": "-rc."}[match["pre"]] + match["pre_n"]
    if match["post"] is not None:
        result += "+post" + match["post"]
    if match["dev"] is not None:
        result += ("" if match["post"] is not None else "+") + "dev" + match["dev"]
    return result


def _run(python: Path, *args: str) -> str:
    process = subprocess.run(
        [str(python), *args], capture_output=True, text=True, timeout=120, check=False
    )
    assert process.returncode == 0, process.stderr
    return process.stdout
