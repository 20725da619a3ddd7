"""`factdesk reindex`: re-embed, re-tokenise and re-parse every stored statement for the
configured embedders and parser, without disturbing the servers that read the store meanwhile.

Two phases:

1. **Stage.** Statements are prepared in batches (`Verifier.prepare`: the configured main and
   English embedders, the current lexical tokens and `PARSER_VERSION` parse) and written to a
   work file beside the store (a SQLite file of its own), one committed transaction per batch.
   The store is only read, so servers keep answering from the vectors they have. A killed run
   resumes where it stopped: a statement already staged for the same target (store, embedders
   and parser version) and not changed since is not prepared again.
2. **Swap.** Every staged statement that still exists is written to the store in one
   transaction (one generation); statements written or deleted while staging are re-prepared
   or left out, and statements created meanwhile are prepared. Then the work file is removed.

A server configured for the old embedders must be restarted with the new ones after the swap
when the vector width changes (`FACTDESK_EMBEDDER`); with the same width (a parser or English
embedder change) running servers pick the new rows up as any write.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from factdesk.config import is_sqlite_url, sqlite_url_path
from factdesk.engine.analysis.parsed import PARSER_VERSION
from factdesk.engine.service import Verifier
from factdesk.models import Statement, StatementIn
from factdesk.store.base import PreparedStatement, StatementStore

_STAGE_SCHEMA = """
CREATE TABLE IF NOT EXISTS target (value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS staged (
    id TEXT PRIMARY KEY,
    updated_at TEXT NOT NULL,
    language TEXT NOT NULL,
    statement TEXT NOT NULL,
    lexical TEXT NOT NULL,
    parsed TEXT NOT NULL,
    vector BLOB NOT NULL,
    english_vector BLOB
);
"""


def target_of(verifier: Verifier) -> str:
    """What a staged row was prepared for (the store, the embedders, the parser); rows staged
    for another target are prepared again."""
    english = verifier.english.name if verifier.english is not None else "none"
    return f"{verifier.store.identity()}|{verifier.embedder.name}|{english}|parser {PARSER_VERSION}"


def _version(statement: Statement) -> str:
    return statement.updated_at.isoformat(timespec="microseconds")


def _as_input(statement: Statement) -> StatementIn:
    return StatementIn.model_validate(statement.model_dump(exclude={"created_at", "updated_at"}))


class Stage:
    """The work file: prepared statements not yet in the store."""

    def __init__(self, path: Path, target: str) -> None:
        self.path = path
        self._conn = sqlite3.connect(path)
        with self._conn:
            self._conn.executescript(_STAGE_SCHEMA)
            row = self._conn.execute("SELECT value FROM target").fetchone()
            if row is None:
                self._conn.execute("INSERT INTO target (value) VALUES (?)", (target,))
            elif row[0] != target:  # staged for other embedders or another parser
                self._conn.execute("DELETE FROM staged")
                self._conn.execute("UPDATE target SET value = ?", (target,))

    def versions(self) -> dict[str, str]:
        """id -> the `updated_at` of the statement as it was staged."""
        return dict(self._conn.execute("SELECT id, updated_at FROM staged"))

    def put(self, items: Sequence[tuple[PreparedStatement, str]]) -> None:
        """Stage prepared statements (with the `updated_at` they were prepared from) in one
        transaction."""
        rows = [
            (
                p.id,
                updated,
                p.language,
                p.statement.model_dump_json(exclude_none=True),
                p.lexical,
                json.dumps(p.parsed, ensure_ascii=False),
                np.asarray(p.vector, dtype=np.float32).tobytes(),
                None
                if p.english_vector is None
                else np.asarray(p.english_vector, dtype=np.float32).tobytes(),
            )
            for p, updated in items
        ]
        with self._conn:
            self._conn.executemany(
                "INSERT OR REPLACE INTO staged VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows
            )

    def prepared(self) -> Iterator[tuple[PreparedStatement, str]]:
        """Every staged statement, with the `updated_at` it was prepared from."""
        query = "SELECT * FROM staged ORDER BY id"
        for sid, updated, language, body, lexical, parsed, vector, english in self._conn.execute(
            query
        ):
            yield (
                PreparedStatement(
                    id=sid,
                    language=language,
                    statement=StatementIn.model_validate_json(body),
                    lexical=lexical,
                    parsed=json.loads(parsed),
                    vector=np.frombuffer(vector, dtype=np.float32),
                    english_vector=None
                    if english is None
                    else np.frombuffer(english, dtype=np.float32),
                ),
                updated,
            )

    def close(self, remove: bool = False) -> None:
        self._conn.close()
        if remove:
            self.path.unlink(missing_ok=True)


@dataclass(frozen=True, slots=True)
class ReindexResult:
    prepared: int  # statements embedded by this run (the others were staged by an earlier one)
    resumed: int  # statements found staged by an earlier run
    written: int  # statements written by the swap
    generation: int


def work_path(database_url: str, given: Path | None) -> Path:
    """The work file: as given, else beside a SQLite store, else in the current directory."""
    if given is not None:
        return given
    if is_sqlite_url(database_url):
        db = sqlite_url_path(database_url)
        return db.with_name(db.name + ".reindex")
    return Path("factdesk-reindex.work")


def reindex(
    verifier: Verifier,
    work: Path,
    *,
    batch: int = 256,
    progress: Callable[[int, int], None] | None = None,
) -> ReindexResult:
    """Stage every statement of `verifier.store` for `verifier`'s embedders and parser, then
    write them all in one transaction (see the module docstring). `progress(done, total)` is
    called after each staged batch."""
    store: StatementStore = verifier.store
    stage = Stage(work, target_of(verifier))
    try:
        staged = stage.versions()
        current = {s.id: s for s in store.iter_all()}
        todo = [s for sid, s in current.items() if staged.get(sid) != _version(s)]
        resumed = len(current) - len(todo)
        if progress is not None:
            progress(resumed, len(current))
        for start in range(0, len(todo), batch):
            chunk = todo[start : start + batch]
            prepared = verifier.prepare([_as_input(s) for s in chunk])
            stage.put([(p, _version(s)) for p, s in zip(prepared, chunk, strict=True)])
            if progress is not None:
                progress(resumed + start + len(chunk), len(current))
        written, generation = _swap(verifier, stage)
    except BaseException:
        stage.close()
        raise
    stage.close(remove=True)
    return ReindexResult(len(todo), resumed, written, generation)


def _swap(verifier: Verifier, stage: Stage) -> tuple[int, int]:
    """Write every statement the store holds now in one transaction: as staged when it has not
    changed since, prepared afresh when it was written (or created) while staging; deleted ones
    are left out."""
    now = {s.id: s for s in verifier.store.iter_all()}
    ready: list[PreparedStatement] = []
    for prepared, updated in stage.prepared():
        statement = now.get(prepared.id)
        if statement is not None and _version(statement) == updated:
            ready.append(prepared)
            del now[prepared.id]
    if now:
        ready.extend(verifier.prepare([_as_input(s) for s in now.values()]))
    result = verifier.store.write(ready)
    return len(ready), result.generation
