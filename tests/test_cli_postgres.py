"""`factdesk migrate`, `import`, `export` and `copy` on PostgreSQL (`migrate` on SQLite too)."""

from __future__ import annotations

import json
from pathlib import Path

import psycopg
import pytest
from factdesk.cli import main

from tests.paths import SEED_STATEMENTS
from tests.redis_server import free_port

pytestmark = pytest.mark.slow  # import embeds


def test_migrate_import_export_and_copy(
    postgres_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("FACTDESK_DATABASE_URL", postgres_url)
    monkeypatch.setenv("FACTDESK_SEED_FIXTURES", "false")
    assert main(["migrate"]) == 0
    assert "applied 0001_statements.sql" in capsys.readouterr().out
    assert main(["migrate"]) == 0
    assert "schema up to date" in capsys.readouterr().out

    lines = SEED_STATEMENTS.read_text("utf-8").splitlines()[:12]
    source = tmp_path / "some.ndjson"
    source.write_text("\n".join(lines) + '\n{"id": "bad", "text": ""}\n', "utf-8")
    assert main(["import", str(source)]) == 1  # one rejected line
    assert "12 created, 0 updated, 1 rejected" in capsys.readouterr().out
    assert main(["export"]) == 0
    exported = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert sorted(s["id"] for s in exported) == sorted(json.loads(line)["id"] for line in lines)

    # The statements copied into a SQLite file, then back into the emptied database.
    sqlite_url = f"sqlite:///{tmp_path / 'copy.db'}"
    assert main(["copy", postgres_url, sqlite_url]) == 0
    assert "copied 12 statements" in capsys.readouterr().out
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute("DELETE FROM schema_migrations")  # copy migrates its target
        conn.execute("DROP TABLE statements, lexicon, tombstones, store_meta, pages")
    assert main(["copy", sqlite_url, postgres_url]) == 0
    assert "copied 12 statements" in capsys.readouterr().out
    assert main(["export"]) == 0
    assert [json.loads(line)["id"] for line in capsys.readouterr().out.splitlines()] == [
        s["id"] for s in exported
    ]
    assert main(["copy", f"sqlite:///{tmp_path / 'missing.db'}", postgres_url]) == 1


def test_migrate_on_sqlite_brings_the_file_up_to_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "fresh.db"
    monkeypatch.setenv("FACTDESK_DATABASE_URL", f"sqlite:///{path}")
    assert main(["migrate"]) == 0
    assert "schema up to date" in capsys.readouterr().out
    assert path.is_file()
    monkeypatch.setenv("FACTDESK_DATABASE_URL", f"postgresql://postgres@127.0.0.1:{free_port()}/x")
    monkeypatch.setenv("FACTDESK_DATABASE_TIMEOUT_SECONDS", "1")
    assert main(["migrate"]) == 1
    assert "migrate: PostgreSQL migration failed" in capsys.readouterr().err
