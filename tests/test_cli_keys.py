"""`factdesk keys add`: a key printed once, its digest appended to a 0600 file, usable at once."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from factdesk.cli import main
from factdesk.keys import digest
from factdesk.main import create_app

from tests.conftest import _client_for, make_settings
from tests.routes.test_statements import assert_problem, stmt


def add(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["keys", "add", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_add_creates_the_file_and_prints_the_key_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    keys = tmp_path / "conf" / "keys"
    code, out, err = add(capsys, "cms-plugin", "--role", "write", "--file", str(keys))
    assert code == 0
    key = out.strip()
    assert len(key) >= 43 and "\n" not in key  # 32 random bytes, URL-safe base64
    assert "shown only this once" in err and key not in err
    assert stat.S_IMODE(keys.stat().st_mode) == 0o600
    assert keys.read_text("utf-8") == f"cms-plugin:{digest(key)}:write\n"
    assert key not in keys.read_text("utf-8")

    code, out, _ = add(capsys, "ci", "--role", "read", "--file", str(keys))
    assert code == 0
    lines = keys.read_text("utf-8").splitlines()
    assert lines[1] == f"ci:{digest(out.strip())}:read"
    assert out.strip() != key


def test_add_refuses_a_duplicate_name_and_a_malformed_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    keys = tmp_path / "keys"
    keys.write_text(f"# team keys\nci:{'a' * 64}:read", "utf-8")  # no final newline
    before = keys.read_text("utf-8")
    code, out, err = add(capsys, "ci", "--role", "write", "--file", str(keys))
    assert (code, out) == (1, "")
    assert "already has a key named 'ci'" in err
    assert keys.read_text("utf-8") == before

    code, out, err = add(capsys, "bad name", "--role", "read", "--file", str(keys))
    assert (code, out) == (1, "") and "a key name is" in err

    code, out, _ = add(capsys, "cms", "--role", "read", "--file", str(keys))
    assert code == 0
    assert keys.read_text("utf-8") == before + f"\ncms:{digest(out.strip())}:read\n"

    broken = tmp_path / "broken"
    broken.write_text("ci:not-a-digest:read\n", "utf-8")
    code, out, err = add(capsys, "cms", "--role", "read", "--file", str(broken))
    assert (code, out) == (1, "") and "line 1" in err
    assert broken.read_text("utf-8") == "ci:not-a-digest:read\n"


def test_add_uses_the_configured_file_or_says_it_has_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("FACTDESK_API_KEYS_FILE", raising=False)
    code, out, err = add(capsys, "ci", "--role", "read")
    assert (code, out) == (2, "") and "FACTDESK_API_KEYS_FILE" in err

    monkeypatch.setenv("FACTDESK_API_KEYS_FILE", str(tmp_path / "keys"))
    code, out, _ = add(capsys, "ci", "--role", "read")
    assert code == 0 and (tmp_path / "keys").read_text("utf-8").startswith("ci:")

    with pytest.raises(SystemExit):
        main(["keys", "add", "ci", "--role", "admin"])
    capsys.readouterr()


async def test_a_generated_key_opens_the_write_routes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    keys = tmp_path / "keys"
    _, writer, _ = add(capsys, "editor", "--role", "write", "--file", str(keys))
    _, reader, _ = add(capsys, "viewer", "--role", "read", "--file", str(keys))
    settings = make_settings(tmp_path, seed_fixtures=False, api_keys_file=keys)
    async for client in _client_for(create_app(settings)):
        body = stmt("k1", "Written with a generated key.")
        headers = {"X-API-Key": reader.strip()}
        assert_problem(await client.post("/v1/statements", json=body, headers=headers), 403)
        headers = {"X-API-Key": writer.strip()}
        assert (await client.post("/v1/statements", json=body, headers=headers)).status_code == 201
