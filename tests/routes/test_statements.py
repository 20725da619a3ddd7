"""Statement routes: CRUD, listing, import, and bad input leaving the store unchanged."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from factdesk.main import create_app

from tests.conftest import make_settings

SOURCE = {"title": "Test source", "published_at": "2024-03-13"}


def stmt(sid: str, text: str, **extra: object) -> dict[str, object]:
    return {"id": sid, "text": text, "source": SOURCE, **extra}


async def snapshot(client: httpx.AsyncClient) -> tuple[int, list[dict[str, object]]]:
    stats = (await client.get("/v1/stats")).json()
    items = (await client.get("/v1/statements", params={"limit": 1000})).json()["items"]
    return stats["store_generation"], items


def assert_problem(resp: httpx.Response, status: int) -> dict[str, object]:
    assert resp.status_code == status, resp.text
    assert resp.headers["content-type"].startswith("application/problem+json")
    body: dict[str, object] = resp.json()
    assert body["status"] == status
    assert body["title"] and body["type"]
    return body


async def test_create_get_update_delete(empty_client: httpx.AsyncClient) -> None:
    c = empty_client
    resp = await c.post("/v1/statements", json=stmt("a1", "ChatGPT was launched in November 2022."))
    assert resp.status_code == 201
    body = resp.json()
    assert body["created"] == ["a1"] and body["updated"] == []
    assert body["statements"][0]["language"] == "en"
    created_at = body["statements"][0]["created_at"]

    got = (await c.get("/v1/statements/a1")).json()
    assert got["text"] == "ChatGPT was launched in November 2022."
    assert got["source"]["title"] == "Test source"

    resp = await c.put("/v1/statements/a1", json=stmt("a1", "ChatGPT launched in November 2022."))
    assert resp.status_code == 200
    assert resp.json()["text"] == "ChatGPT launched in November 2022."
    assert resp.json()["created_at"] == created_at
    assert resp.json()["updated_at"] >= created_at

    resp = await c.put("/v1/statements/new-1", json={"text": "한국어 문장이다.", "source": SOURCE})
    assert resp.status_code == 201
    assert resp.json()["language"] == "ko"

    assert (await c.delete("/v1/statements/a1")).status_code == 204
    assert_problem(await c.get("/v1/statements/a1"), 404)
    assert_problem(await c.delete("/v1/statements/a1"), 404)


async def test_post_list_is_atomic_and_generation_moves(empty_client: httpx.AsyncClient) -> None:
    c = empty_client
    gen0, _ = await snapshot(c)
    resp = await c.post("/v1/statements", json=[stmt("b1", "One."), stmt("b2", "Two.")])
    assert resp.status_code == 201 and sorted(resp.json()["created"]) == ["b1", "b2"]
    gen1, items = await snapshot(c)
    assert gen1 > gen0 and len(items) == 2
    # one bad item in a list: nothing from the list is stored
    resp = await c.post("/v1/statements", json=[stmt("b3", "Three."), {"text": "no source"}])
    body = assert_problem(resp, 422)
    assert any(e["pointer"].endswith("/source") for e in body["errors"])  # type: ignore[union-attr]
    assert await snapshot(c) == (gen1, items)


async def test_generated_ids_are_deterministic(empty_client: httpx.AsyncClient) -> None:
    c = empty_client
    first = (await c.post("/v1/statements", json={"text": "Same text.", "source": SOURCE})).json()
    again = (await c.post("/v1/statements", json={"text": "Same text.", "source": SOURCE})).json()
    assert first["created"] == again["updated"] and first["created"][0].startswith("st_")


@pytest.mark.parametrize(
    ("body", "pointer"),
    [
        ({"text": 5, "source": SOURCE}, "#/text"),
        ({"source": SOURCE}, "#/text"),
        ({"text": "", "source": SOURCE}, "#/text"),
        ({"text": "x" * 2001, "source": SOURCE}, "#/text"),
        ({"text": "🙂 !!!", "source": SOURCE}, "#/text"),
        ({"text": "\u200b\u200c", "source": SOURCE}, "#/text"),
        ({"text": "ok", "source": {}}, "#/source"),
        ({"text": "ok", "source": {"url": "not a url"}}, "#/source/url"),
        ({"text": "ok", "source": SOURCE, "colour": "red"}, "#/colour"),
        ({"text": "ok", "source": SOURCE, "rating": {"label": "False"}}, "#"),
        ({"text": "ok", "source": SOURCE, "kind": "opinion"}, "#/kind"),
        (
            {"text": "ok", "source": {**SOURCE, "published_at": "yesterday"}},
            "#/source/published_at",
        ),
        ({"id": "bad id/with slash", "text": "ok", "source": SOURCE}, "#/id"),
    ],
)
async def test_bad_statements_get_422_with_pointer(
    empty_client: httpx.AsyncClient, body: dict[str, object], pointer: str
) -> None:
    before = await snapshot(empty_client)
    problem = assert_problem(await empty_client.post("/v1/statements", json=body), 422)
    pointers = [e["pointer"] for e in problem["errors"]]  # type: ignore[union-attr]
    assert any(p == pointer or p.startswith(pointer + "/") for p in pointers), pointers
    assert await snapshot(empty_client) == before


async def test_malformed_json_and_wrong_media(empty_client: httpx.AsyncClient) -> None:
    before = await snapshot(empty_client)
    resp = await empty_client.post(
        "/v1/statements", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert "not valid JSON" in str(assert_problem(resp, 400)["detail"])
    resp = await empty_client.post(
        "/v1/statements", content=b"\xff\xfe\x00", headers={"content-type": "application/json"}
    )
    assert_problem(resp, 400)
    deep = b'{"text": ' + b"[" * 100_000
    assert_problem(
        await empty_client.post(
            "/v1/statements", content=deep, headers={"content-type": "application/json"}
        ),
        400,
    )
    assert await snapshot(empty_client) == before


async def test_oversized_body_is_413(empty_client: httpx.AsyncClient) -> None:
    before = await snapshot(empty_client)
    big = json.dumps(stmt("big", "x" * 1000, quote="q" * 2_000_000))
    assert_problem(
        await empty_client.post(
            "/v1/statements", content=big, headers={"content-type": "application/json"}
        ),
        413,
    )
    assert await snapshot(empty_client) == before


async def test_list_filters_and_cursor(empty_client: httpx.AsyncClient) -> None:
    c = empty_client
    items = [stmt(f"p{i:02d}", f"Statement number {i} about Grok.") for i in range(7)]
    items.append(
        {
            "id": "k1",
            "text": "그록은 xAI의 챗봇이다.",
            "source": {"url": "https://example.org/a", "published_at": "2023-11-01"},
        }
    )
    items.append(
        {
            "id": "fc1",
            "text": "Grok is sentient.",
            "kind": "fact_check",
            "rating": {"label": "False"},
            "source": {"title": "Check"},
        }
    )
    assert (await c.post("/v1/statements", json=items)).status_code == 201

    seen: list[str] = []
    cursor = None
    while True:
        params: dict[str, object] = {"limit": 3}
        if cursor:
            params["cursor"] = cursor
        page = (await c.get("/v1/statements", params=params)).json()
        seen += [i["id"] for i in page["items"]]
        cursor = page.get("next_cursor")
        if not cursor:
            break
    assert seen == sorted(i["id"] for i in items)  # type: ignore[misc]

    ko = (await c.get("/v1/statements", params={"language": "ko"})).json()["items"]
    assert [i["id"] for i in ko] == ["k1"]
    fc = (await c.get("/v1/statements", params={"kind": "fact_check"})).json()["items"]
    assert [i["id"] for i in fc] == ["fc1"]
    by_url = (await c.get("/v1/statements", params={"source_url": "https://example.org/a"})).json()
    assert [i["id"] for i in by_url["items"]] == ["k1"]
    before = (await c.get("/v1/statements", params={"published_before": "2024-01-01"})).json()
    assert [i["id"] for i in before["items"]] == ["k1"]
    after = (await c.get("/v1/statements", params={"published_after": "2024-01-01"})).json()
    assert len(after["items"]) == 7
    q = (await c.get("/v1/statements", params={"q": "number 3"})).json()["items"]
    assert "p03" in [i["id"] for i in q]
    assert_problem(await c.get("/v1/statements", params={"cursor": "%%%"}), 422)
    assert_problem(await c.get("/v1/statements", params={"limit": 0}), 422)
    assert_problem(await c.get("/v1/statements", params={"published_after": "soon"}), 422)


async def test_stats(empty_client: httpx.AsyncClient) -> None:
    await empty_client.post(
        "/v1/statements",
        json=[
            stmt("s1", "English statement."),
            stmt("s2", "한국어 문장."),
            {
                "id": "s3",
                "text": "Checked.",
                "kind": "fact_check",
                "rating": {"label": "True"},
                "source": SOURCE,
            },
        ],
    )
    stats = (await empty_client.get("/v1/stats")).json()
    assert stats["total"] == 3
    assert stats["by_kind"] == {"fact": 2, "fact_check": 1}
    assert stats["by_language"] == {"en": 2, "ko": 1}


NDJSON = "application/x-ndjson"


async def test_import_counts_and_rejections(empty_client: httpx.AsyncClient) -> None:
    c = empty_client
    lines = [
        json.dumps(stmt("i1", "First imported.")),
        "",
        "{broken json",
        json.dumps({"text": "missing source"}),
        json.dumps(stmt("i2", "Second imported.")),
        json.dumps([1, 2]),
        json.dumps(stmt("i1", "First imported, revised.")),
    ]
    resp = await c.post(
        "/v1/statements:import", content="\n".join(lines).encode(), headers={"content-type": NDJSON}
    )
    assert resp.status_code == 200, resp.text
    report = resp.json()
    assert (report["created"], report["updated"], report["rejected"]) == (2, 1, 3)
    assert [e["line"] for e in report["errors"]] == [3, 4, 6]
    assert "source" in report["errors"][1]["reason"]
    assert (await c.get("/v1/statements/i1")).json()["text"] == "First imported, revised."


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"\n\n  \n",
        b'{"id": "x", "text": "ok", "source": {"title": "t"}}\n\xff\xfe bad utf8',
        b'{"id": "x", "text": "ok\x00", "source": {"title": "t"}}',
    ],
)
async def test_malformed_import_stores_nothing(
    empty_client: httpx.AsyncClient, body: bytes
) -> None:
    before = await snapshot(empty_client)
    assert_problem(
        await empty_client.post(
            "/v1/statements:import", content=body, headers={"content-type": NDJSON}
        ),
        422,
    )
    assert await snapshot(empty_client) == before


async def test_unknown_routes_and_methods_are_problems(empty_client: httpx.AsyncClient) -> None:
    assert_problem(await empty_client.get("/v1/nothing-here"), 404)
    assert_problem(await empty_client.patch("/v1/statements/x", json={}), 405)


async def test_import_limit_is_its_own_and_enforced_while_streaming(tmp_path: Path) -> None:
    settings = make_settings(
        tmp_path, seed_fixtures=False, max_body_bytes=2048, max_import_bytes=4096
    )
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
            line = json.dumps(stmt("L", "x" * 1500)).encode() + b"\n"
            ok = await c.post(
                "/v1/statements:import", content=line * 2, headers={"content-type": NDJSON}
            )
            assert ok.status_code == 200  # 3 kB: over the body limit, under the import limit
            before = await snapshot(c)

            async def chunks() -> AsyncIterator[bytes]:
                for _ in range(4):  # no Content-Length: counted as it streams
                    yield line

            too_big = await c.post(
                "/v1/statements:import", content=chunks(), headers={"content-type": NDJSON}
            )
            assert_problem(too_big, 413)
            assert await snapshot(c) == before
