"""STS's ``AssumeRole``, a small service of its own: its backend and its query-protocol wire layer.

For code that assumes a role before it reads trials; served on the same port as Inspector2.

STS speaks the query protocol: every action is a form-encoded POST to ``/`` named by its
``Action`` field, answered in XML. The emulator does not model IAM, so any well-formed role ARN
may be assumed, and STS keeps no state. Like every service, it answers only in the regions the
emulator serves.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import uuid
from datetime import datetime, timedelta, timezone
from typing import Any, Final
from urllib.parse import parse_qs
from xml.sax.saxutils import escape

from .core import Call, Route, WireResponse
from .exceptions import (
    InvalidClientTokenId,
    MissingAuthenticationToken,
    ServiceError,
    StsInvalidAction,
    StsValidationError,
)
from .patterns import format_timestamp

ASSUME_ROLE: Final = "AssumeRole"

_NAMESPACE: Final = "https://sts.amazonaws.com/doc/2011-06-15/"
_ROLE_ARN = re.compile(r"arn:aws[a-z-]*:iam::[0-9]{12}:role/[\w+=,.@/-]+")
_SESSION_NAME = re.compile(r"[\w+=,.@-]{2,64}")


class StsBackend:
    """The rules of the one STS operation served."""

    def assume_role(
        self, role_arn: str, role_session_name: str, duration_seconds: int = 3600
    ) -> dict[str, Any]:
        """Answer ``sts:AssumeRole`` with fake temporary credentials, new on every call.

        Returns ``Credentials`` (``AccessKeyId`` starting ``ASIA``, ``SecretAccessKey``,
        ``SessionToken``, ``Expiration`` as an aware datetime) and ``AssumedRoleUser`` (``Arn``,
        ``AssumedRoleId``), as boto3 names them.
        """
        if not _ROLE_ARN.fullmatch(role_arn or ""):
            raise StsValidationError(
                f"Value '{role_arn}' at 'roleArn' failed to satisfy constraint: "
                "Member must be a role ARN such as arn:aws:iam::111122223333:role/Name"
            )
        if not _SESSION_NAME.fullmatch(role_session_name or ""):
            raise StsValidationError(
                f"Value '{role_session_name}' at 'roleSessionName' failed to satisfy constraint: "
                "Member must have length between 2 and 64 and match [\\w+=,.@-]*"
            )
        if not 900 <= duration_seconds <= 43_200:
            raise StsValidationError(
                f"Value '{duration_seconds}' at 'durationSeconds' failed to satisfy constraint: "
                "Member must have value between 900 and 43200"
            )
        partition, account_id = role_arn.split(":")[1], role_arn.split(":")[4]
        role_name = role_arn.rsplit("/", 1)[-1]
        role_id = "AROA" + hashlib.sha256(role_arn.encode()).hexdigest()[:16].upper()
        return {
            "Credentials": {
                "AccessKeyId": "ASIA" + secrets.token_hex(8).upper(),
                "SecretAccessKey": secrets.token_urlsafe(30),
                "SessionToken": secrets.token_urlsafe(96),
                "Expiration": datetime.now(timezone.utc).replace(microsecond=0)
                + timedelta(seconds=duration_seconds),
            },
            "AssumedRoleUser": {
                "Arn": f"arn:{partition}:sts::{account_id}:assumed-role/{role_name}/"
                f"{role_session_name}",
                "AssumedRoleId": f"{role_id}:{role_session_name}",
            },
        }


sts_backend = StsBackend()
"""STS keeps no state, so one backend serves every region (moto's ``sts_backends``)."""


# --- the wire (query protocol) ----------------------------------------------------------------


def sts_action(call: Call) -> WireResponse:
    if call.backends.backend_for(call.region) is None:
        raise MissingAuthenticationToken() if call.region is None else InvalidClientTokenId()
    try:
        form = parse_qs(call.request.body.decode("utf-8"), keep_blank_values=True)
    except UnicodeDecodeError as exc:
        raise StsValidationError("Could not parse the request body as a form.") from exc
    params = {name: values[0] for name, values in form.items()}
    action = params.get("Action", "")
    if action != ASSUME_ROLE:
        raise StsInvalidAction(action)
    try:
        duration = int(params.get("DurationSeconds", "3600"))
    except ValueError as exc:
        raise StsValidationError(
            f"Value '{params['DurationSeconds']}' at 'durationSeconds' is not an integer."
        ) from exc
    answer = sts_backend.assume_role(
        params.get("RoleArn", ""), params.get("RoleSessionName", ""), duration
    )
    credentials, user = answer["Credentials"], answer["AssumedRoleUser"]
    request_id = str(uuid.uuid4())
    document = (
        f'<AssumeRoleResponse xmlns="{_NAMESPACE}">'
        "<AssumeRoleResult>"
        "<Credentials>"
        f"<AccessKeyId>{escape(credentials['AccessKeyId'])}</AccessKeyId>"
        f"<SecretAccessKey>{escape(credentials['SecretAccessKey'])}</SecretAccessKey>"
        f"<SessionToken>{escape(credentials['SessionToken'])}</SessionToken>"
        f"<Expiration>{format_timestamp(credentials['Expiration'])}</Expiration>"
        "</Credentials>"
        "<AssumedRoleUser>"
        f"<Arn>{escape(user['Arn'])}</Arn>"
        f"<AssumedRoleId>{escape(user['AssumedRoleId'])}</AssumedRoleId>"
        "</AssumedRoleUser>"
        "<PackedPolicySize>0</PackedPolicySize>"
        "</AssumeRoleResult>"
        f"<ResponseMetadata><RequestId>{request_id}</RequestId></ResponseMetadata>"
        "</AssumeRoleResponse>"
    )
    return _xml_response(200, document, request_id)


def query_error(error: ServiceError) -> WireResponse:
    """The query-protocol error shape botocore's STS parser reads."""
    request_id = str(uuid.uuid4())
    fault = "Sender" if error.status < 500 else "Receiver"
    document = (
        f'<ErrorResponse xmlns="{_NAMESPACE}">'
        f"<Error><Type>{fault}</Type><Code>{escape(error.code)}</Code>"
        f"<Message>{escape(error.message)}</Message></Error>"
        f"<RequestId>{request_id}</RequestId>"
        "</ErrorResponse>"
    )
    response = _xml_response(error.status, document, request_id)
    response.headers.update(error.headers)
    return response


def _xml_response(status: int, document: str, request_id: str) -> WireResponse:
    return WireResponse(
        status,
        {"Content-Type": "text/xml", "x-amzn-RequestId": request_id},
        document.encode("utf-8"),
    )


STS_ROUTE = Route(ASSUME_ROLE, sts_action, query_error)
