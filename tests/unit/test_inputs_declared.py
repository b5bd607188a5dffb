"""Each input is declared once (``domain.inputs``): every signature, flag, config key and schema
property is held to that declaration here."""

from __future__ import annotations

import inspect
import typing
from collections.abc import Callable
from typing import Any

import pytest

from pulumi_inspector_trial import (
    FreeTrialInfo,
    FreeTrialInfoArgs,
    GatedEnabler,
    GatedEnablerArgs,
    get_free_trial_info,
    get_free_trial_info_output,
)
from pulumi_inspector_trial.cli.parser import build_parser
from pulumi_inspector_trial.domain.errors import InvalidInputError
from pulumi_inspector_trial.domain.inputs import (
    COMPONENT_INPUTS,
    INPUT_NAMED,
    INPUTS,
    POLICY_INPUTS,
    READ_INPUTS,
    REQUIRED,
    SETTING_INPUTS,
    ReadInput,
    Style,
    required_properties,
    schema_properties,
)
from pulumi_inspector_trial.policy import CONFIG_SCHEMA
from pulumi_inspector_trial.policy.config import PackSettings
from pulumi_inspector_trial.read.query import INPUT_KEYS, AwsSettings, TrialQuery
from pulumi_inspector_trial.resources.free_trial_info import FreeTrialInfoInputs
from pulumi_inspector_trial.resources.gated_enabler_args import COMPONENT_OWN, GatedEnablerInputs

OWN = COMPONENT_OWN


def _keyword_overload(cls: type) -> Callable[..., Any]:
    """The overload of ``cls`` that takes the inputs as keywords (the other takes an Args)."""
    get_overloads = getattr(typing, "get_overloads", None)  # CPython 3.11 and later
    if get_overloads is None:
        pytest.skip("typing.get_overloads needs CPython 3.11")
    (keywords,) = [
        o for o in get_overloads(cls.__init__) if "args" not in inspect.signature(o).parameters
    ]
    return keywords  # type: ignore[no-any-return]


FUNCTIONS: list[tuple[str, Callable[..., Any], Style]] = [
    ("get_free_trial_info", get_free_trial_info, "plain"),
    ("get_free_trial_info_output", get_free_trial_info_output, "output"),
]


@pytest.mark.parametrize(
    ("function", "style"), [f[1:] for f in FUNCTIONS], ids=[f[0] for f in FUNCTIONS]
)
def test_each_function_takes_the_declared_inputs_with_their_types_and_defaults(function, style):
    parameters = inspect.signature(function).parameters
    assert list(parameters) == [i.name for i in READ_INPUTS]
    for declared in READ_INPUTS:
        parameter = parameters[declared.name]
        assert parameter.annotation == declared.annotation(style), declared.name
        default = declared.default_in(style)
        expected = inspect.Parameter.empty if default is REQUIRED else default
        assert parameter.default == expected, declared.name


KEYWORDS: list[tuple[str, Callable[[], Callable[..., Any]], type, Style, tuple[str, ...]]] = [
    ("FreeTrialInfoArgs", lambda: FreeTrialInfoArgs.__init__, FreeTrialInfoInputs, "input", ()),
    ("FreeTrialInfo", lambda: _keyword_overload(FreeTrialInfo), FreeTrialInfoInputs, "input", ()),
    ("GatedEnablerArgs", lambda: GatedEnablerArgs.__init__, GatedEnablerInputs, "component", OWN),
    ("GatedEnabler", lambda: _keyword_overload(GatedEnabler), GatedEnablerInputs, "component", OWN),
]


@pytest.mark.parametrize(
    ("function", "typed", "style", "own"), [k[1:] for k in KEYWORDS], ids=[k[0] for k in KEYWORDS]
)
def test_each_keyword_form_takes_its_typed_dict(function, typed, style, own):
    (keywords,) = [
        p for p in inspect.signature(function()).parameters.values() if p.kind is p.VAR_KEYWORD
    ]
    assert keywords.annotation == f"Unpack[{typed.__name__}]"


TYPED: list[tuple[type, Style, tuple[ReadInput, ...], tuple[str, ...]]] = [
    (FreeTrialInfoInputs, "input", READ_INPUTS, ()),
    (GatedEnablerInputs, "component", COMPONENT_INPUTS, OWN),
]


def _annotation(typed: type, name: str) -> str:
    annotation = typed.__annotations__[name]
    return str(getattr(annotation, "__forward_arg__", annotation))


@pytest.mark.parametrize(
    ("typed", "style", "inputs", "own"), TYPED, ids=[t[0].__name__ for t in TYPED]
)
def test_each_typed_dict_spells_the_declared_inputs_in_their_order(typed, style, inputs, own):
    assert not typed.__required_keys__  # a required input is refused by name, at run time
    declared = [name for name in typed.__annotations__ if name not in own]
    assert declared == [i.name for i in inputs]
    for each in inputs:
        assert _annotation(typed, each.name) == each.annotation(style), each.name


def test_what_a_gated_enabler_takes_besides_is_no_declared_input():
    assert set(OWN) <= set(GatedEnablerInputs.__annotations__)
    assert not set(OWN) & set(INPUT_NAMED)


def test_an_input_not_given_to_the_component_is_its_declared_default():
    args = GatedEnablerArgs(account_ids=["111122223333"])
    assert args.wanted_types == tuple(sorted(INPUT_NAMED["wanted_types"].default))
    assert args.min_days_left == INPUT_NAMED["min_days_left"].default
    assert args.require_active is True
    assert args.always_enable == INPUT_NAMED["always_enable"].default
    assert args.policy.max_monthly_cost is INPUT_NAMED["max_monthly_cost"].default


@pytest.mark.parametrize("make", [FreeTrialInfoArgs, GatedEnablerArgs])
def test_an_args_class_refuses_what_is_not_its_input_as_python_does(make):
    with pytest.raises(TypeError, match=r"unexpected keyword argument 'acount_ids'"):
        make(acount_ids=["111122223333"])
    with pytest.raises(TypeError, match=r"Missing required property 'account_ids'"):
        make(region="eu-west-1")


def test_require_active_is_refused_unless_true_or_false():
    with pytest.raises(InvalidInputError) as error:
        GatedEnablerArgs(account_ids=["111122223333"], require_active="yes")  # type: ignore[typeddict-item]
    assert str(error.value) == "require_active must be True or False, not 'yes'."


def test_the_args_classes_take_keywords_only_as_pulumi_aws_does():
    for args_class in (FreeTrialInfoArgs, GatedEnablerArgs):
        with pytest.raises(TypeError):
            args_class(["111122223333"])  # type: ignore[call-arg]


def test_the_args_class_keeps_every_input_it_is_given():
    given = {
        "account_ids": ["111122223333"],
        "region": "eu-west-1",
        "profile": "audit",
        "role_arn": "arn:aws:iam::111122223333:role/admin",
        "endpoint_url": "http://127.0.0.1:4580",
        "allow_failed_accounts": True,
        "include_costs": True,
        "members": False,
        "include_account_status": True,
    }
    assert set(given) == set(INPUT_KEYS)
    args = FreeTrialInfoArgs(**given)
    assert {name: getattr(args, name) for name in INPUT_KEYS} == given


def test_the_query_reads_and_gives_back_the_declared_inputs_in_order():
    props = {
        "account_ids": ["444455556666", "111122223333", "111122223333"],
        "region": "eu-west-1",
        "profile": "audit",
        "role_arn": "arn:aws:iam::111122223333:role/admin",
        "endpoint_url": "http://127.0.0.1:4580",
        "allow_failed_accounts": True,
        "include_costs": False,
        "members": False,
        "include_account_status": True,
    }
    query = TrialQuery.from_props(props)
    assert list(query.to_props()) == [i.name for i in READ_INPUTS]
    assert query.to_props() == {**props, "account_ids": ["111122223333", "444455556666"]}
    assert [i.name for i in SETTING_INPUTS] == [f for f in AwsSettings.__dataclass_fields__]


@pytest.mark.parametrize(
    ("name", "bad"),
    [
        ("account_ids", 5),
        ("region", "Mars"),
        ("profile", ""),
        ("role_arn", "admin"),
        ("endpoint_url", "ftp://x"),
        ("allow_failed_accounts", "yes"),
        ("include_costs", 1),
        ("members", "yes"),
        ("include_account_status", 0),
    ],
)
def test_the_query_refuses_a_bad_input_by_its_declared_validator_naming_it(name, bad):
    props: dict[str, Any] = {"account_ids": ["111122223333"], name: bad}
    with pytest.raises(InvalidInputError) as from_query:
        TrialQuery.from_props(props)
    with pytest.raises(InvalidInputError) as declared:
        INPUT_NAMED[name].validate(bad, name)
    assert str(from_query.value) == str(declared.value)
    assert from_query.value.property == name
    assert repr(bad) in str(from_query.value) or name in str(from_query.value)


def test_the_package_schema_names_the_read_inputs_in_camel_case():
    properties = schema_properties(READ_INPUTS)
    assert list(properties) == [
        "accountIds",
        "region",
        "profile",
        "roleArn",
        "endpointUrl",
        "allowFailedAccounts",
        "includeCosts",
        "members",
        "includeAccountStatus",
    ]
    assert properties["accountIds"]["type"] == "array"
    assert properties["accountIds"]["items"] == {"type": "string"}
    assert properties["allowFailedAccounts"]["type"] == "boolean"
    assert all(spec["description"] for spec in properties.values())
    # accountIds is required unless members: the query says so, not the schema.
    assert required_properties(READ_INPUTS) == []
    assert properties["members"]["type"] == "boolean"


def test_members_and_account_ids_together_are_refused_naming_members():
    with pytest.raises(InvalidInputError) as error:
        TrialQuery.from_props({"account_ids": ["111122223333"], "members": True})
    assert error.value.property == "members"
    assert "account_ids" in str(error.value) and "members" in str(error.value)


def test_neither_members_nor_account_ids_is_refused_naming_account_ids():
    with pytest.raises(InvalidInputError) as error:
        TrialQuery.from_props({"members": False})
    assert error.value.property == "account_ids"
    assert "members=True" in str(error.value)


@pytest.mark.parametrize("value", ["yes", 1])
def test_the_component_refuses_an_account_status_that_is_not_a_flag_naming_it(value):
    with pytest.raises(InvalidInputError) as error:
        GatedEnablerArgs(account_ids=["111122223333"], include_account_status=value)
    assert error.value.property == "include_account_status"
    assert repr(value) in str(error.value)


def test_the_component_reads_no_account_status_unless_asked():
    assert GatedEnablerArgs(account_ids=["111122223333"]).include_account_status is False
    asked = GatedEnablerArgs(account_ids=["111122223333"], include_account_status=True)
    assert asked.include_account_status is True


def test_a_read_of_the_members_asks_no_account_ids():
    query = TrialQuery.from_props({"members": True, "account_ids": []})
    assert (query.members, query.account_ids) == (True, ())
    assert query.to_props()["account_ids"] is None


def test_the_component_takes_the_accounts_or_members_the_rules_the_settings_and_status():
    assert [i.name for i in COMPONENT_INPUTS] == [
        "account_ids",
        "wanted_types",
        "min_days_left",
        "always_enable",
        "max_monthly_cost",
        "region",
        "profile",
        "role_arn",
        "endpoint_url",
        "members",
        "include_account_status",
    ]


def test_the_plugins_provider_config_is_the_settings():
    assert list(schema_properties(SETTING_INPUTS)) == [
        "region",
        "profile",
        "roleArn",
        "endpointUrl",
    ]


def test_the_gating_inputs_have_the_schemas_number_types():
    properties = schema_properties(i for i in INPUTS if i.gating)
    assert {name: spec["type"] for name, spec in properties.items()} == {
        "wantedTypes": "array",
        "minDaysLeft": "integer",
        "alwaysEnable": "array",
        "maxMonthlyCost": "number",
    }


def test_a_secret_input_is_marked_so_in_the_schema():
    always_secret = ReadInput("token", "str", "A token.", lambda v, n: v, "a token", secret=True)
    assert always_secret.schema_property()["secret"] is True
    assert not any("secret" in spec for spec in schema_properties().values())


def test_the_policy_config_takes_the_declared_inputs_by_their_keys():
    declared = {i.policy_key for i in POLICY_INPUTS}
    assert declared == {"minDaysLeft", "allowedTypes", "maxMonthlyCost", "region", "endpointUrl"}
    assert declared <= set(CONFIG_SCHEMA.properties)
    assert CONFIG_SCHEMA.properties["minDaysLeft"]["default"] == 0
    assert CONFIG_SCHEMA.properties["allowedTypes"]["items"]["enum"] == list(
        INPUT_NAMED["always_enable"].choices or ()
    )


def test_the_policy_config_refuses_by_the_declared_validator():
    with pytest.raises(InvalidInputError) as error:
        PackSettings.from_config({"minDaysLeft": 2.5})
    assert str(error.value) == (
        "Invalid policy config minDaysLeft 2.5: expected a whole number of days, 0 or more."
    )
    assert error.value.property == "minDaysLeft"


def _flags(command: str) -> dict[str, Any]:
    parser = build_parser()
    (commands,) = [a for a in parser._actions if a.dest == "command"]
    sub = commands.choices[command]  # type: ignore[index]
    return {o: a for a in sub._actions for o in a.option_strings}


@pytest.mark.parametrize("command", ["status", "check"])
def test_the_command_line_spells_each_declared_flag(command):
    flags = _flags(command)
    # check reads costs by its budget too, and with --costs puts an estimate on each bill.
    taken = [i for i in INPUTS if i.on_cli and (command == "check" or not i.gating)]
    assert "region" in {i.name for i in taken}
    for declared in taken:
        assert flags[declared.flag].dest == declared.name


def test_the_costs_switch_is_the_declared_include_costs():
    flags = _flags("status")
    assert INPUT_NAMED["include_costs"].flag == "--costs"
    assert flags["--costs"].dest == "include_costs"
    assert flags["--costs"].default is INPUT_NAMED["include_costs"].default is False


@pytest.mark.parametrize(
    ("flag", "text", "value"),
    [
        ("--min-days-left", "7", 7),
        ("--max-monthly-cost", "12.5", 12.5),
        ("--role-arn", "arn:aws:iam::111122223333:role/a", "arn:aws:iam::111122223333:role/a"),
        ("--region", "us-east-1, eu-west-1", ["us-east-1", "eu-west-1"]),
    ],
)
def test_a_flags_type_is_the_declared_validator(flag, text, value):
    assert _flags("check")[flag].type(text) == value


def test_the_region_pattern_takes_every_partitions_codes():
    validate = INPUT_NAMED["region"].validate
    for region in ("us-east-1", "us-gov-west-1", "cn-north-1", "eusc-de-east-1", "il-central-1"):
        assert validate(region, "region") == region


DOCUMENTED = [
    ("FreeTrialInfoArgs", FreeTrialInfoArgs, READ_INPUTS),
    ("get_free_trial_info", get_free_trial_info, READ_INPUTS),
    ("get_free_trial_info_output", get_free_trial_info_output, READ_INPUTS),
    ("GatedEnablerArgs", GatedEnablerArgs, COMPONENT_INPUTS),
]


@pytest.mark.parametrize(
    ("documented", "inputs"), [d[1:] for d in DOCUMENTED], ids=[d[0] for d in DOCUMENTED]
)
def test_each_docstring_has_a_param_line_for_every_declared_input(documented, inputs):
    documentation = inspect.getdoc(documented) or ""
    missing = [i.name for i in inputs if f":param {i.name}:" not in documentation]
    assert missing == []
