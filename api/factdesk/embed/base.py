"""The `Embedder` interface and its factory."""

from __future__ import annotations

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


EMBEDDERS = ("e5-small", "minilm-l6")


def create_embedder(name: str) -> Embedder:
    """Build the embedder registered under `name` (only names whose weights ship in a package):
    `e5-small` (multilingual, the main one) or `minilm-l6` (English only)."""
    if name == "e5-small":
        from factdesk.embed.e5 import E5Embedder

        return E5Embedder()
    if name == "minilm-l6":
        from factdesk.embed.minilm import MiniLMEmbedder

        return MiniLMEmbedder()
    raise ValueError(f"unknown embedder {name!r}; available: {', '.join(EMBEDDERS)}")


def create_english_embedder(name: str) -> Embedder | None:
    """The optional English-only embedder: None for `none` (or an empty name)."""
    if name.strip().lower() in ("", "none"):
        return None
    return create_embedder(name)
