"""``flask`` commands for data: ``data import``, ``data export``, ``seed``."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import func, select

from . import models, records
from .db import create_schema, get_engine, get_session

data_cli = AppGroup("data", help="Import and export election records.")


def _import_text(text: str | bytes, label: str) -> records.ImportSummary:
    session = get_session()
    try:
        summary = records.import_records(session, records.parse_document(text))
        session.commit()
    except records.RecordsInvalid as error:
        session.rollback()
        lines = [f"{label} was not imported; nothing was stored. {len(error.problems)} problem(s):"]
        lines += [f"  - {problem}" for problem in error.problems]
        raise click.ClickException("\n".join(lines)) from None
    return summary


def _report(summary: records.ImportSummary) -> None:
    click.echo(f"Created {len(summary.created)} election(s), updated {len(summary.updated)}.")
    for record_id in summary.created:
        click.echo(f"  created {record_id}")
    for record_id in summary.updated:
        click.echo(f"  updated {record_id}")


@data_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_command(file: Path) -> None:
    """Import an election-records/v1 JSON FILE, all or nothing."""
    create_schema(get_engine())
    _report(_import_text(file.read_bytes(), str(file)))


@data_cli.command("export")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def export_command(file: Path) -> None:
    """Write every election to FILE as election-records/v1 JSON ("-" for standard output)."""
    session = get_session()
    document = records.export_document(
        [records.load_record(session, row["id"]) for row in records.list_elections(session)]
    )
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    if str(file) == "-":
        click.echo(text, nl=False)
    else:
        file.write_text(text, encoding="utf-8")
        click.echo(f"Wrote {len(document['elections'])} election(s) to {file}.")


@click.command("seed")
@with_appcontext
@click.option("--if-empty", is_flag=True, help="Only when the database holds no election.")
def seed_command(if_empty: bool) -> None:
    """Load the founding election (INTERPOL 2024, Vice-President for Africa)."""
    create_schema(get_engine())
    if if_empty and get_session().scalar(select(func.count()).select_from(models.Election)):
        click.echo("The database already holds elections; nothing seeded.")
        return
    text = resources.files("tracker").joinpath("data/founding-election.json").read_bytes()
    _report(_import_text(text, "The founding election"))


def init_app(app: Flask) -> None:
    """Register the data commands."""
    app.cli.add_command(data_cli)
    app.cli.add_command(seed_command)
