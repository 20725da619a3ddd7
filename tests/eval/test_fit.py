"""`factdesk.eval.fit`: which same-language models a store's features let it fit."""

from __future__ import annotations

import numpy as np
import pytest
from factdesk.engine.rerank import FEATURES, Model
from factdesk.eval.fit import Split, fitted_models, no_english, parse_fusion


def _split(models: list[Model]) -> Split:
    n = len(models)
    return Split(np.zeros((n, len(FEATURES))), np.zeros(n), models, [["a"] * n], ["a"])


def test_the_multilingual_models_are_fitted_when_the_vectors_carry_use() -> None:
    both = _split([Model.ENGLISH_MULTILINGUAL, Model.FULL_MULTILINGUAL, Model.CROSSLINGUAL])
    assert fitted_models(both) == [Model.ENGLISH_MULTILINGUAL, Model.FULL_MULTILINGUAL]
    e5 = _split([Model.ENGLISH, Model.FULL, Model.DENSE])
    assert fitted_models(e5) == [Model.ENGLISH, Model.FULL]
    with pytest.raises(SystemExit, match="English vector"):
        fitted_models(_split([Model.FULL]))


def test_without_minilm_and_the_fusion_option() -> None:
    assert no_english(Model.ENGLISH) is Model.FULL
    assert no_english(Model.ENGLISH_MULTILINGUAL) is Model.FULL_MULTILINGUAL
    assert no_english(Model.DENSE) is Model.DENSE
    assert parse_fusion("0.6,0.4") == (0.6, 0.4)
    assert parse_fusion(None) is None
