"""Readers and editors at once against gunicorn: no error response, no acknowledged write lost.

    .venv/bin/python bench/load.py [--seconds 60] [--readers 50] [--writers 4] [--workers 4]
                                   [--database-url URL]

Makes a fresh database (a SQLite file in a temporary folder, or the PostgreSQL database at
--database-url, whose tables are dropped and made anew), seeds it (the founding election and invented
ones), adds one editor account per writer, and starts gunicorn with gunicorn.conf.py on a free port of
127.0.0.1. Then, for --seconds: readers fetch pages and API endpoints at random (including elections
the writers have just created); writers, each signed in once, create elections through the
/elections/new form, add candidates and enter a round, as an editor's browser does (fetching each
form for its CSRF token and hidden fields). A write counts as acknowledged when the app redirects as
it does on success.

Prints requests, responses by status, latency (p50/p95, ms, seen by the client) for readers and
writers, then checks that every acknowledged write is in the database. Exits 1 if any response was an
error (not the expected 200 or redirect) or any acknowledged write is missing.
"""

from __future__ import annotations

import argparse
import collections
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

# The repository instead of bench/, whose http.py would hide the standard library's http package.
sys.path.pop(0)
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, select

from tracker import create_app, models, records
from tracker.accounts import users as accounts
from tracker.db import drop_schema, get_engine, get_session
from tracker.migrations import upgrade
from tracker.synthetic import generate

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "load test password 2026"
HIDDEN = re.compile(r'<input[^>]*name="(csrf_token|version)" type="hidden" value="([^"]*)"')
VOTE_KEYS = re.compile(r'name="votes-(\d+)-candidate" type="hidden" value="([^"]*)"')


@dataclass
class Tally:
    """What the clients saw; appended to by every thread (list.append is atomic)."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: collections.defaultdict(list))
    statuses: collections.Counter = field(default_factory=collections.Counter)
    errors: list[str] = field(default_factory=list)
    elections: list[str] = field(default_factory=list)  # acknowledged new elections
    candidates: dict[str, list[str]] = field(default_factory=lambda: collections.defaultdict(list))
    rounds: dict[str, dict[str, int]] = field(default_factory=dict)  # record id -> votes by key


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def prepare(url: str, writers: int, elections: int) -> dict:
    """Make the tables at ``url`` anew, seed them, add the writers' accounts; return what readers
    may ask for (ids of elections, posts, persons; country codes)."""
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "load", "TESTING": True})
    with app.app_context():
        engine = get_engine()
        drop_schema(engine)
        upgrade(engine)
        assert app.test_cli_runner().invoke(args=["seed"]).exit_code == 0
        session = get_session()
        records.import_records(session, generate(elections, seed=8, prefix="load"))
        for number in range(writers):
            accounts.create_user(session, f"writer{number}@example.org", PASSWORD, "editor")
        session.commit()
        c = models.Candidacy
        targets = {
            "elections": session.scalars(select(models.Election.record_id)).all(),
            "posts": session.scalars(select(models.Post.id)).all(),
            "persons": session.scalars(select(c.person_id).where(c.person_id.is_not(None)).distinct()).all(),
            "countries": session.scalars(select(c.country).where(c.country.is_not(None)).distinct()).all(),
            "organisations": session.scalars(select(models.Organisation.acronym)).all(),
        }
        session.close()
        engine.dispose()
    return targets


def start_gunicorn(url: str, port: int, workers: int, log: Path) -> subprocess.Popen:
    """gunicorn with gunicorn.conf.py, serving once /healthz answers 200. Raises ``RuntimeError`` if it
    stops or does not answer within 30 s."""
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "load", "HOST": "127.0.0.1", "PORT": str(port),
           "WEB_CONCURRENCY": str(workers)}
    with log.open("w") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"],
            cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn stopped:\n{log.read_text()}")
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=10).status_code == 200:
                return server
        except requests.RequestException:  # not listening yet, or the workers still booting
            pass
        time.sleep(0.1)
    server.terminate()
    server.wait(timeout=60)
    raise RuntimeError(f"gunicorn did not answer /healthz:\n{log.read_text()}")


class Client:
    """One browser: a requests session that records each response's time and status."""

    def __init__(self, base: str, role: str, tally: Tally):
        self.base, self.role, self.tally = base, role, tally
        self.http = requests.Session()

    def send(self, method: str, path: str, expected: int, **kwargs) -> requests.Response | None:
        started = time.perf_counter()
        try:
            response = self.http.request(method, self.base + path, allow_redirects=False, timeout=60, **kwargs)
        except requests.RequestException as error:
            self.tally.statuses[type(error).__name__] += 1
            self.tally.errors.append(f"{method} {path}: {error}")
            return None
        self.tally.latencies[self.role].append(time.perf_counter() - started)
        self.tally.statuses[response.status_code] += 1
        if response.status_code != expected:
            said = re.search(r'(?s)role="alert"[^>]*>(.*?)</(div|ul)>', response.text)
            said = re.sub(r"<[^>]+>|\s+", " ", said.group(1)).strip()[:300] if said else response.text[:200]
            self.tally.errors.append(f"{method} {path}: {response.status_code} (expected {expected}): {said}")
            return None
        return response

    def post_form(self, path: str, data: dict) -> requests.Response | None:
        """GET the form at ``path``, then POST ``data`` with its hidden fields; the response if it is
        the redirect of a success."""
        page = self.send("GET", path, 200)
        if page is None:
            return None
        return self.send("POST", path, 302, data={**dict(HIDDEN.findall(page.text)), **data})


def reader(client: Client, targets: dict, tally: Tally, until: float, rng: random.Random) -> None:
    pages = [
        lambda: "/",
        lambda: f"/elections/{rng.choice(tally.elections or targets['elections'])}",
        lambda: f"/elections/{rng.choice(targets['elections'])}",
        lambda: "/organisations",
        lambda: f"/organisations/{rng.choice(targets['organisations'])}",
        lambda: f"/posts/{rng.choice(targets['posts'])}",
        lambda: f"/countries/{rng.choice(targets['countries'])}",
        lambda: f"/persons/{rng.choice(targets['persons'])}",
        lambda: f"/search?q={rng.choice(['jerome', 'amina', 'president', 'maroc', 'load'])}",
        lambda: f"/api/v1/elections?page={rng.randint(1, 5)}",
        lambda: f"/api/v1/elections/{rng.choice(tally.elections or targets['elections'])}",
        lambda: f"/api/v1/posts/{rng.choice(targets['posts'])}",
        lambda: f"/api/v1/persons/{rng.choice(targets['persons'])}",
        lambda: "/healthz",
    ]
    while time.monotonic() < until:
        client.send("GET", rng.choice(pages)(), 200)


def writer(client: Client, number: int, tally: Tally, until: float, rng: random.Random) -> None:
    if client.post_form("/sign-in", {"email": f"writer{number}@example.org", "password": PASSWORD}) is None:
        return
    made = 0
    while time.monotonic() < until:
        made += 1
        election = {
            "organisation_acronym": "LOAD", "organisation_name": "Load Test Union (invented)",
            "body": "General Assembly", "session": "", "post_title": f"Post {number}-{made % 3}", "region": "",
            "date": f"{2000 + made % 25}-{1 + made % 12:02d}-{1 + number:02d}", "city": "", "country": "",
            "electorate": "100", "seats": "1", "quota": "absolute_majority", "base": "present_and_voting",
        }
        created = client.post_form("/elections/new", election)
        if created is None:
            continue
        record_id = created.headers["Location"].split("/")[2]
        tally.elections.append(record_id)
        for k in range(rng.randint(2, 3)):
            name = f"Load Writer{number} Candidate{made}x{k}"
            if client.post_form(f"/elections/{record_id}/candidates/new",
                                {"name": name, "country": "", "kind": "person", "declared": "y"}):
                tally.candidates[record_id].append(name)
        form = client.send("GET", f"/elections/{record_id}/rounds/new", 200)
        if form is None or not tally.candidates[record_id]:
            continue
        keys = [key for _, key in VOTE_KEYS.findall(form.text)]
        votes = {key: rng.randint(0, 30) for key in keys}
        fields = {"number": "1", "kind": "ordinary", "quota": "", "base": "valid_votes",
                  "share_of": "valid_votes", "present_and_voting": str(sum(votes.values()))}
        for index, key in enumerate(keys):
            fields.update({f"votes-{index}-candidate": key, f"votes-{index}-stood": "y",
                           f"votes-{index}-votes": str(votes[key])})
        if client.send("POST", f"/elections/{record_id}/rounds/new", 302,
                       data={**dict(HIDDEN.findall(form.text)), **fields}):
            tally.rounds[record_id] = votes


def lost_writes(url: str, tally: Tally) -> list[str]:
    """Each acknowledged write that the database does not hold, described."""
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "load", "TESTING": True})
    lost = []
    with app.app_context():
        stored = {r["id"]: r for r in records.load_records(get_session(), list(tally.elections))}
        for record_id in tally.elections:
            record = stored.get(record_id)
            if record is None:
                lost.append(f"election {record_id}")
                continue
            names = {c["name"] for c in record["candidates"]}
            lost += [f"candidate {name!r} of {record_id}" for name in tally.candidates[record_id] if name not in names]
            if record_id in tally.rounds:
                rnd = next((r for r in record["rounds"] if r["number"] == 1), None)
                found = {v["candidate"]: v["votes"] for v in rnd["votes"]} if rnd else None
                if found != tally.rounds[record_id]:
                    lost.append(f"round 1 of {record_id}: stored {found}, acknowledged {tally.rounds[record_id]}")
        total = get_session().scalar(select(func.count()).select_from(models.Election))
        get_session().close()
        get_engine().dispose()
    print(f"database: {total} elections; {len(tally.elections)} acknowledged new ones checked")
    return lost


def percentiles(seconds: list[float]) -> str:
    if len(seconds) < 2:
        return "n/a"
    cuts = statistics.quantiles([s * 1000 for s in seconds], n=20)
    return f"p50 {statistics.median(seconds) * 1000:.0f} ms, p95 {cuts[18]:.0f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--readers", type=int, default=50)
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--elections", type=int, default=300, help="invented elections to seed")
    parser.add_argument("--database-url", help="PostgreSQL database to use (its tables are dropped)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{folder}/load.sqlite"
        targets = prepare(url, args.writers, args.elections)
        port = free_port()
        log = Path(folder) / "gunicorn.log"
        server = start_gunicorn(url, port, args.workers, log)
        tally = Tally()
        base = f"http://127.0.0.1:{port}"
        until = time.monotonic() + args.seconds
        threads = [
            threading.Thread(target=reader, args=(Client(base, "reader", tally), targets, tally, until, random.Random(i)))
            for i in range(args.readers)
        ] + [
            threading.Thread(target=writer, args=(Client(base, "writer", tally), i, tally, until, random.Random(-i)))
            for i in range(args.writers)
        ]
        started = time.monotonic()
        try:
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        finally:
            server.terminate()
            server.wait(timeout=60)
        took = time.monotonic() - started
        server_errors = [line for line in log.read_text().splitlines() if " ERROR " in line or "Traceback" in line]
        print(f"{url.split(':')[0]}, gunicorn {args.workers} workers; {args.readers} readers, {args.writers} "
              f"writers for {took:.0f} s")
        requests_made = sum(tally.statuses.values())
        print(f"requests: {requests_made} ({requests_made / took:.0f}/s); by status: "
              + ", ".join(f"{k}: {v}" for k, v in sorted(tally.statuses.items(), key=str)))
        for role in ("reader", "writer"):
            print(f"{role}s: {len(tally.latencies[role])} requests, {percentiles(tally.latencies[role])}")
        print(f"acknowledged writes: {len(tally.elections)} elections, "
              f"{sum(len(v) for v in tally.candidates.values())} candidates, {len(tally.rounds)} rounds")
        lost = lost_writes(url, tally)
        for problem in tally.errors[:20]:
            print(f"error: {problem}")
        for line in server_errors[:20]:
            print(f"server log: {line}")
        for problem in lost[:20]:
            print(f"lost: {problem}")
        failed = bool(tally.errors or lost or server_errors)
        print("FAILED" if failed else f"OK: no error response, no lost write ({len(tally.errors)} errors, "
              f"{len(lost)} lost)")
        return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
