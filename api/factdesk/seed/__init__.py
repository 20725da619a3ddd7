"""The seed statements that ship inside the package: the sourced statements of the seed
article (`statements.ndjson`) and, beside them, their passage vectors (`statements.vectors.npz`,
see `factdesk.embed.precomputed`). A new store is filled with them at start unless
`FACTDESK_SEED_FIXTURES=false`; `FACTDESK_SEED_PATH` names another file instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from importlib import resources
from pathlib import Path

STATEMENTS = resources.files(__name__) / "statements.ndjson"


class SeedStatus(StrEnum):
    """What a start did with the seed statements."""

    LOADED = "loaded"
    STORE_NOT_EMPTY = "skipped_store_not_empty"
    DISABLED = "disabled"
    MISSING = "missing"
    UNREADABLE = "unreadable"


@dataclass(frozen=True)
class SeedOutcome:
    """The seeding of one start: its status, the file it read (none when seeding is off) and
    how many statements it stored and rejected."""

    status: SeedStatus
    path: Path | None = None
    statements: int = 0
    rejected: int = 0


@contextmanager
def seed_file(configured: Path | None) -> Iterator[Path]:
    """The seed file as a filesystem path: `configured`, else the packaged one.

    An installed package is plain files, so the packaged path is the file itself and its
    vectors table lies beside it; from a zipped package only the statements are extracted (for
    the duration of the block) and their passages are embedded at start instead.
    """
    if configured is not None:
        yield configured
        return
    with resources.as_file(STATEMENTS) as path:
        yield path
