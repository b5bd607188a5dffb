"""Reads emulator data files: organisations and fault plans in JSON, for every region or per region.

This module reads the document and its regions; ``datafile_organisation`` reads each organisation
in it. See docs/emulator.md, whose "Rules" list is ``datafile_rules.RULES`` word for word.

A file that breaks a rule raises ``DataFileError`` before anything is served, naming the file,
where in it (``regions.eu-west-1.accounts['111122223333'][0].end``) and the rule.

``datafile_faults.checked_fault_changes`` checks fault fields for the control API too, so a
fault is spelt and checked the same way wherever it is set.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any, NoReturn

from .core import EmulatorError, FaultPlan
from .datafile_faults import checked_fault_changes
from .datafile_organisation import read_organisation, refuse_unknown_keys
from .datafile_rules import (
    DOCUMENT,
    ONE_ORGANISATION,
    ORGANISATION_FIELDS,
    REGION_FIELDS,
    REGION_KEYS,
    REGION_NAME,
    REGIONS,
    THE_DOCUMENT,
    TOP_LEVEL_FIELDS,
    TOP_LEVEL_KEYS,
    UNIQUE_KEYS,
    DataFileError,
    Refuse,
    at,
    found,
)
from .models import InspectorBackend, RegionalBackends
from .organisation import Organisation
from .patterns import is_region_name


def load_data_file(path: str | Path) -> tuple[Organisation, FaultPlan]:
    """Read an organisation and a fault plan, served alike in every region, from a data file.

    A file that gives trials per region (``regions``) is refused: read it with
    ``load_regional_backends``.
    """
    document, refuse = _read(path)
    if "regions" in document:
        refuse("regions", "is given", ONE_ORGANISATION)
    faults = FaultPlan(**checked_fault_changes(document.get("faults", {}), "faults", refuse))
    return read_organisation(document, "", refuse), faults


def load_regional_backends(path: str | Path) -> RegionalBackends:
    """Read a data file of either form into backends per region: what ``inspector-trial
    emulator --data`` serves.

    Without ``regions``, every region serves the file's organisation. With ``regions``, each
    region listed serves its own (its ``faults`` set over the top-level ones), and any other
    region serves the top-level organisation if the file gives one, else is not served.
    """
    document, refuse = _read(path)
    faults = FaultPlan(**checked_fault_changes(document.get("faults", {}), "faults", refuse))
    if "regions" not in document:
        return RegionalBackends(default=read_organisation(document, "", refuse), faults=faults)
    regions = document["regions"]
    if not isinstance(regions, dict):
        refuse("regions", f"is {found(regions)}", REGIONS)
    served: dict[str, Organisation | InspectorBackend] = {}
    for region, entry in regions.items():
        where = at("regions", region)
        if not is_region_name(region):
            refuse(where, "is not a region name", REGION_NAME)
        if not isinstance(entry, dict):
            refuse(where, f"is {found(entry)}", REGIONS)
        refuse_unknown_keys(entry, where, REGION_FIELDS, REGION_KEYS, refuse)
        region_faults = copy.deepcopy(faults)
        changes = checked_fault_changes(entry.get("faults", {}), at(where, "faults"), refuse)
        for name, value in changes.items():
            setattr(region_faults, name, value)
        served[region] = InspectorBackend(read_organisation(entry, where, refuse), region_faults)
    default = (
        read_organisation(document, "", refuse)
        if any(key in document for key in ORGANISATION_FIELDS)
        else None
    )
    return RegionalBackends(served, default=default, faults=faults)


class _Object(dict[str, Any]):
    """A JSON object that remembers the first key it was given twice: ``json`` keeps the last
    value of a repeated key without a word, so a typo would silently drop data."""

    repeated: str | None = None


def _object(pairs: list[tuple[str, Any]]) -> _Object:
    document = _Object()
    for key, value in pairs:
        if key in document and document.repeated is None:
            document.repeated = key
        document[key] = value
    return document


def _read(path: str | Path) -> tuple[dict[str, Any], Refuse]:
    source = Path(path)

    def refuse(where: str, problem: str, rule: str) -> NoReturn:
        raise DataFileError(source, where, problem, rule)

    try:
        # utf-8-sig: editors on Windows start a file with a byte order mark, which JSON allows
        # a reader to ignore.
        text = source.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise EmulatorError(f"Cannot read emulator data file {source}: {reason}.") from exc
    try:
        document = json.loads(text, object_pairs_hook=_object)
    except json.JSONDecodeError as exc:
        refuse(f"line {exc.lineno}, column {exc.colno}", f"is not valid JSON ({exc.msg})", DOCUMENT)
    except RecursionError:
        refuse(THE_DOCUMENT, "is nested too deeply to read", DOCUMENT)
    except ValueError:  # an integer longer than Python converts (sys.get_int_max_str_digits)
        refuse(THE_DOCUMENT, "holds a number too long to read", DOCUMENT)
    _refuse_repeated_keys(document, refuse)
    if not isinstance(document, dict):
        refuse(THE_DOCUMENT, f"is {found(document)}", DOCUMENT)
    refuse_unknown_keys(document, "", TOP_LEVEL_FIELDS, TOP_LEVEL_KEYS, refuse)
    return document, refuse


def _refuse_repeated_keys(document: object, refuse: Refuse) -> None:
    """The first repeated key in document order. Iterative: json reads nesting deeper than this
    function could recurse."""
    pending: list[tuple[str, object]] = [("", document)]
    while pending:
        path, value = pending.pop()
        if isinstance(value, _Object):
            if value.repeated is not None:
                refuse(at(path, value.repeated), "is given twice", UNIQUE_KEYS)
            children: list[tuple[str, object]] = [(at(path, k), v) for k, v in value.items()]
        elif isinstance(value, list):
            children = [(at(path, i), v) for i, v in enumerate(value)]
        else:
            continue
        pending.extend(reversed(children))
