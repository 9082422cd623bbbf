"""Shared by the benchmark scripts: percentiles and a timer that prints a table of p50/p95,
queries per call and, for reads, the ratio to the same rows fetched with raw SQL."""

import statistics
import sys
import time

REPLAY = object()  # Timer.measure(raw=REPLAY): compare with the view's own SQL, replayed
_FRAMEWORK_TABLES = ('"django_session"', '"auth_user"', '"auth_group"', '"auth_user_groups"')


def setup_django():
    """Django for a benchmark on PostgreSQL: queries counted (DEBUG), the test client's host
    allowed. Exits when DATABASE_URL is not PostgreSQL."""
    import django
    from django.conf import settings

    settings.DEBUG = True  # count queries
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    django.setup()
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit("Benchmark on PostgreSQL: set DATABASE_URL.")


def percentiles(samples):
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p95 * 1000


def _framework_query(sql: str) -> bool:
    head = sql.split(" WHERE ", 1)[0]
    return any(table in head for table in _FRAMEWORK_TABLES)


def _replay(connection, statements):
    with connection.connection.cursor() as cursor:  # psycopg, under Django
        for sql in statements:
            cursor.execute(sql)
            cursor.fetchall()


class Timer:
    """`warm_up`: call each measured function once before timing (for reads: the first request
    of a kind pays for loading templates). Writes must not be warmed up twice."""

    def __init__(self, *, label_width: int = 34, warm_up: bool = False):
        self.rows = []
        self.label_width = label_width
        self.warm_up = warm_up

    def measure(self, label, fn, repeat, *, raw=None, target=None, setup=None):
        """Time `fn(i)` `repeat` times; a response with an error status stops the run. `setup`:
        run untimed before each call, its queries not counted, and its result passed on as
        `fn(i, prepared)` (a write's inputs read first, so only the write is measured). `raw` is a
        function timed the same way, or REPLAY: the statements the view sent for its data
        (session and user look-ups left out), replayed as plain SQL through psycopg, every row
        fetched, so the ratio is what Django (ORM, templates, middleware) adds to the database's
        own work."""
        from django.db import connection, reset_queries

        def call(i):
            if setup is None:
                reset_queries()
                return time.perf_counter(), fn(i)
            prepared = setup(i)
            reset_queries()
            return time.perf_counter(), fn(i, prepared)

        if self.warm_up:
            call(0)
        samples, queries, statements = [], [], []
        for i in range(repeat):
            started, result = call(i)
            samples.append(time.perf_counter() - started)
            status = getattr(result, "status_code", None)
            if status is not None and status >= 400:
                raise SystemExit(f"{label}: HTTP {status}")
            queries.append(len(connection.queries))
            statements.append([q["sql"] for q in connection.queries if not _framework_query(q["sql"])])
        p50, p95 = percentiles(samples)
        raw_p50 = raw_ratio = None
        if raw is REPLAY:
            raw = lambda i: _replay(connection, statements[i])  # noqa: E731
        if raw is not None:
            raw_samples = []
            for i in range(repeat):
                started = time.perf_counter()
                raw(i)
                raw_samples.append(time.perf_counter() - started)
            raw_p50, _ = percentiles(raw_samples)
            raw_ratio = p50 / raw_p50 if raw_p50 else None
        self.rows.append((label, p50, p95, statistics.median(queries), raw_p50, raw_ratio, target))
        print(f"  {label}: p50 {p50:.1f} ms, p95 {p95:.1f} ms", flush=True)

    def print(self):
        w = self.label_width
        print(
            f"{'operation':<{w}} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8} {'raw p50':>8} {'ratio':>6}  target"
        )
        for label, p50, p95, q, raw_p50, ratio, target in self.rows:
            raw_txt = f"{raw_p50:8.2f}" if raw_p50 is not None else f"{'':>8}"
            ratio_txt = f"{ratio:6.1f}" if ratio is not None else f"{'':>6}"
            verdict = ""
            if target:
                verdict = f"p95 ≤ {target} ms: {'ja' if p95 <= target else 'NEJ'}"
            print(f"{label:<{w}} {p50:8.2f} {p95:8.2f} {q:8.0f} {raw_txt} {ratio_txt}  {verdict}")
