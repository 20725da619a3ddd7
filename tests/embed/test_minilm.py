"""The English embedder: real model, real tokenizer, no mocks."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from factdesk.embed import create_embedder, create_english_embedder
from factdesk.embed.minilm import MiniLMEmbedder, _tokenizer


@pytest.fixture(scope="module")
def minilm() -> MiniLMEmbedder:
    return MiniLMEmbedder()


def test_vectors_are_unit_length_and_rank_paraphrases_first(minilm: MiniLMEmbedder) -> None:
    query = minilm.embed_queries(["Musk sued OpenAI over its for-profit turn"])[0]
    passages = minilm.embed_passages(
        [
            "The Eiffel Tower is repainted every seven years.",
            "Elon Musk filed a lawsuit against OpenAI, accusing it of chasing profit.",
        ]
    )
    assert query.shape == (minilm.dim,) and query.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(passages, axis=1), 1.0, atol=1e-5)
    scores = passages @ query
    assert scores[1] > scores[0] + 0.3


def test_batching_and_padding_do_not_change_a_vector(minilm: MiniLMEmbedder) -> None:
    texts = ["short", "a much longer sentence that pads the short one in its batch " * 3, "mid"]
    together = minilm.embed_passages(texts)
    alone = np.stack([minilm.embed_passages([t])[0] for t in texts])
    np.testing.assert_allclose(together, alone, atol=1e-4)


def test_tokenizer_is_the_models_own() -> None:
    # Uncased BERT WordPiece: lower-cased, accents stripped, [CLS] … [SEP] around the ids.
    assert _tokenizer().encode("Héllo World").ids == [101, 7592, 2088, 102]


def test_factory_names() -> None:
    assert create_english_embedder("none") is None
    assert create_english_embedder("") is None
    assert create_embedder("minilm-l6").name == "minilm-l6"
    with pytest.raises(ValueError, match="available"):
        create_embedder("nope")


def test_vocabulary_ships_with_the_package() -> None:
    vocab = (
        Path(__file__).resolve().parents[2]
        / "api"
        / "factdesk"
        / "embed"
        / "data"
        / "minilm-vocab.txt"
    )
    lines = vocab.read_text("utf-8").splitlines()
    assert len(lines) == 30522 and lines[0] == "[PAD]" and lines[101] == "[CLS]"
