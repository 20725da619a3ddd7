"""Classification and ranking metrics, written out so the numbers are auditable."""

from __future__ import annotations

from collections.abc import Sequence


def confusion(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str]) -> list[list[int]]:
    """Rows are gold labels, columns predicted labels, in `labels` order."""
    index = {label: i for i, label in enumerate(labels)}
    matrix = [[0] * len(labels) for _ in labels]
    for g, p in zip(gold, pred, strict=True):
        matrix[index[g]][index[p]] += 1
    return matrix


def classification_report(
    gold: Sequence[str], pred: Sequence[str], labels: Sequence[str]
) -> dict[str, object]:
    """Accuracy, macro-F1, per-class precision/recall/F1 and the confusion matrix."""
    matrix = confusion(gold, pred, labels)
    per_class: dict[str, dict[str, float]] = {}
    f1s = []
    for i, label in enumerate(labels):
        tp = matrix[i][i]
        predicted = sum(row[i] for row in matrix)
        actual = sum(matrix[i])
        precision = tp / predicted if predicted else 0.0
        recall = tp / actual if actual else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_class[label] = {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
            "support": actual,
        }
        f1s.append(f1)
    correct = sum(matrix[i][i] for i in range(len(labels)))
    return {
        "n": len(gold),
        "accuracy": round(correct / len(gold), 4) if gold else 0.0,
        "macro_f1": round(sum(f1s) / len(f1s), 4) if f1s else 0.0,
        "per_class": per_class,
        "labels": list(labels),
        "confusion": matrix,
    }


def format_confusion(report: dict[str, object]) -> str:
    labels = report["labels"]
    matrix = report["confusion"]
    assert isinstance(labels, list) and isinstance(matrix, list)
    width = max(len(str(label)) for label in labels) + 2
    head = "gold \\ pred".ljust(width) + "".join(str(lb)[:12].rjust(14) for lb in labels)
    rows = [
        str(lb).ljust(width) + "".join(str(v).rjust(14) for v in row)
        for lb, row in zip(labels, matrix, strict=True)
    ]
    return "\n".join([head, *rows])


def ranking_metrics(ranks: Sequence[int | None]) -> dict[str, float]:
    """Ranks are 1-based positions of the single relevant item (None when not retrieved).

    With one relevant item per query, AP@k is 1/rank when rank ≤ k, else 0.
    """
    n = len(ranks)

    def ap_at(k: int) -> float:
        return sum(1.0 / r for r in ranks if r is not None and r <= k) / n

    def recall_at(k: int) -> float:
        return sum(1 for r in ranks if r is not None and r <= k) / n

    return {
        "queries": n,
        "map@1": round(ap_at(1), 4),
        "map@5": round(ap_at(5), 4),
        "mrr": round(sum(1.0 / r for r in ranks if r is not None) / n, 4),
        "recall@5": round(recall_at(5), 4),
        "recall@20": round(recall_at(20), 4),
    }
