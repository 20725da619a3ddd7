"""`factdesk.client` against a real `factdesk serve` with API keys and a rate limit: typed results,
problem+json errors as exceptions, retries that wait as `Retry-After` says, timeouts. The
cases a live server cannot be made to produce on demand (503, a date in `Retry-After`, a refused
connection) use httpx's `MockTransport`."""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from factdesk.client import (
    AsyncFactDeskClient,
    AuthenticationError,
    FactDeskClient,
    NotFoundError,
    PermissionDenied,
    RateLimited,
    ServiceUnavailable,
    TransportError,
    ValidationFailed,
)
from factdesk.engine.results import Verdict
from factdesk.keys import new_key
from factdesk.models import StatementIn

from tests.conftest import ServerProcess
from tests.live import live_server
from tests.paths import FIXTURES, SEED_STATEMENTS
from tests.test_security import write_keys_file

pytestmark = pytest.mark.slow

READ, WRITE, BURST = new_key(), new_key(), new_key()
SEED_IDS = {"seed-en-015", "seed-en-016", "seed-ko-005", "seed-en-047"}
YEAR = "xAI launched Grok a year after being founded"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """Reads and writes need keys; 5 requests a second per key."""
    tmp = tmp_path_factory.mktemp("client")
    keys = write_keys_file(
        tmp / "keys", ("reader", READ, "read"), ("writer", WRITE, "write"), ("burst", BURST, "read")
    )
    with live_server(
        tmp,
        FACTDESK_API_KEYS_FILE=str(keys),
        FACTDESK_REQUIRE_KEYS_FOR_READS="true",
        FACTDESK_RATE_LIMIT="5/second",
    ) as (proc, log):
        seed = [
            json.loads(line)
            for line in SEED_STATEMENTS.read_text("utf-8").splitlines()
            if json.loads(line)["id"] in SEED_IDS
        ]
        with FactDeskClient(proc.url, WRITE) as writer:
            report = writer.import_statements([StatementIn.model_validate(s) for s in seed])
        assert (report.created, report.rejected) == (4, 0)
        yield proc
        assert not [line for line in log if "Traceback" in line]


def test_verify_search_and_claimreview_are_typed(server: ServerProcess) -> None:
    with FactDeskClient(server.url, READ) as fd:
        result = fd.verify(YEAR, top_k=3)
        assert result.verdict is Verdict.REFUTED
        assert result.evidence[0].statement.id in {"seed-en-016", "seed-ko-005"}
        assert "duration_mismatch" in [r.type for r in result.evidence[0].reasons]
        hits = fd.search("When did ChatGPT launch?", top_k=2)
        assert hits.results[0].statement.id == "seed-en-047"
        review = fd.claimreview(YEAR, appearance=["https://social.example.net/p/1"])
        assert review["@type"] == "ClaimReview"
        assert review["reviewRating"]["alternateName"] == "False"
        assert review["url"].startswith(server.url + "/v1/checks/")
        assert review["itemReviewed"]["appearance"][0]["url"] == "https://social.example.net/p/1"
        statement = fd.get_statement("seed-en-016")
        assert statement.source.published_at is not None
        article = fd.check_article("ChatGPT was launched in November 2022. It was sunny.")
        assert [s.verdict for s in article.sentences] == [Verdict.SUPPORTED]
        batch = fd.verify_batch([YEAR, {"claim": ""}])
        assert batch.results[0].result is not None and batch.results[1].error is not None


def test_claimreview_import_and_google_style_search(server: ServerProcess) -> None:
    with FactDeskClient(server.url, WRITE) as fd:
        report = fd.import_statements(
            (FIXTURES / "claimreviews.jsonld").read_text("utf-8"), format="claimreview"
        )
        assert (report.created + report.updated, report.rejected) == (11, 0)
        page = fd.search_claims("Grok Apache license", pageSize=1)
        assert page.claims[0].claimReview[0].textualRating == "True"
        site = fd.search_claims(reviewPublisherSiteFilter="verify.example.com", pageSize=10)
        assert len(site.claims) == 4 and site.nextPageToken is None


def test_errors_are_exceptions_from_problem_json(server: ServerProcess) -> None:
    with FactDeskClient(server.url) as anonymous:
        with pytest.raises(AuthenticationError) as unauthorized:
            anonymous.verify(YEAR)
        assert unauthorized.value.status == 401
        assert "needs an API key" in (unauthorized.value.detail or "")
    with FactDeskClient(server.url, "not-a-key") as wrong, pytest.raises(AuthenticationError):
        wrong.search("Grok")
    with FactDeskClient(server.url, READ) as reader:
        with pytest.raises(PermissionDenied) as forbidden:
            reader.import_statements('{"text": "x", "source": {"title": "t"}}\n')
        assert forbidden.value.title == "Forbidden"
        with pytest.raises(ValidationFailed) as invalid:
            reader.verify("", top_k=0)
        assert {e.pointer for e in invalid.value.errors} == {"#/claim", "#/top_k"}
        assert invalid.value.problem["instance"] == "/v1/verify"
        with pytest.raises(NotFoundError):
            reader.get_statement("no/such id")


def test_rate_limited_requests_are_retried_after_retry_after(server: ServerProcess) -> None:
    retries: list[tuple[int, float, int]] = []

    def record(attempt: int, wait: float, outcome: httpx.Response | httpx.TransportError) -> None:
        assert isinstance(outcome, httpx.Response)
        retries.append((attempt, wait, outcome.status_code))

    started = time.monotonic()
    with FactDeskClient(server.url, BURST, on_retry=record) as fd:
        results = [fd.search(f"Grok {i}", top_k=1) for i in range(9)]
    assert len(results) == 9  # every call succeeded in the end
    assert retries and all(status == 429 and wait == 1.0 for _, wait, status in retries)
    assert time.monotonic() - started >= 1.0  # the client did wait as told

    impatient = FactDeskClient(server.url, BURST, retries=0)
    with impatient, pytest.raises(RateLimited) as limited:
        for i in range(10):
            impatient.search(f"Grok again {i}", top_k=1)
    assert limited.value.retry_after == 1.0
    assert "over the rate limit" in (limited.value.detail or "")
    # A wait longer than the caller allows is not slept through.
    with FactDeskClient(server.url, BURST, max_retry_wait=0.5) as hasty:
        started = time.monotonic()
        with pytest.raises(RateLimited):
            for i in range(10):
                hasty.search(f"Grok hasty {i}", top_k=1)
        assert time.monotonic() - started < 1.0


def test_timeout_is_a_transport_error(server: ServerProcess) -> None:
    fd = FactDeskClient(server.url, READ, timeout=0.001, retries=0)
    with fd, pytest.raises(TransportError) as failed:
        fd.verify(f"Grok was released in {time.time()}", use_cache=False)
    assert isinstance(failed.value.__cause__, httpx.TimeoutException)


async def test_async_client(server: ServerProcess) -> None:
    async with AsyncFactDeskClient(server.url, READ) as fd:
        result = await fd.verify("xAI launched Grok a month after being founded")
        assert result.verdict is Verdict.SUPPORTED
        review = await fd.claimreview("xAI launched Grok a month after being founded")
        assert review["reviewRating"]["ratingValue"] == 5
        with pytest.raises(ValidationFailed):
            await fd.search("")
    async with AsyncFactDeskClient(server.url) as anonymous:
        with pytest.raises(AuthenticationError):
            await anonymous.verify(YEAR)


# -- what a live server cannot be made to answer on demand ----------------------------------


def _flaky(statuses: list[int], headers: dict[str, str]) -> tuple[httpx.MockTransport, list[Any]]:
    seen: list[Any] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        status = statuses[min(len(seen) - 1, len(statuses) - 1)]
        if status == 200:
            return httpx.Response(200, json={"query": "q", "results": [], "store_generation": 1})
        problem = {"type": "x", "title": "Store unavailable", "status": status, "detail": "down"}
        return httpx.Response(
            status,
            json=problem,
            headers={"content-type": "application/problem+json", **headers},
        )

    return httpx.MockTransport(handle), seen


def test_503_is_retried_until_it_clears_or_retries_run_out() -> None:
    transport, seen = _flaky([503, 503, 200], {"Retry-After": "0"})
    with FactDeskClient("http://factdesk.test", transport=transport) as fd:
        assert fd.search("q").results == []
    assert len(seen) == 3
    transport, seen = _flaky([503], {"Retry-After": "0"})
    fd = FactDeskClient("http://factdesk.test", retries=2, transport=transport)
    with fd, pytest.raises(ServiceUnavailable) as down:
        fd.search("q")
    assert len(seen) == 3 and down.value.detail == "down" and down.value.retry_after == 0.0


def test_retry_after_as_an_http_date_and_without_a_header() -> None:
    soon = email.utils.format_datetime(dt.datetime.now(dt.UTC), usegmt=True)
    waits: list[float] = []
    transport, _ = _flaky([429, 200], {"Retry-After": soon})
    with FactDeskClient(
        "http://factdesk.test", transport=transport, on_retry=lambda a, w, o: waits.append(w)
    ) as fd:
        fd.search("q")
    assert waits and 0.0 <= waits[0] <= 1.0
    waits.clear()
    transport, _ = _flaky([503, 503, 200], {})
    with FactDeskClient(
        "http://factdesk.test",
        transport=transport,
        backoff=0.01,
        on_retry=lambda a, w, o: waits.append(w),
    ) as fd:
        fd.search("q")
    assert waits == [0.01, 0.02]  # exponential back-off


async def test_refused_connections_are_retried_then_raised() -> None:
    attempts: list[int] = []
    async with AsyncFactDeskClient(
        "http://127.0.0.1:9",  # the discard port: nothing listens there
        retries=2,
        backoff=0.01,
        on_retry=lambda a, w, o: attempts.append(a),
    ) as fd:
        with pytest.raises(TransportError) as refused:
            await fd.verify("x")
    assert attempts == [1, 2]
    assert isinstance(refused.value.__cause__, httpx.ConnectError)
