"""`python -m factdesk.eval.fit_stance` and the held-out reporting of `factdesk eval stance-ko`,
on small files written here (the real sets live outside the repository)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from factdesk.engine.stance.learned import FEATURES, StanceModel
from factdesk.eval import fit_stance, stance_ko
from factdesk.eval.stance_pairs import FIT, HELD_OUT, split_of

CLAIMS = [
    (
        "Glaciers in the Alps have shrunk since 1900.",
        "Alpine glaciers have lost much of their ice since 1900.",
    ),
    (
        "Winters in the region are getting colder.",
        "Average winter temperatures in the region have risen.",
    ),
    ("The river carries more sediment than before.", "The river is used for shipping grain."),
    (
        "Coral reefs are bleaching more often.",
        "Mass bleaching events on coral reefs have become more frequent.",
    ),
    (
        "Snowfall in the mountains has increased.",
        "Snowfall in the mountains has decreased over the last decades.",
    ),
    ("The lake froze every winter in the 1800s.", "The lake is a popular site for birdwatching."),
]
LABELS = ["SUPPORTS", "REFUTES", "NOT_ENOUGH_INFO"]


def _climate(path: Path) -> Path:
    lines = []
    for i, (claim, evidence) in enumerate(CLAIMS * 2):
        label = LABELS[i % 3]
        ev = {"evidence_id": f"e{i}", "evidence_label": label, "article": "A", "evidence": evidence}
        lines.append(
            json.dumps(
                {
                    "claim_id": str(2 * i),
                    "claim": f"{claim} ({i})",
                    "claim_label": label,
                    "evidences": [ev],
                }
            )
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _korean(folder: Path) -> Path:
    folder.mkdir()
    premises = [
        "회사는 지난해 매출이 10% 늘었다고 밝혔다.",
        "그는 시험에 합격했다.",
        "비가 많이 와서 경기가 취소됐다.",
    ]
    klue = []
    for premise in premises:
        klue += [
            {
                "premise": premise,
                "hypothesis": premise.replace("다.", "다고 한다."),
                "gold_label": "entailment",
            },
            {"premise": premise, "hypothesis": "그런 일은 없었다.", "gold_label": "contradiction"},
            {"premise": premise, "hypothesis": "새 공장을 지을 계획이다.", "gold_label": "neutral"},
        ]
    (folder / "klue-nli-v1.1_dev.json").write_text(json.dumps(klue, ensure_ascii=False), "utf-8")
    rows = ["sentence1\tsentence2\tgold_label"]
    for premise in premises:
        rows += [
            f"{premise}\t그런 일은 없었다.\tcontradiction",
            f"{premise}\t{premise}\tentailment",
        ]
    (folder / "xnli.dev.ko.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return folder


def test_split_is_by_group_stable_and_halves() -> None:
    groups = [f"climate-fever:{i}" for i in range(0, 400, 2)]
    splits = [split_of(g) for g in groups]
    assert splits == [split_of(g) for g in groups]
    assert 0.35 < splits.count(HELD_OUT) / len(splits) < 0.65
    assert set(splits) == {FIT, HELD_OUT}


def test_fit_writes_weights_that_load_and_say_what_they_were_fitted_on(tmp_path: Path) -> None:
    out = tmp_path / "stance.npz"
    code = fit_stance.main(
        [
            "--climate",
            str(_climate(tmp_path / "cf.jsonl")),
            "--korean",
            str(_korean(tmp_path / "ko")),
            "--out",
            str(out),
            "--json-out",
            str(tmp_path / "report.json"),
        ]
    )
    assert code == 0
    model = StanceModel.load(out)
    assert model.features == FEATURES
    assert model.offsets.shape == (2, 3) and model.languages == ("en", "ko")
    assert all(np.isfinite(part).all() for part in (model.bias, model.claim, model.scalar))
    fitted_on = model.meta["fitted_on"]
    assert isinstance(fitted_on, list) and all(f"({FIT} half)" in f for f in fitted_on)
    report = json.loads((tmp_path / "report.json").read_text())
    held = [k for k in report if k.endswith(HELD_OUT)]
    assert held and all({"rules", "learned", "hybrid"} <= set(report[k]) for k in held)


def test_stance_ko_reports_the_held_out_half_for_a_learned_judge(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FACTDESK_STANCE_JUDGE", "learned")
    data = _korean(tmp_path / "ko")
    report, code = stance_ko.main(data)
    assert code == 0
    every = report["klue-nli/all/learned"]
    held = report["klue-nli/held-out/learned"]
    assert isinstance(every, dict) and isinstance(held, dict)
    assert every["n"] == 9
    expected = (
        sum(
            split_of(f"klue-nli:{p}") == HELD_OUT
            for p in {
                r["premise"] for r in json.loads((data / "klue-nli-v1.1_dev.json").read_text())
            }
        )
        * 3
    )
    assert held["n"] == expected
    assert "klue-nli/all/rules" in report
