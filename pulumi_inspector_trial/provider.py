"""The dynamic provider behind ``FreeTrialInfo``: it reads, and never changes anything in AWS.

The engine pickles the provider instance into the stack's state. This class is defined in an
installed module, so dill pickles it by reference (module and class name), and the instance holds
no attributes of its own until ``configure`` runs inside the provider process: nothing about
sessions, clients or credentials can reach the state. Clients live in ``aws.client``'s
per-process cache.

It stays here, outside ``resources/``, because its path is in every stack's state: 0.1.0 states
hold ``pulumi_inspector_trial.provider.FreeTrialInfoProvider``, and a class that moved would make
every later read write a different ``__provider`` into state.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from pulumi.dynamic import (
    CheckFailure,
    CheckResult,
    ConfigureRequest,
    CreateResult,
    DiffResult,
    ReadResult,
    ResourceProvider,
    UpdateResult,
)

from .domain.errors import InspectorTrialError, InvalidInputError, TrialDataError
from .read.query import TrialQuery, free_trial_info_id
from .read.service import StackDefaults, TrialRead, read_free_trials

Method = TypeVar("Method", bound=Callable[..., Any])


def _reported(method: Method) -> Method:
    """What reaches the engine when a call fails: ``pulumi.dynamic`` sends the whole
    ``traceback.format_exc()``, chained exceptions included. So the error goes without the
    exception it was raised while handling (botocore's, which may quote an endpoint), and an
    unexpected one becomes the package's own error, redacted like all of them."""

    @functools.wraps(method)
    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return method(*args, **kwargs)
        except InspectorTrialError as error:
            raise error from None
        except Exception as error:
            raise TrialDataError(  # whose message is redacted as it is made
                f"The provider failed unexpectedly ({type(error).__name__}: {error})."
            ) from None

    return call  # type: ignore[return-value]


class FreeTrialInfoProvider(ResourceProvider):
    """Resolves ``FreeTrialInfo`` through ``inspector2:BatchGetFreeTrialInfo``."""

    # The instance holds no secret, so its serialized form need not be one; this keeps state
    # readable and `pulumi stack export` diffs meaningful.
    serialize_as_secret_always = False

    def configure(self, req: ConfigureRequest) -> None:
        """Take the stack's ``aws:region``, ``aws:profile`` (as pulumi-aws does) and
        ``inspector-trial:timeout`` as this process's defaults for every read."""
        self._defaults = StackDefaults.from_config(req.config.get)

    @_reported
    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        try:
            TrialQuery.from_props(news)
        except InvalidInputError as error:
            return CheckResult(news, [CheckFailure(error.property or "account_ids", str(error))])
        return CheckResult(news, [])

    @_reported
    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        """Only a change of what is asked (accounts, region, endpoint, identity) matters."""
        old = TrialQuery.from_props(olds).to_props()
        new = TrialQuery.from_props(news).to_props()
        changed = sorted(key for key in new if old[key] != new[key])
        return DiffResult(changes=bool(changed), replaces=[], delete_before_replace=False)

    @_reported
    def create(self, props: dict[str, Any]) -> CreateResult:
        """A create (the engine's fallback when not reading by id) resolves like a read."""
        query = TrialQuery.from_props(props)
        read = self._read(query)
        # The program computes the id with the same region: the same id either way.
        the_id = free_trial_info_id(
            read.region, query.settings.endpoint_url, query.account_ids, members=query.members
        )
        return CreateResult(the_id, read.outputs())

    @_reported
    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        """Resolve the trial data now. Runs during preview, up and refresh alike."""
        return ReadResult(id_, self._read(TrialQuery.from_props(props)).outputs())

    @_reported
    def update(self, _id: str, _olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        return UpdateResult(self._read(TrialQuery.from_props(news)).outputs())

    def delete(self, _id: str, _props: dict[str, Any]) -> None:
        """Nothing to delete: the resource only ever read. No network, no credentials."""

    def _read(self, query: TrialQuery) -> TrialRead:
        # boto3 is imported in the provider process only
        from .aws.resolver import TrialResolver
        from .read.batching import shared_resolver

        defaults = getattr(self, "_defaults", None)  # None until configure() has run
        shared = functools.partial(shared_resolver, resolver_for=TrialResolver)
        return read_free_trials(query, defaults, resolver_for=shared)
