"""API keys and roles: the keys file, and who may call what against a real app."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from factdesk.config import Settings
from factdesk.keys import KeyFileError, KeyRing, Role, digest, new_key, parse_keys
from factdesk.main import create_app
from pydantic import ValidationError

from tests.conftest import _client_for, make_settings
from tests.routes.test_statements import assert_problem, snapshot, stmt

READ_KEY = new_key()
WRITE_KEY = new_key()
NDJSON = b'{"id": "imp-1", "text": "Imported.", "source": {"title": "T"}}\n'


def write_keys_file(path: Path, *entries: tuple[str, str, str]) -> Path:
    lines = ["# FactDesk API keys", ""]
    lines += [f"{name}:{digest(key)}:{role}" for name, key, role in entries]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


async def _keyed_client(tmp: Path, **overrides: object) -> AsyncIterator[httpx.AsyncClient]:
    keys = write_keys_file(
        tmp / "keys", ("reader", READ_KEY, "read"), ("editor", WRITE_KEY, "write")
    )
    settings = make_settings(tmp, seed_fixtures=False, api_keys_file=keys, **overrides)
    async for client in _client_for(create_app(settings)):
        yield client


@pytest.fixture(scope="module")
async def keyed(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[httpx.AsyncClient]:
    """Keys configured, reads open."""
    async for client in _keyed_client(tmp_path_factory.mktemp("keyed")):
        yield client


@pytest.fixture(scope="module")
async def closed(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[httpx.AsyncClient]:
    """Keys configured, reads need a key too."""
    async for client in _keyed_client(
        tmp_path_factory.mktemp("closed"), require_keys_for_reads=True
    ):
        yield client


def _unauthorized(resp: httpx.Response) -> None:
    assert_problem(resp, 401)
    assert resp.headers["www-authenticate"] == "ApiKey"


# -- the keys file ---------------------------------------------------------------------------


def test_parse_skips_comments_and_blank_lines() -> None:
    keys = parse_keys(
        [
            "# comment",
            "",
            f"  ci:{'A' * 64}:read  ",
            "   # indented comment",
            f"cms:{'0' * 64}:write",
        ],
        "keys.txt",
    )
    assert [(k.name, k.digest, k.role) for k in keys] == [
        ("ci", "a" * 64, Role.READ),
        ("cms", "0" * 64, Role.WRITE),
    ]


@pytest.mark.parametrize(
    ("line", "complaint"),
    [
        ("ci:" + "a" * 64, "expected name:sha256-hex:role"),
        ("ci:" + "a" * 64 + ":admin", "role must be 'read' or 'write'"),
        ("ci:" + "a" * 63 + ":read", "not 64 hex digits"),
        ("ci:" + "g" * 64 + ":read", "not 64 hex digits"),
        (":" + "a" * 64 + ":read", "a key name is"),
        ("c i:" + "a" * 64 + ":read", "a key name is"),
    ],
)
def test_malformed_lines_name_the_file_and_line(line: str, complaint: str) -> None:
    with pytest.raises(KeyFileError) as err:
        parse_keys(["# header", line], "/etc/factdesk/keys")
    message = str(err.value)
    assert message.startswith("/etc/factdesk/keys, line 2: ")
    assert complaint in message
    assert "a" * 63 not in message  # the digest is not echoed


def test_duplicate_names_are_refused() -> None:
    with pytest.raises(KeyFileError, match="line 2: a second key named 'ci'"):
        parse_keys([f"ci:{'a' * 64}:read", f"ci:{'b' * 64}:write"], "keys")


def test_keyring_matches_only_the_exact_key() -> None:
    ring = KeyRing(parse_keys([f"ci:{digest(READ_KEY)}:read", f"w:{digest(WRITE_KEY)}:write"], "k"))
    found = ring.match(WRITE_KEY)
    assert found is not None and found.name == "w" and found.role is Role.WRITE
    assert ring.match(READ_KEY) is not None
    assert ring.match(READ_KEY[:-1]) is None
    assert ring.match(READ_KEY + "x") is None
    assert ring.match(digest(READ_KEY)) is None  # the digest itself is not a key
    assert ring.match("") is None


def test_malformed_keys_file_stops_the_app_from_being_built(tmp_path: Path) -> None:
    bad = tmp_path / "keys"
    bad.write_text(f"ci:{'a' * 64}:read\ncms:{'b' * 64}:owner\n", "utf-8")
    with pytest.raises(KeyFileError, match=r"keys, line 2: role must be 'read' or 'write'"):
        create_app(make_settings(tmp_path, api_keys_file=bad))
    with pytest.raises(KeyFileError, match="cannot read the API keys file"):
        create_app(make_settings(tmp_path, api_keys_file=tmp_path / "missing"))


def test_keys_for_reads_without_a_keys_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="FACTDESK_REQUIRE_KEYS_FOR_READS needs"):
        make_settings(tmp_path, require_keys_for_reads=True)


def test_keys_file_setting_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FACTDESK_API_KEYS_FILE", str(tmp_path / "keys"))
    monkeypatch.setenv("FACTDESK_REQUIRE_KEYS_FOR_READS", "true")
    settings = Settings()
    assert settings.api_keys_file == tmp_path / "keys" and settings.require_keys_for_reads
    monkeypatch.setenv("FACTDESK_API_KEYS_FILE", "")
    monkeypatch.delenv("FACTDESK_REQUIRE_KEYS_FOR_READS")
    assert Settings().api_keys_file is None


# -- who may call what -----------------------------------------------------------------------


async def test_without_a_keys_file_everything_is_open(
    empty_client: httpx.AsyncClient,
) -> None:
    # The embedded default: one local user, no keys; a stray key header is ignored.
    resp = await empty_client.post("/v1/statements", json=stmt("o1", "Open write."))
    assert resp.status_code == 201
    resp = await empty_client.delete("/v1/statements/o1", headers={"X-API-Key": "anything"})
    assert resp.status_code == 204


async def test_reads_are_open_and_writes_need_a_write_key(keyed: httpx.AsyncClient) -> None:
    assert (await keyed.get("/v1/stats")).status_code == 200
    assert (await keyed.post("/v1/search", json={"query": "Musk"})).status_code == 200
    before = await snapshot(keyed)

    _unauthorized(await keyed.post("/v1/statements", json=stmt("w1", "No key.")))
    _unauthorized(
        await keyed.post(
            "/v1/statements", json=stmt("w1", "Wrong key."), headers={"X-API-Key": "nope"}
        )
    )
    problem = assert_problem(
        await keyed.post(
            "/v1/statements", json=stmt("w1", "Read key."), headers={"X-API-Key": READ_KEY}
        ),
        403,
    )
    assert "'reader' has the read role" in str(problem["detail"])
    assert await snapshot(keyed) == before

    resp = await keyed.post(
        "/v1/statements", json=stmt("w1", "Write key."), headers={"X-API-Key": WRITE_KEY}
    )
    assert resp.status_code == 201 and resp.json()["created"] == ["w1"]
    # A read key reads; so does a write key.
    for key in (READ_KEY, WRITE_KEY):
        got = await keyed.get("/v1/statements/w1", headers={"X-API-Key": key})
        assert got.status_code == 200 and got.json()["text"] == "Write key."


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("PUT", "/v1/statements/seed-x", stmt("seed-x", "Replaced.")),
        ("DELETE", "/v1/statements/keep-1", None),
        ("POST", "/v1/statements:import", NDJSON),
    ],
)
async def test_every_write_route_refuses_without_a_write_key(
    keyed: httpx.AsyncClient, method: str, path: str, body: object
) -> None:
    await keyed.put(
        "/v1/statements/keep-1", json=stmt("keep-1", "Kept."), headers={"X-API-Key": WRITE_KEY}
    )
    before = await snapshot(keyed)
    kwargs: dict[str, object] = (
        {"content": body, "headers": {"content-type": "application/x-ndjson"}}
        if isinstance(body, bytes)
        else {"json": body}
    )
    for key, status in ((None, 401), ("wrong", 401), (READ_KEY, 403)):
        headers = dict(kwargs.get("headers") or {})  # type: ignore[call-overload]
        if key is not None:
            headers["X-API-Key"] = key
        resp = await keyed.request(method, path, **{**kwargs, "headers": headers})  # type: ignore[arg-type]
        assert_problem(resp, status)
    assert await snapshot(keyed) == before
    assert (await keyed.get("/v1/statements/keep-1")).json()["text"] == "Kept."


async def test_a_wrong_key_is_refused_on_open_reads_too(keyed: httpx.AsyncClient) -> None:
    _unauthorized(await keyed.get("/v1/stats", headers={"X-API-Key": "revoked-key"}))
    _unauthorized(
        await keyed.post("/v1/verify", json={"claim": "x"}, headers={"X-API-Key": "revoked"})
    )


async def test_reads_can_require_a_key(closed: httpx.AsyncClient) -> None:
    for method, path, body in (
        ("GET", "/v1/stats", None),
        ("GET", "/v1/statements", None),
        ("POST", "/v1/verify", {"claim": "Musk sued OpenAI"}),
        ("POST", "/v1/verify/batch", {"claims": ["Musk sued OpenAI"]}),
        ("POST", "/v1/search", {"query": "Musk"}),
        ("POST", "/v1/stance", {"claim": "a", "evidence": "b"}),
    ):
        _unauthorized(await closed.request(method, path, json=body))
        resp = await closed.request(method, path, json=body, headers={"X-API-Key": READ_KEY})
        assert resp.status_code == 200, (path, resp.text)


async def test_health_and_docs_stay_open(closed: httpx.AsyncClient) -> None:
    for path in ("/healthz", "/readyz", "/docs", "/redoc", "/openapi.json"):
        assert (await closed.get(path)).status_code == 200, path


async def test_keys_never_reach_the_logs(
    keyed: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG):
        await keyed.post("/v1/statements", json=stmt("l1", "x."), headers={"X-API-Key": READ_KEY})
        await keyed.post("/v1/statements", json=stmt("l1", "x."), headers={"X-API-Key": WRITE_KEY})
        await keyed.get("/v1/stats", headers={"X-API-Key": "guessed-key"})
    assert caplog.records
    logged = "\n".join(r.getMessage() + repr(r.__dict__) for r in caplog.records)
    for secret in (READ_KEY, WRITE_KEY, "guessed-key", digest(READ_KEY), digest(WRITE_KEY)):
        assert secret not in logged


def test_openapi_declares_the_key_scheme_and_the_error_answers() -> None:
    doc = create_app(Settings(seed_fixtures=False)).openapi()
    scheme = doc["components"]["securitySchemes"]["APIKeyHeader"]
    assert scheme == {**scheme, "type": "apiKey", "in": "header", "name": "X-API-Key"}
    paths = doc["paths"]
    for path, method in (
        ("/v1/statements", "post"),
        ("/v1/statements/{statement_id}", "put"),
        ("/v1/statements/{statement_id}", "delete"),
        ("/v1/statements:import", "post"),
    ):
        op = paths[path][method]
        assert op["security"] == [{"APIKeyHeader": []}]
        assert {"401", "403", "429"} <= set(op["responses"]), (method, path)
        assert "WWW-Authenticate" in op["responses"]["401"]["headers"]
        assert "Retry-After" in op["responses"]["429"]["headers"]
    for path, method in (("/v1/verify", "post"), ("/v1/statements", "get"), ("/v1/stats", "get")):
        op = paths[path][method]
        assert op["security"] == [{"APIKeyHeader": []}]
        assert {"401", "429"} <= set(op["responses"]) and "403" not in op["responses"]
    for path in ("/healthz", "/readyz"):
        assert "security" not in paths[path]["get"]
