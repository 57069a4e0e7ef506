"""How long each page and API endpoint takes to answer, in-process, as the data grows.

    .venv/bin/python bench/pages.py [--sizes 1000,10000,100000] [--requests 50] [--database-url URL]
                                    [--reuse] [--only TEXT] [--profile PAGE]

For each size (candidacies), builds a database of invented elections (tracker.synthetic, about four
candidates an election) with the importer; SQLite databases are kept in bench/.cache/, named by size
and a hash of the code that decides what is stored, so a second run starts at once. With
--database-url (PostgreSQL) the tables are dropped, made and filled anew for each size, then VACUUMed and
ANALYZEd (--reuse: measure the database as an earlier run of a single size left it).

Then each page is fetched with Flask's test client: a few warm-up requests, then --requests timed ones.
Printed per page: median and 95th percentile of the time to answer (milliseconds, wall clock, in this
process: routing, queries, rendering; no network), each also as a multiple of the floor (a route
answering "ok" on the same app, so through the same request hooks), SQL statements per request
(counted with a before_cursor_execute listener on the app's engine) and response bytes. Last, the
pages whose SQL statement count changes with the data's size. --profile PAGE prints a cProfile of
that page (by its label, sorted by $BENCH_SORT, default cumulative) instead of timing it; --only TEXT
times only the pages whose label contains TEXT.
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import os
import pstats
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

# The repository instead of bench/, whose http.py would hide the standard library's http package.
sys.path.pop(0)
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import event, func, select, text

from tracker import create_app, models, records
from tracker.db import drop_schema, get_engine, get_session
from tracker.migrations import upgrade
from tracker.synthetic import generate

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "bench" / ".cache"
# The code that decides what a built database holds: a change to any of these builds it anew.
BUILD_CODE = ["tracker/synthetic.py", "tracker/records/*.py", "tracker/models.py", "tracker/results/*.py",
              "tracker/folding.py", "tracker/searchindex.py", "tracker/db.py", "tracker/migrations/versions/*.py"]
CANDIDATES_PER_ELECTION = 4  # synthetic.generate draws 2 to 6
ELECTIONS_PER_ORGANISATION = 60  # a body holding two elections a year over thirty years
WARM_UP = 5


def code_hash() -> str:
    """A short hash of :data:`BUILD_CODE`'s contents."""
    digest = hashlib.sha256()
    for pattern in BUILD_CODE:
        for path in sorted(ROOT.glob(pattern)):
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def fill(url: str, candidacies: int) -> None:
    """Make the tables at ``url`` (dropping any) and import invented elections with about
    ``candidacies`` candidacies."""
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "TESTING": True})
    document = generate(max(1, candidacies // CANDIDATES_PER_ELECTION), per_organisation=ELECTIONS_PER_ORGANISATION)
    with app.app_context():
        engine = get_engine()
        drop_schema(engine)
        upgrade(engine)
        session = get_session()
        records.import_records(session, document)
        session.commit()
        if engine.url.get_backend_name() == "postgresql":
            # What autovacuum would do soon after an import (it is off on some servers, these machines'
            # among them): the rows the import replaced, each post's among them (its count of
            # elections, raised once per election: tracker.counters), gone; the planner's statistics.
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.execute(text("VACUUM ANALYZE"))
        engine.dispose()


def database_for(size: int, database_url: str | None, reuse: bool = False) -> str:
    """A database URL holding about ``size`` candidacies: the cached SQLite file (built if missing),
    or ``database_url`` filled anew (left as it is with ``reuse``)."""
    if database_url and reuse:
        return database_url
    if database_url:
        started = time.perf_counter()
        fill(database_url, size)
        print(f"(filled {database_url.rsplit('@', 1)[-1]} in {time.perf_counter() - started:.0f} s)")
        return database_url
    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"pages-{size}-{code_hash()}.sqlite"
    if not path.exists():
        started = time.perf_counter()
        with tempfile.TemporaryDirectory(dir=CACHE) as folder:
            partial = Path(folder) / "building.sqlite"
            fill(f"sqlite:///{partial}", size)
            partial.replace(path)
        print(f"(built {path.name} in {time.perf_counter() - started:.0f} s)")
    return f"sqlite:///{path}"


def pages(session) -> list[tuple[str, str]]:
    """The pages to time, as (label, URL), chosen from the data: the worst cases where the size of a
    page depends on the data (the post with most elections, the State with most candidacies, the
    person with most), a multi-round election."""
    e, c, o = models.Election, models.Candidacy, models.Organisation
    election = session.scalar(select(e.record_id).order_by(e.rounds_count.desc(), e.id).limit(1))
    acronym = session.scalar(
        select(o.acronym).join(models.Post).join(e).group_by(o.acronym).order_by(func.count().desc()).limit(1)
    )
    post = session.scalar(select(e.post_id).group_by(e.post_id).order_by(func.count().desc(), e.post_id).limit(1))
    country = session.scalar(
        select(c.country).where(c.country.is_not(None)).group_by(c.country).order_by(func.count().desc()).limit(1)
    )
    persons = session.scalars(
        select(c.person_id).where(c.person_id.is_not(None)).group_by(c.person_id)
        .order_by(func.count().desc(), c.person_id).limit(2)
    ).all()
    person = persons[0]
    return [
        ("/", "/"),
        ("/elections/<id>", f"/elections/{election}"),
        ("/organisations", "/organisations"),
        ("/organisations/<acr>", f"/organisations/{acronym}"),
        ("/posts/<id>", f"/posts/{post}"),
        ("/countries/<code>", f"/countries/{country}"),
        ("/persons/<id>", f"/persons/{person}"),
        ("/compare", f"/compare?person={persons[0]}&person={persons[-1]}&country={country}"),
        ("/search", "/search?q=jerome"),
        ("api elections", "/api/v1/elections"),
        ("api elections/<id>", f"/api/v1/elections/{election}"),
        ("api organisations", "/api/v1/organisations"),
        ("api organisations/<acr>", f"/api/v1/organisations/{acronym}"),
        ("api posts/<id>", f"/api/v1/posts/{post}"),
        ("api countries/<code>", f"/api/v1/countries/{country}"),
        ("api persons/<id>", f"/api/v1/persons/{person}"),
        ("api search", "/api/v1/search?q=jerome"),
    ]


@dataclass
class Figures:
    label: str
    median: float  # ms
    p95: float  # ms
    statements: int
    size: int  # bytes


def measure(client, statements: list[int], label: str, url: str, requests: int) -> Figures:
    """Time ``requests`` GETs of ``url`` after :data:`WARM_UP` untimed ones. Raises ``RuntimeError``
    if one does not answer 200."""
    times, counts = [], []
    for number in range(WARM_UP + requests):
        statements[0] = 0
        started = time.perf_counter()
        response = client.get(url)
        took = time.perf_counter() - started
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
        if number >= WARM_UP:
            times.append(took * 1000)
            counts.append(statements[0])
    p95 = statistics.quantiles(times, n=20)[18] if len(times) > 1 else times[0]
    return Figures(label, statistics.median(times), p95, max(counts), len(response.data))


def bench_size(size: int, url: str, requests: int, profile: str | None, only: str | None) -> dict[str, Figures]:
    """Every page's figures on the database at ``url``, printed as a table; keyed by label."""
    # every request rendered: the cache of rendered pages would answer all but the first (bench/http.py
    # measures it)
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "PAGE_CACHE": False})
    app.get("/_floor")(lambda: "ok")
    statements = [0]
    with app.app_context():
        engine = get_engine()
        session = get_session()
        chosen = [(label, page) for label, page in pages(session) if not only or only in label]
        elections = session.scalar(select(func.count()).select_from(models.Election))
        candidacies = session.scalar(select(func.count()).select_from(models.Candidacy))
        session.close()

    @event.listens_for(engine, "before_cursor_execute")
    def count(*_args):
        statements[0] += 1

    client = app.test_client()
    if profile:
        url_of = dict(chosen)[profile]
        for _ in range(WARM_UP):
            client.get(url_of)
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(requests):
            client.get(url_of)
        profiler.disable()
        pstats.Stats(profiler).sort_stats(os.environ.get("BENCH_SORT", "cumulative")).print_stats(int(os.environ.get("BENCH_LINES", 35)), *filter(None, [os.environ.get("BENCH_FILTER")]))
        return {}
    floor = measure(client, statements, "floor (route answering 'ok')", "/_floor", requests)
    found = {label: measure(client, statements, label, page, requests) for label, page in chosen}
    engine.dispose()
    print(f"\n{candidacies:,} candidacies, {elections:,} elections ({engine.url.get_backend_name()}); "
          f"{requests} requests each after {WARM_UP} to warm up; ms per request in this process")
    print(f"{'page':30} {'median ms':>9} {'x floor':>8} {'p95 ms':>8} {'x floor':>8} {'SQL':>4} {'bytes':>9}")
    for line in [floor, *found.values()]:
        print(f"{line.label:30} {line.median:9.2f} {line.median / floor.median:8.1f} {line.p95:8.2f} "
              f"{line.p95 / floor.p95:8.1f} {line.statements:4d} {line.size:9,d}")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="candidacies, comma-separated")
    parser.add_argument("--requests", type=int, default=50, help="timed requests per page")
    parser.add_argument("--database-url", help="PostgreSQL database to fill (its tables are dropped)")
    parser.add_argument("--profile", metavar="PAGE", help="print a cProfile of this page (label) instead")
    parser.add_argument("--only", metavar="TEXT", help="only the pages whose label contains TEXT")
    parser.add_argument("--reuse", action="store_true", help="use --database-url as an earlier run of one size left it")
    args = parser.parse_args()
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} cores")
    by_size = {}
    for size in (int(s) for s in args.sizes.split(",")):
        by_size[size] = bench_size(size, database_for(size, args.database_url, args.reuse), args.requests, args.profile, args.only)
    if args.profile or len(by_size) < 2:
        return
    growing = [
        f"{label}: " + " / ".join(str(found[label].statements) for found in by_size.values())
        for label in next(iter(by_size.values()))
        if len({found[label].statements for found in by_size.values()}) > 1
    ]
    print("\nSQL statements per request that change with the size: " + ("; ".join(growing) or "none"))


if __name__ == "__main__":
    main()
