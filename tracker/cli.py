"""``flask`` commands for data: ``data import``, ``data export``, ``seed``."""

from __future__ import annotations

import json
import sqlite3
import sys
from importlib import resources
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import func, select

from . import localnames, migrations, models, records
from .accounts import users as accounts
from .db import get_engine, get_session
from .i18n import problem_text
from .logs import log_to_stderr
from .records import files as record_files

data_cli = AppGroup("data", help="Import and export election records.")


def _schema_ready() -> None:
    """Create or upgrade the schema before a command writes (as ``flask db upgrade``)."""
    try:
        migrations.upgrade(get_engine())
    except migrations.OutdatedSchema as error:
        raise click.ClickException(str(error)) from None


def _import(content: bytes, label: str, fmt: str, **options) -> records.ImportSummary:
    session = get_session()
    bar = None

    def start(count: int) -> None:
        nonlocal bar
        if count >= PROGRESS_FROM:
            bar = click.progressbar(length=count, label="Importing", file=sys.stderr)
            bar.__enter__()

    def step(done: int) -> None:
        if bar is not None:
            bar.update(done - bar.pos)

    try:
        actor = records.Actor(f"command line ({label})")
        summary = record_files.import_file(session, content, fmt, on_count=start, progress=step, actor=actor, **options)
        if options.get("dry_run"):
            session.rollback()
        else:
            session.commit()
    except records.RecordsInvalid as error:
        session.rollback()
        raise click.ClickException(_refusal(label, error.problems)) from None
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    return summary


PROGRESS_FROM = 200  # elections: smaller files import in a blink


def _refusal(label: str, problems: list[records.Problem]) -> str:
    """Why a file was refused: every problem (the first :data:`records.MOST_SHOWN`, and how many
    more), each where and why as the import page says it."""
    count = len(problems)
    lines = [f"{label} was not imported; nothing was stored. {count} problem{'' if count == 1 else 's'}:"]
    lines += [f"  - {problem_text(problem)}" for problem in problems[: records.MOST_SHOWN]]
    if count > records.MOST_SHOWN:
        more = count - records.MOST_SHOWN
        lines.append(f"  and {more} more problem{'' if more == 1 else 's'}")
    return "\n".join(lines)


def _report(summary: records.ImportSummary, dry_run: bool = False, details: bool = True) -> None:
    verb = ("Would create", "update", "leave unchanged") if dry_run else ("Created", "updated", "left unchanged")
    click.echo(
        f"{verb[0]} {len(summary.created)} election(s), {verb[1]} {len(summary.updated)}, "
        f"{verb[2]} {len(summary.unchanged)}."
    )
    if not details:
        return
    for record_id in summary.created:
        click.echo(f"  {'would create' if dry_run else 'created'} {record_id}")
    for record_id in summary.updated:
        fields = summary.changes.get(record_id)
        detail = f" ({', '.join(fields)})" if fields else ""
        click.echo(f"  {'would update' if dry_run else 'updated'} {record_id}{detail}")
    for match in summary.matches:
        known = f"person #{match.person_id}" if match.person_id else "a person earlier in this file"
        click.echo(
            f"  same person: {match.election}/{match.candidate} {match.name!r} ({match.country or 'no country'})"
            f" = {known} {match.person_name!r}"
        )
    if summary.matches and dry_run:
        click.echo("  To keep a candidate apart from the person matched, add --separate ELECTION/KEY.")


@data_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(record_files.FORMATS), help="Default: from the file name.")
@click.option("--dry-run", is_flag=True, help="Show what would be created or changed; store nothing.")
@click.option(
    "--separate",
    multiple=True,
    metavar="ELECTION/KEY",
    help="Do not match this candidate to a known person (repeatable).",
)
def import_command(file: Path, fmt: str | None, dry_run: bool, separate: tuple[str, ...]) -> None:
    """Import an election-records/v1 JSON or CSV FILE, all or nothing."""
    _schema_ready()
    pairs = set()
    for item in separate:
        election, _, key = item.partition("/")
        if not key:
            raise click.BadParameter(f"{item!r} is not ELECTION/KEY", param_hint="--separate")
        pairs.add((election, key))
    summary = _import(
        file.read_bytes(), str(file), fmt or record_files.guess_format(file.name), dry_run=dry_run, separate=frozenset(pairs)
    )
    _report(summary, dry_run)


@data_cli.command("export")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(record_files.FORMATS), help="Default: from the file name.")
@click.option("--organisation", help="Organisation acronym, e.g. INTERPOL.")
@click.option("--post", help="Post title, e.g. President.")
@click.option("--region", help="The organisation's region, e.g. Africa.")
@click.option("--country", help="ISO alpha-3 code of a nominating State, e.g. MAR.")
@click.option("--from", "year_from", type=int, help="First year.")
@click.option("--to", "year_to", type=int, help="Last year.")
def export_command(file: Path, fmt: str | None, **filters) -> None:
    """Write elections to FILE as election-records/v1 JSON or CSV ("-" for standard output)."""
    if str(file) == "-":
        log_to_stderr()
    fmt = fmt or record_files.guess_format(file.name)
    text, count = record_files.export_text(get_session(), fmt, records.ElectionFilter(**filters))
    if str(file) == "-":
        click.echo(text, nl=False)  # the data alone: logs go to standard error
    else:
        file.write_text(text, encoding="utf-8")
        click.echo(f"Wrote {count} election(s) to {file}.")


DEMO_ELECTIONS = 50
DETAILS_UP_TO = 20  # elections: a larger import is reported in numbers only


def shipped_elections(folder: Path) -> bytes:
    """Every election of the election-records/v1 files in ``folder`` (``*.json``, in name order), as
    one document: imported at once, so that a person standing in two files is matched as one."""
    elections = []
    for path in sorted(folder.glob("*.json")):
        elections += json.loads(path.read_text(encoding="utf-8"))["elections"]
    return json.dumps({"format": records.FORMAT, "elections": elections}, ensure_ascii=False).encode()


@click.command("seed")
@with_appcontext
@click.option("--if-empty", is_flag=True, help="Only when the database holds no election.")
@click.option(
    "--demo",
    is_flag=True,
    help=f"Also load {DEMO_ELECTIONS} invented elections (three invented organisations, ten years).",
)
def seed_command(if_empty: bool, demo: bool) -> None:
    """Load the shipped real elections (tracker/data/elections/, or the folder SEED_ELECTIONS names)
    and the names of their organisations' posts and regions in French and Arabic; importing them
    again changes nothing. With --demo, also a set of invented elections, marked as such, for trying
    the dashboards on more data (never loaded otherwise)."""
    from .synthetic import generate

    _schema_ready()
    if if_empty and get_session().scalar(select(func.count()).select_from(models.Election)):
        click.echo("The database already holds elections; nothing seeded.")
        return
    folder = Path(current_app.config["SEED_ELECTIONS"])
    summary = _import(shipped_elections(folder), "flask seed", "json")
    _report(summary, details=len(summary.created) + len(summary.updated) <= DETAILS_UP_TO)
    data = resources.files("tracker").joinpath("data")
    localnames.add_names(get_session(), json.loads(data.joinpath("names.json").read_text(encoding="utf-8")))
    get_session().commit()
    if demo:
        invented = generate(DEMO_ELECTIONS, seed=2024, start_year=2016, years=10, prefix="demo")
        seeder = records.Actor("command line (flask seed --demo)")
        summary = records.import_records(get_session(), invented, actor=seeder)
        get_session().commit()
        click.echo(f"Invented data (not real elections): {len(summary.created)} created, "
                   f"{len(summary.updated)} updated, {len(summary.unchanged)} unchanged.")


@click.command("create-user")
@with_appcontext
@click.argument("email")
@click.option("--role", type=click.Choice(accounts.ROLES), default="editor", show_default=True)
@click.password_option(help="Asked for, twice, when not given.")
def create_user_command(email: str, role: str, password: str) -> None:
    """Add an account that may sign in: an editor, or an admin who also manages accounts."""
    _schema_ready()
    session = get_session()
    try:
        user = accounts.create_user(session, email, password, role)
    except accounts.AccountError as error:
        session.rollback()
        raise click.ClickException(str(error)) from None
    session.commit()
    click.echo(f"Account created: {user.email} ({user.role}).")


@click.command("backup")
@with_appcontext
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def backup_command(path: Path) -> None:
    """Copy the SQLite database to PATH, consistently, while the app runs (SQLite's online backup).

    For PostgreSQL, use pg_dump (see the README).
    """
    engine = get_engine()
    if engine.url.get_backend_name() != "sqlite":
        raise click.ClickException("flask backup copies a SQLite database. For PostgreSQL use pg_dump; see the README.")
    if not engine.url.database or not Path(engine.url.database).is_file():
        raise click.ClickException(f"There is no database at {engine.url.database!r}: check DATABASE_URL.")
    if path.exists():
        raise click.ClickException(f"{path} exists already; give a new file name.")
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    try:
        source = sqlite3.connect(engine.url.database, timeout=30)
        target = sqlite3.connect(partial)
        try:
            source.backup(target)  # one step: a snapshot as of one moment, whatever is written meanwhile
            target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        finally:
            target.close()
            source.close()
    except sqlite3.Error as error:
        partial.unlink(missing_ok=True)
        raise click.ClickException(f"No backup was made: {error}.") from None
    partial.replace(path)
    click.echo(f"Backed up to {path} ({path.stat().st_size:,} bytes).")


def init_app(app: Flask) -> None:
    """Register the data, seed, account and backup commands."""
    app.cli.add_command(data_cli)
    app.cli.add_command(seed_command)
    app.cli.add_command(create_user_command)
    app.cli.add_command(backup_command)
