"""What readers wait for, over HTTP, under gunicorn, at 100k candidacies: every page and API answer,
cache cold and warm, compressed; each worker's memory; the first chart drawn in Debian's chromium.

    .venv/bin/python bench/http.py [--size 100000] [--requests 40] [--workers 2] [--database-url URL]
                                   [--sqlite-only | --postgres-only] [--reuse] [--redis] [--no-browser]
                                   [--only TEXT]

The database: the 100k data set of bench/pages.py (tracker.synthetic, built once into bench/.cache/
on SQLite; on PostgreSQL, filled anew at --database-url, by default
postgresql://postgres@127.0.0.1:5432/bench_http when a server answers there: that database's tables
are dropped; --reuse: measure it as an earlier run of the same size left it). Each database is served by gunicorn (gunicorn.conf.py, --workers processes,
bench/http_app.py: the app plus ``/_floor``, a route answering "ok" that reads nothing, the floor
every page is compared with) on a free port of 127.0.0.1.

For every page of bench/pages.py (the worst cases the data holds), over one keep-alive connection,
asking ``Accept-Encoding: br, gzip`` as browsers do:

- cold: --requests requests each missing the cache of rendered pages (each with a query parameter of
  its own, ``_bench=<n>``, which no page reads), so each is rendered;
- warm: --requests requests of the same URL after every worker has cached it;
- revalidated: the same with ``If-None-Match`` (what a returning browser sends): each should be 304.

Printed per page: median and p95 in milliseconds (as the client saw them: the request sent, the whole
body read), each as a multiple of the floor's median (p95: of the floor's p95), the floor asked on
the same connection just before each request of the page's cold and warm series (so each ratio is
of two series timed side by side), the status of the revalidation, bytes sent (compressed) and
uncompressed, and the floor's medians beside the cold and warm series. Then each worker's resident memory (VmRSS,
after everything), and, unless --no-browser or no chromium is installed, for the pages with charts:
the time from navigation to the first chart drawn (``performance.mark("first-chart")``, set by
static/js/charts.js), cold (a new browser profile: nothing cached) and warm (the same profile,
navigating to the page again), with when the page and plotly.js had arrived (cold) and plotly.js's
bytes on the wire.
"""

from __future__ import annotations

import sys
from pathlib import Path

# This file is named like the standard library's http package: keep its folder off the import path,
# or `import http.client` (gunicorn, playwright) would find this script.
BENCH = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != BENCH]
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))

import argparse  # noqa: E402
import gzip  # noqa: E402
import http.client  # noqa: E402
import importlib.util  # noqa: E402
import os  # noqa: E402
import shutil  # noqa: E402
import signal  # noqa: E402
import socket  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from dataclasses import dataclass  # noqa: E402

import brotli  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402

from tracker import create_app  # noqa: E402
from tracker.db import get_session  # noqa: E402

_spec = importlib.util.spec_from_file_location("bench_pages", BENCH / "pages.py")
page_bench = importlib.util.module_from_spec(_spec)  # bench/pages.py: the data set and the pages
sys.modules["bench_pages"] = page_bench
_spec.loader.exec_module(page_bench)

CHART_PAGES = ("/elections/<id>", "/organisations/<acr>", "/posts/<id>", "/countries/<code>", "/persons/<id>", "/compare")
DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/bench_http"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn serving bench/http_app.py on ``database_url``, stopped on exit."""

    def __init__(self, database_url: str, workers: int, redis: bool):
        self.port = free_port()
        self.log = tempfile.NamedTemporaryFile(prefix="bench-http-", suffix=".log", delete=False)
        env = {
            **os.environ, "DATABASE_URL": database_url, "PORT": str(self.port), "HOST": "127.0.0.1",
            "WEB_CONCURRENCY": str(workers), "SECRET_KEY": "bench", "PYTHONPATH": str(ROOT),
        }
        if redis:
            env["CACHE_REDIS_URL"] = "redis://127.0.0.1:6379/14"
            subprocess.run(["redis-cli", "-n", "14", "flushdb"], check=False, capture_output=True)
        self.process = subprocess.Popen(
            [str(ROOT / ".venv" / "bin" / "gunicorn"), "-c", str(ROOT / "gunicorn.conf.py"), "bench.http_app:app"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                if self.get("/_floor")[0] == 200:
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn did not start; see {self.log.name}")

    def connection(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)

    def get(self, path: str, headers: dict | None = None, connection=None) -> tuple[int, dict, bytes]:
        own = connection is None
        connection = connection or self.connection()
        connection.request("GET", path, headers={"Accept-Encoding": "br, gzip", **(headers or {})})
        response = connection.getresponse()
        body = response.read()
        if own:
            connection.close()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body

    def workers(self) -> list[int]:
        """The worker processes' ids (children of the gunicorn master)."""
        found = []
        for status in Path("/proc").glob("[0-9]*/status"):
            try:
                fields = dict(line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line)
            except OSError:
                continue
            if fields.get("PPid", "").strip() == str(self.process.pid):
                found.append(int(status.parent.name))
        return sorted(found)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)


def memory_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


@dataclass
class Timing:
    median: float
    p95: float
    status: int
    sent: int  # bytes on the wire (compressed)
    size: int  # bytes uncompressed
    encoding: str
    floor: float | None = None  # median of the floor's requests interleaved with these (ms)
    floor_p95: float | None = None


def _p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20)[18] if len(times) > 1 else times[0]


def timed(server: Server, urls: list[str], headers: dict | None = None, floor: bool = False) -> Timing:
    """GET each of ``urls`` once over one keep-alive connection; the times in ms. ``floor``: before
    each, GET ``/_floor`` on the same connection, so that the page and the floor are timed side by
    side, in the same state of the server and of the machine (a worker's heap grows as pages are
    rendered, and a floor timed once, first, was a different server's)."""
    connection = server.connection()
    times, floors = [], []
    for url in urls:
        if floor:
            started = time.perf_counter()
            server.get("/_floor", None, connection)
            floors.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        status, answer_headers, body = server.get(url, headers, connection)
        times.append((time.perf_counter() - started) * 1000)
        if status not in (200, 304):
            raise RuntimeError(f"{url} answered {status}")
    connection.close()
    encoding = answer_headers.get("content-encoding", "")
    size = len({"br": brotli.decompress, "gzip": gzip.decompress}.get(encoding, bytes)(body)) if body else 0
    return Timing(
        statistics.median(times), _p95(times), status, len(body), size, encoding,
        statistics.median(floors) if floors else None, _p95(floors) if floors else None,
    )


def with_param(url: str, name: str, value: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}{name}={value}"


def bench_server(server: Server, chosen: list[tuple[str, str]], requests: int, workers: int) -> dict[str, dict]:
    """Every page's timings on ``server``, printed; keyed by label."""
    for _ in range(20):
        server.get("/_floor")
    floor = timed(server, ["/_floor"] * requests)
    print(f"{'page':24} {'cold ms':>8} {'x':>5} {'p95':>7} {'x':>5} | {'warm ms':>7} {'x':>5} {'p95':>6} {'x':>5} | "
          f"{'304':>4} {'sent B':>8} {'of B':>9} enc | floor ms beside cold, warm")
    print(f"{'floor (/_floor)':24} {floor.median:8.2f} {1:5.1f} {floor.p95:7.2f} {1:5.1f} |")
    found = {}
    for label, url in chosen:
        server.get(with_param(url, "_bench", "warmup"))  # the process's first request of the page's kind
        cold = timed(server, [with_param(url, "_bench", f"{time.time_ns()}-{n}") for n in range(requests)], floor=True)
        for _ in range(4 * workers):  # every worker has it cached (the kernel spreads connections)
            server.get(url)
        warm = timed(server, [url] * requests, floor=True)
        etag = server.get(url)[1].get("etag", "")
        revalidated = timed(server, [url] * requests, {"If-None-Match": etag})
        found[label] = {"cold": cold, "warm": warm, "revalidated": revalidated}
        print(f"{label:24} {cold.median:8.2f} {cold.median / cold.floor:5.1f} {cold.p95:7.2f} {cold.p95 / cold.floor_p95:5.1f} | "
              f"{warm.median:7.2f} {warm.median / warm.floor:5.1f} {warm.p95:6.2f} {warm.p95 / warm.floor_p95:5.1f} | "
              f"{revalidated.status:4d} {warm.sent:8,d} {warm.size:9,d} {warm.encoding} | {cold.floor:5.2f} {warm.floor:5.2f}")
    found["floor"] = {"warm": floor}
    return found


FIRST_CHART = """() => {
  const at = (name) => performance.getEntriesByName(name)[0];
  const plotly = performance.getEntriesByType("resource").find((r) => r.name.includes("/vendor/plotly-basic-"));
  return {
    chart: at("first-chart").startTime,
    html: performance.getEntriesByType("navigation")[0].responseEnd,
    plotly: plotly ? plotly.responseEnd : null,
    plotly_bytes: plotly ? plotly.transferSize : 0,
  };
}"""


def first_chart(server: Server, chosen: list[tuple[str, str]], runs: int = 5) -> None:
    """Time to the first chart drawn, cold and warm, in Debian's chromium (Playwright)."""
    chromium = shutil.which("chromium")
    if not chromium:
        print("\n(no chromium: the first chart is not timed)")
        return
    from playwright.sync_api import sync_playwright

    print(f"\nfirst chart drawn, ms from navigation (chromium, median of {runs}); cold: a new profile, nothing"
          " cached; warm: the same page again.\nAlso when the page had arrived (html) and plotly.js (cold), and"
          " plotly.js's bytes on the wire")
    print(f"{'page':24} {'cold':>6} {'warm':>6} | {'html':>5} {'plotly':>6} {'bytes':>8}")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        for label, url in chosen:
            if label not in CHART_PAGES:
                continue
            cold, warm = [], []
            for _ in range(runs):
                context = browser.new_context()
                page = context.new_page()
                for times in (cold, warm):
                    page.goto(f"http://127.0.0.1:{server.port}{url}")
                    page.wait_for_function("performance.getEntriesByName('first-chart').length > 0", timeout=30000)
                    times.append(page.evaluate(FIRST_CHART))
                context.close()
            middle = sorted(cold, key=lambda t: t["chart"])[len(cold) // 2]
            print(f"{label:24} {middle['chart']:6.0f} {statistics.median(t['chart'] for t in warm):6.0f} | "
                  f"{middle['html']:5.0f} {middle['plotly'] or 0:6.0f} {middle['plotly_bytes']:8,d}")
        browser.close()


def postgres_reachable(url: str) -> bool:
    try:
        engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1), connect_args={"connect_timeout": 3})
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        engine.dispose()
        return True
    except Exception:
        return False


def ensure_postgres_database(url: str) -> None:
    """Create the database ``url`` names if the server has none of that name."""
    head, name = url.rsplit("/", 1)
    engine = create_engine(f"{head.replace('postgresql://', 'postgresql+psycopg://', 1)}/postgres", isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        if not connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first():
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000, help="candidacies")
    parser.add_argument("--requests", type=int, default=40, help="timed requests per page and state")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--database-url", default=None, help=f"PostgreSQL database to fill (default {DEFAULT_POSTGRES}, if reachable)")
    parser.add_argument("--sqlite-only", action="store_true")
    parser.add_argument("--postgres-only", action="store_true")
    parser.add_argument("--reuse", action="store_true", help="measure the PostgreSQL database as an earlier run left it")
    parser.add_argument("--redis", action="store_true", help="cache pages in the Redis at 127.0.0.1:6379 (database 14, emptied)")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--only", metavar="TEXT", help="only the pages whose label contains TEXT")
    args = parser.parse_args()
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} cores, {args.workers} gunicorn workers "
          f"(gthread), page cache {'in Redis' if args.redis else 'in each process'}")
    databases = [] if args.postgres_only else [page_bench.database_for(args.size, None)]
    postgres = args.database_url or DEFAULT_POSTGRES
    if not args.sqlite_only and postgres_reachable(postgres.rsplit("/", 1)[0] + "/postgres"):
        ensure_postgres_database(postgres)
        databases.append(page_bench.database_for(args.size, postgres, args.reuse))
    for url in databases:
        app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench"})
        with app.app_context():
            chosen = [(label, page) for label, page in page_bench.pages(get_session()) if not args.only or args.only in label]
            get_session().close()
        server = Server(url, args.workers, args.redis)
        try:
            print(f"\n== {url.split('://')[0]}, {args.size:,} candidacies; {args.requests} requests each, ms as the client saw them")
            bench_server(server, chosen, args.requests, args.workers)
            if not args.no_browser:  # (each worker compressed plotly.js as it started: gunicorn.conf.py)
                first_chart(server, chosen)
            print("\nworkers' memory (VmRSS): " + ", ".join(f"{memory_mb(pid):.0f} MB" for pid in server.workers()))
        finally:
            server.stop()


if __name__ == "__main__":
    main()
