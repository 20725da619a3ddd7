"""Typed settings, read from `FACTDESK_*` environment variables (and a `.env` file).

No settings object is built at import time: `create_app()` and the CLI call `Settings()` once,
so tests can build apps with their own settings side by side.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import platformdirs
from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from api.logs import LogFormat

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _default_database_url() -> str:
    data_dir = Path(platformdirs.user_data_dir("factdesk"))
    return f"sqlite:///{data_dir / 'factdesk.db'}"


class Settings(BaseSettings):
    """Every knob of the service. The README's settings table mirrors this class."""

    model_config = SettingsConfigDict(env_prefix="FACTDESK_", env_file=".env", extra="ignore")

    database_url: str = Field(
        default_factory=_default_database_url,
        description="Statement store. `sqlite:///path/to/file.db` (embedded default).",
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
    seed_path: Path = PROJECT_ROOT / "fixtures" / "statements.ndjson"
    embedder: str = Field(default="e5-small", description="Embedding backend name.")
    english_embedder: str = Field(
        default="minilm-l6",
        description="Second, English-only embedder for English claim/statement pairs; "
        "`none` turns it off.",
    )
    max_body_bytes: Annotated[int, Field(ge=1024)] = 1_048_576
    max_import_bytes: Annotated[int, Field(ge=1024)] = 100 * 1_048_576
    max_claim_chars: Annotated[int, Field(ge=1, le=10_000)] = 1000
    max_batch_claims: Annotated[int, Field(ge=1, le=1000)] = 100
    max_page_size: Annotated[int, Field(ge=1, le=1000)] = 100
    log_level: str = "INFO"
    log_format: LogFormat = Field(
        default=LogFormat.JSON,
        description="`factdesk serve` log lines: `json` (one object per line) or `text`.",
    )

    @field_validator("database_url")
    @classmethod
    def _check_scheme(cls, value: str) -> str:
        if not value.startswith("sqlite:///"):
            raise ValueError("only sqlite:///PATH is supported by this build")
        return value

    @property
    def sqlite_path(self) -> Path:
        """Filesystem path of the embedded store."""
        return Path(self.database_url.removeprefix("sqlite:///"))
