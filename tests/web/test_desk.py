"""The web desk end to end in headless Chromium: a claim checked by keyboard alone, an article
with its sentences marked, a phone-sized screen, and the API-key field on a server whose reads
need keys. Screenshots are saved to test-artifacts/."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from factdesk.keys import new_key

from tests.conftest import ServerProcess
from tests.live import live_server
from tests.test_security import write_keys_file
from tests.web.conftest import SOURCE, load
from tests.web.desk_page import Page, script_json

pytestmark = [pytest.mark.slow, pytest.mark.browser]

YEAR = "xAI launched Grok a year after being founded"
ARTICLE = (
    "Elon Musk founded xAI in 2023 to build a rival to OpenAI.\n"
    "xAI launched Grok a year after it was founded. What will come next?"
)


def test_claim_by_keyboard(desk: Page) -> None:
    page = desk.page
    assert desk.focused() == "text"  # the text box has the focus on arrival
    page.keyboard.type(YEAR)
    page.keyboard.press("Control+Enter")
    page.locator("#claim-result").wait_for()
    assert page.locator("#verdict").inner_text() == "Refuted"
    assert page.locator("#confidence-text").inner_text().endswith("%")
    assert desk.focused() == "verdict-heading"  # the result is announced and read next
    assert page.locator("#summary").inner_text().startswith("Refuted")

    card = page.locator("#evidence .card").first
    assert card.locator(".stance").inner_text().startswith("Refutes")
    link = card.locator(".source a")
    assert link.get_attribute("href") == SOURCE["url"]
    assert link.get_attribute("rel") == "noopener noreferrer"
    assert card.locator(".publisher").inner_text() == "Example Daily"
    assert card.locator("time").get_attribute("datetime") == "2024-03-13"
    reasons = card.locator(".reasons").inner_text()  # the server's sentence, or the reason's parts
    assert "“a year”" in reasons and "“one month”" in reasons

    # Tab walks the evidence links, then reaches the copy button; Enter copies.
    page.keyboard.press("Tab")
    assert desk.focused() == SOURCE["url"]
    for _ in range(10):
        if desk.focused() == "copy-claimreview":
            break
        page.keyboard.press("Tab")
    assert desk.focused() == "copy-claimreview"
    page.keyboard.press("Enter")
    page.locator("#status", has_text="copied").wait_for()
    # What a CMS pastes: the JSON-LD inside its script element.
    copied = script_json(page.evaluate("navigator.clipboard.readText()"))
    assert copied["@type"] == "ClaimReview"
    assert copied["claimReviewed"] == YEAR
    assert copied["reviewRating"]["alternateName"] == "False"
    assert script_json(page.locator("#claimreview-json").text_content() or "") == copied
    desk.screenshot("desk-claim.png")


def test_article_sentences_are_marked(desk: Page) -> None:
    page = desk.page
    page.focus("input[value=claim]")
    page.keyboard.press("ArrowRight")  # radio group: arrows choose the mode
    assert page.locator("input[value=article]").is_checked()
    assert page.locator("#text-label").inner_text() == "Article"
    page.fill("#text", ARTICLE)
    page.focus("#text")
    page.keyboard.press("Control+Enter")
    heading = page.locator("#article-heading")
    heading.wait_for()
    assert heading.inner_text() == "2 check-worthy of 3 sentences, 2 checked"
    marks = page.locator("#article-text a.mark")
    assert marks.count() == 2
    assert marks.nth(0).get_attribute("class") == "mark v-supported"
    assert marks.nth(1).get_attribute("class") == "mark v-refuted"
    # The marked text is the text as pasted, around the marks too.
    assert page.locator("#article-text").inner_text() == ARTICLE
    marks.nth(1).click()
    details = page.locator("#sentence-1 details")
    assert details.get_attribute("open") is not None
    reasons = details.locator(".reasons").first.inner_text()
    assert "“a year”" in reasons and ("“one month”" in reasons or "“한 달”" in reasons)
    assert desk.focused().startswith("Refuted")  # focus moved to the sentence's verdict
    desk.screenshot("desk-article.png")


def test_readable_on_a_phone(browser: Any, desk_server: ServerProcess) -> None:
    phone = Page(
        browser,
        desk_server,
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    page = phone.page
    page.fill("#text", "xAI launched Grok a month after being founded")
    page.tap("#check")
    page.locator("#claim-result").wait_for()
    assert page.locator("#verdict").inner_text() == "Supported"
    layout = page.evaluate(
        "(() => ({scroll: document.documentElement.scrollWidth,"
        " width: document.documentElement.clientWidth,"
        " font: parseFloat(getComputedStyle(document.getElementById('text')).fontSize),"
        " button: document.getElementById('check').getBoundingClientRect().height,"
        " body: parseFloat(getComputedStyle(document.body).fontSize)}))()"
    )
    assert layout["scroll"] <= layout["width"], "no sideways scrolling on a phone"
    assert layout["font"] >= 16 and layout["body"] >= 16
    assert layout["button"] >= 44  # a comfortable touch target
    # Korean quotes wrap between words, not inside one (they carry no lang attribute).
    assert (
        page.evaluate("getComputedStyle(document.querySelector('#evidence .quote q')).wordBreak")
        == "keep-all"
    )
    phone.screenshot("desk-phone.png")
    phone.close()


@pytest.fixture(scope="module")
def keyed_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ServerProcess, str]]:
    tmp = tmp_path_factory.mktemp("keyed-desk")
    key = new_key()
    keys = write_keys_file(tmp / "keys", ("desk", key, "write"))
    with live_server(
        tmp, FACTDESK_API_KEYS_FILE=str(keys), FACTDESK_REQUIRE_KEYS_FOR_READS="true"
    ) as (server, _):
        load(server, {"X-API-Key": key})
        yield server, key


def test_api_key_field_for_protected_deployments(
    browser: Any, keyed_server: tuple[ServerProcess, str]
) -> None:
    server, key = keyed_server
    desk = Page(browser, server)
    page = desk.page
    page.keyboard.type(YEAR)
    page.keyboard.press("Control+Enter")
    page.locator("#status", has_text="needs an API key").wait_for()
    assert page.locator("#key-box").get_attribute("open") is not None
    assert desk.focused() == "api-key"  # straight to the field that is missing
    page.keyboard.type(key)
    page.keyboard.press("Enter")  # submits the form
    page.locator("#claim-result").wait_for()
    assert page.locator("#verdict").inner_text() == "Refuted"
    page.reload()  # the key is kept for the tab, not typed again
    assert page.locator("#api-key").input_value() == key
    desk.close()
