"""How long importing and exporting election-records/v1 files takes.

    .venv/bin/python bench/import_bench.py [--elections 10000] [--database-url URL]

Generates invented elections (tracker.synthetic), writes them to a JSON file, imports the file into an
empty database (SQLite in a temporary folder unless --database-url is given), imports it again (every
record unchanged), then exports everything. Prints one line per step: seconds and elections a second.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

# The repository instead of bench/, whose http.py would hide the standard library's http package.
sys.path.pop(0)
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tracker import create_app
from tracker.db import drop_schema, get_engine, get_session
from tracker.migrations import upgrade
from tracker.records import files as record_files
from tracker.synthetic import generate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--elections", type=int, default=10_000)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{folder}/bench.sqlite"
        app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "TESTING": True})
        document = generate(args.elections)
        content = json.dumps(document).encode()
        candidacies = sum(len(e["candidates"]) for e in document["elections"])
        votes = sum(len(r["votes"]) for e in document["elections"] for r in e["rounds"])
        print(f"{args.elections} elections, {candidacies} candidacies, {votes} round votes, "
              f"{len(content) / 1e6:.1f} MB of JSON; database {get_engine_name(url)}")
        with app.app_context():
            drop_schema(get_engine())
            upgrade(get_engine())
            for step in ("import into an empty database", "import again (unchanged)"):
                session = get_session()
                started = time.perf_counter()
                summary = record_files.import_file(session, content, "json")
                session.commit()
                took = time.perf_counter() - started
                print(f"{step:34} {took:6.2f} s  {args.elections / took:8.0f} elections/s  "
                      f"(created {len(summary.created)}, unchanged {len(summary.unchanged)})")
            for fmt in record_files.FORMATS:
                started = time.perf_counter()
                text, count = record_files.export_text(get_session(), fmt)
                took = time.perf_counter() - started
                print(f"{'export ' + fmt:34} {took:6.2f} s  {count / took:8.0f} elections/s  ({len(text) / 1e6:.1f} MB)")
            get_session().rollback()  # end the export's transaction before dropping the tables
            drop_schema(get_engine())


def get_engine_name(url: str) -> str:
    return url.split(":", 1)[0]


if __name__ == "__main__":
    main()
