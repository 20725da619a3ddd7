"""Every route and request field of `factdesk.client` against a real `factdesk serve` (an open
one: no keys, no rate limit), and the README's client example run as written."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import re
from collections.abc import Iterator

import httpx
import pytest
from factdesk.client import AsyncFactDeskClient, Conflict, FactDeskClient, NotFoundError
from factdesk.engine.results import Stance, Verdict
from factdesk.models import StatementIn

from tests.conftest import ServerProcess
from tests.live import live_server
from tests.paths import REPO_ROOT, SEED_STATEMENTS

pytestmark = pytest.mark.slow

# Musk's announcement of 11 March 2024 ("11일" needs the date), Grok's launch, ChatGPT's, and
# the statements that together confirm every name the announcement's sentence carries (names
# come from the text now, and each must be confirmed: "CEO", "엑스", "xAI").
SEED_IDS = {
    "seed-en-016",
    "seed-ko-005",
    "seed-en-047",
    "seed-ko-002",
    "seed-ko-003",
    "seed-ko-001",
    "seed-en-007",
    "seed-en-008",
    "seed-ko-013",
    "seed-en-001",
    "seed-ko-010",
}
ANNOUNCED = (
    "11일(현지 시간) 머스크 CEO는 자신의 소셜미디어 엑스(X·옛 트위터)를 통해 “이번 주 xAI가 "
    "그록 오픈소스화에 나선다”고 밝혔다."
)
YEAR = "xAI launched Grok a year after being founded"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    with live_server(tmp_path_factory.mktemp("client-routes")) as (proc, log):
        seed = [
            json.loads(line)
            for line in SEED_STATEMENTS.read_text("utf-8").splitlines()
            if json.loads(line)["id"] in SEED_IDS
        ]
        with FactDeskClient(proc.url) as fd:
            assert fd.import_statements(seed).created == len(SEED_IDS)
        yield proc
        assert not [line for line in log if "Traceback" in line]


def test_dates_appearance_and_claimreview_format(server: ServerProcess) -> None:
    with FactDeskClient(server.url) as fd:
        undated = fd.verify(ANNOUNCED)
        dated = fd.verify(ANNOUNCED, claim_date="2024-03-13", language="ko", top_k=2)
        assert undated.verdict is Verdict.NOT_ENOUGH_EVIDENCE
        assert dated.verdict is Verdict.SUPPORTED and len(dated.evidence) <= 2
        review = fd.verify(
            YEAR,
            format="claimreview",
            appearance=["https://social.example.net/p/1"],
            claim_date="2024-03-12",
        )
        assert review["@type"] == "ClaimReview" and review["claimReviewed"] == YEAR
        assert review["itemReviewed"]["appearance"][0]["url"] == "https://social.example.net/p/1"
        article = "머스크 CEO의 발표. " + ANNOUNCED
        undated_article = fd.check_article(article)
        dated_article = fd.check_article(article, published_at="2024-03-13", use_cache=False)
        by_text = {s.text: s.verdict for s in dated_article.sentences}
        assert by_text[ANNOUNCED] is Verdict.SUPPORTED
        assert {s.text: s.verdict for s in undated_article.sentences}[ANNOUNCED] is not (
            Verdict.SUPPORTED
        )


def test_statements_create_read_update_list_delete(server: ServerProcess) -> None:
    new = StatementIn.model_validate(
        {
            "id": "client-1",
            "text": "The Example Bridge opened in 1931.",
            "source": {"title": "Example Gazette", "url": "https://gazette.example.org/bridge"},
        }
    )
    with FactDeskClient(server.url) as fd:
        written = fd.create_statements(new)
        assert written.created == ["client-1"]
        many = fd.create_statements(
            [
                {"id": "client-2", "text": "The bridge is 1.2 km long.", "source": {"title": "G"}},
                {"id": "client-3", "text": "The bridge was painted red.", "source": {"title": "G"}},
            ]
        )
        assert many.created == ["client-2", "client-3"]
        assert str(fd.get_statement("client-1").source.url) == "https://gazette.example.org/bridge"
        changed = fd.update_statement(
            "client-1", {"text": "The Example Bridge opened in 1932.", "source": {"title": "G"}}
        )
        assert changed.text.endswith("1932.")
        page = fd.list_statements("bridge", limit=2)
        assert len(page.items) == 2 and page.next_cursor is not None
        ids = [s.id for s in fd.iter_statements("bridge", limit=2)]
        assert ids == ["client-1", "client-2", "client-3"]
        korean = sorted(sid for sid in SEED_IDS if sid.startswith("seed-ko-"))
        assert [s.id for s in fd.list_statements(language="ko").items] == korean
        fd.delete_statement("client-3")
        with pytest.raises(NotFoundError):
            fd.get_statement("client-3")
        with pytest.raises(NotFoundError):
            fd.delete_statement("client-3")
        hits = fd.search("Example Bridge opening", top_k=1, use_cache=False)
        assert hits.results[0].statement.id == "client-1"
        stats = fd.stats()
        assert stats.total == len(SEED_IDS) + 2 and stats.by_language["ko"] == len(korean)


def test_stance_health_and_readiness(server: ServerProcess) -> None:
    with FactDeskClient(server.url) as fd:
        outcome = fd.stance(YEAR, "xAI unveiled Grok one month after Elon Musk founded xAI.")
        assert outcome.stance is Stance.REFUTES
        assert "duration_mismatch" in [r.type for r in outcome.reasons]
        assert fd.health().status == "ok"
        ready = fd.ready()
        assert ready.status == "ready" and ready.statements is not None


def test_claimreview_markup_pages(server: ServerProcess) -> None:
    page = {
        "pageUrl": "https://checks.example.org/bridge",
        "claimReviewAuthor": {"name": "Example Checks"},
        "claimReviewMarkups": [
            {
                "claimReviewed": "The Example Bridge is made of glass",
                "claimDate": "2024-03-11",
                "rating": {"textualRating": "False", "ratingValue": 1, "bestRating": 5},
            }
        ],
    }
    with FactDeskClient(server.url) as fd:
        created = fd.create_page(page)
        assert created.name is not None and created.versionId is not None
        assert fd.get_page(created.name).pageUrl == page["pageUrl"]
        listed = fd.list_pages(organization="example.org", page_size=5)
        assert [p.name for p in listed.claimReviewMarkupPages] == [created.name]
        updated = fd.update_page(created.name, {**page, "versionId": created.versionId})
        assert updated.versionId != created.versionId
        with pytest.raises(Conflict):  # the version read before the update is stale now
            fd.update_page(created.name, {**page, "versionId": created.versionId})
        fd.delete_page(created.name)
        with pytest.raises(NotFoundError) as gone:
            fd.get_page(created.name)
        assert gone.value.title == "NOT_FOUND"  # Google's error shape is read too


def test_embed_card_permalink_and_oembed(server: ServerProcess) -> None:
    with FactDeskClient(server.url) as fd:
        card = fd.embed(YEAR, claim_date="2024-03-12", claimant="a social post")
        assert '<script type="application/ld+json">' in card.html
        assert card.permalink is not None and card.check_id is not None
        assert card.permalink.endswith(f"/v1/checks/{card.check_id}")
        # The permalink answers the same check, as its verdict and as ClaimReview.
        again = fd.get_check(card.check_id)
        assert again.claim == YEAR and again.verdict is Verdict.REFUTED
        review = fd.get_check(card.check_id, format="claimreview")
        assert review["itemReviewed"]["author"]["name"] == "a social post"
        assert review["itemReviewed"]["datePublished"] == "2024-03-12"
        embedded = fd.oembed(card.permalink, maxwidth=400)
        assert embedded.type == "rich" and card.check_id in embedded.html
        with pytest.raises(NotFoundError):
            fd.get_check("not-a-check-id")


async def test_async_client_has_the_same_routes(server: ServerProcess) -> None:
    async with AsyncFactDeskClient(server.url) as fd:
        dated = await fd.verify(ANNOUNCED, claim_date="2024-03-13")
        assert dated.verdict is Verdict.SUPPORTED
        review = await fd.verify(YEAR, format="claimreview")
        assert review["reviewRating"]["alternateName"] == "False"
        ids = [s.id async for s in fd.iter_statements(language="en", limit=1)]
        assert "seed-en-016" in ids
        assert (await fd.stance(YEAR, "Grok came out a month after xAI was founded.")).reasons
        card = await fd.embed(YEAR)
        assert card.check_id is not None
        assert (await fd.get_check(card.check_id)).verdict is Verdict.REFUTED


def test_newer_fields_are_sent_only_when_given() -> None:
    # `claimant` and `reply_language` are newer than some servers, which refuse unknown fields.
    sent: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json={"@type": "ClaimReview"})

    with FactDeskClient("http://factdesk.test", transport=httpx.MockTransport(handle)) as fd:
        fd.verify("x", format="claimreview", claimant="A. Poster", reply_language="ko")
        fd.verify("x", format="claimreview")
        fd.claimreview("x", claimant="A. Poster", claim_date=dt.date(2024, 3, 12))
        fd.claimreview("x")
    assert json.loads(sent[0].content) == {
        "claim": "x",
        "claimant": "A. Poster",
        "reply_language": "ko",
        "format": "claimreview",
    }
    assert json.loads(sent[1].content) == {"claim": "x", "format": "claimreview"}
    assert dict(sent[2].url.params) == {
        "claim": "x",
        "claim_date": "2024-03-12",
        "claimant": "A. Poster",
    }
    assert dict(sent[3].url.params) == {"claim": "x"}


def readme_example() -> str:
    readme = (REPO_ROOT / "README.md").read_text("utf-8")
    section = readme.split("### Python client", 1)[1]
    found = re.search(r"```python\n(.*?)```", section, re.S)
    assert found is not None, "the README's client section has a python example"
    return found.group(1)


def test_the_readme_example_runs(server: ServerProcess) -> None:
    code = readme_example()
    assert len(code.strip().splitlines()) <= 12
    assert "http://127.0.0.1:8000" in code
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code.replace("http://127.0.0.1:8000", server.url), "README.md", "exec"), {})
    printed = out.getvalue().splitlines()
    assert printed[0].startswith("refuted ")
    assert printed[1] == "2 sentences: ['supported', 'refuted']"
    assert "'alternateName': 'False'" in printed[2]
