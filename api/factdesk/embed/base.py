"""The `Embedder` interface (the factory is `factdesk.embed.create_embedder`)."""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence

import numpy as np
import numpy.typing as npt


class Embedder(ABC):
    """Turns texts into L2-normalised float32 vectors; queries and passages may differ.

    `cap_queries(n)` bounds what one query costs: each query is cut to its first `n` tokens (as
    the model's own tokenizer counts them, special tokens and prefixes included) before it is
    embedded. Passages are never cut here: a statement is embedded once, when it is written.
    """

    name: str
    dim: int
    max_query_tokens: int | None = None

    @abstractmethod
    def embed_queries(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """Vectors for search queries (claims), shape (len(texts), dim); each query cut to
        `max_query_tokens` tokens first."""

    @abstractmethod
    def embed_passages(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """Vectors for stored passages (statements), shape (len(texts), dim)."""

    def cap_queries(self, tokens: int | None) -> None:
        """Embed at most `tokens` tokens of each query from now on (None: the model's own
        limit)."""
        self.max_query_tokens = tokens

    def count_tokens(self, text: str) -> int | None:
        """How many tokens the model is fed for `text` as a query; None when the embedder
        cannot tell (its queries are then not cut)."""
        return None

    def clip_queries(self, texts: Sequence[str]) -> list[str]:
        """`texts` each cut to `max_query_tokens` tokens (for implementations of
        `embed_queries`)."""
        cap = self.max_query_tokens
        if cap is None:
            return list(texts)
        return [clip(text, cap, self.count_tokens) for text in texts]


def clip(text: str, cap: int, count: Callable[[str], int | None]) -> str:
    """The longest prefix of `text` found whose token count is at most `cap`, ending at a space
    when one is near. A handful of tokenizer calls: the cut is first placed where the token
    density says, then moved back until it fits (token counts grow with the prefix)."""
    total = count(text)
    if total is None or total <= cap:
        return text
    end = len(text)
    while total is not None and total > cap and end > 0:
        # Aim a little short: a prefix's density is rarely the whole text's.
        end = min(end - 1, int(end * cap / total * 0.97))
        space = text.rfind(" ", 0, end + 1)
        if space > end * 0.9:
            end = space
        total = count(text[:end])
    return text[:end].rstrip()


def worker_threads() -> int:
    """Threads a model may use for a batch: the worker's share that `factdesk serve` puts in
    `OMP_NUM_THREADS`, else every core."""
    configured = os.environ.get("OMP_NUM_THREADS", "")
    return max(1, int(configured) if configured.isdigit() else (os.cpu_count() or 1))
