"""The analysis a claim goes through (normalise, parse, lexical tokens) costs time linear in its
length, whatever the text: adversarial inputs of the longest allowed claim each cost a small
multiple of a normal claim's time per character, and four times the text costs about four
times the time.

Timings are ratios of measurements taken in the same test, never absolute times; each is the
fastest of several runs of this thread's CPU time, so that a busy machine's other work does not
count.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable

import pytest
from factdesk.config import Settings
from factdesk.engine.analysis.parse import parse
from factdesk.engine.analysis.tokens import detect_language, lexical_tokens
from factdesk.engine.lang.scripts import HANGUL
from factdesk.text import normalize_text

MAX_CLAIM = int(Settings.model_fields["max_claim_chars"].default)
NORMAL_EN = "The city council approved a budget of 45 million dollars for new hospitals in 2021."
NORMAL_KO = "시의회는 2021년 새 병원을 짓는 데 4천5백만 달러의 예산을 승인했다."
# Per character, at most this many times a normal claim's cost (measured: 1-6 times; dense
# inputs hold more numbers, dates and names per character than prose does).
PER_CHAR_BOUND = 10.0
# Eight times the text: linear is 8, quadratic 64.
GROWTH_BOUND = 16.0


def _repeat(unit: str) -> Callable[[int], str]:
    return lambda n: (unit * (n // len(unit) + 1))[:n]


def _nested(n: int) -> str:
    return "(" * (n // 2) + ")" * (n // 2)


ADVERSARIAL: dict[str, Callable[[int], str]] = {
    "digit run": _repeat("7"),
    "spaced numbers": _repeat("12345 "),
    "grouped numbers": _repeat("1,234,567.89 million "),
    "repeated dates": _repeat("On 3 March 2021, "),
    "repeated Korean dates": _repeat("2023년 3월 5일 "),
    "a-a-a": _repeat("a-"),
    "1-1-1": _repeat("1-"),
    "repeated particles": _repeat("그것은은는이가을를 "),
    "nested brackets": _nested,
    "mixed scripts": _repeat("Seoul 서울 東京 Москва القاهرة 2021 "),
    "emoji": _repeat("\U0001f600"),
    "repeated attribution": _repeat("he said that "),
    "capitalised run": _repeat("Alpha Beta "),
    "percentages": _repeat("12% 13% 14.5 percent "),
}


def analyse(text: str) -> None:
    """What the engine does with a claim before it embeds and retrieves."""
    normalised = normalize_text(text)
    parse(normalised)
    lexical_tokens(normalised, detect_language(normalised))


def cost(text: str, runs: int = 5) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.thread_time()
        analyse(text)
        best = min(best, time.thread_time() - started)
    return best


@pytest.mark.parametrize("name", sorted(ADVERSARIAL))
def test_adversarial_claims_cost_linear_time(name: str) -> None:
    make = ADVERSARIAL[name]
    text = make(MAX_CLAIM)
    normal = NORMAL_KO if re.search(f"[{HANGUL}]", text) else NORMAL_EN
    analyse(normal)  # lazy loads (Kiwi for Korean) are not the claim's cost
    per_char_normal = cost(normal) / len(normal)
    per_char = cost(text) / len(text)
    assert per_char <= PER_CHAR_BOUND * per_char_normal, (
        f"{name}: {per_char / per_char_normal:.1f} times a normal claim's time per character"
    )
    # Beyond one claim (an article's text is longer): from two claims' length to sixteen.
    growth = cost(make(16 * MAX_CLAIM), runs=2) / cost(make(2 * MAX_CLAIM), runs=3)
    assert growth <= GROWTH_BOUND, f"{name}: 8x the text took {growth:.1f}x the time"
