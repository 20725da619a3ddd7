"""`factdesk eval crosslingual` and `factdesk eval stance-ko` on small files written here, in the
formats of the public sets (the sets themselves live outside the repository)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from factdesk.cli import main as cli_main
from factdesk.eval import crosslingual, stance_ko

KO = [
    "정부는 올해 최저임금을 5% 올리기로 했다.",
    "서울의 지하철 요금이 다음 달부터 인상된다.",
    "국가대표 축구팀이 월드컵 본선 진출을 확정했다.",
    "새 박물관이 부산에서 문을 열었다.",
]
EN = [
    "The government decided to raise the minimum wage by 5% this year.",
    "Subway fares in Seoul will go up from next month.",
    "The national football team secured a place in the World Cup finals.",
    "A new museum opened in Busan.",
]


def _parallel(folder: Path, ko: list[str], en: list[str]) -> Path:
    folder.mkdir()
    (folder / "news.dev.ko").write_text("\n".join(ko) + "\n", encoding="utf-8")
    (folder / "news.dev.en").write_text("\n".join(en) + "\n", encoding="utf-8")
    return folder


def test_crosslingual_ranks_the_aligned_sentence_in_both_directions(tmp_path: Path) -> None:
    data = _parallel(tmp_path / "news", KO, EN)
    report, code = crosslingual.main(data, tmp_path / "store.db")
    assert code == 0
    for key in ("ko->en", "en->ko"):
        result = report[key]
        assert isinstance(result, dict)
        assert result["queries"] == 4
        # Four unrelated news items: the translation is the nearest in each direction.
        assert result["p@1"] == 1.0 and result["mrr@10"] == 1.0
    assert (tmp_path / "store-ko.db").exists()  # the second direction's own store


def test_crosslingual_counts_a_miss(tmp_path: Path) -> None:
    # Line 4's "translation" is about something else: its query cannot find it first.
    data = _parallel(tmp_path / "news", KO, [*EN[:3], "Shares of chip makers fell sharply."])
    report, _ = crosslingual.main(data, None)
    result = report["ko->en"]
    assert isinstance(result, dict)
    assert result["p@1"] < 1.0


def test_crosslingual_refuses_sides_of_different_length(tmp_path: Path) -> None:
    data = _parallel(tmp_path / "news", KO, EN[:3])
    _, code = crosslingual.main(data, None)
    assert code == 1


def _nli(folder: Path) -> Path:
    folder.mkdir()
    klue = [
        {
            "premise": "회사는 지난해 매출이 10% 늘었다고 밝혔다.",
            "hypothesis": "회사의 지난해 매출이 늘었다.",
            "gold_label": "entailment",
        },
        {
            "premise": "회사는 지난해 매출이 10% 늘었다고 밝혔다.",
            "hypothesis": "회사의 지난해 매출이 줄었다.",
            "gold_label": "contradiction",
        },
        {
            "premise": "회사는 지난해 매출이 10% 늘었다고 밝혔다.",
            "hypothesis": "회사는 새 공장을 지을 계획이다.",
            "gold_label": "neutral",
        },
        {"premise": "x", "hypothesis": "y", "gold_label": "-"},  # no majority label: left out
    ]
    (folder / "klue-nli-v1.1_dev.json").write_text(json.dumps(klue, ensure_ascii=False), "utf-8")
    rows = [
        "sentence1\tsentence2\tgold_label",
        "그는 시험에 합격했다.\t그는 시험에 합격하지 못했다.\tcontradiction",
        "그는 시험에 합격했다.\t그는 시험에 붙었다.\tentailment",
    ]
    (folder / "xnli.dev.ko.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return folder


def test_stance_ko_reads_both_sets_and_scores_the_judge(tmp_path: Path) -> None:
    data = _nli(tmp_path / "nli")
    assert [label for _, _, label in stance_ko.klue_pairs(data / "klue-nli-v1.1_dev.json")] == [
        "supports",
        "refutes",
        "neutral",
    ]
    pairs = stance_ko.xnli_pairs(data / "xnli.dev.ko.tsv")
    # The hypothesis is the claim, the premise the evidence.
    assert pairs[0] == ("그는 시험에 합격하지 못했다.", "그는 시험에 합격했다.", "refutes")
    report, code = stance_ko.main(data)
    assert code == 0
    klue = report["klue-nli-dev"]
    assert isinstance(klue, dict) and klue["pairs"] == 3
    judge = klue["judge"]
    assert isinstance(judge, dict) and 0.0 <= judge["macro_f1"] <= 1.0
    assert sum(sum(row) for row in judge["confusion"]) == 3


@pytest.mark.parametrize("command", ["crosslingual", "stance-ko"])
def test_the_commands_are_on_the_cli(command: str, tmp_path: Path) -> None:
    data = (
        _parallel(tmp_path / "news", KO, EN)
        if command == "crosslingual"
        else _nli(tmp_path / "nli")
    )
    out = tmp_path / "report.json"
    assert (
        cli_main(["eval", command, "--data", str(data), "--limit", "2", "--json-out", str(out)])
        == 0
    )
    written = json.loads(out.read_text("utf-8"))
    expected = (
        {"ko->en", "en->ko"} if command == "crosslingual" else {"klue-nli-dev", "xnli-ko-dev"}
    )
    assert set(written) == expected
