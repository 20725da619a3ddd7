"""The `factdesk` command: import (NDJSON, CSV, JSON), export, verify, openapi."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from factdesk.cli import main


@pytest.fixture()
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "cli.db"
    monkeypatch.setenv("FACTDESK_DATABASE_URL", f"sqlite:///{path}")
    monkeypatch.setenv("FACTDESK_SEED_FIXTURES", "false")
    return path


def test_import_formats_export_and_exit_codes(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ndjson = tmp_path / "a.ndjson"
    ndjson.write_text(
        json.dumps(
            {
                "id": "n1",
                "text": "ChatGPT was launched in November 2022.",
                "source": {"title": "T", "published_at": "2024-03-13"},
            }
        )
        + "\n"
        + '{"id": "bad", "text": ""}\n',
        "utf-8",
    )
    csv_file = tmp_path / "b.csv"
    csv_file.write_text(
        "id,text,source_title,source_published_at,tags\n"
        'c1,"Elon Musk left OpenAI\'s board in 2018.",Article,2024-03-13,musk|openai\n',
        "utf-8",
    )
    json_file = tmp_path / "c.json"
    json_file.write_text(
        json.dumps(
            [
                {"id": "j1", "text": "그록은 xAI가 개발했다.", "source": {"title": "기사"}},
                {
                    "id": "j2",
                    "kind": "fact_check",
                    "text": "Grok is sentient.",
                    "rating": {"label": "False"},
                    "source": {"url": "https://example.org/fc"},
                },
            ]
        ),
        "utf-8",
    )

    assert main(["import", str(ndjson), str(csv_file), str(json_file)]) == 1  # one rejected line
    out = capsys.readouterr()
    assert "a.ndjson: 1 created, 0 updated, 1 rejected" in out.out
    assert "line 2" in out.err
    assert "b.csv: 1 created" in out.out and "c.json: 2 created" in out.out

    assert main(["import", str(csv_file)]) == 0  # idempotent by id: an update, exit 0
    assert "0 created, 1 updated, 0 rejected" in capsys.readouterr().out

    assert main(["export"]) == 0
    exported = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [s["id"] for s in exported] == ["c1", "j1", "j2", "n1"]
    assert exported[0]["tags"] == ["musk", "openai"]
    assert exported[1]["language"] == "ko"
    assert exported[2]["rating"] == {"label": "False"}


def test_malformed_file_stores_nothing(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("[{not json", "utf-8")
    assert main(["import", str(bad)]) == 2
    assert "nothing stored" in capsys.readouterr().err
    assert main(["export"]) == 0
    assert capsys.readouterr().out == ""


def test_verify_prints_verdict_and_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FACTDESK_DATABASE_URL", f"sqlite:///{tmp_path / 'v.db'}")
    assert main(["verify", "xAI launched Grok a year after being founded"]) == 0
    text = capsys.readouterr().out
    assert "Verdict:    REFUTED" in text and "duration_mismatch" in text and "source:" in text
    assert main(["verify", "xAI는 설립 한 달 뒤에 그록을 출시했다", "--json"]) == 0
    body = json.loads(capsys.readouterr().out)
    assert body["verdict"] == "supported" and body["language"] == "ko"


def test_openapi_command_writes_the_schema(tmp_path: Path) -> None:
    target = tmp_path / "openapi.json"
    assert main(["openapi", "-o", str(target)]) == 0
    doc = json.loads(target.read_text("utf-8"))
    assert "/v1/verify" in doc["paths"] and doc["info"]["title"] == "FactDesk"


def test_vectors_write_puts_the_seed_passages_vectors_beside_it(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from factdesk.embed import create_embedder
    from factdesk.embed.precomputed import load_table, table_path

    seed = tmp_path / "seed.ndjson"
    records = [
        {"id": "v1", "text": "ChatGPT was launched in November 2022.", "source": {"title": "T"}},
        {"id": "v2", "text": "xAI was founded in 2023.", "source": {"title": "U"}},
    ]
    seed.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    assert main(["vectors", "write", str(seed)]) == 0
    assert f"wrote {table_path(seed)}: e5-small 2, minilm-l6 2" in capsys.readouterr().out
    table = load_table(table_path(seed), create_embedder("e5-small"))
    assert table is not None and len(table) == 2
