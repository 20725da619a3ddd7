"""Fact-check ratings: which way a checked claim's rating points (true, false or mixed).

The labels it recognises are language data in `lang.en.ratings` and `lang.ko.ratings`.
"""

from __future__ import annotations

import re
from typing import Final

from factdesk.engine.lang.en import ratings as en
from factdesk.engine.lang.ko import ratings as ko
from factdesk.engine.stance.base import Rating

__all__ = ["rating_polarity"]

# Checked in this order: "half true" is mixed before it is true, "not true" false before true.
_MIXED_LABELS: Final = re.compile("|".join(en.MIXED + ko.MIXED), re.IGNORECASE)
_FALSE_LABELS: Final = re.compile("|".join(en.FALSE + ko.FALSE), re.IGNORECASE)
_TRUE_LABELS: Final = re.compile("|".join(en.TRUE + ko.TRUE), re.IGNORECASE)


def rating_polarity(rating: Rating) -> int | None:
    """+1 for a true rating, -1 for false, 0 for mixed or unknown ones, None for no signal.

    The label decides when it is recognised; otherwise `value` on the `worst`..`best` scale
    (top quarter true, bottom quarter false).
    """
    label = " ".join(rating.label.split())
    if label:
        if _MIXED_LABELS.search(label):
            return 0
        if _FALSE_LABELS.search(label):
            return -1
        if _TRUE_LABELS.search(label):
            return 1
    if rating.value is not None and rating.best is not None and rating.worst is not None:
        span = rating.best - rating.worst
        if span:
            position = (rating.value - rating.worst) / span
            if position >= 0.75:
                return 1
            if position <= 0.25:
                return -1
            return 0
    return 0 if label else None
