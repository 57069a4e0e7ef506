"""The OpenAPI 3.1 document of the read API (``/api/v1/openapi.json``).

Written by hand beside the views in :mod:`tracker.api.routes`; ``tests/test_api.py`` checks every
operation's real responses against it with schemathesis. The election object is the
election-records/v1 schema's own ``election`` definition.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from ..models import MAX_ID
from ..results import Basis, CandidateOutcome

NO_NUL = "^[^\u0000]*$"  # the app refuses NUL characters in any parameter (400)
NULLABLE_INT = {"type": ["integer", "null"]}
NULLABLE_STR = {"type": ["string", "null"]}
NULLABLE_NUM = {"type": ["number", "null"]}
OUTCOME = {"enum": [outcome.value for outcome in CandidateOutcome]}


def _object(properties: dict, required: list[str] | None = None) -> dict:
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties) if required is None else required,
    }


def _error_response(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def _ok(schema_name: str, description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema_name}"}}},
    }


def _path_parameter(name: str, schema: dict, description: str, example) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": schema, "description": description, "example": example}


def _query(name: str, schema: dict, description: str) -> dict:
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": description}


FILTERS = [
    _query("organisation", {"type": "string", "maxLength": 40, "pattern": NO_NUL}, "Organisation acronym."),
    _query("post", {"type": "string", "maxLength": 300, "pattern": NO_NUL}, "Post title, e.g. President."),
    _query("region", {"type": "string", "maxLength": 200, "pattern": NO_NUL}, "The organisation's region."),
    _query("country", {"type": "string", "pattern": "^[A-Za-z]{3}$"}, "ISO alpha-3 code of a nominating State."),
    _query("year_from", {"type": "integer", "minimum": 1800, "maximum": 2200}, "First year."),
    _query("year_to", {"type": "integer", "minimum": 1800, "maximum": 2200}, "Last year."),
]


@lru_cache(maxsize=1)
def _election_schema() -> dict:
    schema = json.loads(resources.files("tracker").joinpath("data/election-records.schema.json").read_text())
    text = json.dumps(schema["$defs"]).replace("#/$defs/", "#/components/schemas/")
    return json.loads(text)


def _with_outcome(election: dict) -> dict:
    """The election object, which allows no other property, with the ``outcome`` beside it."""
    schema = json.loads(json.dumps(election))
    schema["properties"]["outcome"] = {"$ref": "#/components/schemas/Outcome"}
    schema["required"] = [*schema["required"], "id", "outcome"]
    return schema




def document() -> dict:
    """The OpenAPI document, as a dict."""
    candidacy = _object(
        {
            "election": {"type": "string"},
            "date": {"type": "string"},
            "organisation": {"type": "string"},
            "post": {"type": "string"},
            "region": NULLABLE_STR,
            "body": {"type": "string"},
            "key": {"type": "string"},
            "name": {"type": "string"},
            "person_id": NULLABLE_INT,
            "country": NULLABLE_STR,
            "outcome": OUTCOME,
            "elected_round": NULLABLE_INT,
            "votes": NULLABLE_INT,
            "share": NULLABLE_NUM,
            "margin": NULLABLE_INT,
            "rounds_count": {"type": "integer"},
        }
    )
    tally = _object(
        {
            "elected": {"type": "integer"},
            "not_elected": {"type": "integer"},
            "eliminated": {"type": "integer"},
            "withdrawn": {"type": "integer"},
            "undecided": {"type": "integer"},
            "success_rate": NULLABLE_NUM,
        }
    )
    post = _object(
        {
            "id": {"type": "integer"},
            "organisation": {"type": "string"},
            "organisation_name": {"type": "string"},
            "organisation_names": {"type": "object", "additionalProperties": {"type": "string"}},
            "title": {"type": "string"},
            "region": NULLABLE_STR,
            "term_years": NULLABLE_INT,
        }
    )
    election_row = _object(
        {
            "id": {"type": "string"},
            "date": {"type": "string"},
            "organisation": {"type": "string"},
            "post": {"type": "string"},
            "region": NULLABLE_STR,
            "body": {"type": "string"},
            "session": NULLABLE_STR,
            "city": NULLABLE_STR,
            "country": NULLABLE_STR,
            "url": {"type": "string"},
        }
    )
    outcome = _object(
        {
            "elected": {"type": "array", "items": {"type": "string"}},
            "decided": {"type": "boolean"},
            "basis": {"enum": [basis.value for basis in Basis]},
            "settled": {"type": "array", "items": {"type": "string"}},
            "rounds": {
                "type": "array",
                "items": _object(
                    {
                        "number": {"type": "integer"},
                        "required_majority": NULLABLE_INT,
                        "required_majority_at_least": NULLABLE_INT,
                        "required_majority_at_most": NULLABLE_INT,
                        "elected": {"type": "array", "items": {"type": "string"}},
                        "decided": {"type": "boolean"},
                        "eliminated": {"type": "array", "items": {"type": "string"}},
                        "withdrawn": {"type": "array", "items": {"type": "string"}},
                        "did_not_stand_next": {"type": "array", "items": {"type": "string"}},
                    }
                ),
            },
            "checks": {
                "type": "array",
                "items": _object({"round": NULLABLE_INT, "candidate": NULLABLE_STR, "message": {"type": "string"}}),
            },
        }
    )
    schemas = {
        **_election_schema(),
        "Error": _object({"error": _object({"status": {"type": "integer"}, "message": {"type": "string"}})}),
        "Candidacy": candidacy,
        "Tally": tally,
        "Post": post,
        "Outcome": outcome,
        "ElectionWithOutcome": _with_outcome(_election_schema()["election"]),
        "ElectionList": _object(
            {
                "elections": {"type": "array", "items": election_row},
                "page": {"type": "integer", "minimum": 1},
                "per_page": {"type": "integer", "minimum": 1, "maximum": 100},
                "total": {"type": "integer", "minimum": 0},
            }
        ),
        "OrganisationList": _object(
            {
                "organisations": {
                    "type": "array",
                    "items": _object(
                        {
                            "acronym": {"type": "string"},
                            "name": {"type": "string"},
                            "names": {"type": "object", "additionalProperties": {"type": "string"}},
                            "founded": NULLABLE_INT,
                            "members": NULLABLE_INT,
                            "posts": {"type": "integer"},
                            "elections": {"type": "integer"},
                        }
                    ),
                }
            }
        ),
        "Organisation": _object(
            {
                "acronym": {"type": "string"},
                "name": {"type": "string"},
                "names": {"type": "object", "additionalProperties": {"type": "string"}},
                "aliases": {"type": "array", "items": {"type": "string"}},
                "founded": NULLABLE_INT,
                "members": NULLABLE_INT,
                "posts": {
                    "type": "array",
                    "items": {
                        "allOf": [
                            {"$ref": "#/components/schemas/Post"},
                            _object(
                                {
                                    "url": {"type": "string"},
                                    "holder": {
                                        "oneOf": [
                                            {"type": "null"},
                                            _object(
                                                {
                                                    "election": {"type": "string"},
                                                    "date": {"type": "string"},
                                                    "term_ends": NULLABLE_INT,
                                                    "elected": {
                                                        "type": "array",
                                                        "items": {"$ref": "#/components/schemas/Candidacy"},
                                                    },
                                                }
                                            ),
                                        ]
                                    },
                                }
                            ),
                        ]
                    },
                },
                "posts_won_by_country": {"type": "object", "additionalProperties": {"type": "integer"}},
            }
        ),
        "PostHistory": {
            "allOf": [
                {"$ref": "#/components/schemas/Post"},
                _object(
                    {
                        "history": {
                            "type": "array",
                            "items": _object(
                                {
                                    "election": {"type": "string"},
                                    "date": {"type": "string"},
                                    "decided": {"type": "boolean"},
                                    "rounds": {"type": "integer"},
                                    "elected": {"type": "array", "items": {"$ref": "#/components/schemas/Candidacy"}},
                                }
                            ),
                        }
                    }
                ),
            ]
        },
        "Person": _object(
            {
                "id": {"type": "integer"},
                "name": {"type": "string"},
                "names": {"type": "object", "additionalProperties": {"type": "string"}},
                "aliases": {"type": "array", "items": {"type": "string"}},
                "gender": NULLABLE_STR,
                "candidacies": {"type": "array", "items": {"$ref": "#/components/schemas/Candidacy"}},
                "record": {"$ref": "#/components/schemas/Tally"},
            }
        ),
        "Country": _object(
            {
                "code": {"type": "string"},
                "name": {"type": "string"},
                "candidacies": {"type": "array", "items": {"$ref": "#/components/schemas/Candidacy"}},
                "record": {"$ref": "#/components/schemas/Tally"},
            }
        ),
        "SearchResults": _object(
            {
                "organisations": {
                    "type": "array",
                    "items": _object(
                        {
                            "acronym": {"type": "string"},
                            "name": {"type": "string"},
                            "names": {"type": "object", "additionalProperties": {"type": "string"}},
                        }
                    ),
                },
                "posts": {"type": "array", "items": {"$ref": "#/components/schemas/Post"}},
                "persons": {
                    "type": "array",
                    "items": _object(
                        {
                            "id": {"type": "integer"},
                            "name": {"type": "string"},
                            "names": {"type": "object", "additionalProperties": {"type": "string"}},
                            "aliases": {"type": "array", "items": {"type": "string"}},
                            "countries": {
                                "type": "array",
                                "items": {"type": "string"},
                                "description": "ISO alpha-3 codes of the States that nominated the person",
                            },
                        }
                    ),
                },
                "countries": {
                    "type": "array",
                    "items": _object({"code": {"type": "string"}, "name": {"type": "string"}}),
                },
            }
        ),
    }
    not_found = _error_response("Not found")
    bad_request = _error_response("Bad request: the message says which parameter and why")
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Election tracker API",
            "version": "1",
            "description": "Elections to posts in international organisations. Unknown figures are null, never 0.",
        },
        "paths": {
            "/api/v1/elections": {
                "get": {
                    "operationId": "listElections",
                    "summary": "Elections, newest first, a page at a time",
                    "parameters": FILTERS
                    + [
                        _query("page", {"type": "integer", "minimum": 1, "maximum": 1000000}, "Page, from 1."),
                        _query("per_page", {"type": "integer", "minimum": 1, "maximum": 100}, "Elections a page."),
                    ],
                    "responses": {"200": _ok("ElectionList", "A page of elections"), "400": bad_request},
                }
            },
            "/api/v1/elections/{record_id}": {
                "get": {
                    "operationId": "getElection",
                    "summary": "One election with its computed outcome",
                    "parameters": [_path_parameter(
                            "record_id", {"type": "string", "pattern": NO_NUL}, "The election's id", "interpol-2024-vice-president-africa"
                        )],
                    "responses": {"200": _ok("ElectionWithOutcome", "The election"), "404": not_found},
                }
            },
            "/api/v1/organisations": {
                "get": {
                    "operationId": "listOrganisations",
                    "summary": "Every organisation",
                    "responses": {"200": _ok("OrganisationList", "The organisations")},
                }
            },
            "/api/v1/organisations/{acronym}": {
                "get": {
                    "operationId": "getOrganisation",
                    "summary": "An organisation, its posts and their holders",
                    "parameters": [_path_parameter("acronym", {"type": "string", "pattern": NO_NUL}, "An acronym", "INTERPOL")],
                    "responses": {"200": _ok("Organisation", "The organisation"), "404": not_found},
                }
            },
            "/api/v1/posts/{post_id}": {
                "get": {
                    "operationId": "getPost",
                    "summary": "A post and every election for it",
                    "parameters": [_path_parameter("post_id", {"type": "integer", "minimum": 0, "maximum": MAX_ID}, "The post's id", 1)],
                    "responses": {"200": _ok("PostHistory", "The post's history"), "404": not_found},
                }
            },
            "/api/v1/persons/{person_id}": {
                "get": {
                    "operationId": "getPerson",
                    "summary": "A person and every candidacy",
                    "parameters": [_path_parameter(
                            "person_id", {"type": "integer", "minimum": 0, "maximum": MAX_ID}, "The person's id", 1
                        )],
                    "responses": {"200": _ok("Person", "The person's record"), "404": not_found},
                }
            },
            "/api/v1/countries/{code}": {
                "get": {
                    "operationId": "getCountry",
                    "summary": "Every candidacy a State nominated",
                    "parameters": [_path_parameter("code", {"type": "string", "pattern": NO_NUL}, "ISO 3166-1 alpha-3 code", "MAR")],
                    "responses": {"200": _ok("Country", "The country's record"), "404": not_found},
                }
            },
            "/api/v1/search": {
                "get": {
                    "operationId": "search",
                    "summary": "Find organisations, posts, persons and countries by any of their names",
                    "parameters": [
                        {
                            "name": "q",
                            "in": "query",
                            "required": True,
                            "schema": {
                                "type": "string",
                                "minLength": 1,
                                "maxLength": 200,
                                # some text, no NUL; Python's strip() also takes U+001C-001F and U+0085,
                                # which ECMAScript's \s (the pattern's dialect) does not
                                "pattern": "^[^\u0000]*[^\\s\u0000\u001c-\u001f\u0085][^\u0000]*$",
                            },
                            "description": "Text to find; case and accents do not matter.",
                            "example": "jerome",
                        }
                    ],
                    "responses": {"200": _ok("SearchResults", "What was found"), "400": bad_request},
                }
            },
        },
        "components": {"schemas": schemas},
    }
