"""Several embedders as one: their unit vectors side by side, each scaled by 1/√k.

The inner product of two combined vectors is then the mean of the parts' cosines, and a
combined vector is unit length, so stores and indexes hold it like any other. `part_query`
turns a combined query into one whose inner product with a stored combined vector is one part's
own cosine: the retriever reads each model's opinion of a candidate back out of the same index
(`factdesk.engine.retrieve`). `fusion_query` tilts the fused cosine towards some parts, on the
query side only, so the stored vectors do not depend on the tilt.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from factdesk.embed.base import Embedder

SEPARATOR = "+"


class Combined(Embedder):
    """The concatenation of `parts`' vectors; named `<part>+<part>…`."""

    def __init__(self, parts: Sequence[Embedder]) -> None:
        if len(parts) < 2:
            raise ValueError("a combined embedder needs at least two parts")
        self.parts = tuple(parts)
        self.name = SEPARATOR.join(p.name for p in self.parts)
        self.dim = sum(p.dim for p in self.parts)
        self._scale = 1.0 / math.sqrt(len(self.parts))
        bounds = np.cumsum([0, *(p.dim for p in self.parts)])
        self.slices = tuple(slice(int(a), int(b)) for a, b in itertools.pairwise(bounds))

    def _join(self, blocks: list[npt.NDArray[np.float32]]) -> npt.NDArray[np.float32]:
        joined: npt.NDArray[np.float32] = (np.hstack(blocks) * self._scale).astype(np.float32)
        return joined

    def cap_queries(self, tokens: int | None) -> None:
        # Each part cuts by its own tokenizer.
        super().cap_queries(tokens)
        for part in self.parts:
            part.cap_queries(tokens)

    def embed_queries(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        return self._join([p.embed_queries(texts) for p in self.parts])

    def embed_passages(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        return self._join([p.embed_passages(texts) for p in self.parts])

    def fusion_coefficients(self, weights: Sequence[float]) -> tuple[float, ...]:
        """cᵢ such that `fusion_query(v, weights)` · stored = Σ cᵢ·cosᵢ (cᵢ ∝ wᵢ)."""
        if len(weights) != len(self.parts) or min(weights) <= 0:
            raise ValueError(f"need {len(self.parts)} positive fusion weights, not {weights}")
        norm = math.sqrt(sum(w * w for w in weights))
        return tuple(self._scale * w / norm for w in weights)

    def fusion_query(
        self, vector: npt.NDArray[np.float32], weights: Sequence[float]
    ) -> npt.NDArray[np.float32]:
        """`vector` (a combined query) with part i weighted by `weights[i]`, still unit length:
        its inner product with a stored vector is the weighted sum of the parts' cosines."""
        out = vector.copy()
        for window, c in zip(self.slices, self.fusion_coefficients(weights), strict=True):
            out[window] *= c / self._scale**2
        return out

    def part_query(self, vector: npt.NDArray[np.float32], part: int) -> npt.NDArray[np.float32]:
        """`vector` (a combined query) reduced to part `part`, rescaled so that its inner
        product with a combined passage vector is that part's cosine."""
        out = np.zeros_like(vector)
        window = self.slices[part]
        out[window] = vector[window] / self._scale**2
        return out
