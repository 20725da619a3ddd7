"""Sentence boundaries found by `factdesk.engine.sentences.split_sentences` on the Korean-English
news corpus (dev split): its sentences joined five at a time with a space, each join a boundary
to find. Three stresses besides the text as written: every English sentence starting in lower
case (text written without capitals), and every Korean sentence without its final full stop
(text written without full stops). Prints precision, recall and F1 per variant, and the time of
a split of the seed article (x1 and x11, ~53,000 characters).

    python bench/sentence_boundaries.py --data ../shared/data/korean-english-news

The corpus's lines are not always one sentence each (a line with two sentences counts the split
between them as a false positive), so the numbers compare variants and versions, not splitters
against the truth.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from factdesk.engine.sentences import split_sentences

GROUP = 5
SEED_ARTICLE = (
    Path(__file__).resolve().parents[1] / "fixtures/articles/grok-open-source-article.ko.txt"
)


def groups(lines: list[str]) -> Iterator[list[str]]:
    for i in range(0, len(lines) - GROUP + 1, GROUP):
        yield lines[i : i + GROUP]


def score(docs: Iterable[list[str]]) -> str:
    tp = fp = fn = 0
    for doc in docs:
        text = " ".join(doc)
        gold, at = set(), 0
        for sentence in doc[:-1]:
            at += len(sentence)
            gold.add(at)
            at += 1
        found = {s.end for s in split_sentences(text)[:-1]}
        tp, fp, fn = tp + len(gold & found), fp + len(found - gold), fn + len(gold - found)
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return f"P={p:.3f} R={r:.3f} F1={f1:.3f} (false positives {fp}, missed {fn})"


def best_ms(text: str, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        split_sentences(text)
        times.append(time.perf_counter() - started)
    return min(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="korean-english-news folder")
    args = parser.parse_args()
    en, ko = (
        [line.strip() for line in path.read_text("utf-8").splitlines() if line.strip()]
        for path in sorted(args.data.glob("*.dev.en")) + sorted(args.data.glob("*.dev.ko"))
    )
    split_sentences(
        "시청은 새 다리를 개통했다고 밝혔다 다리는 길이가 1.2킬로미터에 이른다"
    )  # loads Kiwi
    print(f"English, as written ({len(en)} lines):   {score(groups(en))}")
    lower = [s[:1].lower() + s[1:] for s in en]
    print(f"English, lower-case starts:          {score(groups(lower))}")
    print(f"Korean, as written ({len(ko)} lines):    {score(groups(ko))}")
    bare = [s.removesuffix(".") for s in ko]
    print(f"Korean, no final full stops:         {score(groups(bare))}")
    article = SEED_ARTICLE.read_text("utf-8")
    print(f"seed article: {len(split_sentences(article))} sentences, {best_ms(article):.1f} ms")
    print(f"seed article x11: {best_ms((article + chr(10)) * 11):.1f} ms")


if __name__ == "__main__":
    main()
