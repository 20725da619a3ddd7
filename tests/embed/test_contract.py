"""One suite for every registered embedder (and the combined one): real models, no mocks."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest
from factdesk.embed import EMBEDDERS, Combined, Embedder, create_embedder

NAMES = [*EMBEDDERS, "e5-small+use-m3"]
MULTILINGUAL = {"e5-small", "use-m3", "e5-small+use-m3"}

_cache: dict[str, Embedder] = {}


@pytest.fixture(params=NAMES, scope="module")
def embedder(request: pytest.FixtureRequest) -> Iterator[Embedder]:
    name = str(request.param)
    if name not in _cache:
        _cache[name] = create_embedder(name)
    yield _cache[name]


def test_name_and_dim_match_the_vectors(embedder: Embedder) -> None:
    assert embedder.name in NAMES
    queries = embedder.embed_queries(["Musk sued OpenAI", "xAI unveiled Grok"])
    passages = embedder.embed_passages(["Elon Musk filed a lawsuit against OpenAI."])
    assert queries.shape == (2, embedder.dim) and passages.shape == (1, embedder.dim)
    assert queries.dtype == np.float32 and passages.dtype == np.float32


def test_vectors_are_unit_length(embedder: Embedder) -> None:
    vectors = embedder.embed_passages(["short", "a longer sentence about a lawsuit " * 4, "중간"])
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)


def test_batching_does_not_change_a_vector(embedder: Embedder) -> None:
    texts = [f"statement number {i} about the OpenAI lawsuit" for i in range(70)]
    together = embedder.embed_passages(texts)
    alone = np.stack([embedder.embed_passages([t])[0] for t in texts[:3] + texts[-2:]])
    np.testing.assert_allclose(together[[0, 1, 2, 68, 69]], alone, atol=2e-3)


def test_empty_input_gives_an_empty_matrix(embedder: Embedder) -> None:
    assert embedder.embed_queries([]).shape == (0, embedder.dim)


def test_a_paraphrase_outranks_an_unrelated_sentence(embedder: Embedder) -> None:
    query = embedder.embed_queries(["Musk sued OpenAI over its for-profit turn"])[0]
    passages = embedder.embed_passages(
        [
            "The Eiffel Tower is repainted every seven years.",
            "Elon Musk filed a lawsuit against OpenAI, accusing it of chasing profit.",
        ]
    )
    scores = passages @ query
    assert scores[1] > scores[0] + 0.1


def test_a_translation_outranks_an_unrelated_sentence(embedder: Embedder) -> None:
    if embedder.name not in MULTILINGUAL:
        pytest.skip("English only")
    query = embedder.embed_queries(["머스크는 오픈AI를 고소했다"])[0]
    passages = embedder.embed_passages(
        ["The Eiffel Tower is repainted every seven years.", "Musk sued OpenAI."]
    )
    scores = passages @ query
    assert scores[1] > scores[0] + 0.1


def test_combined_cosine_is_the_mean_and_each_part_reads_back() -> None:
    combined = create_embedder("e5-small+use-m3")
    assert isinstance(combined, Combined) and combined.dim == 384 + 512
    claim, statement = "미스트랄은 프랑스 AI 기업이다", "Mistral is a French AI company."
    query = combined.embed_queries([claim])[0]
    passage = combined.embed_passages([statement])[0]
    parts = [
        float(p.embed_queries([claim])[0] @ p.embed_passages([statement])[0])
        for p in combined.parts
    ]
    assert float(query @ passage) == pytest.approx(sum(parts) / 2, abs=1e-4)
    for i, cosine in enumerate(parts):
        assert float(combined.part_query(query, i) @ passage) == pytest.approx(cosine, abs=1e-4)


def test_factory_rejects_unknown_names_and_single_parts() -> None:
    with pytest.raises(ValueError, match="available"):
        create_embedder("e5-small+nope")
    with pytest.raises(ValueError, match="two parts"):
        Combined([create_embedder("use-m3")])


_LONG = {
    "prose": "The council approved a budget of 45 million dollars for new hospitals. " * 20,
    "hyphens": "a-" * 500,
    "emoji": "\U0001f600" * 1000,
    "korean": "시의회는 2021년 새 병원을 짓는 데 예산을 승인했다. " * 30,
}


@pytest.mark.parametrize("kind", sorted(_LONG))
def test_a_query_cap_cuts_long_queries_only(embedder: Embedder, kind: str) -> None:
    text = _LONG[kind]
    short = "Musk sued OpenAI"
    uncapped = embedder.embed_queries([short, text])
    embedder.cap_queries(32)
    try:
        capped = embedder.embed_queries([short, text])
        parts = embedder.parts if isinstance(embedder, Combined) else (embedder,)
        for part in parts:
            (clipped,) = part.clip_queries([text])
            counted = part.count_tokens(clipped)
            assert counted is not None and counted <= 32
            assert text.startswith(clipped)
            # What is embedded is the cut text: the vector is the prefix's own.
            if part is embedder:
                np.testing.assert_allclose(
                    capped[1], embedder.embed_queries([clipped])[0], atol=2e-3
                )
    finally:
        embedder.cap_queries(None)
    np.testing.assert_allclose(capped[0], uncapped[0], atol=2e-3)  # short: untouched
    # Uncapped again: the whole text once more.
    np.testing.assert_allclose(embedder.embed_queries([text]), uncapped[1:], atol=2e-3)
