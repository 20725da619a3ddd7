"""The cross-language fit's bookkeeping: which candidates a model is fitted and scored on."""

from __future__ import annotations

import numpy as np
from factdesk.engine.rerank import FEATURES, Model
from factdesk.eval.fit import Split
from factdesk.eval.fit_crosslingual import join, only


def _split(models: list[Model], ids: list[list[str]], gold: list[str]) -> Split:
    x = np.arange(len(models) * len(FEATURES), dtype=np.float64).reshape(len(models), -1)
    y = np.array([1.0 if i == 0 else 0.0 for i in range(len(models))])
    return Split(x, y, models, ids, gold)


def test_only_keeps_one_models_candidates_query_by_query() -> None:
    split = _split(
        [Model.CROSSLINGUAL, Model.FULL, Model.DENSE, Model.CROSSLINGUAL],
        [["a", "b"], ["c", "d"]],
        ["a", "d"],
    )
    kept = only(split, Model.CROSSLINGUAL)
    assert kept.ids == [["a"], ["d"]] and kept.gold == ["a", "d"]
    np.testing.assert_array_equal(kept.x, split.x[[0, 3]])
    assert kept.models == [Model.CROSSLINGUAL, Model.CROSSLINGUAL]
    # A query none of whose candidates the model scores is dropped.
    assert only(split, Model.FULL).ids == [["b"]]


def test_join_concatenates_in_order() -> None:
    first = _split([Model.DENSE], [["a"]], ["a"])
    second = _split([Model.DENSE, Model.DENSE], [["b", "c"]], ["c"])
    joined = join([first, second])
    assert joined.ids == [["a"], ["b", "c"]] and joined.gold == ["a", "c"]
    assert joined.x.shape == (3, len(FEATURES)) and joined.sizes == [1, 2]
