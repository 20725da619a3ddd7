"""`Combined.fusion_query`: a tilted query is still unit length, and its inner product with a
stored combined vector is the weighted sum of the parts' cosines."""

from __future__ import annotations

import numpy as np
import pytest
from factdesk.embed import create_embedder
from factdesk.embed.combined import Combined


def test_a_tilted_query_weights_the_parts_cosines() -> None:
    combined = create_embedder("e5-small+use-m3")
    assert isinstance(combined, Combined)
    query = combined.embed_queries(["Seoul raised the minimum wage by 5 percent"])[0]
    passage = combined.embed_passages(["서울시는 최저임금을 5% 올렸다"])[0]
    e5 = float(combined.part_query(query, 0) @ passage)
    use = float(combined.part_query(query, 1) @ passage)
    assert float(query @ passage) == pytest.approx((e5 + use) / 2, abs=1e-5)
    for weights in ((1.0, 1.0), (1.0, 3.0), (4.0, 1.0)):
        tilted = combined.fusion_query(query, weights)
        assert float(np.linalg.norm(tilted)) == pytest.approx(1.0, abs=1e-5)
        c0, c1 = combined.fusion_coefficients(weights)
        assert c1 / c0 == pytest.approx(weights[1] / weights[0])
        assert float(tilted @ passage) == pytest.approx(c0 * e5 + c1 * use, abs=1e-5)
    with pytest.raises(ValueError, match="positive"):
        combined.fusion_coefficients((1.0, 0.0))
