"""Typed settings, read from `FACTDESK_*` environment variables (and a `.env` file).

No settings object is built at import time: `create_app()` and the CLI call `Settings()` once,
so tests can build apps with their own settings side by side.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Literal, Self

import platformdirs
from pydantic import Field, HttpUrl, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from factdesk.logs import LogFormat

_ORIGIN = re.compile(r"https?://([a-z0-9-]+(\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])(:[0-9]{1,5})?")


# The rate limit's value type lives with the settings that parse it; the limiters import it.
_PERIODS = {"second": 1.0, "minute": 60.0, "hour": 3600.0}
_RATE = re.compile(r"\s*(\d+)\s*/\s*(second|minute|hour)\s*", re.IGNORECASE)


@dataclass(frozen=True)
class Rate:
    """`limit` requests per `period` seconds."""

    limit: int
    period: float

    @property
    def interval(self) -> float:
        """Seconds one request costs: the bucket refills one request per interval."""
        return self.period / self.limit

    def __str__(self) -> str:
        unit = next(name for name, seconds in _PERIODS.items() if seconds == self.period)
        return f"{self.limit}/{unit}"


def parse_rate(text: str) -> Rate | None:
    """`600/minute` (also `/second`, `/hour`) → a `Rate`; `off` → None."""
    if text.strip().lower() == "off":
        return None
    match = _RATE.fullmatch(text)
    if match is None or int(match.group(1)) < 1:
        raise ValueError(
            f"rate limit {text!r} is not N/second, N/minute or N/hour (N >= 1), nor `off`"
        )
    return Rate(int(match.group(1)), _PERIODS[match.group(2).lower()])


URL_TEMPLATE_FIELDS = frozenset({"claim", "id"})


def check_url_template(template: str) -> None:
    """Raise `ValueError` unless `template` is an absolute http(s) URL whose only placeholders
    are `{claim}` and `{id}`."""
    try:
        fields = {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}
    except ValueError as exc:
        raise ValueError(f"not a URL template: {exc}") from exc
    unknown = fields - URL_TEMPLATE_FIELDS
    if unknown:
        raise ValueError(f"unknown placeholder {sorted(unknown)[0]!r}: use {{claim}} or {{id}}")
    try:
        sample = template.format(claim="c", id="i")
    except (ValueError, IndexError, KeyError, AttributeError) as exc:
        raise ValueError(f"not a URL template: {exc}") from exc
    if not re.match(r"https?://[^/\s]+", sample):
        raise ValueError("the URL template must make an absolute http(s) URL")


SQLITE_SCHEME = "sqlite:///"
POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def is_sqlite_url(url: str) -> bool:
    """Whether a database URL names an SQLite file (`sqlite:///PATH`)."""
    return url.startswith(SQLITE_SCHEME)


def is_postgres_url(url: str) -> bool:
    """Whether a database URL names a PostgreSQL database (`postgresql://` or `postgres://`)."""
    return url.startswith(POSTGRES_SCHEMES)


def sqlite_url_path(url: str) -> Path:
    """The file a `sqlite:///PATH` URL names."""
    return Path(url.removeprefix(SQLITE_SCHEME))


def _default_database_url() -> str:
    data_dir = Path(platformdirs.user_data_dir("factdesk"))
    return f"{SQLITE_SCHEME}{data_dir / 'factdesk.db'}"


# The vector index settings live here, not beside the indexes, so that reading settings loads
# neither numpy nor the engine.
DEFAULT_ANN_THRESHOLD = 100_000
DEFAULT_EF_SEARCH = 512


class IndexKind(StrEnum):
    """Which vector index a process builds (`FACTDESK_VECTOR_INDEX`)."""

    AUTO = "auto"  # exact up to the threshold, HNSW above it
    EXACT = "exact"
    HNSW = "hnsw"
    PGVECTOR = "pgvector"  # the store's own HNSW index (PostgreSQL), nothing in memory


@dataclass(frozen=True, slots=True)
class IndexConfig:
    kind: IndexKind = IndexKind.AUTO
    threshold: int = DEFAULT_ANN_THRESHOLD  # AUTO: HNSW once the index holds more vectors
    ef_search: int = DEFAULT_EF_SEARCH  # HNSW breadth of search: recall against speed
    # Where an HNSW graph is saved and found again at the next start (None: rebuilt each time).
    saved_dir: Path | None = None


class Settings(BaseSettings):
    """Every knob of the service. The README's settings table mirrors this class."""

    model_config = SettingsConfigDict(env_prefix="FACTDESK_", env_file=".env", extra="ignore")

    database_url: str = Field(
        default_factory=_default_database_url,
        description="Statement store: `sqlite:///path/to/file.db` (embedded default) or "
        "`postgresql://user:password@host:5432/db` (PostgreSQL with pgvector, for replicas).",
    )
    database_pool_size: Annotated[int, Field(ge=1, le=1000)] = Field(
        default=10, description="PostgreSQL: most connections per process."
    )
    database_timeout_seconds: Annotated[float, Field(gt=0, le=300)] = Field(
        default=5.0,
        description="PostgreSQL: longest wait to connect, or for a free pooled connection, "
        "before a request is answered 503.",
    )
    database_statement_timeout_seconds: Annotated[float, Field(gt=0, le=3600)] = Field(
        default=30.0, description="PostgreSQL: longest one SQL statement may run."
    )
    redis_url: str | None = Field(
        default=None, description="Shared verdict cache; in-process LRU cache when unset."
    )
    cache_ttl_seconds: Annotated[int, Field(ge=0)] = 86_400
    cache_max_entries: Annotated[int, Field(ge=1)] = 10_000
    cache_lock_ttl_seconds: Annotated[float, Field(gt=0, le=300)] = Field(
        default=10.0,
        description="Longest a worker holds the shared (Redis) lock on a reply it computes.",
    )
    cache_lock_wait_seconds: Annotated[float, Field(ge=0, le=60)] = Field(
        default=5.0,
        description="Longest a request waits for another worker's computation of the same "
        "reply before computing it itself.",
    )
    seed_fixtures: bool = Field(
        default=True, description="Load the seed-article fixtures into an empty store at start."
    )
    seed_path: Path | None = Field(
        default=None,
        description="The seed statements (NDJSON); unset: the ones shipped in the package "
        "(`factdesk/seed/statements.ndjson`).",
    )
    embedder: str = Field(default="e5-small", description="Embedding backend name.")
    english_embedder: str = Field(
        default="minilm-l6",
        description="Second, English-only embedder for English claim/statement pairs; "
        "`none` turns it off.",
    )
    stance_judge: Literal["rules", "learned", "hybrid", "guarded"] = Field(
        default="rules",
        description="Stance judge: `rules` (hand-written rules), `learned` (the fitted model "
        "decides every pair the rules do not settle by a rating or a named source), `hybrid` "
        "(the rules also keep a mismatch they find) or `guarded` (the rules also keep their "
        "support; the model decides only what they leave neutral); see docs/QUALITY.md.",
    )
    vector_index: IndexKind = Field(
        default=IndexKind.AUTO,
        description="Dense index: `exact` (brute force), `hnsw` (approximate graph, int8 "
        "vectors), `pgvector` (PostgreSQL's own HNSW index, nothing in memory; PostgreSQL "
        "stores only) or `auto` (exact up to `ann_threshold` statements, above it HNSW, or "
        "`pgvector` on PostgreSQL when the store is that large at start).",
    )
    ann_threshold: Annotated[int, Field(ge=0)] = Field(
        default=DEFAULT_ANN_THRESHOLD,
        description="With `vector_index=auto`: above this many statements, HNSW.",
    )
    ann_ef_search: Annotated[int, Field(ge=10, le=4096)] = Field(
        default=DEFAULT_EF_SEARCH,
        description="HNSW search breadth: higher finds more of the true neighbours, slower.",
    )
    index_dir: Path | None = Field(
        default=None,
        description="Where an HNSW graph is saved so that a restart loads it instead of "
        "rebuilding it (minutes at a million statements). Default: beside the SQLite file "
        "(`<file>.hnsw`); none for PostgreSQL, whose index lives in the database.",
    )
    max_body_bytes: Annotated[int, Field(ge=1024)] = 1_048_576
    max_import_bytes: Annotated[int, Field(ge=1024)] = 100 * 1_048_576
    max_claim_chars: Annotated[int, Field(ge=1, le=10_000)] = 1000
    max_batch_claims: Annotated[int, Field(ge=1, le=1000)] = 100
    max_page_size: Annotated[int, Field(ge=1, le=1000)] = 100
    # At least the request's default top_k (5 for verify, 10 for search), which is not checked.
    max_top_k: Annotated[int, Field(ge=5, le=100)] = Field(
        default=20, description="Largest `top_k` of a verify request."
    )
    max_search_top_k: Annotated[int, Field(ge=10, le=1000)] = Field(
        default=100, description="Largest `top_k` of a search request."
    )
    max_query_chars: Annotated[int, Field(ge=1, le=10_000)] = Field(
        default=1000, description="Longest search `query` and statement-list `q`."
    )
    max_query_tokens: Annotated[int, Field(ge=0, le=512)] = Field(
        default=192,
        description="Most tokens of a claim, query or stance evidence the embedders see "
        "(the rest of the text is still parsed and matched lexically); bounds the cost of one "
        "request. 0: the model's own limit (512). Stored statements are embedded whole.",
    )
    max_article_chars: Annotated[int, Field(ge=1000, le=1_000_000)] = Field(
        default=50_000, description="Longest article text of `POST /v1/articles:check`."
    )
    max_article_checks: Annotated[int, Field(ge=1, le=200)] = Field(
        default=20,
        description="Most sentences of one article that are verified (the most check-worthy).",
    )
    claimreview_org_name: Annotated[str, Field(min_length=1, max_length=200)] = Field(
        default="FactDesk", description="The organisation named as `author` of ClaimReview output."
    )
    claimreview_org_url: HttpUrl | None = Field(
        default=None, description="Its web site, the ClaimReview `author.url`."
    )
    claimreview_url_template: str | None = Field(
        default=None,
        description="The ClaimReview `url`, with `{claim}` (the claim, URL-encoded) and `{id}` "
        "(a stable id of the claim); unset: this service's `/v1/claimreview?claim=...`.",
    )
    embed_frame_ancestors: Annotated[
        str, Field(min_length=1, max_length=2000, pattern=r"^[^;,\r\n]+$")
    ] = Field(
        default="*",
        description="Pages allowed to frame the embeddable verdict card (`/v1/embed`, "
        "`/v1/checks/{id}`): the CSP `frame-ancestors` sources, space-separated, e.g. "
        "`https://cms.example.org`; `*`: any page. The desk itself is never framed.",
    )
    api_keys_file: Path | None = Field(
        default=None,
        description="API keys, one `name:sha256-hex:role` a line (`factdesk keys add`). "
        "Unset: no keys, and writes are open to whoever reaches the service.",
    )
    require_keys_for_reads: bool = Field(
        default=False, description="Reads need a key too (needs `api_keys_file`)."
    )
    rate_limit: Rate | None = Field(
        default=Rate(600, 60.0),
        description="Requests per caller (API key, else client address): `N/second`, "
        "`N/minute`, `N/hour`, or `off`. A batch of N claims, or an article with N sentences "
        "to verify, counts as N.",
    )
    engine_slots: Annotated[int, Field(ge=1, le=256)] = Field(
        default=2,
        description="Engine computations (uncached verify, search, stance; each claim of a "
        "batch, each verified sentence of an article) running at once per worker process.",
    )
    engine_queue: Annotated[int, Field(ge=0, le=10_000)] = Field(
        default=16,
        description="Engine computations waiting for a slot per worker; past it, 503 with "
        "`Retry-After`.",
    )
    engine_max_wait_seconds: Annotated[float, Field(gt=0, le=300)] = Field(
        default=5.0,
        description="Longest an engine computation waits for a slot before it is answered 503 "
        "with `Retry-After`.",
    )
    engine_per_caller: Annotated[int, Field(ge=0, le=10_000)] = Field(
        default=4,
        description="Engine computations one caller (API key, else client address) may have "
        "running or waiting per worker; past it, 429 with `Retry-After`. One caller also runs "
        "on at most `engine_slots - 1` slots (at least one), keeping a slot for the others. "
        "0: neither limit.",
    )
    cors_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Origins allowed to call from a browser, comma-separated; empty: none.",
    )
    log_level: str = "INFO"
    log_format: LogFormat = Field(
        default=LogFormat.JSON,
        description="`factdesk serve` log lines: `json` (one object per line) or `text`.",
    )

    @field_validator("database_url")
    @classmethod
    def _check_scheme(cls, value: str) -> str:
        if not (is_sqlite_url(value) or is_postgres_url(value)):
            raise ValueError(
                "expected sqlite:///PATH or postgresql://USER:PASSWORD@HOST:PORT/DATABASE"
            )
        return value

    @field_validator(
        "api_keys_file", "claimreview_org_url", "index_dir", "seed_path", mode="before"
    )
    @classmethod
    def _empty_path_is_unset(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("claimreview_url_template", mode="before")
    @classmethod
    def _check_url_template(cls, value: Any) -> Any:
        if isinstance(value, str) and not value.strip():
            return None
        if isinstance(value, str):
            check_url_template(value)
        return value

    @field_validator("rate_limit", mode="before")
    @classmethod
    def _parse_rate(cls, value: Any) -> Any:
        return parse_rate(value) if isinstance(value, str) else value

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _check_origins(cls, value: Any) -> Any:
        items = value.split(",") if isinstance(value, str) else value
        if not isinstance(items, list):
            return value
        origins = []
        for item in items:
            origin = str(item).strip().rstrip("/").lower()
            if not origin:
                continue
            if origin == "*":
                raise ValueError(
                    "'*' would let any web page call the API; list the CMS origins instead"
                )
            if not _ORIGIN.fullmatch(origin):
                raise ValueError(f"{origin!r} is not an origin like https://cms.example.org")
            origins.append(origin)
        return origins

    @model_validator(mode="after")
    def _pgvector_needs_postgres(self) -> Self:
        if self.vector_index is IndexKind.PGVECTOR and is_sqlite_url(self.database_url):
            raise ValueError(
                "FACTDESK_VECTOR_INDEX=pgvector needs a PostgreSQL FACTDESK_DATABASE_URL: "
                "SQLite has no vector index of its own"
            )
        return self

    @model_validator(mode="after")
    def _keys_for_reads_need_keys(self) -> Self:
        if self.require_keys_for_reads and self.api_keys_file is None:
            raise ValueError(
                "FACTDESK_REQUIRE_KEYS_FOR_READS needs FACTDESK_API_KEYS_FILE: "
                "without keys nobody could read"
            )
        return self

    @property
    def query_token_cap(self) -> int | None:
        """`max_query_tokens` as the embedders take it (None: uncapped)."""
        return self.max_query_tokens or None

    @property
    def index_config(self) -> IndexConfig:
        """The vector index settings as the engine takes them."""
        saved = self.index_dir
        if saved is None and is_sqlite_url(self.database_url):
            path = self.sqlite_path
            saved = None if path.name == ":memory:" else path.with_name(path.name + ".hnsw")
        return IndexConfig(self.vector_index, self.ann_threshold, self.ann_ef_search, saved)

    @property
    def sqlite_path(self) -> Path:
        """Filesystem path of the embedded store."""
        return sqlite_url_path(self.database_url)


URL_TEMPLATE_UNSET = (
    "FACTDESK_CLAIMREVIEW_URL_TEMPLATE is unset: ClaimReview `url` is this service's permalink "
    "of the check, not your public fact-check page, which Google requires"
)


def settings_warnings(settings: Settings) -> list[str]:
    """Settings that work but leave something unpublishable; logged at start and in /readyz."""
    return [] if settings.claimreview_url_template else [URL_TEMPLATE_UNSET]
