"""Loaders for the public evaluation sets (kept outside the repository)."""

from __future__ import annotations

import csv
import json
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from factdesk.config import Settings, is_postgres_url
from factdesk.embed import create_embedder, create_english_embedder
from factdesk.engine.service import Verifier
from factdesk.engine.stance.learned import create_judge
from factdesk.models import Source, StatementIn, StatementKind
from factdesk.store import StatementStore, create_store
from factdesk.store.sqlite import SqliteStore

csv.field_size_limit(sys.maxsize)


def clef_statements(data: Path) -> list[StatementIn]:
    """The 10,373 verified claims as `fact_check` statements (id = the claim id column)."""
    out = []
    with (data / "verified_claims.docs.tsv").open(encoding="utf-8") as fh:
        reader = csv.reader(fh, delimiter="\t")
        next(reader)
        for row in reader:
            vid, text, title = row[0], row[1].strip(), row[2].strip() if len(row) > 2 else ""
            out.append(
                StatementIn(
                    id=f"clef-{vid}",
                    text=text[:2000] or title,
                    language="en",
                    kind=StatementKind.FACT_CHECK,
                    source=Source(title=title or text[:200], publisher="Snopes"),
                )
            )
    return out


def clef_queries(data: Path, split: str) -> list[tuple[str, str, str]]:
    """(tweet id, tweet text, gold statement id) for a split."""
    tweets: dict[str, str] = {}
    with (data / split / "tweets.queries.tsv").open(encoding="utf-8") as fh:
        reader = csv.reader(fh, delimiter="\t")
        for row in reader:
            if row and row[0] != "tweet_id" and len(row) >= 2:
                tweets[row[0]] = row[1]
    out = []
    qrels = next((data / split).glob("*.qrels"))
    for line in qrels.read_text().splitlines():
        parts = line.split()
        if len(parts) >= 3 and parts[0] in tweets:
            out.append((parts[0], tweets[parts[0]], f"clef-{parts[2]}"))
    return out


def climate_claims(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


@contextmanager
def loaded_verifier(
    statements: list[StatementIn],
    db: Path | str | None,
    label: str,
    english: str = "minilm-l6",
    embedder: str | None = None,
    judge: str | None = None,
) -> Iterator[Verifier]:
    """A verifier over a store holding `statements` (reused when `db` already has them): a
    SQLite file (a temporary one without `db`) or a `postgresql://` database URL; with the
    main embedder named by `embedder` (unset: `FACTDESK_EMBEDDER`, as the server reads it) and
    the English embedder named by `english` (`none` for the main one alone); with the stance
    judge named by `judge` (unset: `FACTDESK_STANCE_JUDGE`)."""
    with tempfile.TemporaryDirectory() as tmp:
        store: StatementStore
        if isinstance(db, str) and is_postgres_url(db):
            store = create_store(db)
        else:
            store = SqliteStore(Path(db) if db else Path(tmp) / f"{label}.db")
        settings = Settings()
        main_model = create_embedder(embedder or settings.embedder)
        english_model = create_english_embedder(english)
        # Queries are cut as the server cuts them (FACTDESK_MAX_QUERY_TOKENS).
        for model in (main_model, english_model):
            if model is not None:
                model.cap_queries(settings.query_token_cap)
        verifier = Verifier(
            store,
            main_model,
            create_judge(judge or settings.stance_judge),
            english=english_model,
        )
        if store.stats().total < len(statements):
            for start in range(0, len(statements), 512):
                verifier.write(statements[start : start + 512])
                print(
                    f"\r{label}: embedded {min(start + 512, len(statements))}/{len(statements)}",
                    end="",
                    file=sys.stderr,
                    flush=True,
                )
            print(file=sys.stderr)
        verifier.index.refresh()
        english_index = verifier.index.english
        english_rows = store.stats().by_language.get("en", 0)
        if english_index is not None and len(english_index) < english_rows:
            print(
                f"{label}: {english_rows - len(english_index)} English statements have no "
                f"English vector; `factdesk reindex` (or a new --db) adds them",
                file=sys.stderr,
            )
        try:
            yield verifier
        finally:
            store.close()
