"""What both golden-set tests share: their claims as parameters (known failures as strict xfails
with their reasons) and the check that a claim met every expectation."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import pytest
from factdesk.claimreview import claim_review
from factdesk.engine.results import Verification
from factdesk.engine.service import Verifier
from factdesk.engine.stance import REASON_KINDS
from factdesk.eval.golden import GoldenClaim, GoldenOutcome, check


def golden_params(claims: Sequence[GoldenClaim], known_failures: Mapping[str, str]) -> list[Any]:
    """One parameter per claim, id'd by the claim id; a known failure is a strict xfail."""
    return [
        pytest.param(
            c,
            id=c.id,
            marks=[pytest.mark.xfail(reason=known_failures[c.id], strict=True)]
            if c.id in known_failures
            else [],
        )
        for c in claims
    ]


def assert_meets_expectations(verifier: Verifier, case: GoldenClaim) -> None:
    """The claim gets its expected verdict and cites one of its expected statements."""
    found = outcome(verifier, case)
    cited = [e.statement.id for e in found.result.evidence]
    assert found.result.verdict.value == case.expected_verdict, (
        f"{case.claim!r}: {found.result.summary} (cited {cited})"
    )
    assert found.evidence_ok, (
        f"{case.claim!r}: expected one of {case.expected_evidence}, cited {cited}"
    )


_OUTCOMES: dict[tuple[int, str], GoldenOutcome] = {}


def outcome(verifier: Verifier, case: GoldenClaim) -> GoldenOutcome:
    """The claim's outcome, computed once per verifier: the expectation test and the wording
    test of a claim read the same reply."""
    key = (id(verifier), case.id)
    if key not in _OUTCOMES:
        _OUTCOMES[key] = check(verifier, case)
    return _OUTCOMES[key]


# What an engine number looks like in text: a named score, or a fraction of 0-1 to two or more
# decimals ("similarity=0.912", "0.92").
ENGINE_NUMBER = re.compile(
    r"\b(similarity|coverage|relevance|stance_score|score)\s*[=:]|\b[01]\.\d{2,}\b", re.I
)
_QUOTED = re.compile(r"“[^”]*”|‘[^’]*’|\([^)]*\)")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_LATIN = re.compile(r"[A-Za-z]")


def unquoted(text: str) -> str:
    """The template's own words: quoted spans (claims, sources, statements) and parentheses
    left out."""
    return _QUOTED.sub(" ", text)


def wording_problems(result: Verification, review_body: str | None) -> list[str]:
    """What a reader would be wrong to see in a reply: an unregistered reason kind, a reason
    without its sentence, an engine number in a sentence, or sentences in the wrong language."""
    problems: list[str] = []
    texts = [("summary", result.summary)]
    if review_body is not None:
        texts.append(("reviewBody", review_body))
    for item in result.evidence:
        for reason in item.reasons:
            if reason.type not in REASON_KINDS:
                problems.append(f"unregistered reason kind {reason.type!r}")
            if not reason.text:
                problems.append(f"reason {reason.type!r} has no text")
            texts.append((f"reason {reason.type}", reason.text))
    korean = result.language == "ko"
    if result.reply_language != ("ko" if korean else "en"):
        problems.append(f"reply_language {result.reply_language} for a {result.language} claim")
    for where, text in texts:
        if ENGINE_NUMBER.search(text):
            problems.append(f"{where} holds an engine number: {text!r}")
        own = unquoted(text)
        hangul, latin = len(_HANGUL.findall(own)), len(_LATIN.findall(own))
        if korean and (hangul == 0 or latin > hangul):
            problems.append(f"{where} is not Korean: {text!r}")
        if not korean and (hangul > 0 or latin == 0):
            problems.append(f"{where} is not English: {text!r}")
    return problems


def assert_wording_is_publishable(verifier: Verifier, case: GoldenClaim) -> None:
    """The reply's sentences (and its ClaimReview's `reviewBody`) are fit to publish."""
    result = outcome(verifier, case).result
    review = claim_review(result, org_name="Desk", org_url=None, url="https://desk.example/c")
    problems = wording_problems(result, review.reviewBody)
    assert not problems, f"{case.claim!r}: {problems}"
