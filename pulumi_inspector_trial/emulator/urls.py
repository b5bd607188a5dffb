"""Routing as plain data: (method, path) -> the route served there, as moto's ``url_paths``.

Inspector2 is rest-json, so its operation is named by its path. STS is the query protocol: every
action is a POST to ``/`` named by its ``Action`` form field, which ``sts.sts_action`` reads. The
control API lives under ``/_emulator/``, a path no AWS service uses.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from . import control
from .core import Route
from .responses import (
    BATCH_GET_ACCOUNT_STATUS_ROUTE,
    BATCH_GET_FREE_TRIAL_INFO_ROUTE,
    LIST_MEMBERS_ROUTE,
    LIST_USAGE_TOTALS_ROUTE,
)
from .sts import STS_ROUTE

url_paths: Final[Mapping[tuple[str, str], Route]] = {
    ("POST", "/freetrialinfo/batchget"): BATCH_GET_FREE_TRIAL_INFO_ROUTE,
    ("POST", "/usage/list"): LIST_USAGE_TOTALS_ROUTE,
    ("POST", "/members/list"): LIST_MEMBERS_ROUTE,
    ("POST", "/status/batch/get"): BATCH_GET_ACCOUNT_STATUS_ROUTE,
    ("POST", "/"): STS_ROUTE,
    ("GET", f"{control.CONTROL_PATH}/requests"): control.REQUESTS_ROUTE,
    ("POST", f"{control.CONTROL_PATH}/reset"): control.RESET_ROUTE,
    ("GET", f"{control.CONTROL_PATH}/faults"): control.GET_FAULTS_ROUTE,
    ("POST", f"{control.CONTROL_PATH}/faults"): control.SET_FAULTS_ROUTE,
}
