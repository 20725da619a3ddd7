"""`factdesk reindex`: statements stored without English vectors gain them, and stay put."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from factdesk.cli import main
from factdesk.store.sqlite import SqliteStore


def test_reindex_adds_english_vectors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "cli.db"
    monkeypatch.setenv("FACTDESK_DATABASE_URL", f"sqlite:///{db}")
    monkeypatch.setenv("FACTDESK_SEED_FIXTURES", "false")
    lines = [
        {"id": "e1", "text": "ChatGPT was launched in November 2022.", "source": {"title": "T"}},
        {"id": "k1", "text": "그록은 xAI가 개발했다.", "source": {"title": "기사"}},
    ]
    data = tmp_path / "a.ndjson"
    data.write_text("".join(json.dumps(line) + "\n" for line in lines), "utf-8")
    monkeypatch.setenv("FACTDESK_ENGLISH_EMBEDDER", "none")
    assert main(["import", str(data)]) == 0
    store = SqliteStore(db)
    before = {s.id: s for s in store.iter_all()}
    assert store.vectors_since(0).english_rows == []
    store.close()

    monkeypatch.delenv("FACTDESK_ENGLISH_EMBEDDER")
    assert main(["reindex"]) == 0
    assert "re-embedded and re-parsed 2 statements" in capsys.readouterr().out
    store = SqliteStore(db)
    delta = store.vectors_since(0)
    assert [delta.ids[i] for i in delta.english_rows] == ["e1"]
    after = {s.id: s for s in store.iter_all()}
    store.close()
    for sid, statement in before.items():
        assert after[sid].text == statement.text and after[sid].created_at == statement.created_at
