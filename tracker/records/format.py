"""The election-records/v1 format: its name, its JSON Schema (``tracker/data/election-records.schema.json``,
a copy of ``../shared/interchange/``), record ids, and the dates it allows."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from functools import lru_cache
from importlib import resources
from typing import Any

import fastjsonschema
from jsonschema import Draft202012Validator, FormatChecker

FORMAT = "election-records/v1"
_KEY = re.compile(r"[^a-z0-9]+")


def _schema() -> dict:
    return json.loads(resources.files("tracker").joinpath("data/election-records.schema.json").read_text())


@lru_cache(maxsize=1)
def _validator() -> Draft202012Validator:
    """The reference validator: slow, and lists every fault."""
    return Draft202012Validator(_schema(), format_checker=FormatChecker())


@lru_cache(maxsize=1)
def _fast_check() -> Callable[[Any], Any]:
    """A compiled validator (fastjsonschema), ten times faster, that stops at the first fault.

    The schema uses nothing beyond draft 7 but ``$defs``, which the compiler resolves as a JSON pointer;
    its ``$id`` is not a URL, so it is dropped for the compiler.
    """
    schema = {**_schema(), "$schema": "http://json-schema.org/draft-07/schema#"}
    del schema["$id"]
    return fastjsonschema.compile(schema)


def _schema_valid(data: Any) -> bool:
    try:
        _fast_check()(data)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


def slug(text: str) -> str:
    """A key-shaped slug (``^[a-z0-9][a-z0-9-]*$``) of ``text``; ``"x"`` if nothing is left."""
    import unicodedata

    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return _KEY.sub("-", folded).strip("-") or "x"


def record_id_for(record: dict) -> str:
    """The id a record without one is stored under: organisation, post, region and date."""
    post = record.get("post") or {}
    parts = [record["organisation"]["acronym"], post.get("title", ""), post.get("region") or "", record["date"]]
    return slug("-".join(p for p in parts if p))


def first_day(text: str) -> dt.date:
    """The first day of a date given as ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.

    Raises ``ValueError`` where it is no calendar date (``2024-02-30``) or not of that shape.
    """
    shape = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", text, re.ASCII)
    if shape is None:
        raise ValueError(f"{text!r} is not of the form YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(part) if part else 1 for part in shape.groups())
    return dt.date(year, month, day)
