"""Routing as plain data: (method, path) -> the operation served there, as moto's ``url_paths``.

Inspector2 is rest-json, so its operation is named by its path. STS is the query protocol: every
action is a POST to ``/`` named by its ``Action`` form field, which ``responses.sts_action`` reads.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from .responses import BATCH_GET_FREE_TRIAL_INFO_ROUTE, STS_ROUTE, Route

url_paths: Final[Mapping[tuple[str, str], Route]] = {
    ("POST", "/freetrialinfo/batchget"): BATCH_GET_FREE_TRIAL_INFO_ROUTE,
    ("POST", "/"): STS_ROUTE,
}
