"""The `Embedder` interface (the factory is `factdesk.embed.create_embedder`)."""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt


class Embedder(ABC):
    """Turns texts into L2-normalised float32 vectors; queries and passages may differ."""

    name: str
    dim: int

    @abstractmethod
    def embed_queries(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """Vectors for search queries (claims), shape (len(texts), dim)."""

    @abstractmethod
    def embed_passages(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """Vectors for stored passages (statements), shape (len(texts), dim)."""


def worker_threads() -> int:
    """Threads a model may use for a batch: the worker's share that `factdesk serve` puts in
    `OMP_NUM_THREADS`, else every core."""
    configured = os.environ.get("OMP_NUM_THREADS", "")
    return max(1, int(configured) if configured.isdigit() else (os.cpu_count() or 1))
