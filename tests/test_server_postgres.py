"""Two `factdesk serve` processes (one of them with two workers) against one PostgreSQL and
one Redis: what one writes, the other verifies, and verdicts cached before the write are not
served after it."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from tests.conftest import ServerProcess

pytestmark = pytest.mark.slow

CLAIM = "Grok-1 weights were published under the Apache 2.0 license."


def _verify(server: ServerProcess) -> dict[str, object]:
    resp = httpx.post(server.url + "/v1/verify", json={"claim": CLAIM}, timeout=30)
    assert resp.status_code == 200, resp.text
    body: dict[str, object] = resp.json()
    return body


def test_write_on_one_server_is_verified_on_the_other(
    server_factory: Callable[..., ServerProcess], postgres_url: str, redis_url: str
) -> None:
    env = {
        "FACTDESK_DATABASE_URL": postgres_url,
        "FACTDESK_REDIS_URL": redis_url,
        "FACTDESK_SEED_FIXTURES": "false",
    }
    writer = server_factory(**env).start()
    reader = server_factory(**env).start(workers=2)  # either worker may answer each request

    before = _verify(reader)
    assert before["verdict"] == "not_enough_evidence"
    # The other process answers the same claim from the shared cache.
    cached = _verify(writer)
    assert cached["cached"] is True and cached["verdict"] == "not_enough_evidence"

    created = httpx.post(
        writer.url + "/v1/statements",
        json={
            "id": "grok-license",
            "text": "xAI published the Grok-1 weights under the Apache 2.0 license.",
            "source": {"title": "xAI", "url": "https://example.org/grok"},
        },
        timeout=30,
    )
    assert created.status_code == 201, created.text

    after = _verify(reader)
    assert after["cached"] is False
    assert after["store_generation"] == before["store_generation"] + 1  # type: ignore[operator]
    assert after["verdict"] == "supported"
    assert [e["statement"]["id"] for e in after["evidence"]] == ["grok-license"]  # type: ignore[attr-defined]
    assert httpx.get(reader.url + "/v1/statements/grok-license").status_code == 200

    # A delete through the reader reaches the writer's index as well.
    assert httpx.delete(reader.url + "/v1/statements/grok-license", timeout=30).status_code == 204
    gone = _verify(writer)
    assert gone["cached"] is False and gone["verdict"] == "not_enough_evidence"
    stats = [httpx.get(s.url + "/v1/stats").json() for s in (writer, reader)]
    assert stats[0] == stats[1] and stats[0]["total"] == 0
