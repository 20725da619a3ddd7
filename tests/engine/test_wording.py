"""The sentences people read (engine.wording): a template for every registered reason kind in
every language, a generic sentence for kinds nobody registered, the reader's language chosen
in the documented order."""

from __future__ import annotations

import datetime as dt
import string

import pytest
from factdesk.engine.lang.en import wording as en
from factdesk.engine.lang.ko import wording as ko
from factdesk.engine.results import Evidence, ReasonOut, Scores, Verdict
from factdesk.engine.stance import REASON_KINDS, ReasonKind, Stance
from factdesk.engine.wording import (
    WORDING_LANGUAGES,
    accepted_languages,
    reply_language,
    wording,
)
from factdesk.models import Rating, Source, Statement, StatementKind

from tests.eval.golden_cases import ENGINE_NUMBER

LANGUAGES = {"en": en, "ko": ko}
FIELDS = {"claim", "evidence", "source", "rating"}


def test_the_languages_with_sentences_are_english_and_korean() -> None:
    assert set(WORDING_LANGUAGES) == set(LANGUAGES)


def test_every_kind_is_registered_with_a_meaning() -> None:
    assert set(REASON_KINDS) == set(ReasonKind)
    assert all(meaning.strip() for meaning in REASON_KINDS.values())


@pytest.mark.parametrize("code", sorted(LANGUAGES))
@pytest.mark.parametrize("kind", sorted(ReasonKind))
def test_every_registered_kind_has_a_template(code: str, kind: ReasonKind) -> None:
    templates = LANGUAGES[code].REASONS[kind]
    assert templates
    for template in templates:
        names = {n for _, n, _, _ in string.Formatter().parse(template) if n}
        assert names <= FIELDS, (kind, template)
        assert not ENGINE_NUMBER.search(template)


@pytest.mark.parametrize("code", sorted(LANGUAGES))
def test_templates_name_no_kind_nobody_registered(code: str) -> None:
    kinds = {key.split(":", 1)[0] for key in LANGUAGES[code].REASONS}
    assert kinds <= set(REASON_KINDS)
    assert set(LANGUAGES[code].REASONS) == set(LANGUAGES["en"].REASONS)
    assert set(LANGUAGES[code].SUMMARIES) == set(LANGUAGES["en"].SUMMARIES)
    assert set(LANGUAGES[code].LABELS) == set(LANGUAGES["en"].LABELS)


def _evidence(stance: Stance, *reasons: ReasonOut, fact_check: bool = False) -> Evidence:
    now = dt.datetime(2024, 3, 13, tzinfo=dt.UTC)
    statement = Statement(
        id="s1",
        text="xAI unveiled Grok one month after Elon Musk founded xAI.",
        language="en",
        kind=StatementKind.FACT_CHECK if fact_check else StatementKind.FACT,
        rating=Rating(label="False") if fact_check else None,
        source=Source(title="Grok", publisher="Example Daily", published_at=dt.date(2024, 3, 13)),
        created_at=now,
        updated_at=now,
    )
    return Evidence(
        statement=statement,
        stance=stance,
        stance_score=0.9,
        relevance=0.8,
        scores=Scores(lexical=0.5, fuzzy=0.5, semantic=0.9),
        reasons=list(reasons),
    )


def test_a_duration_mismatch_reads_as_the_issue_asks() -> None:
    reason = ReasonOut(type="duration_mismatch", claim="a year", evidence="one month")
    item = _evidence(Stance.REFUTES, reason)
    assert wording("en").reason(reason, item) == (
        "The claim says “a year”; the source says “one month”."
    )
    korean = wording("ko").reason(reason, item)
    assert "‘a year’" in korean and "‘one month’" in korean and "기간" in korean


def test_a_relative_date_asks_for_the_date() -> None:
    reason = ReasonOut(type="needs_date", claim="11일")
    assert wording("en").reason(reason).startswith("Needs the article's date to place “11일”")
    assert "‘11일’" in wording("ko").reason(reason)


def test_scores_in_detail_never_reach_the_sentence() -> None:
    detail = "similarity=0.912 coverage=0.92 relevance=0.89"
    for kind in ("paraphrase", "low_relevance", "rating"):
        reason = ReasonOut(type=kind, detail=f"False ({detail})" if kind == "rating" else detail)
        for stance in Stance:
            for code in LANGUAGES:
                item = _evidence(stance, reason, fact_check=kind == "rating")
                text = wording(code).reason(reason, item)
                assert text and not ENGINE_NUMBER.search(text), text


def test_a_rating_names_the_label_and_the_fact_checker() -> None:
    reason = ReasonOut(type="rating", detail="False (similarity=0.900)")
    item = _evidence(Stance.REFUTES, reason, fact_check=True)
    assert (
        wording("en").reason(reason, item)
        == "“Example Daily” (2024-03-13) rated this claim “False”."
    )


@pytest.mark.parametrize("code", sorted(LANGUAGES))
def test_an_unknown_kind_gets_the_generic_sentence(code: str) -> None:
    reason = ReasonOut(type="kind_added_later", claim="x", detail="score=0.99")
    item = _evidence(Stance.NEUTRAL, reason)
    assert wording(code).reason(reason, item) == LANGUAGES[code].GENERIC_REASON
    texts = wording(code).with_texts([item])
    assert texts[0].reasons[0].text == LANGUAGES[code].GENERIC_REASON


def test_not_enough_evidence_says_so_plainly() -> None:
    words = wording("en")
    closest = [_evidence(Stance.NEUTRAL, ReasonOut(type="low_relevance"))]
    text = words.summary(Verdict.NOT_ENOUGH_EVIDENCE, closest)
    assert text.startswith("Not enough evidence")
    assert "not evidence" in text and "related" not in text
    assert words.label("closest") == "Closest statements (not evidence)"
    assert wording("ko").summary(Verdict.NOT_ENOUGH_EVIDENCE, []).startswith("근거가 부족합니다")


def test_a_summary_adds_the_dates_it_could_not_place() -> None:
    text = wording("en").summary(Verdict.NOT_ENOUGH_EVIDENCE, [], ("11일",))
    assert "“11일”" in text


@pytest.mark.parametrize(
    ("requested", "claim", "header", "expected"),
    [
        (None, "ko", "en-US,en;q=0.9", "ko"),  # the claim's language beats a browser's
        (None, "en", "ko-KR", "en"),
        ("ko", "en", None, "ko"),  # an explicit request beats both
        ("en-GB", "ko", "ko", "en"),
        (None, "de", "fr;q=0.9, ko;q=0.8, en;q=0.5", "ko"),  # no German: the reader's first
        (None, "de", "ko;q=0, en;q=0.1", "en"),
        (None, "ja", None, "en"),
        ("fr", "ja", "fr", "en"),
    ],
)
def test_reply_language_order(
    requested: str | None, claim: str, header: str | None, expected: str
) -> None:
    assert reply_language(requested, claim, accepted_languages(header)) == expected


def test_accept_language_parsing() -> None:
    assert accepted_languages("ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7") == ("ko", "en")
    assert accepted_languages("en;q=0.2, ko") == ("ko", "en")
    assert accepted_languages("*") == ()
    assert accepted_languages("ko;q=bad") == ("ko",)
    assert accepted_languages("") == ()
