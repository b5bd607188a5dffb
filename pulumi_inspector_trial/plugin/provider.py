"""The native provider: ``inspectortrial``'s functions for every Pulumi language.

An async ``pulumi.provider.experimental`` provider. Each invoke is validated on the event loop,
then read through the one read path (``read.service.read_free_trials``) in a thread of the
provider's own executor, so a waiting read holds no event-loop time and the server takes the
next invoke at once. Reads share the process's batches (``read.batching.shared_resolver``,
sized to that executor): many invokes at once cost a few requests, each account asked once.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import Any, Final

from pulumi.provider.experimental.property_value import PropertyValue
from pulumi.provider.experimental.provider import (
    CheckFailure,
    CheckRequest,
    CheckResponse,
    ConfigureRequest,
    ConfigureResponse,
    DiffRequest,
    DiffResponse,
    GetSchemaRequest,
    GetSchemaResponse,
    InvokeRequest,
    InvokeResponse,
    Provider,
)

from ..domain.errors import (
    FailedAccountsError,
    InvalidInputError,
    NoRegionError,
)
from ..domain.gating import GatingPolicy, decide
from ..domain.inputs import INPUT_NAMED, SETTING_INPUTS, ReadInput
from ..read.batching import INVOKE_CONCURRENT_READS, SharedTrialCache, shared_resolver
from ..read.query import SECRET_IDS_KEY, AwsSettings, ResolveLimits, TrialQuery
from ..read.service import StackDefaults, TrialRead, read_free_trials
from .names import GET_SCAN_TYPES, PACKAGE
from .schema import (
    ACCOUNT_BEARING,
    FUNCTION_INPUTS,
    FUNCTION_OUTPUTS,
    camel_case,
    in_schema_words,
    package_schema,
)
from .values import plain, result_of, unknown_result

NO_REGION: Final = (
    "No AWS region is set: pass region, set the provider's region "
    f"(pulumi config set {PACKAGE}:region us-east-1), or set AWS_REGION or AWS_DEFAULT_REGION."
)
IGNORED_CONFIG: Final = frozenset({"version", "pluginDownloadURL"})
"""Keys the engine may send with a provider's config that are not config variables."""
SETTING_NAMED: Final = {declared.camel_name: declared for declared in SETTING_INPUTS}


class UnknownFunctionError(InvalidInputError):
    fmt = "This provider has no function {token!r}: it has {known}."


def _failure(error: InvalidInputError, default: str) -> CheckFailure:
    """An input problem as the engine reports it: the property by its schema name."""
    named = INPUT_NAMED.get(error.property or "")
    prop = named.camel_name if named else (error.property or default)
    return CheckFailure(prop, in_schema_words(str(error)))


def _as_declared(declared: ReadInput, value: Any) -> Any:
    """A wire value as the declaration's type: the protocol's numbers are floats, so a whole
    one becomes an int where the input is whole days."""
    if declared.type == "int" and isinstance(value, float) and value.is_integer():
        return int(value)
    return value


class InspectorTrialProvider(Provider):
    """Serves ``inspectortrial:index:getFreeTrialInfo`` and ``inspectortrial:index:getScanTypes``.

    Holds the provider config (the settings every invoke falls back to) and the executor reads
    run in; clients and batches live in the process caches of ``read``.
    """

    def __init__(self, *, readers: int = INVOKE_CONCURRENT_READS) -> None:
        self._settings: dict[str, Any] = {}
        self._settings_secret = False
        self._config_error: CheckFailure | None = None
        self._readers = readers
        self._executor = ThreadPoolExecutor(readers, thread_name_prefix="inspectortrial-read")

    # -- schema and config ----------------------------------------------------------------------

    async def get_schema(self, request: GetSchemaRequest) -> GetSchemaResponse:
        return GetSchemaResponse(json.dumps(package_schema()))

    async def check_config(self, request: CheckRequest) -> CheckResponse:
        """Each config variable checked by its declared validator; a failure names it."""
        _, failures = self._settings_from(request.new_inputs)
        return CheckResponse(inputs=request.new_inputs, failures=failures)

    async def diff_config(self, request: DiffRequest) -> DiffResponse:
        """Changed settings change where later calls read; nothing is replaced (the functions
        keep no state)."""
        old, new = request.old_state, request.new_inputs
        changed = sorted(
            key
            for key in SETTING_NAMED
            if (plain(old[key]) if key in old else None)
            != (plain(new[key]) if key in new else None)
        )
        return DiffResponse(changes=bool(changed), diffs=changed)

    async def configure(self, request: ConfigureRequest) -> ConfigureResponse:
        args = request.args or {
            key.removeprefix(f"{PACKAGE}:"): PropertyValue(value)
            for key, value in request.variables.items()
        }
        self._settings, failures = self._settings_from(args)
        # The engine checks config first; should a bad value reach here anyway, every invoke
        # reports it rather than reading somewhere else.
        self._config_error = failures[0] if failures else None
        self._settings_secret = any(v.contains_secret() for v in args.values())
        return ConfigureResponse(accept_secrets=True, supports_preview=True)

    def _settings_from(
        self, config: Mapping[str, PropertyValue]
    ) -> tuple[dict[str, Any], list[CheckFailure]]:
        settings: dict[str, Any] = {}
        failures: list[CheckFailure] = []
        for key, value in config.items():
            if key in IGNORED_CONFIG or key.startswith("__"):
                continue
            declared = SETTING_NAMED.get(key)
            if declared is None:
                failures.append(
                    CheckFailure(
                        key,
                        f"Unknown config variable {PACKAGE}:{key}: expected one of "
                        f"{', '.join(SETTING_NAMED)}.",
                    )
                )
                continue
            given = plain(value)
            if given is None or given == "":
                continue
            try:
                settings[declared.name] = declared.validate(given, f"{PACKAGE}:{key}")
            except InvalidInputError as error:
                failures.append(CheckFailure(key, in_schema_words(str(error))))
        return settings, failures

    # -- functions ------------------------------------------------------------------------------

    def unknown_result(self, token: str) -> InvokeResponse:
        """The answer to an invoke with an input unknown at preview: every output unknown,
        nothing read (the engine itself does not send such invokes)."""
        return InvokeResponse(return_value=unknown_result(self._outputs_of(token)))

    async def invoke(self, request: InvokeRequest) -> InvokeResponse:
        self._outputs_of(request.tok)  # an unknown token fails before anything else
        if self._config_error is not None:
            return InvokeResponse(failures=[self._config_error])
        try:
            query, secret_inputs, props = self._query(request.tok, request.args)
            gating = self._gating(props) if request.tok == GET_SCAN_TYPES else None
        except InvalidInputError as error:
            return InvokeResponse(failures=[_failure(error, "accountIds")])
        if gating is not None and gating[0].max_monthly_cost is not None:
            query = replace(query, include_costs=True)  # a budget needs the estimates
        try:
            read = await asyncio.get_running_loop().run_in_executor(
                self._executor, self._read, query
            )
        except NoRegionError:
            return InvokeResponse(failures=[CheckFailure("region", NO_REGION)])
        except FailedAccountsError as error:
            failure = CheckFailure("accountIds", in_schema_words(str(error)))
            return InvokeResponse(failures=[failure])
        except InvalidInputError as error:
            return InvokeResponse(failures=[_failure(error, "accountIds")])
        secret = (
            ACCOUNT_BEARING[request.tok] | {camel_case(n) for n in secret_inputs}
            if secret_inputs
            else frozenset()
        )
        document = read.outputs() if gating is None else self._decisions(read, *gating)
        return InvokeResponse(
            return_value=result_of(document, FUNCTION_OUTPUTS[request.tok], secret=secret)
        )

    def _outputs_of(self, token: str) -> Mapping[str, Mapping[str, Any]]:
        outputs = FUNCTION_OUTPUTS.get(token)
        if outputs is None:
            raise UnknownFunctionError(token=token, known=", ".join(FUNCTION_OUTPUTS))
        return outputs

    def _query(
        self, token: str, args: Mapping[str, PropertyValue]
    ) -> tuple[TrialQuery, set[str], dict[str, Any]]:
        """The query an invoke asks, its inputs' declared names that were secret, and every
        input as plain snake_case values; an argument the function does not take is refused."""
        takes = {declared.camel_name: declared for declared in FUNCTION_INPUTS[token]}
        props: dict[str, Any] = {}
        secret: set[str] = set()
        for key, value in args.items():
            declared = takes.get(key)
            if declared is None:
                raise InvalidInputError(
                    f"{token.rpartition(':')[2]} has no argument {key!r}: it takes "
                    f"{', '.join(takes)}.",
                    property=key,
                )
            if value.contains_secret():
                secret.add(declared.name)
            props[declared.name] = _as_declared(declared, plain(value))
        if self._settings_secret:
            secret.update(name for name in self._settings if props.get(name) is None)
        for name, setting in self._settings.items():
            if props.get(name) is None and name not in ("region", "profile"):
                props[name] = setting  # region and profile: the read's defaults, below
        props[SECRET_IDS_KEY] = "account_ids" in secret
        return TrialQuery.from_props(props), secret, props

    def _gating(self, props: Mapping[str, Any]) -> tuple[GatingPolicy, tuple[str, ...]]:
        """The gating rules and the wanted types, checked before anything is read."""

        def given(name: str) -> Any:
            declared = INPUT_NAMED[name]
            value = props.get(name)
            try:
                return declared.validate(declared.default if value is None else value, name)
            except InvalidInputError as error:
                error.property = error.property or name  # a failure names its input
                raise

        policy = GatingPolicy(
            min_days_left=given("min_days_left"),
            always_enable=given("always_enable"),
            max_monthly_cost=given("max_monthly_cost"),
        )
        return policy, tuple(given("wanted_types"))

    def _resolver_for(self, settings: AwsSettings, limits: ResolveLimits) -> SharedTrialCache:
        """The process's batches, sized to the executor, a part batch waiting until no invoke
        has added to it for a moment."""
        from ..aws.resolver import TrialResolver  # boto3 is imported when a read happens

        return shared_resolver(
            settings,
            limits,
            resolver_for=TrialResolver,
            max_readers=self._readers,
            until_quiet=True,
        )

    def _read(self, query: TrialQuery) -> TrialRead:
        defaults = StackDefaults(
            region=self._settings.get("region"), profile=self._settings.get("profile")
        )
        return read_free_trials(query, defaults, resolver_for=self._resolver_for)

    def _decisions(
        self, read: TrialRead, policy: GatingPolicy, wanted: tuple[str, ...]
    ) -> dict[str, Any]:
        decisions = decide(
            read.result,
            wanted,
            policy,
            at=read.at,
            account_ids=read.account_ids,
            costs=read.costs,
        )
        return {
            "resource_types": {i: list(d.enable) for i, d in decisions.items() if d.enable},
            "skipped_accounts": {i: d.summary for i, d in decisions.items() if not d.enable},
            "decisions": {i: d.to_dict() for i, d in decisions.items()},
        }
