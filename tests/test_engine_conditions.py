"""The `when` language: compiling to durable_rules JSON, errors with paths, the Python evaluator."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tdnv_rules.engine.conditions import (
    ConditionError,
    FactError,
    compile_condition,
    evaluate_condition,
    ruleset_definition,
)

TYPES = {
    "latest_result_kind": str,
    "result_count": int,
    "days_to_deadline": int,
    "has_deadline": bool,
    "latest_result_similarity": float,
}

FACTS = {
    "latest_result_kind": "extension_request",
    "result_count": 2,
    "days_to_deadline": -3,
    "has_deadline": True,
    "latest_result_similarity": 0.42,
}


def compile_(when, params=None):
    return compile_condition(when, params or {}, TYPES)


# --------------------------------------------------------------------------- compiling


def test_shorthand_leaf_is_equality():
    """`fact: value` compiles to durable's equality form."""
    assert {"latest_result_kind": "report"} == compile_({"latest_result_kind": "report"})


@pytest.mark.parametrize(
    ("op", "durable_op"), [("ne", "$neq"), ("lt", "$lt"), ("lte", "$lte"), ("gt", "$gt"), ("gte", "$gte")]
)
def test_operators_compile_to_durable_operators(op, durable_op):
    """Each comparison operator maps to its durable_rules counterpart."""
    assert {durable_op: {"result_count": 3}} == compile_({"result_count": {op: 3}})


def test_explicit_eq():
    """`{eq: value}` is the same as the shorthand."""
    assert {"has_deadline": False} == compile_({"has_deadline": {"eq": False}})


def test_in_compiles_to_or_of_equalities():
    """`in` becomes an `$or` of equalities, one per listed value."""
    expected = {"$or": [{"latest_result_kind": "opinion_request"}, {"latest_result_kind": "extension_request"}]}
    assert expected == compile_({"latest_result_kind": {"in": ["opinion_request", "extension_request"]}})


def test_all_and_any_nest():
    """`all` is `$and`, `any` is `$or`, nested as written."""
    when = {"all": [{"latest_result_kind": "extension_request"}, {"any": [{"result_count": 0}, {"has_deadline": True}]}]}
    expected = {"$and": [{"latest_result_kind": "extension_request"}, {"$or": [{"result_count": 0}, {"has_deadline": True}]}]}
    assert expected == compile_(when)


def test_params_are_resolved():
    """`{param: NAME}` takes the value from the params, as operand, shorthand value or `in` list."""
    when = {
        "all": [
            {"days_to_deadline": {"lt": {"param": "days"}}},
            {"latest_result_kind": {"param": "kind"}},
            {"result_count": {"in": {"param": "counts"}}},
        ]
    }
    params = {"days": 5, "kind": "report", "counts": [1, 2]}
    expected = {
        "$and": [
            {"$lt": {"days_to_deadline": 5}},
            {"latest_result_kind": "report"},
            {"$or": [{"result_count": 1}, {"result_count": 2}]},
        ]
    }
    assert expected == compile_(when, params)


def test_float_fact_takes_int_value_as_float():
    """An integer threshold on a float fact is written as a float."""
    compiled = compile_({"latest_result_similarity": {"gte": 1}})
    assert {"$gte": {"latest_result_similarity": 1.0}} == compiled
    assert float is type(compiled["$gte"]["latest_result_similarity"])


@pytest.mark.parametrize(
    ("when", "params", "message"),
    [
        ({"all": [{"result_count": 1}, {"days_to_deadline": {"gtt": 3}}]}, {}, "when.all[1].days_to_deadline: unknown operator 'gtt'"),
        ({"all": [{"nope": 1}]}, {}, "when.all[0].nope: unknown fact 'nope'"),
        ({"any": []}, {}, "when.any: empty list of conditions"),
        ({"all": [{"any": []}]}, {}, "when.all[0].any: empty list of conditions"),
        ({"days_to_deadline": {"lt": {"param": "days"}}}, {}, "when.days_to_deadline.lt: unknown param 'days'"),
        ({"has_deadline": 1}, {}, "when.has_deadline: expected bool, got int 1"),
        ({"result_count": True}, {}, "when.result_count: expected int, got bool True"),
        ({"result_count": {"gt": "3"}}, {}, "when.result_count.gt: expected int, got str '3'"),
        ({"result_count": {"lt": 2.5}}, {}, "when.result_count.lt: expected int, got float 2.5"),
        ({"latest_result_kind": {"lt": "b"}}, {}, "when.latest_result_kind: operator 'lt' needs a numeric fact"),
        ({"latest_result_kind": {"in": []}}, {}, "when.latest_result_kind.in: 'in' needs at least one value"),
        ({"latest_result_kind": {"in": "report"}}, {}, "when.latest_result_kind.in: 'in' needs a list"),
        ({"latest_result_kind": {"in": ["a", 3]}}, {}, "when.latest_result_kind.in[1]: expected str, got int 3"),
        ({"days_to_deadline": {"lt": {"param": "d"}}}, {"d": "5"}, "when.days_to_deadline.lt: expected int, got str '5'"),
        ({"result_count": 1, "has_deadline": True}, {}, "when: expected exactly one key"),
        ({"all": {"result_count": 1}}, {}, "when.all: expected a list of conditions"),
        (["result_count"], {}, "when: expected a mapping"),
        ({"result_count": {"lt": 1, "gt": 0}}, {}, "when.result_count: expected one operator"),
        ({"latest_result_similarity": float("nan")}, {}, "when.latest_result_similarity: nan is not a finite number"),
        ({"result_count": 2**64}, {}, "when.result_count: integer 18446744073709551616 is outside the 64-bit range"),
        ({"latest_result_kind": "ba\u0300"}, {}, "when.latest_result_kind: text 'ba\u0300' is not NFC-normalised"),
    ],
)
def test_errors_name_the_path(when, params, message):
    """Invalid conditions raise ConditionError naming where the problem is."""
    with pytest.raises(ConditionError) as caught:
        compile_(when, params)
    assert str(caught.value).startswith(message)


def test_condition_error_is_value_error():
    """ConditionError can be caught as ValueError."""
    assert issubclass(ConditionError, ValueError)


def test_ruleset_definition_shape():
    """Each rule becomes `{code: {"all": [{"m": compiled}], "run": code}}`."""
    compiled = compile_({"result_count": 0})
    expected = {"R1": {"all": [{"m": {"result_count": 0}}], "run": "R1"}}
    assert expected == ruleset_definition([("R1", compiled)])


@pytest.mark.parametrize("code", ["", "has space", 'quote"', "__prime__", 7])
def test_ruleset_definition_rejects_bad_codes(code):
    """Rule codes are restricted to letters, digits, '_', '.', '-' (they are read back from the core)."""
    with pytest.raises(ConditionError):
        ruleset_definition([(code, {"result_count": 0})])


def test_ruleset_definition_rejects_duplicates():
    """A code defined twice is an error, not a silent overwrite."""
    with pytest.raises(ConditionError, match="defined twice"):
        ruleset_definition([("R1", {"result_count": 0}), ("R1", {"result_count": 1})])


# --------------------------------------------------------------------------- evaluating


@pytest.mark.parametrize(
    ("leaf", "expected"),
    [
        ({"result_count": 2}, True),
        ({"result_count": {"eq": 3}}, False),
        ({"result_count": {"ne": 3}}, True),
        ({"days_to_deadline": {"lt": -3}}, False),
        ({"days_to_deadline": {"lte": -3}}, True),
        ({"days_to_deadline": {"gt": -4}}, True),
        ({"days_to_deadline": {"gte": -2}}, False),
        ({"latest_result_kind": {"in": ["report", "extension_request"]}}, True),
        ({"latest_result_kind": {"in": ["report"]}}, False),
        ({"latest_result_similarity": {"lt": 0.5}}, True),
        ({"has_deadline": False}, False),
    ],
)
def test_evaluate_each_operator(leaf, expected):
    """The Python evaluator applies each operator to the fact set."""
    assert expected == evaluate_condition(leaf, {}, FACTS)


def test_evaluate_all_any_and_params():
    """`all`/`any` combine children; params are looked up."""
    when = {
        "all": [
            {"latest_result_kind": "extension_request"},
            {"any": [{"result_count": 0}, {"days_to_deadline": {"lt": {"param": "days"}}}]},
        ]
    }
    assert True is evaluate_condition(when, {"days": 0}, FACTS)
    assert False is evaluate_condition(when, {"days": -5}, FACTS)


def test_evaluate_keeps_bool_and_int_apart():
    """Comparing a bool fact with 1 (or an int fact with True) is a type error, not a match."""
    with pytest.raises(ConditionError, match="when.flag: expected bool, got int 1"):
        evaluate_condition({"flag": 1}, {}, {"flag": True})
    with pytest.raises(ConditionError, match="when.n: expected float, got bool True"):
        evaluate_condition({"n": True}, {}, {"n": 1})


def test_evaluate_missing_fact():
    """A fact the condition reads but the fact set lacks is a FactError naming it."""
    with pytest.raises(FactError, match="'result_count'"):
        evaluate_condition({"result_count": 0}, {}, {"has_deadline": True})


def test_evaluate_unknown_operator_names_path():
    """The evaluator reports an invalid condition with its path, like the compiler."""
    with pytest.raises(ConditionError, match=r"when\.all\[1\]\.result_count: unknown operator 'gtt'"):
        evaluate_condition({"all": [{"has_deadline": True}, {"result_count": {"gtt": 1}}]}, {}, FACTS)


def test_evaluate_unknown_param():
    """An unknown param is reported with its path."""
    with pytest.raises(ConditionError, match=r"when\.result_count\.lt: unknown param 'x'"):
        evaluate_condition({"result_count": {"lt": {"param": "x"}}}, {}, FACTS)


junk = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(
        st.sampled_from(["all", "any", "result_count", "has_deadline", "lt", "in", "param", "zz"]),
        children,
        max_size=3,
    ),
    max_leaves=10,
)


@given(junk)
@settings(max_examples=300, deadline=None)
def test_compile_never_fails_otherwise(when):
    """Arbitrary input either compiles to a mapping or raises ConditionError, nothing else."""
    try:
        compiled = compile_condition(when, {"p": 1}, TYPES)
    except ConditionError as error:
        assert str(error).startswith("when")
    else:
        assert isinstance(compiled, dict)


@given(junk)
@settings(max_examples=300, deadline=None)
def test_evaluate_never_fails_otherwise(when):
    """Arbitrary input either evaluates to a bool or raises ConditionError/FactError."""
    try:
        result = evaluate_condition(when, {"p": 1}, FACTS)
    except (ConditionError, FactError):
        pass
    else:
        assert isinstance(result, bool)
