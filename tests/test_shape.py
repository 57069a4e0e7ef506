"""The record's shape written once (tracker/records/shape.py) agrees with the published contract, the
JSON Schema (tracker/data/election-records.schema.json): both accept and refuse the same records, the
examples, every shipped record and generated ones; and what derives from the shape follows it."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from tracker import models
from tracker.records import csvformat, shape
from tracker.records.format import _schema, _validator

ROOT = Path(__file__).resolve().parents[1]
RECORDS = [
    e
    for path in [*sorted((ROOT / "tracker/data/elections").glob("*.json")), *sorted((ROOT / "tests/data").rglob("*.json"))]
    for e in json.loads(path.read_text(encoding="utf-8"))["elections"]
]


def schema_accepts(election: object) -> bool:
    document = {"format": "election-records/v1", "elections": [election]}
    return not any(True for _ in _validator().iter_errors(document))


def shape_accepts(election: object) -> bool:
    try:
        shape.Document.model_validate({"format": "election-records/v1", "elections": [election]})
    except ValidationError:
        return False
    return True


def test_every_shipped_and_example_record_is_accepted_by_both():
    assert len(RECORDS) > 400
    for record in RECORDS:
        assert schema_accepts(record) and shape_accepts(record), record.get("id")


BREAKS = [
    ("a count below zero", lambda e: e["rounds"][0]["votes"][0].update(votes=-1)),
    ("a count as text", lambda e: e["rounds"][0]["votes"][0].update(votes="96")),
    ("a count as true", lambda e: e["rounds"][0]["votes"][0].update(votes=True)),
    ("a share above 100", lambda e: e["rounds"][0]["votes"][0].update(share=100.5)),
    ("a field the format lacks", lambda e: e.update(colour="blue")),
    ("a candidate's field the format lacks", lambda e: e["candidates"][0].update(age=61)),
    ("no body", lambda e: e.pop("body")),
    ("an empty acronym", lambda e: e["organisation"].update(acronym="")),
    ("a key with capitals", lambda e: e["candidates"][0].update(key="Dkhissi")),
    ("a country that is no code", lambda e: e["candidates"][0].update(country="Morocco")),
    ("a date that is no date", lambda e: e.update(date="7 November 2024")),
    ("a published date that does not exist", lambda e: e["sources"][0].update(published="2024-02-30")),
    ("an unknown quota", lambda e: e.update(rule={"quota": "three_quarters", "base": "electorate"})),
    ("a rule without its base", lambda e: e.update(rule={"quota": "two_thirds"})),
    ("an unknown round kind", lambda e: e["rounds"][0].update(kind="second")),
    ("round 0", lambda e: e["rounds"][0].update(number=0)),
    ("seats 0", lambda e: e.update(seats=0)),
    ("an unknown relation", lambda e: e.update(related=[{"id": "x", "relation": "follows"}])),
    ("an unknown status", lambda e: e.update(status="postponed")),
    ("a name that is empty", lambda e: e["candidates"][0].update(name="")),
    ("a number of votes with a fraction", lambda e: e["rounds"][0]["votes"][0].update(votes=96.5)),
]


@pytest.mark.parametrize("what, change", BREAKS, ids=[b[0] for b in BREAKS])
def test_both_refuse_the_same_faults(what, change):
    record = copy.deepcopy(next(r for r in RECORDS if r.get("id") == "interpol-2024-vice-president-africa"))
    change(record)
    assert (schema_accepts(record), shape_accepts(record)) == (False, False), what


def test_both_take_a_whole_number_written_with_a_zero_fraction():
    record = copy.deepcopy(RECORDS[0])
    record["seats"] = 1.0
    assert schema_accepts(record) and shape_accepts(record)


DEFS = _schema()["$defs"]


def from_schema(schema: dict) -> st.SearchStrategy:
    """Values a JSON Schema (the subset election-records/v1 uses) accepts: types, enums, patterns,
    lengths, bounds, dates, required and optional properties, $ref and anyOf."""
    if "$ref" in schema:
        return st.deferred(lambda: from_schema(DEFS[schema["$ref"].rsplit("/", 1)[1]]))
    if "anyOf" in schema:
        return st.one_of([from_schema(option) for option in schema["anyOf"]])
    if "const" in schema:
        return st.just(schema["const"])
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    types = schema.get("type", "object")
    if isinstance(types, list):
        return st.one_of([from_schema({**schema, "type": t}) for t in types])
    return _typed(schema, types)


def _typed(schema: dict, kind: str) -> st.SearchStrategy:
    if kind == "null":
        return st.none()
    if kind == "boolean":
        return st.booleans()
    if kind == "integer":
        return st.integers(schema.get("minimum", -5), 300)
    if kind == "number":
        return st.floats(schema.get("minimum", -5), schema.get("maximum", 300), allow_nan=False)
    if kind == "string":
        if schema.get("format") == "date":
            return st.dates().map(str)
        if "pattern" in schema:
            return st.from_regex(schema["pattern"], fullmatch=True).filter(lambda t: len(t) < 40)
        return st.text(min_size=schema.get("minLength", 0), max_size=12)
    if kind == "array":
        return st.lists(from_schema(schema.get("items", {})), max_size=2)
    properties = schema.get("properties", {})
    required = set(schema.get("required", ()))
    extra = {}
    if isinstance(schema.get("additionalProperties"), dict):
        extra = {"names": st.dictionaries(st.sampled_from(["ar", "fr"]), from_schema(schema["additionalProperties"]), max_size=2)}
        if not properties:
            return extra["names"]
    return st.fixed_dictionaries(
        {k: from_schema(v) for k, v in properties.items() if k in required},
        optional={k: from_schema(v) for k, v in properties.items() if k not in required},
    )


ELECTION_SCHEMA = {"$ref": "#/$defs/election"}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(from_schema(ELECTION_SCHEMA))
def test_generated_records_that_the_schema_accepts_the_shape_accepts(election):
    assert shape_accepts(election)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(from_schema(ELECTION_SCHEMA), st.data())
def test_generated_records_with_one_value_changed_get_the_same_verdict(election, data):
    """Change one value anywhere in a valid record to another JSON value: both agree on it."""
    paths = list(_paths(election))
    path = data.draw(st.sampled_from(paths))
    value = data.draw(
        st.one_of(
            st.none(), st.booleans(), st.integers(-3, 3), st.floats(-1, 101, allow_nan=False), st.text(max_size=4),
            st.sampled_from(["", "MAR", "2024-02-30", "2024-13", "absolute_majority", "x-1", "X"]), st.just([]), st.just({}),
        )
    )
    changed = _with(election, path, value)
    assert schema_accepts(changed) == shape_accepts(changed), (path, value)


def test_a_rounds_rule_may_be_absent_but_not_null():
    """Found by the test above: the schema's round rule is an object when present; the shape took
    null too. A stored round without a rule of its own is read back without the key."""
    record = copy.deepcopy(next(r for r in RECORDS if r["rounds"]))
    record["rounds"][0].pop("rule", None)
    assert schema_accepts(record) and shape_accepts(record)
    record["rounds"][0]["rule"] = None
    assert not schema_accepts(record) and not shape_accepts(record)


def _paths(value, path=()):
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*path, index))


def _with(value, path, new):
    if not path:
        return new
    value = copy.deepcopy(value)
    target = value
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = new
    return value


def test_limits_come_from_the_shape():
    assert shape.limit("organisation.acronym") == 40
    assert shape.limit("candidates[].names.*") == 300
    # the database's columns are sized from it
    assert models.Organisation.__table__.c.acronym.type.length == shape.limit("organisation.acronym")
    assert models.Source.__table__.c.url.type.length == shape.limit("sources[].url")
    assert models.Candidacy.__table__.c.affiliation.type.length == shape.limit("candidates[].affiliation")


def test_every_field_of_the_shape_has_a_csv_column_or_is_said_not_to():
    names = set(csvformat.COLUMNS)
    assert {"organisation_acronym", "quota", "round_quota", "candidate_name_ar", "votes", "source_url"} <= names
    carried = {".".join(c.path) for c in csvformat.ELECTION if c.path}
    assert {"organisation.acronym", "post.term_years", "rule.base"} <= carried

    class Wider(shape.Round):
        weather: str | None = None

    with pytest.raises(KeyError, match="the CSV layout has no column for the round's weather"):
        csvformat._columns(Wider, "round", elsewhere=(*csvformat.ROUND_LISTS, "votes"))


def test_the_format_knows_the_arithmetics_quotas_and_no_other():
    from tracker.results import Base, Quota

    assert set(shape.Quota.__args__) == {q.value for q in Quota}
    assert set(shape.Base.__args__) == {b.value for b in Base}
    quotas = _schema()["$defs"]["rule"]["properties"]["quota"]["enum"]
    assert set(quotas) == {q.value for q in Quota}  # the published contract says the same
