"""Fail unless every direct dependency of pulumi-inspector-trial is installed at its floor.

Run with the interpreter of the lowest-versions virtualenv, after
``uv pip install --resolution lowest-direct``: it proves the resolver really took each floor
(a floor that cannot be installed would have been lifted silently), then the suite proves the
floors work. Prints one line per dependency.
"""

from __future__ import annotations

import sys
from importlib.metadata import PackageNotFoundError, requires, version

from packaging.requirements import Requirement
from packaging.version import Version

EXTRAS = ("aws", "policy", "test")


def main() -> int:
    wrong = []
    for text in requires("pulumi-inspector-trial") or []:
        requirement = Requirement(text)
        marker = requirement.marker
        if marker is not None and not any(marker.evaluate({"extra": e}) for e in EXTRAS):
            continue
        floors = [Version(s.version) for s in requirement.specifier if s.operator == ">="]
        try:
            installed = Version(version(requirement.name))
        except PackageNotFoundError:
            installed = None
        floor = max(floors) if floors else None
        print(f"{requirement.name:24} floor {floor}  installed {installed}")
        # A floor of 7 is met by 7.0.0, not by 7.1.
        at_floor = (
            installed is not None
            and floor is not None
            and (installed.release[: len(floor.release)] == floor.release)
        )
        if floor is not None and not at_floor:
            wrong.append(requirement.name)
    if wrong:
        print(f"Not at their floor: {', '.join(wrong)}.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
