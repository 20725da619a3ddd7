"""`POST /v1/articles:check` on the seed article and on English text: offsets, check-worthy
sentences only, verdicts with evidence, and the per-article cap."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
from factdesk.main import create_app

from tests.conftest import _client_for, make_settings
from tests.paths import FIXTURES
from tests.routes.test_statements import assert_problem

ARTICLE = (FIXTURES / "articles" / "grok-open-source-article.ko.txt").read_text("utf-8")
# Checkable sentences of the article whose facts are in the seed store.
SUPPORTED = [
    "그록은 오픈AI의 챗GPT와 유사한 개념의 생성형 AI 챗봇이다.",
    "오픈AI는 법원에 제출한 서류에서 “머스크와 오픈AI는 창립 당시 특정한 계약을 맺거나 합의한 바가 "
    "없다”며 “머스크는 자신의 ‘가상 계약 조건’에 따라 오픈AI의 독점적 기록 및 기술에 강제적으로 "
    "접근할 수 있는 명령을 요청하고 있다”고 강조했다.",
    "지난 2022년 11월에 출시된 챗GPT는 생성형 AI 분야를 선도하고 있는 반면 xAI는 오픈AI에 한 참 "
    "뒤처져있다.",
]


async def test_seed_article_sentences_come_back_with_verdicts(
    seeded_client: httpx.AsyncClient,
) -> None:
    # Published on 2024-03-13: "11일" and "지난해" in it resolve against that date.
    resp = await seeded_client.post(
        "/v1/articles:check", json={"text": ARTICLE, "published_at": "2024-03-13"}
    )
    assert resp.status_code == 200, resp.text
    body = resp.json()
    sentences = body["sentences"]
    assert body["sentence_count"] == 33
    assert body["checked"] == 20  # the default cap
    assert body["unchecked"] == len(sentences) - 20 >= 1
    starts = [s["start"] for s in sentences]
    assert starts == sorted(starts)
    for s in sentences:
        assert ARTICLE[s["start"] : s["end"]] == s["text"]
        assert 0.5 <= s["checkworthiness"] <= 1
    texts = {s["text"] for s in sentences}
    for noise in ("답글 남기기", "Similar Posts", "사진=xAI", "grok_VE_20240313"):
        assert noise not in texts
    checked = [s for s in sentences if s["verdict"] is not None]
    assert len(checked) == 20
    unchecked = [s for s in sentences if s["verdict"] is None]
    # the most check-worthy are the ones checked
    assert min(s["checkworthiness"] for s in checked) >= max(
        s["checkworthiness"] for s in unchecked
    )
    by_text = {s["text"]: s for s in sentences}
    for text in SUPPORTED:
        s = by_text[text]
        assert s["verdict"] == "supported", s["summary"]
        assert 0 < s["confidence"] <= 1
        assert s["evidence"] and all(
            e["statement"]["id"].startswith("seed-") for e in s["evidence"]
        )
        assert s["evidence"][0]["stance"] == "supports"
        assert len(s["evidence"]) <= 3
    assert all(s["evidence"] == [] for s in unchecked)
    # The store holds this article's own facts: none of its sentences may come back refuted
    # or disputed (titles, genitives and "A와 B" once read as swapped entities).
    wrong = [
        (s["text"], s["verdict"]) for s in checked if s["verdict"] in {"refuted", "conflicting"}
    ]
    assert wrong == []
    assert "server-timing" in resp.headers


async def test_english_article(seeded_client: httpx.AsyncClient) -> None:
    text = (
        "Elon Musk founded xAI in 2023 to build a rival to OpenAI.\n"
        "xAI launched Grok a year after it was founded. What will come next? "
        "I think we should wait and see."
    )
    body = (
        await seeded_client.post("/v1/articles:check", json={"text": text, "language": "en"})
    ).json()
    assert body["sentence_count"] == 4
    assert [(s["text"], s["verdict"]) for s in body["sentences"]] == [
        ("Elon Musk founded xAI in 2023 to build a rival to OpenAI.", "supported"),
        ("xAI launched Grok a year after it was founded.", "refuted"),
    ]
    refuted = body["sentences"][1]
    assert (refuted["start"], refuted["end"]) == (58, 104)
    assert "duration_mismatch" in [r["type"] for r in refuted["evidence"][0]["reasons"]]


async def test_fifty_thousand_characters_are_capped(seeded_client: httpx.AsyncClient) -> None:
    # Distinct check-worthy sentences, so no verdict comes from the cache.
    lines = [
        f"In {1900 + i % 120}, Elon Musk said OpenAI had {i} employees, more than Tesla."
        for i in range(700)
    ]
    text = " ".join(lines)[:50_000]
    started = time.perf_counter()
    resp = await seeded_client.post("/v1/articles:check", json={"text": text})
    elapsed = time.perf_counter() - started
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["checked"] == 20 and body["unchecked"] > 500
    assert elapsed < 20, elapsed  # 20 verdicts, not 600
    too_long = await seeded_client.post("/v1/articles:check", json={"text": "x" * 50_001})
    problem = assert_problem(too_long, 422)
    assert problem["errors"] == [
        {"pointer": "#/text", "message": "String should have at most 50000 characters"}
    ]


async def test_cap_and_empty_text_follow_settings(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, seed_fixtures=False, max_article_checks=2)
    async for client in _client_for(create_app(settings)):
        text = (
            "Sales rose 3 percent in 2023. Musk said sales rose 40 percent in March 2024, "
            "more than Tesla. It was sunny. OpenAI was founded in 2015."
        )
        body = (await client.post("/v1/articles:check", json={"text": text})).json()
        verdicts = [s["verdict"] for s in body["sentences"]]
        assert (body["checked"], body["unchecked"]) == (2, 1)
        # the richest two sentences are checked; an empty store has no evidence for them
        assert verdicts == ["not_enough_evidence", "not_enough_evidence", None]
        assert body["sentences"][1]["text"].startswith("Musk said")
        blank = (await client.post("/v1/articles:check", json={"text": " \n "})).json()
        assert blank == {"sentences": [], "sentence_count": 0, "checked": 0, "unchecked": 0}
