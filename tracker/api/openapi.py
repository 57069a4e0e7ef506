"""The OpenAPI 3.1 document of the read API (``/api/v1/openapi.json``), generated: the operations are
listed in :data:`OPERATIONS` with their parameters, and every body's schema is the JSON Schema of the
response model that produces it (:mod:`tracker.api.responses`). ``tests/test_api.py`` checks every
operation's real responses against it with schemathesis.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from ..models import MAX_ID
from ..records import ONE_LINE_PATTERN, limit
from . import responses

NO_NUL = "^[^\u0000]*$"  # the app refuses NUL characters in any parameter (400)
YEAR = {"type": "integer", "minimum": 1800, "maximum": 2200}


@dataclass(frozen=True)
class Parameter:
    name: str
    where: str  # "path" or "query"
    schema: dict
    description: str
    example: object = None
    required: bool = False

    def document(self) -> dict:
        found = {"name": self.name, "in": self.where, "required": self.where == "path" or self.required,
                 "schema": self.schema, "description": self.description}
        if self.example is not None:
            found["example"] = self.example
        return found


@dataclass(frozen=True)
class Operation:
    path: str
    operation_id: str
    summary: str
    answer: type[BaseModel]
    description: str
    parameters: list[Parameter] = field(default_factory=list)
    errors: dict[int, str] = field(default_factory=dict)


def _text(name: str, where: str, limit_of: str | None, description: str, example=None) -> Parameter:
    # a query filter, when given, holds some text on one line, nothing invisible that could disguise it
    # (the one text policy, tracker.records.text; the API refuses an empty one: leave it out)
    schema = {"type": "string", "minLength": 1, "pattern": ONE_LINE_PATTERN} if where == "query" else {"type": "string", "pattern": NO_NUL}
    if limit_of:
        schema["maxLength"] = limit(limit_of)
    return Parameter(name, where, schema, description, example)


NOT_FOUND = {404: "Not found"}
BAD_REQUEST = {400: "Bad request: the message says which parameter and why"}
FILTERS = [
    _text("organisation", "query", "organisation.acronym", "Organisation acronym."),
    _text("post", "query", "post.title", "Post title, e.g. President."),
    _text("region", "query", "post.region", "The organisation's region."),
    Parameter("country", "query", {"type": "string", "pattern": "^[A-Za-z]{3}$"}, "ISO alpha-3 code of a nominating State."),
    Parameter("year_from", "query", YEAR, "First year."),
    Parameter("year_to", "query", YEAR, "Last year."),
]
ID = {"type": "integer", "minimum": 0, "maximum": MAX_ID}


def _paging(rows: str) -> list[Parameter]:
    """``page`` and ``per_page``, as every list sent a page at a time takes them (tracker.api.routes)."""
    return [
        Parameter("page", "query", {"type": "integer", "minimum": 1, "maximum": 1000000}, "Page, from 1."),
        Parameter("per_page", "query", {"type": "integer", "minimum": 1, "maximum": 100}, f"{rows} a page (20 unless said)."),
    ]


OPERATIONS = [
    Operation(
        "/api/v1/elections", "listElections", "Elections, newest first, a page at a time", responses.ElectionList,
        "A page of elections",
        [*FILTERS, *_paging("Elections")],
        BAD_REQUEST,
    ),
    Operation(
        "/api/v1/elections/{record_id}", "getElection", "One election with its computed outcome",
        responses.ElectionWithOutcome, "The election",
        [_text("record_id", "path", None, "The election's id", "interpol-2024-vice-president-africa")], NOT_FOUND,
    ),
    Operation("/api/v1/organisations", "listOrganisations", "Every organisation", responses.OrganisationList, "The organisations"),
    Operation(
        "/api/v1/organisations/{acronym}", "getOrganisation", "An organisation, its posts and their holders",
        responses.OrganisationWithPosts, "The organisation", [_text("acronym", "path", None, "An acronym", "INTERPOL")], NOT_FOUND,
    ),
    Operation(
        "/api/v1/posts/{post_id}", "getPost", "A post and every election for it", responses.PostHistory,
        "The post's history", [Parameter("post_id", "path", ID, "The post's id", 1)], NOT_FOUND,
    ),
    Operation(
        "/api/v1/persons/{person_id}", "getPerson",
        "A person and every candidacy (the id of a person merged into another redirects there, 301)", responses.Person,
        "The person's record", [Parameter("person_id", "path", ID, "The person's id", 1)], NOT_FOUND,
    ),
    Operation(
        "/api/v1/countries/{code}", "getCountry",
        "The candidacies a State nominated, oldest first, a page at a time, with the tally of them all", responses.Country,
        "A page of the country's record", [_text("code", "path", None, "ISO 3166-1 alpha-3 code", "MAR"), *_paging("Candidacies")],
        NOT_FOUND | BAD_REQUEST,
    ),
    Operation(
        "/api/v1/search", "search", "Find organisations, posts, persons and countries by any of their names",
        responses.SearchResults, "What was found",
        [Parameter("q", "query", {"type": "string", "minLength": 1, "maxLength": 200, "pattern": ONE_LINE_PATTERN},
                   "Text to find; case and accents do not matter.", "jerome", required=True)],
        BAD_REQUEST,
    ),
]


def _body(model: type[BaseModel], description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{model.__name__}"}}}}


@lru_cache(maxsize=1)
def document() -> dict:
    """The OpenAPI document, as a dict, generated from :data:`OPERATIONS` and the response models."""
    _, schemas = models_json_schema(
        [(model, "serialization") for model in responses.COMPONENTS], ref_template="#/components/schemas/{model}"
    )
    paths = {}
    for op in OPERATIONS:
        answers = {"200": _body(op.answer, op.description)}
        answers |= {str(code): _body(responses.Error, text) for code, text in op.errors.items()}
        paths[op.path] = {"get": {
            "operationId": op.operation_id, "summary": op.summary,
            **({"parameters": [p.document() for p in op.parameters]} if op.parameters else {}),
            "responses": answers,
        }}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Election tracker API",
            "version": "1",
            "description": "Elections to posts in international organisations. Unknown figures are null, never 0.",
        },
        "paths": paths,
        "components": {"schemas": schemas["$defs"]},
    }
