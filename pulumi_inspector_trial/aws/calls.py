"""One read's requests: a call whose failure becomes the package's sentence, and a paged
operation followed page by page."""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from botocore.exceptions import BotoCoreError, ClientError

from ..read.query import AwsSettings, ResolveLimits
from ..read.waiting import DeadlinePassed, check_cancelled
from .client import as_configured
from .errors import endpoint_of, translate_error

if TYPE_CHECKING:
    from mypy_boto3_inspector2 import Inspector2Client


@dataclass(frozen=True, slots=True)
class Calls:
    """The client one read asks through, with the settings and limits its messages name."""

    client: Inspector2Client
    settings: AwsSettings
    limits: ResolveLimits

    @property
    def endpoint(self) -> str:
        return endpoint_of(self.client)

    def send(self, method: str, operation: str, **params: Any) -> Mapping[str, Any]:
        """The response of the client's ``method``; a failure is raised as ``translate_error``
        words it for ``operation`` (the permission, as an IAM policy names it)."""
        try:
            response: Mapping[str, Any] = getattr(self.client, method)(**params)
        except (BotoCoreError, ClientError) as error:
            limits = as_configured(self.client, self.limits)
            raise translate_error(error, self.settings, limits, self.endpoint, operation) from None
        return response

    def pages(
        self, method: str, operation: str, deadline: float, **params: Any
    ) -> Iterator[Mapping[str, Any]]:
        """Each page, following ``nextToken``: one after another, since each needs the last
        one's token. Past ``deadline`` (a ``time.monotonic``) it raises ``DeadlinePassed``
        before asking again."""
        token: str | None = None
        while True:
            if time.monotonic() >= deadline:
                raise DeadlinePassed()
            check_cancelled()
            page = {"nextToken": token} if token else {}
            response = self.send(method, operation, **params, **page)
            yield response
            token = response.get("nextToken")
            if not token:
                return
