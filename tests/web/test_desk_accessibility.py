"""The desk under axe-core (the copy shipped in the `axe-playwright-python` test extra), in each
state a journalist sees: the empty form, a verdict, not-enough-evidence, an article with its
tally, legend and an opened sentence, the history, and the Korean interface. Any violation
fails the test with its rule and the elements it names."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import ServerProcess
from tests.web.conftest import in_ci
from tests.web.desk_page import Page

pytestmark = [pytest.mark.slow, pytest.mark.browser]

ANNOUNCED = (
    "11일(현지 시간) 머스크 CEO는 자신의 소셜미디어 엑스(X·옛 트위터)를 통해 “이번 주 xAI가 "
    "그록 오픈소스화에 나선다”고 밝혔다."
)
ARTICLE = (
    "Elon Musk founded xAI in 2023 to build a rival to OpenAI.\n"
    "xAI launched Grok a year after it was founded. What will come next?"
)


def axe() -> Any:
    try:
        from axe_playwright_python.sync_playwright import Axe
    except ImportError:
        message = "axe-playwright-python is not installed (the test extra has it)"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    return Axe()


def violations(page: Any) -> list[str]:
    results = axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']]}"
        for v in results.response["violations"]
    ]


def test_no_violations_in_any_state(browser: Any, desk_server: ServerProcess) -> None:
    desk = Page(browser, desk_server, viewport={"width": 1000, "height": 900})
    page = desk.page
    assert violations(page) == [], "empty form"

    page.fill("#text", "xAI launched Grok a year after being founded")
    page.click("#check")
    page.locator("#claim-result").wait_for()
    page.locator("#claim-result details summary").click()
    assert violations(page) == [], "a verdict"

    page.fill("#text", ANNOUNCED)
    page.click("#check")
    page.locator("#verdict", has_text="Not enough evidence").wait_for()
    assert violations(page) == [], "not enough evidence"

    page.check("input[value=article]")
    page.fill("#published-at", "2024-03-13")
    page.fill("#text", ARTICLE)
    page.click("#check")
    page.locator("#article-result").wait_for()
    page.locator("#sentence-1 summary").click()
    page.locator("#history-details summary").click()
    assert violations(page) == [], "an article and the history"
    desk.close()


def test_no_violations_in_korean(browser: Any, desk_server: ServerProcess) -> None:
    desk = Page(browser, desk_server, locale="ko-KR", viewport={"width": 390, "height": 844})
    page = desk.page
    page.fill("#text", "xAI는 설립 1년 뒤에 그록을 출시했다")
    page.click("#check")
    page.locator("#claim-result").wait_for()
    assert page.locator("html").get_attribute("lang") == "ko"
    assert violations(page) == [], "Korean verdict"
    desk.close()
