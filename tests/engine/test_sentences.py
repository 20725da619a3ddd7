"""Sentence splitting: offsets into the text as given, English and Korean rules."""

from __future__ import annotations

import json

import pytest
from factdesk.engine.sentences import split_sentences

from tests.paths import REPO_ROOT, SEED_STATEMENTS

ARTICLE = (REPO_ROOT / "fixtures" / "articles" / "grok-open-source-article.ko.txt").read_text(
    "utf-8"
)


def texts(text: str, max_chars: int = 1000) -> list[str]:
    found = split_sentences(text, max_chars)
    for s in found:
        assert text[s.start : s.end] == s.text  # offsets index the text as given
    return [s.text for s in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Mr. Smith said U.S. sales rose 3.5 percent. They fell in 2023! Did they?",
            ["Mr. Smith said U.S. sales rose 3.5 percent.", "They fell in 2023!", "Did they?"],
        ),
        ('He said "We will. Soon." Then he left.', ['He said "We will. Soon."', "Then he left."]),
        (
            "The book by J. K. Rowling sold well.  It sold e.g. millions.",
            [
                "The book by J. K. Rowling sold well.",
                "It sold e.g. millions.",
            ],
        ),
        (
            "xAI는 설립 한 달 뒤에 그록을 선보였다. "
            "머스크는 “그록, 이번 주 공개. 정말이다”고 밝혔다.",
            [
                "xAI는 설립 한 달 뒤에 그록을 선보였다.",
                "머스크는 “그록, 이번 주 공개. 정말이다”고 밝혔다.",
            ],
        ),
        (
            "제목 없는 줄\n\n본문 첫 문장이다.\n둘째 줄이다",
            ["제목 없는 줄", "본문 첫 문장이다.", "둘째 줄이다"],
        ),
        (
            "A hard-wrapped English sentence that goes on for quite a while\n"
            "and ends on the next line. A second one.",
            [
                "A hard-wrapped English sentence that goes on for quite a while\n"
                "and ends on the next line.",
                "A second one.",
            ],
        ),
        (
            "Elon Musk founded xAI in 2023. xAI launched Grok a year after it was founded.",
            ["Elon Musk founded xAI in 2023.", "xAI launched Grok a year after it was founded."],
        ),
        (
            "Apple sold more. iPhone sales rose. eBay did not, e.g. in May.",
            ["Apple sold more.", "iPhone sales rose.", "eBay did not, e.g. in May."],
        ),
        (
            "the bridge opened in 1932. it is 1.2 km long. people walk on it every day.",
            ["the bridge opened in 1932.", "it is 1.2 km long.", "people walk on it every day."],
        ),
        (
            "The list ran to pp. twelve pages. It ended there.",
            ["The list ran to pp. twelve pages.", "It ended there."],
        ),
        (
            "Dr. Kim met U.S. officials at 9.30 a.m. on Monday. Sales rose 3.5% to $1.2 billion. "
            "Shares fell.",
            [
                "Dr. Kim met U.S. officials at 9.30 a.m. on Monday.",
                "Sales rose 3.5% to $1.2 billion.",
                "Shares fell.",
            ],
        ),
        (
            "She said “We will. Soon.” Then she left. iPads sold well.",
            ["She said “We will. Soon.”", "Then she left.", "iPads sold well."],
        ),
        (
            "시청은 새 다리를 개통했다고 밝혔다 다리는 길이가 1.2킬로미터에 이른다 "
            "시민들은 주말마다 다리를 걷는다",
            [
                "시청은 새 다리를 개통했다고 밝혔다",
                "다리는 길이가 1.2킬로미터에 이른다",
                "시민들은 주말마다 다리를 걷는다",
            ],
        ),
        ("시청, 새 다리 개통 계획 발표", ["시청, 새 다리 개통 계획 발표"]),
        ("   \n\n  ", []),
    ],
    ids=[
        "english",
        "quotes",
        "initials",
        "korean",
        "lines",
        "wrapped",
        "lower-case-name",
        "lower-case-names",
        "lower-case-writing",
        "unknown-abbreviation-in-capitalised-prose",
        "abbreviations-and-decimals",
        "curly-quotes",
        "korean-without-full-stops",
        "korean-headline",
        "blank",
    ],
)
def test_split(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


def test_overlong_sentences_are_cut_at_spaces() -> None:
    words = " ".join(f"word{i}" for i in range(400))  # ~3,000 characters, no full stop
    pieces = split_sentences(words, max_chars=500)
    assert all(len(p.text) <= 500 for p in pieces)
    assert " ".join(p.text for p in pieces) == words
    assert all(not p.text.startswith(" ") and "word" in p.text for p in pieces)
    unbroken = split_sentences("x" * 1200, max_chars=500)
    assert [len(p.text) for p in unbroken] == [500, 500, 200]


def test_seed_article_offsets_and_boundaries() -> None:
    found = texts(ARTICLE)
    founding = (
        "머스크는 지난해 오픈AI의 대항마를 만들기 위해 xAI를 설립하고, 한 달 뒤에 그록을 선보였다."
    )
    assert founding in found
    assert "이에 오픈AI는 강하게 반박했다." in found
    assert "grok_VE_20240313" in found  # a caption line stays on its own
    assert found[-2:] == ["Similar Posts", "답글 남기기"]
    assert len(found) == 33


def test_fifty_thousand_characters_split_quickly() -> None:
    import time

    text = (ARTICLE + "\n") * 11  # ~53,000 characters
    split_sentences(ARTICLE)  # whatever the splitter loads once is not what this times
    started = time.perf_counter()
    found = split_sentences(text)
    assert time.perf_counter() - started < 1.0
    assert len(found) == 33 * 11


def test_seed_statements_are_one_sentence_and_their_quotes_sit_in_one() -> None:
    # The seed (api/factdesk/seed/): each statement is one sentence, English or Korean, and each
    # quote, an excerpt of the article, lies inside one of the article's sentences.
    rows = [json.loads(line) for line in SEED_STATEMENTS.read_text("utf-8").splitlines() if line]
    assert len(rows) > 60
    assert [r["id"] for r in rows if len(texts(r["text"])) != 1] == []
    article = texts(ARTICLE)
    quotes = [r for r in rows if r.get("quote")]
    assert quotes
    assert [r["id"] for r in quotes if not any(r["quote"] in s for s in article)] == []
