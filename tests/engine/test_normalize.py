"""The parser: normalisation, language, tokens and the truth-deciding parts (English, Korean)."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from factdesk.engine.normalize import (
    DateRef,
    Duration,
    ParsedText,
    Quantity,
    detect_language,
    lexical_tokens,
    normalize_text,
    parse,
)

REF = date(2024, 3, 13)


def dates(text: str, reference: date | None = None) -> list[tuple[object, ...]]:
    return [(d.year, d.month, d.day, d.part) for d in parse(text, reference_date=reference).dates]


def durations(text: str) -> list[tuple[float, bool]]:
    return [(d.days, d.approx) for d in parse(text).durations]


def numbers(text: str) -> list[tuple[float, str | None]]:
    return [(q.value, q.unit) for q in parse(text).numbers]


def entity_keys(text: str) -> list[str]:
    return [e.key for e in parse(text).entities]


# -- normalize_text / detect_language -----------------------------------------------------------


def test_normalize_text_nfkc_controls_and_whitespace() -> None:
    assert normalize_text("  Ｇｒｏｋ\x00 is\t\n here\u200b ") == "Grok is here"
    assert normalize_text("a\x07b") == "ab"
    assert normalize_text("") == ""


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("xAI launched Grok a month after being founded", "en"),
        ("xAI는 설립 한 달 뒤에 그록을 출시했다", "ko"),
        ("머스크 CEO는 xAI의 Grok을 OpenAI의 ChatGPT와 비교했다", "ko"),
        ("イーロン・マスクはGrokを公開した", "ja"),
        ("马斯克发布了Grok", "zh"),
        ("Маск выпустил Grok", "ru"),
        ("أطلق ماسك جروك", "ar"),
        ("מאסק השיק את גרוק", "he"),
        ("?!… 🚀🚀", "und"),
        ("", "und"),
    ],
)
def test_detect_language(text: str, language: str) -> None:
    assert detect_language(text) == language


# -- lexical_tokens ---------------------------------------------------------------------------


def test_lexical_tokens_english() -> None:
    tokens = lexical_tokens("Musk's xAI launched the chatbots and released them; it was releasing")
    assert tokens == ["musk", "xai", "launch", "chatbot", "releas", "releas"]
    assert lexical_tokens("He sued") == lexical_tokens("to sue") == ["sue"]
    assert lexical_tokens("10,373 claims") == ["10373", "claim"]


def test_lexical_tokens_korean_particles_and_bigrams() -> None:
    with_particle = lexical_tokens("그록을")
    assert "그록" in with_particle
    assert set(lexical_tokens("그록")) <= set(with_particle)
    assert "출시" in lexical_tokens("출시했다")
    assert "오픈" in lexical_tokens("오픈AI와") and "ai" in lexical_tokens("오픈AI와")
    assert {"샌프", "프란", "샌프란시스코"} <= set(lexical_tokens("샌프란시스코에서"))


def test_lexical_tokens_are_fts5_safe() -> None:
    text = 'Musk said "AI" -- (NOT) OR 50% «café» 챗GPT는* x^2 naïve AND near'
    for token in lexical_tokens(text):
        assert re.fullmatch(r"[0-9a-z\uac00-\ud7a3]+", token), token
    assert lexical_tokens("café naïve") == lexical_tokens("cafe naive")
    # Other scripts' letters are tokens too, and never punctuation.
    for token in lexical_tokens('משרד "החינוך" (פתח) — وزارة* التعليم، Министерство'):
        assert re.fullmatch(r"[^\W_]+", token), token


def test_lexical_tokens_other_scripts() -> None:
    assert lexical_tokens("משרד החינוך פתח") == ["משרד", "החינוך", "פתח"]
    assert lexical_tokens("وزارة التعليم") == ["وزارة", "التعليم"]
    assert lexical_tokens("Министерство образования") == ["министерство", "образования"]
    assert lexical_tokens("🙂 !!! \u200b") == []


# -- numbers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It has 10,373 claims.", [(10373.0, "claim")]),
        ("Shares rose 3.5% on Monday", [(3.5, "percent")]),
        ("a $10 billion investment", [(1e10, "usd")]),
        ("100억 원을 투자했다", [(1e10, "krw")]),
        ("1만2000명이 모였다", [(12000.0, "people")]),
        ("3억 달러", [(3e8, "usd")]),
        ("two hundred people came", [(200.0, "people")]),
        ("five million dollars", [(5e6, "usd")]),
        ("50 percent of users", [(50.0, "percent")]),
        ("두 명이 다쳤다", [(2.0, "people")]),
    ],
)
def test_numbers(text: str, expected: list[tuple[float, str | None]]) -> None:
    assert numbers(text) == expected


def test_numbers_skip_dates_durations_entities_and_tokens() -> None:
    text = "On March 11, 2024, a month after ChatGPT-4 and GPT-4, COVID-19 hit H100 sales in 2023."
    assert numbers(text) == []
    assert numbers("xAI는 2023년 3월 11일 설립 1년 뒤에") == []
    assert numbers("no one came, one of them said") == []


def test_number_approx_and_range() -> None:
    (q,) = parse("about 10,000 people").numbers
    assert q == Quantity(10000.0, "people", "about 10,000 people", approx=True)
    low, high = parse("1,000 to 2,300 ppm").numbers
    assert (low.unit, high.unit) == ("ppm", "ppm")
    # A round figure tolerates rounding, an exact one does not.
    assert parse("10,000 people").numbers[0].bounds()[0] <= 9600
    assert parse("10,373 people").numbers[0].bounds()[0] > 10300
    assert parse("more than 5 million people").numbers[0].bounds()[1] == float("inf")


# -- dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("on 2024-03-13", [(2024, 3, 13, None)]),
        ("on March 11, 2024", [(2024, 3, 11, None)]),
        ("on 11 March 2024", [(2024, 3, 11, None)]),
        ("ChatGPT launched in November 2022", [(2022, 11, None, None)]),
        ("Musk left in 2018", [(2018, None, None, None)]),
        ("in late February 2024", [(2024, 2, None, "late")]),
        ("at the end of February 2024", [(2024, 2, None, "late")]),
        ("early 2024 and mid-2023", [(2024, None, None, "early"), (2023, None, None, "mid")]),
        ("2024년 3월 11일", [(2024, 3, 11, None)]),
        ("2022년 11월에 출시된", [(2022, 11, None, None)]),
        ("2018년 이사회에서", [(2018, None, None, None)]),
        ("2023년 말", [(2023, None, None, "late")]),
        ("May I ask? Sales march on.", []),
        ("2000 people came", []),
    ],
)
def test_absolute_dates(text: str, expected: list[tuple[object, ...]]) -> None:
    assert dates(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("머스크는 지난해 xAI를 설립했다", [(2023, None, None, None)]),
        ("지난달 말 소송을 제기했다", [(2024, 2, None, "late")]),
        ("지난해 11월 인터뷰에서", [(2023, 11, None, None)]),
        ("올해 출시", [(2024, None, None, None)]),
        ("이번 주 공개", [(2024, 3, None, None)]),
        ("11일(현지 시간) 밝혔다", [(2024, 3, 11, None)]),
        ("Musk sued last month", [(2024, 2, None, None)]),
        ("It launched last year", [(2023, None, None, None)]),
        ("yesterday", [(2024, 3, 12, None)]),
        ("last November", [(2023, 11, None, None)]),
    ],
)
def test_relative_dates_resolve_against_reference(
    text: str, expected: list[tuple[object, ...]]
) -> None:
    assert dates(text, REF) == expected


def test_relative_dates_left_out_without_reference() -> None:
    assert dates("지난해 11월 머스크는") == []
    assert dates("지난달 말") == []
    assert dates("Musk sued last month") == []
    assert numbers("지난해 11월") == []


def test_date_interval() -> None:
    assert DateRef(2024, 2, None, "late", "").interval() == (date(2024, 2, 19), date(2024, 2, 29))
    assert DateRef(2023, None, None, None, "").interval() == (date(2023, 1, 1), date(2023, 12, 31))
    assert DateRef(None, 11, None, None, "").interval() is None


# -- durations --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a month after", [(30.0, False)]),
        ("one month after", [(30.0, False)]),
        ("a year later", [(365.0, False)]),
        ("within 1 year", [(365.0, False)]),
        ("two weeks", [(14.0, False)]),
        ("about ten days", [(10.0, True)]),
        ("10 days", [(10.0, False)]),
        ("a two-week trip", [(14.0, False)]),
        ("한 달 뒤에", [(30.0, False)]),
        ("1년 뒤", [(365.0, False)]),
        ("일 년 만에", [(365.0, False)]),
        ("소송을 제기한 지 10여 일 만으로", [(10.0, True)]),
        ("열흘 뒤", [(10.0, False)]),
        ("2주 동안", [(14.0, False)]),
        ("석 달 만에", [(90.0, False)]),
        ("6개월간", [(180.0, False)]),
        ("twice a year", []),
        ("the 2018 decade", []),
        ("창립 2주년", []),
        ("3월 11일", []),
    ],
)
def test_durations(text: str, expected: list[tuple[float, bool]]) -> None:
    assert durations(text) == expected


def test_duration_bounds() -> None:
    exact = Duration(30.0, False, "a month")
    hedged = Duration(10.0, True, "about ten days")
    assert exact.bounds()[0] > 25 and exact.bounds()[1] < 35
    assert hedged.bounds() == pytest.approx((7.0, 13.0))
    assert parse("more than a year").durations[0].bounds()[1] == float("inf")


# -- entities ---------------------------------------------------------------------------------


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
    assert entity_keys("메타버스와 한국어") == []
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
    assert entity_keys("Stability of the ice sheet") == []
    assert entity_keys("The Mask was worn") == []


def test_other_entities_from_capitalised_spans() -> None:
    parsed = parse("The report cites the European Space Agency and the Lex Fridman podcast.")
    assert ("european space agency", "other") in [(e.key, e.type) for e in parsed.entities]
    assert "lex_fridman" in [e.key for e in parsed.entities]
    assert entity_keys("Yesterday Sales Rose.") == []


# -- negation ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "cues"),
    [
        ("Musk did not sue OpenAI", ["not"]),
        ("Musk didn't sue OpenAI", ["n't"]),
        ("He never joined", ["never"]),
        ("It is no longer open", ["no"]),
        ("He failed to file", ["failed to"]),
        ("OpenAI denied the claim", ["denied"]),
        ("not only Grok but also ChatGPT", []),
        ("scientists have no doubt", []),
        ("머스크는 소송을 제기하지 않았다", ["않"]),
        ("그는 안 갔다", ["안"]),
        ("출시하지 못했다", ["못"]),
        ("사실이 아니다", ["아니"]),
        ("합의한 바가 없다", ["없"]),
        ("AI 안전 서밋에서 발표했다", []),
        ("틀림없다", []),
        ("그록뿐만 아니라 챗GPT도", []),
    ],
)
def test_negations(text: str, cues: list[str]) -> None:
    assert list(parse(text).negations) == cues


# -- predicates -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "predicates"),
    [
        ("xAI launched Grok", [("launch", 1)]),
        ("xAI scrapped Grok", [("launch", -1)]),
        ("Musk left the board", [("membership", -1)]),
        ("Musk co-founded OpenAI", [("founding", 1)]),
        ("Musk joined OpenAI in 2015", [("membership", 1)]),
        ("Grok, developed by xAI", [("develop", 1)]),
        ("the developing world", []),
        ("xAI가 개발한 챗봇", [("develop", 1)]),
        ("AI 개발 자금", []),
        ("they signed a contract", [("agreement", 1)]),
        ("창립 당시 합의한 바가 없다", [("founding", 1), ("agreement", 1)]),
        ("Musk sued OpenAI", [("legal_action", 1)]),
        ("Musk dropped the lawsuit", [("legal_action", -1)]),
        ("prices fell", [("change", -1)]),
        ("he favours open source", [("support", 1), ("launch", 1)]),
        ("a month after", [("order", -1)]),
        ("2018년 이사회에서 물러났다", [("membership", -1)]),
        ("소송을 제기했다", [("legal_action", 1)]),
        ("소송을 취하했다", [("legal_action", -1)]),
        ("오픈소스 AI의 개념을 선호한다", [("support", 1)]),
        ("한 달 뒤에 그록을 선보였다", [("order", -1), ("launch", 1)]),
    ],
)
def test_predicates(text: str, predicates: list[tuple[str, int]]) -> None:
    assert [(p.key, p.polarity) for p in parse(text).predicates] == predicates


# -- the whole parse ---------------------------------------------------------------------------


def test_parse_seed_sentence_korean() -> None:
    parsed = parse(
        "지난달 말 머스크는 샌프란시스코 고등법원에 오픈AI와 올트먼이 영리사업을 중단하고 "
        "AI 기술을 오픈소스로 공개하라고 요구하는 소송을 제기한 바 있다.",
        reference_date=REF,
    )
    assert parsed.language == "ko"
    assert [(d.year, d.month, d.part) for d in parsed.dates] == [(2024, 2, "late")]
    assert {"elon_musk", "openai", "sam_altman", "san_francisco_superior_court"} <= {
        e.key for e in parsed.entities
    }
    assert ("legal_action", 1) in [(p.key, p.polarity) for p in parsed.predicates]
    assert parsed.negations == ()


def test_to_dict_from_dict_round_trip() -> None:
    parsed = parse(
        "Elon Musk did not unveil Grok about ten days after raising $6 billion in late "
        "February 2024; 머스크는 오픈AI와 올트먼을 고소했다.",
    )
    assert parsed.numbers and parsed.dates and parsed.durations and parsed.entities
    assert parsed.negations and parsed.predicates
    stored = json.loads(json.dumps(parsed.to_dict(), ensure_ascii=False))
    assert ParsedText.from_dict(stored) == parsed
    assert ParsedText.from_dict({"text": "x", "language": "en"}) == ParsedText("x", "en")
