"""What a journalist reads and publishes from the desk, in headless Chromium: no verdict of an
earlier check stays on the page, dates reach the API and the copied ClaimReview, an article's
tally and legend, checking a sentence over the per-article limit, Korean interface text, the
character counter and this browser's history. Screenshots go to test-artifacts/."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.conftest import ServerProcess
from tests.live import live_server
from tests.web.conftest import load
from tests.web.desk_page import Page, script_json

pytestmark = [pytest.mark.slow, pytest.mark.browser]

YEAR = "xAI launched Grok a year after being founded"
CHATGPT = "ChatGPT was launched in November 2022"
# A sentence of the seed article whose "11일" (the 11th) only resolves against a date.
ANNOUNCED = (
    "11일(현지 시간) 머스크 CEO는 자신의 소셜미디어 엑스(X·옛 트위터)를 통해 “이번 주 xAI가 "
    "그록 오픈소스화에 나선다”고 밝혔다."
)
ARTICLE = (
    "Elon Musk founded xAI in 2023 to build a rival to OpenAI.\n"
    "xAI launched Grok a year after it was founded. What will come next?"
)


def check(page: Any, text: str) -> None:
    page.fill("#text", text)
    page.click("#check")


def test_a_failed_check_leaves_no_earlier_verdict(desk: Page) -> None:
    page = desk.page
    check(page, YEAR)
    page.locator("#claim-result").wait_for()
    assert page.locator("#verdict").inner_text() == "Refuted"
    assert page.locator("#checked-claim").inner_text() == YEAR  # which claim it belongs to

    # The server stops answering: the next check fails, and the old badge is gone with it.
    page.route("**/v1/verify", lambda route: route.abort())
    check(page, CHATGPT)
    page.locator("#status.error", has_text="could not be reached").wait_for()
    assert page.locator("#claim-result").is_hidden()
    assert page.locator("#verdict").is_hidden()
    assert page.locator("#evidence .card").count() == 0
    desk.screenshot("desk-failed-check.png")
    page.unroute("**/v1/verify")

    # A claim over the limit: the counter says so, nothing is sent, nothing old is shown.
    check(page, CHATGPT)
    page.locator("#claim-result").wait_for()
    assert page.locator("#checked-claim").inner_text() == CHATGPT
    sent = len(desk.requests("/v1/verify"))
    page.fill("#text", "x" * 1005)
    assert page.locator("#text-counter").inner_text() == "1,005 of 1,000 characters: 5 too many"
    assert "over" in (page.locator("#text-counter").get_attribute("class") or "")
    page.click("#check")
    page.locator("#status.error", has_text="at most 1,000").wait_for()
    assert page.locator("#claim-result").is_hidden()
    assert len(desk.requests("/v1/verify")) == sent

    # A server-side refusal (422) shows its message, again with no verdict left over.
    page.route(
        "**/v1/verify",
        lambda route: route.continue_(post_data='{"claim": "x", "top_k": 0}'),
    )
    check(page, CHATGPT)
    page.locator("#status.error", has_text="top_k").wait_for()
    assert page.locator("#claim-result").is_hidden()
    page.unroute("**/v1/verify")


def test_dates_reach_the_api_and_the_copied_claimreview(desk: Page) -> None:
    page = desk.page
    # Without a date "11일" cannot be placed: no verdict, and no confident-looking bar.
    check(page, ANNOUNCED)
    page.locator("#claim-result").wait_for()
    assert page.locator("#verdict").inner_text() == "Not enough evidence"
    assert page.locator("#confidence-row").is_hidden()
    assert page.locator("#evidence-heading").inner_text().startswith("Closest statements")
    stances = page.locator("#evidence .card .stance").all_inner_texts()
    assert stances and set(stances) == {"Closest statement"}
    assert "claim_date" not in desk.requests("/v1/verify")[-1]
    desk.screenshot("desk-not-enough-evidence.png")

    page.get_by_label("Date of the claim (optional)").fill("2024-03-13")
    page.click("#check")
    page.locator("#claim-result").wait_for()
    assert desk.requests("/v1/verify")[-1] == {"claim": ANNOUNCED, "claim_date": "2024-03-13"}
    assert page.locator("#verdict").inner_text() == "Supported"
    assert page.locator("#checked-date").inner_text() == "2024-03-13"
    assert page.locator("#confidence-row").is_visible()
    assert page.locator("#evidence-heading").inner_text() == "Evidence"
    page.click("#copy-claimreview")
    page.locator("#status", has_text="copied").wait_for()
    assert desk.requests("/v1/verify")[-1] == {
        "claim": ANNOUNCED,
        "format": "claimreview",
        "claim_date": "2024-03-13",
    }
    review = script_json(page.evaluate("navigator.clipboard.readText()"))
    assert review["claimReviewed"] == ANNOUNCED
    assert review["reviewRating"]["alternateName"] == "True"

    # Article mode: the published date goes with the article and with each sentence's copy.
    page.check("input[value=article]")
    assert page.locator("#claim-date-field").is_hidden()
    page.get_by_label("Article published on (optional)").fill("2024-03-13")
    check(page, ANNOUNCED + " " + CHATGPT + ".")
    page.locator("#article-result").wait_for()
    assert desk.requests("/v1/articles:check")[-1]["published_at"] == "2024-03-13"
    assert page.locator("#article-date").inner_text() == "Published on: 2024-03-13"
    first = page.locator("#sentence-0")
    assert first.locator(".badge").first.inner_text() == "Supported"
    first.locator("summary").first.click()
    first.get_by_role("button", name="Copy ClaimReview JSON-LD").click()
    page.locator("#status", has_text="copied").wait_for()
    assert desk.requests("/v1/verify")[-1] == {
        "claim": ANNOUNCED,
        "format": "claimreview",
        "claim_date": "2024-03-13",
    }
    copied = page.evaluate("navigator.clipboard.readText()")
    assert first.locator("pre").inner_text() == copied
    sentence_review = script_json(copied)
    assert sentence_review["claimReviewed"] == ANNOUNCED
    assert sentence_review["reviewRating"]["alternateName"] == "True"
    desk.screenshot("desk-article-dates.png")


def test_article_tally_legend_and_signs(desk: Page) -> None:
    page = desk.page
    page.check("input[value=article]")
    check(page, ARTICLE)
    page.locator("#article-result").wait_for()
    tally = {
        item.get_attribute("data-verdict"): item.locator(".count").inner_text()
        for item in page.locator("#tally li").all()
    }
    assert tally == {"supported": "1", "refuted": "1"}
    legend = page.locator("#legend li").all_inner_texts()
    assert len(legend) == 5 and legend[1].startswith("Refuted")
    # Colour is not the only cue: each verdict has its own sign and its own underline.
    signs = page.evaluate(
        "[...document.querySelectorAll('#legend .badge')].map("
        "b => getComputedStyle(b, '::before').content)"
    )
    assert len(set(signs)) == 5 and "none" not in signs
    lines = page.evaluate(
        "[...document.querySelectorAll('#legend .mark')].map(m => {"
        " const s = getComputedStyle(m);"
        " return s.borderBottomStyle + '/' + s.textDecorationStyle; })"
    )
    assert len(set(lines)) == 5
    assert page.locator("#article-text").inner_text() == ARTICLE  # signs are not in the text


@pytest.fixture(scope="module")
def one_check_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """A server that checks one sentence per article, so the others come back unchecked."""
    tmp = tmp_path_factory.mktemp("one-check")
    with live_server(tmp, FACTDESK_MAX_ARTICLE_CHECKS="1") as (server, _):
        load(server)
        yield server


def test_check_a_sentence_left_unchecked(browser: Any, one_check_server: ServerProcess) -> None:
    desk = Page(browser, one_check_server, viewport={"width": 1000, "height": 900})
    page = desk.page
    page.check("input[value=article]")
    page.get_by_label("Article published on (optional)").fill("2024-03-13")
    check(page, ARTICLE)
    page.locator("#article-result").wait_for()
    assert page.locator("#article-heading").inner_text() == (
        "2 check-worthy of 3 sentences, 1 checked"
    )
    unchecked = page.locator("#article-text a.mark.v-unchecked")
    assert unchecked.count() == 1
    index = unchecked.get_attribute("data-index")
    unchecked.click()
    item = page.locator(f"#sentence-{index}")
    item.get_by_role("button", name="Check this sentence").click()
    page.locator("#status", has_text="Sentence checked").wait_for()
    sent = desk.requests("/v1/verify")[-1]
    assert sent["claim_date"] == "2024-03-13" and sent["claim"] in ARTICLE
    assert page.locator("#article-text a.mark.v-unchecked").count() == 0
    assert item.locator(".badge").first.inner_text() in {"Supported", "Refuted"}
    assert item.locator(".cards .card").count() >= 1
    counts = page.locator("#tally li .count").all_inner_texts()
    assert sum(int(c) for c in counts) == 2
    assert page.locator("#tally li[data-verdict=unchecked]").count() == 0
    desk.screenshot("desk-sentence-checked.png")
    desk.close()


def test_korean_interface_and_history(browser: Any, desk_server: ServerProcess) -> None:
    desk = Page(browser, desk_server, locale="ko-KR", viewport={"width": 1000, "height": 900})
    page = desk.page
    assert page.evaluate("navigator.language") == "ko-KR"
    assert page.locator("html").get_attribute("lang") == "ko"
    assert page.locator("#text-label").inner_text() == "주장"
    assert page.locator("#check").inner_text() == "확인"
    assert page.get_by_label("주장한 날짜 (선택)").count() == 1
    check(page, "xAI는 설립 1년 뒤에 그록을 출시했다")
    page.locator("#claim-result").wait_for()
    assert page.locator("#verdict").inner_text() == "사실과 다름"
    assert page.locator("#evidence-heading").inner_text() == "근거"
    assert page.locator("#evidence .card .quote .label").first.inner_text() == "원문 인용:"
    assert page.locator("#text-counter").inner_text() == "22/1,000자"
    desk.screenshot("desk-korean.png")

    # The history survives a reload, in this browser only, and puts a check back in the box.
    page.check("input[value=article]")
    assert page.locator("#text-label").inner_text() == "기사"
    check(page, ARTICLE)
    page.locator("#article-result").wait_for()
    page.reload()
    page.locator("#history-details summary").click()
    entries = page.locator("#history .history-item")
    assert entries.count() == 2
    assert entries.nth(0).locator(".history-text").inner_text().startswith("Elon Musk founded")
    assert entries.nth(1).locator(".badge").inner_text() == "사실과 다름"
    entries.nth(1).get_by_role("button", name="입력란에 다시 넣기").click()
    assert page.locator("input[value=claim]").is_checked()
    assert page.locator("#text").input_value() == "xAI는 설립 1년 뒤에 그록을 출시했다"
    desk.screenshot("desk-korean-history.png")
    page.get_by_role("button", name="기록 지우기").click()
    assert entries.count() == 0
    # A link can ask for a language whatever the browser's.
    page.goto(page.url.split("?")[0] + "?lang=en")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("#text-label").inner_text() == "Claim"
    desk.close()
