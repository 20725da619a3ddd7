"""Entities: gazetteer aliases, Korean particles, typos and capitalised spans."""

from __future__ import annotations

from pathlib import Path

import pytest
from factdesk.engine.analysis.entities import extract_entities, use_gazetteer
from factdesk.engine.analysis.parse import parse


def entity_keys(text: str) -> list[str]:
    return [e.key for e in parse(text).entities]


def test_entities_english_gazetteer() -> None:
    parsed = parse("Elon Musk sued OpenAI and Sam Altman; Microsoft and Tesla watched.")
    assert [(e.key, e.type) for e in parsed.entities] == [
        ("elon_musk", "person"),
        ("openai", "org"),
        ("sam_altman", "person"),
        ("microsoft", "org"),
        ("tesla", "org"),
    ]
    assert entity_keys("musk and openai") == ["elon_musk", "openai"]


def test_entities_korean_with_particles() -> None:
    assert entity_keys("머스크는 오픈AI와 올트먼을 상대로 그록을 공개했다") == [
        "elon_musk",
        "openai",
        "sam_altman",
        "grok",
    ]
    # The gazetteer's "메타" does not match inside a word (Kiwi's proper nouns stay whole).
    assert "meta" not in entity_keys("메타버스와 한국어")
    assert entity_keys("일론 머스크가 샘 올트먼에게") == ["elon_musk", "sam_altman"]


def test_entity_x_only_capitalised_and_standalone() -> None:
    assert entity_keys("He posted on X.") == ["x_corp"]
    assert entity_keys("엑스(X·옛 트위터)") == ["x_corp", "x_corp", "x_corp"]
    assert "x_corp" not in entity_keys("an X-ray of the Tesla Model X, x marks it")


def test_entity_longest_match_and_implied_place() -> None:
    parsed = parse("in the San Francisco Superior Court")
    keys = [e.key for e in parsed.entities]
    assert keys[0] == "san_francisco_superior_court"
    assert "san_francisco" in keys and "united_states" in keys


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Grock was released", "grok"),
        ("Elon Muks said so", "elon_musk"),
        ("He sued OpenIA", "openai"),
        ("the xAi team", "xai"),
        ("Microsft invested", "microsoft"),
    ],
)
def test_entity_typos_resolve(text: str, key: str) -> None:
    assert key in entity_keys(text)


def test_entity_fuzzy_does_not_overreach() -> None:
    # A capitalised first word may be a name, but is no typo of a listed one.
    assert "stability_ai" not in entity_keys("Stability of the ice sheet")
    assert "elon_musk" not in entity_keys("The Mask was worn")


def test_other_entities_from_capitalised_spans() -> None:
    parsed = parse("The report cites the European Space Agency and the Lex Fridman podcast.")
    assert ("europeanspaceagency", "name") in [(e.key, e.type) for e in parsed.entities]
    assert "lex_fridman" in [e.key for e in parsed.entities]
    assert entity_keys("Yesterday Sales Rose.") == []


def test_use_gazetteer_swaps_the_entity_list(tmp_path: Path) -> None:
    empty = tmp_path / "entities.json"
    empty.write_text("{}", encoding="utf-8")
    text = "Sam Altman met Satya Nadella"
    with use_gazetteer(empty):
        without = {e.key for _, _, e in extract_entities(text, "en")}
    assert {"sam_altman", "satya_nadella"}.isdisjoint(without)
    assert {e.key for _, _, e in extract_entities(text, "en")} == {"sam_altman", "satya_nadella"}
