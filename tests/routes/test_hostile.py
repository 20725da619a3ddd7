"""Hostile input on every body-taking route: a clear 4xx problem+json or a proper 200, never a
500, and a failed write stores nothing. (Malformed and oversized statement bodies, bad NDJSON
imports and odd verify claims are in test_statements.py and test_verify.py.)"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import httpx
import pytest
from factdesk.ingest import MalformedInput, records_from_text
from factdesk.main import create_app

from tests.conftest import make_settings
from tests.routes.test_statements import NDJSON, SOURCE, assert_problem, snapshot, stmt


@pytest.fixture(scope="module")
async def client(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[httpx.AsyncClient]:
    """One empty store for the module (a fresh one per test would double its run time); each
    test compares the store before and after its own requests."""
    app = create_app(make_settings(tmp_path_factory.mktemp("hostile"), seed_fixtures=False))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
            yield c


JSON = {"content-type": "application/json"}
DEEP_ARRAY = "[" * 10_000 + "]" * 10_000  # valid JSON, ten thousand levels deep
DEEP_OBJECT = '{"a":' * 10_000 + "1" + "}" * 10_000
GOOD = {"claim": "xAI launched Grok a month after being founded"}

BODY_ROUTES = ["/v1/verify", "/v1/verify/batch", "/v1/search", "/v1/stance", "/v1/statements"]


def valid_body(route: str) -> dict[str, object]:
    return {
        "/v1/verify": GOOD,
        "/v1/verify/batch": {"claims": [GOOD["claim"]]},
        "/v1/search": {"query": GOOD["claim"]},
        "/v1/stance": {"claim": GOOD["claim"], "evidence": GOOD["claim"]},
        "/v1/statements": stmt("h1", "A perfectly ordinary statement."),
    }[route]


@pytest.mark.parametrize("route", BODY_ROUTES)
@pytest.mark.parametrize("deep", [DEEP_ARRAY, DEEP_OBJECT], ids=["array", "object"])
async def test_deeply_nested_json_is_400(client: httpx.AsyncClient, route: str, deep: str) -> None:
    before = await snapshot(client)
    for body in (deep, '{"claim": ' + deep + "}", '{"text": "x", "source": ' + deep + "}"):
        resp = await client.post(route, content=body.encode(), headers=JSON)
        assert_problem(resp, 400)
    assert await snapshot(client) == before


@pytest.mark.parametrize("deep", [DEEP_ARRAY, DEEP_OBJECT], ids=["array", "object"])
async def test_deeply_nested_import_line_is_rejected_alone(
    client: httpx.AsyncClient, deep: str
) -> None:
    lines = [json.dumps(stmt("d1", "First line.")), deep, json.dumps(stmt("d2", "Third line."))]
    resp = await client.post(
        "/v1/statements:import", content="\n".join(lines).encode(), headers={"content-type": NDJSON}
    )
    assert resp.status_code == 200, resp.text
    report = resp.json()
    assert (report["created"] + report["updated"], report["rejected"]) == (2, 1)
    assert report["errors"][0]["line"] == 2
    assert "nested too deeply" in report["errors"][0]["reason"]


def test_deeply_nested_json_file_is_malformed_input() -> None:
    with pytest.raises(MalformedInput, match="nested too deeply"):
        list(records_from_text(DEEP_ARRAY, "json"))


@pytest.mark.parametrize("route", BODY_ROUTES)
async def test_huge_bodies_are_413_declared_or_streamed(
    client: httpx.AsyncClient, route: str
) -> None:
    before = await snapshot(client)
    huge = json.dumps({**valid_body(route), "padding": "x" * 2_000_000}).encode()
    assert_problem(await client.post(route, content=huge, headers=JSON), 413)

    async def chunks() -> AsyncIterator[bytes]:  # no Content-Length: counted as it streams
        for start in range(0, len(huge), 65_536):
            yield huge[start : start + 65_536]

    assert_problem(await client.post(route, content=chunks(), headers=JSON), 413)
    assert await snapshot(client) == before


# Each route's body with a marker inside one of its strings, and that string's pointer.
MARKED = {
    "/v1/verify": (b'{"claim": "Grok @@ xAI"}', "#/claim"),
    "/v1/verify/batch": (b'{"claims": [{"claim": "Grok @@ xAI"}]}', None),
    "/v1/search": (b'{"query": "Grok @@ xAI"}', "#/query"),
    "/v1/stance": (b'{"claim": "ok", "evidence": "Grok @@ xAI"}', "#/evidence"),
    "/v1/statements": (b'{"text": "Grok @@ xAI", "source": {"title": "t"}}', "#/text"),
}


@pytest.mark.parametrize("route", BODY_ROUTES)
@pytest.mark.parametrize(
    "raw",
    [b"caf\xe9", b"\xff\xfe", b"a\x00b", b"\x80"],
    ids=["latin1", "bom-bytes", "raw-nul-in-string", "continuation-byte"],
)
async def test_non_utf8_and_raw_nul_bodies_are_400(
    client: httpx.AsyncClient, route: str, raw: bytes
) -> None:
    before = await snapshot(client)
    body = MARKED[route][0].replace(b"@@", raw)
    assert_problem(await client.post(route, content=body, headers=JSON), 400)
    assert_problem(await client.post(route, content=b"\x00" * 4, headers=JSON), 400)
    assert await snapshot(client) == before


@pytest.mark.parametrize("route", BODY_ROUTES)
async def test_utf8_encoded_surrogate_is_rejected(client: httpx.AsyncClient, route: str) -> None:
    # U+D800 written out as UTF-8 bytes: not valid UTF-8, though some decoders let it through.
    before = await snapshot(client)
    template, pointer = MARKED[route]
    resp = await client.post(route, content=template.replace(b"@@", b"\xed\xa0\x80"), headers=JSON)
    if pointer is None:  # a batch answers 200 with the claim's own error
        assert resp.status_code == 200, resp.text
        assert resp.json()["results"][0]["error"]["errors"][0]["pointer"] == "#/claim"
    else:
        problem = assert_problem(resp, 422)
        assert pointer in [e["pointer"] for e in problem["errors"]]  # type: ignore[union-attr]
    assert await snapshot(client) == before


LONE = ["\\ud800", "abc \\udfff def", "\\udc00\\ud800"]


@pytest.mark.parametrize("escaped", LONE)
@pytest.mark.parametrize(
    ("route", "template", "pointer"),
    [
        ("/v1/verify", '{"claim": "%s"}', "#/claim"),
        ("/v1/search", '{"query": "%s"}', "#/query"),
        ("/v1/stance", '{"claim": "ok", "evidence": "%s"}', "#/evidence"),
        ("/v1/statements", '{"text": "%s", "source": {"title": "t"}}', "#/text"),
        ("/v1/statements", '{"text": "ok", "source": {"title": "%s"}}', "#/source/title"),
        ("/v1/statements", '{"text": "ok", "source": {"title": "t"}, "tags": ["%s"]}', "#/tags/0"),
    ],
)
async def test_lone_surrogates_are_422_with_pointer(
    client: httpx.AsyncClient, escaped: str, route: str, template: str, pointer: str
) -> None:
    before = await snapshot(client)
    body = (template % escaped).encode()
    problem = assert_problem(await client.post(route, content=body, headers=JSON), 422)
    assert pointer in [e["pointer"] for e in problem["errors"]]  # type: ignore[union-attr]
    assert await snapshot(client) == before


async def test_lone_surrogates_elsewhere(client: httpx.AsyncClient) -> None:
    before = await snapshot(client)
    put = await client.put(
        "/v1/statements/s1",
        content=b'{"text": "\\ud800", "source": {"title": "t"}}',
        headers=JSON,
    )
    assert_problem(put, 422)
    batch = await client.post(
        "/v1/verify/batch", content=b'{"claims": [{"claim": "\\ud800"}, "ok"]}', headers=JSON
    )
    assert batch.status_code == 200, batch.text
    first, second = batch.json()["results"]
    assert first["error"]["status"] == 422 and first["error"]["errors"][0]["pointer"] == "#/claim"
    assert second["result"]["verdict"]
    imported = await client.post(
        "/v1/statements:import",
        content=b'{"id": "s1", "text": "a \\ud800 b", "source": {"title": "t"}}\n',
        headers={"content-type": NDJSON},
    )
    assert imported.status_code == 200, imported.text
    assert (imported.json()["created"], imported.json()["rejected"]) == (0, 1)
    assert await snapshot(client) == before


async def test_escaped_nul_is_dropped_from_text(client: httpx.AsyncClient) -> None:
    c = client
    resp = await c.post(
        "/v1/statements",
        content=b'{"id": "n1", "text": "Grok\\u0000 is\\u0000 open", "source": {"title": "t"}}',
        headers=JSON,
    )
    assert resp.status_code == 201, resp.text
    assert (await c.get("/v1/statements/n1")).json()["text"] == "Grok is open"
    imported = await c.post(
        "/v1/statements:import",
        content=b'{"id": "n2", "text": "\\u0000Second\\u0000 one", "source": {"title": "t"}}\n',
        headers={"content-type": NDJSON},
    )
    assert imported.json()["created"] == 1
    assert (await c.get("/v1/statements/n2")).json()["text"] == "Second one"
    verified = await c.post("/v1/verify", content=b'{"claim": "Grok\\u0000 is open"}', headers=JSON)
    assert verified.status_code == 200
    assert verified.json()["claim"] == "Grok is open"


@pytest.mark.parametrize("field", ["value", "best", "worst"])
@pytest.mark.parametrize("number", ["1e999", "-1e999", "NaN", "Infinity"])
async def test_non_finite_ratings_are_422(
    client: httpx.AsyncClient, field: str, number: str
) -> None:
    before = await snapshot(client)
    body = (
        '{"text": "Checked.", "kind": "fact_check", "source": {"title": "t"}, '
        f'"rating": {{"label": "False", "{field}": {number}}}}}'
    )
    resp = await client.post("/v1/statements", content=body.encode(), headers=JSON)
    problem = assert_problem(resp, 422)
    assert f"#/rating/{field}" in [e["pointer"] for e in problem["errors"]]  # type: ignore[union-attr]
    assert await snapshot(client) == before


ODD = [
    "!!!???...",
    "🙂🙂🙂",
    "👩‍👩‍👧 🏳️‍🌈",  # ZWJ sequences
    "\u200b\u200c\u200d\u2060",  # zero-width only
    "\u0301\u0308\u0327",  # combining marks with nothing to combine with
    "שלום עולם",
    "\u202eevil\u202c claim",
]


@pytest.mark.parametrize("text", ODD)
async def test_odd_text_on_search_stance_and_batch(
    seeded_client: httpx.AsyncClient, text: str
) -> None:
    search = await seeded_client.post("/v1/search", json={"query": text})
    assert search.status_code == 200, search.text
    assert search.json()["results"] is not None
    stance = await seeded_client.post("/v1/stance", json={"claim": text, "evidence": text})
    assert stance.status_code == 200, stance.text
    assert stance.json()["stance"] in {"supports", "refutes", "neutral"}
    batch = await seeded_client.post("/v1/verify/batch", json={"claims": [text, {"claim": text}]})
    assert batch.status_code == 200, batch.text
    for item in batch.json()["results"]:
        assert item["result"]["verdict"] == "not_enough_evidence"


async def test_texts_without_words_do_not_support_each_other(
    seeded_client: httpx.AsyncClient,
) -> None:
    stance = await seeded_client.post("/v1/stance", json={"claim": "!!!", "evidence": "🙂"})
    assert stance.json()["stance"] == "neutral"


async def test_invisible_and_combining_characters_do_not_change_the_match(
    seeded_client: httpx.AsyncClient,
) -> None:
    plain = "xAI launched Grok a month after being founded"
    disguised = "x\u200bAI laun\u2060ched Gr\ufeffok a mon\u00adth after being founded"
    composed = "Cafe\u0301 owners say xAI launched Grok a month after being founded"
    results = []
    for claim in (plain, disguised):
        body = (await seeded_client.post("/v1/verify", json={"claim": claim})).json()
        results.append(
            (body["claim"], body["verdict"], [e["statement"]["id"] for e in body["evidence"]])
        )
    assert results[0] == results[1]
    body = (await seeded_client.post("/v1/verify", json={"claim": composed})).json()
    assert body["claim"].startswith("Café")  # NFKC composes e + U+0301


async def test_right_to_left_statements_round_trip_and_are_found(
    client: httpx.AsyncClient,
) -> None:
    c = client
    hebrew = "משרד הבריאות הודיע על פתיחת שלושה בתי חולים חדשים בנגב"
    arabic = "أعلنت وزارة الصحة افتتاح ثلاثة مستشفيات جديدة في النقب"
    bidi = "The minister said \u202bמשרד הבריאות\u202c opened three hospitals"
    resp = await c.post(
        "/v1/statements",
        json=[
            {"id": "he1", "text": hebrew, "source": {**SOURCE, "title": "מקור"}},
            {"id": "ar1", "text": arabic, "source": {**SOURCE, "title": "مصدر"}},
            {"id": "bidi1", "text": bidi, "source": SOURCE},
        ],
    )
    assert resp.status_code == 201, resp.text
    for sid, text in (("he1", hebrew), ("ar1", arabic)):
        got = (await c.get(f"/v1/statements/{sid}")).json()
        assert got["text"] == text
        hits = (await c.post("/v1/search", json={"query": text})).json()["results"]
        assert hits[0]["statement"]["id"] == sid
        verdict = await c.post("/v1/verify", json={"claim": text})
        assert verdict.status_code == 200
        assert sid in [e["statement"]["id"] for e in verdict.json()["evidence"]]


async def test_full_text_listing_matches_right_to_left_words(client: httpx.AsyncClient) -> None:
    text = "משרד החינוך פתח ארבעה בתי ספר"
    resp = await client.put("/v1/statements/he2", json={"text": text, "source": SOURCE})
    assert resp.status_code in (200, 201), resp.text
    listed = (await client.get("/v1/statements", params={"q": "משרד"})).json()["items"]
    assert "he2" in [i["id"] for i in listed]
