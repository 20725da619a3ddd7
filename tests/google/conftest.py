"""A real `factdesk serve` with API keys (reads need one), a few fact-checks in its store, and
Google's own Python client for the Fact Check Tools API pointed at it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from factdesk.keys import new_key
from googleapiclient.discovery import build

from tests.conftest import ServerProcess
from tests.live import live_server
from tests.test_security import write_keys_file

READ, WRITE = new_key(), new_key()
TODAY = dt.datetime.now(dt.UTC).date()


def _fact_check(
    sid: str, text: str, site: str, rating: str, days_ago: int, publisher: str
) -> dict[str, Any]:
    published = (TODAY - dt.timedelta(days=days_ago)).isoformat()
    return {
        "id": sid,
        "kind": "fact_check",
        "text": text,
        "language": "en",
        "rating": {"label": rating},
        "source": {
            "url": f"https://www.{site}/checks/{sid}",
            "title": f"Fact check: {text}",
            "publisher": publisher,
            "published_at": published,
        },
        "claim_date": published,
    }


FACT_CHECKS = [
    _fact_check(
        "fc-1",
        "The Eiffel Tower was sold to a Berlin museum",
        "politifact.com",
        "False",
        3,
        "PolitiFact",
    ),
    _fact_check(
        "fc-2",
        "The Eiffel Tower is repainted in gold every year",
        "snopes.com",
        "False",
        4000,
        "Snopes",
    ),
    _fact_check(
        "fc-3",
        "The Eiffel Tower grows taller in summer heat",
        "fullfact.org",
        "True",
        10,
        "Full Fact",
    ),
    _fact_check(
        "fc-4",
        "The Eiffel Tower will close for good next year",
        "politifact.com",
        "Pants on Fire",
        20,
        "PolitiFact",
    ),
    _fact_check(
        "fc-5",
        "The Eiffel Tower was built for the 1889 World's Fair",
        "politifact.com",
        "True",
        30,
        "PolitiFact",
    ),
]


@pytest.fixture(scope="package")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    tmp = tmp_path_factory.mktemp("factchecktools")
    keys = write_keys_file(tmp / "keys", ("reader", READ, "read"), ("writer", WRITE, "write"))
    with live_server(
        tmp, FACTDESK_API_KEYS_FILE=str(keys), FACTDESK_REQUIRE_KEYS_FOR_READS="true"
    ) as (proc, log):
        reply = httpx.post(
            proc.url + "/v1/statements",
            json=FACT_CHECKS,
            headers={"X-API-Key": WRITE},
            timeout=60,
        )
        assert reply.status_code == 201, reply.text
        yield proc
        assert not [line for line in log if "Traceback" in line]
        # The key travels in the query string; it must never reach a log line (and the
        # access log did see those requests).
        assert [line for line in log if "/v1alpha1/claims:search" in line]
        assert not [line for line in log if READ in line or WRITE in line]


ServiceFactory = Callable[[str], Any]


@pytest.fixture()
def factchecktools(server: ServerProcess) -> Iterator[ServiceFactory]:
    """Google's client (`googleapiclient.discovery.build`) for a key, at this server; closed
    (its httplib2 connections) at the end of the test."""
    made: list[Any] = []

    def make(key: str) -> Any:
        made.append(
            build(
                "factchecktools",
                "v1alpha1",
                developerKey=key,
                static_discovery=True,
                cache_discovery=False,
                client_options={"api_endpoint": server.url + "/"},
            )
        )
        return made[-1]

    yield make
    for service in made:
        service.close()
