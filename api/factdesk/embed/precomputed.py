"""Passage vectors computed once and shipped beside the seed fixtures, so that a new store's
first start does not embed them (~5 s of its ~7 s start on two cores).

`Precomputed(embedder, table)` answers `embed_passages` from the table for the texts it holds
and asks the embedder for the others; queries always go to the embedder. A table is used only
while the installed model still computes the vector stored for the table's probe text: a model
upgrade changes the vectors, and then the table is ignored and everything is embedded as
before. Vectors are kept as float16, which is how the stores keep them anyway.

    python -m factdesk.embed.precomputed [fixtures/statements.ndjson]   # rewrites the table
"""

from __future__ import annotations

import hashlib
import logging
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from factdesk.embed.base import Embedder

if TYPE_CHECKING:
    from factdesk.engine.service import Verifier

log = logging.getLogger("factdesk")

# The stored probe vector and the model's own must agree this closely (float16 rounding is
# ~1e-4 on cosine; a different model or weights moves it far more).
PROBE_COSINE = 0.999


def text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def table_path(seed_path: Path) -> Path:
    """Where the vectors of a seed file are kept: beside it, `<name>.vectors.npz`."""
    return seed_path.with_name(seed_path.stem + ".vectors.npz")


class Precomputed(Embedder):
    """`embedder` with some passages' vectors known in advance."""

    def __init__(self, embedder: Embedder, table: dict[str, npt.NDArray[np.float16]]) -> None:
        self.inner = embedder
        self.name = embedder.name
        self.dim = embedder.dim
        self.table = table
        self.served = 0  # passages answered from the table
        self.computed = 0  # passages the embedder computed

    def embed_queries(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        return self.inner.embed_queries(texts)

    def embed_passages(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        missing = []
        for i, text in enumerate(texts):
            known = self.table.get(text_key(text))
            if known is None:
                missing.append(i)
            else:
                out[i] = known
        if missing:
            out[missing] = self.inner.embed_passages([texts[i] for i in missing])
        self.served += len(texts) - len(missing)
        self.computed += len(missing)
        return out


def load_table(path: Path, embedder: Embedder) -> dict[str, npt.NDArray[np.float16]] | None:
    """The table of `embedder`'s passage vectors in `path`, or None when there is none or the
    installed model no longer computes its probe vector."""
    try:
        with np.load(path) as data:
            name = embedder.name
            if f"{name}.keys" not in data:
                return None
            keys = [str(k) for k in data[f"{name}.keys"]]
            vectors = data[f"{name}.vectors"]
            probe = str(data[f"{name}.probe"])
    except (OSError, EOFError, ValueError, KeyError) as exc:
        log.warning("precomputed vectors in %s are unreadable: %s", path, exc)
        return None
    if len(keys) != len(vectors) or text_key(probe) not in keys:
        return None
    stored = vectors[keys.index(text_key(probe))].astype(np.float32)
    fresh = embedder.embed_passages([probe])[0]
    cosine = float(stored @ fresh / (np.linalg.norm(stored) * np.linalg.norm(fresh) or 1.0))
    if cosine < PROBE_COSINE:
        log.info("precomputed %s vectors in %s are from another model; not used", name, path)
        return None
    return dict(zip(keys, vectors, strict=True))


def write_table(
    path: Path, passages: dict[str, Sequence[str]], embedders: Sequence[Embedder]
) -> None:
    """Embed each embedder's passages and write them, with the first as the probe."""
    arrays: dict[str, npt.NDArray[np.generic]] = {}
    for embedder in embedders:
        texts = list(dict.fromkeys(passages.get(embedder.name, ())))
        if not texts:
            continue
        arrays[f"{embedder.name}.keys"] = np.array([text_key(t) for t in texts])
        arrays[f"{embedder.name}.vectors"] = embedder.embed_passages(texts).astype(np.float16)
        arrays[f"{embedder.name}.probe"] = np.array(texts[0])
    np.savez_compressed(path, **arrays)  # type: ignore[arg-type]


class _Recording(Embedder):
    """Remembers the passages it is asked for (to learn what a seed import embeds)."""

    def __init__(self, embedder: Embedder) -> None:
        self.inner = embedder
        self.name = embedder.name
        self.dim = embedder.dim
        self.passages: list[str] = []

    def embed_queries(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        return self.inner.embed_queries(texts)

    def embed_passages(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        self.passages.extend(texts)
        return np.zeros((len(texts), self.dim), dtype=np.float32)


def main(argv: Sequence[str] | None = None) -> int:
    """Rewrite the vectors table of a seed file (default: the fixtures the service seeds)."""
    import tempfile

    from factdesk.config import Settings
    from factdesk.embed import create_embedder, create_english_embedder
    from factdesk.engine.service import Verifier
    from factdesk.engine.stance.rules import RuleStanceJudge
    from factdesk.ingest import import_records, records_from_text
    from factdesk.store.sqlite import SqliteStore

    args = list(sys.argv[1:] if argv is None else argv)
    settings = Settings()
    seed = Path(args[0]) if args else settings.seed_path
    main_embedder = create_embedder(settings.embedder)
    english = create_english_embedder(settings.english_embedder)
    recorders = [_Recording(main_embedder)] + ([_Recording(english)] if english else [])
    with tempfile.TemporaryDirectory() as scratch:
        verifier = Verifier(
            SqliteStore(Path(scratch) / "seed.db"),
            recorders[0],
            RuleStanceJudge(),
            english=recorders[1] if english else None,
        )
        import_records(verifier, records_from_text(seed.read_text("utf-8"), "ndjson"))
        verifier.store.close()
    real = [main_embedder] + ([english] if english else [])
    write_table(table_path(seed), {r.name: r.passages for r in recorders}, real)
    counts = ", ".join(f"{r.name} {len(r.passages)}" for r in recorders)
    print(f"wrote {table_path(seed)}: {counts}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


@contextmanager
def shipped_vectors(verifier: Verifier, seed_path: Path) -> Iterator[None]:
    """While inside, `verifier` embeds the passages whose vectors ship beside `seed_path`
    from that table (when it holds vectors of the installed models)."""
    path = table_path(seed_path)
    if not path.is_file():
        yield
        return
    saved = verifier.embedder, verifier.english
    main_table = load_table(path, verifier.embedder)
    if main_table is not None:
        verifier.embedder = Precomputed(verifier.embedder, main_table)
    if verifier.english is not None:
        english_table = load_table(path, verifier.english)
        if english_table is not None:
            verifier.english = Precomputed(verifier.english, english_table)
    try:
        yield
    finally:
        verifier.embedder, verifier.english = saved
