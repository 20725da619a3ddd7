"""Stance: does one evidence statement support, refute, or say nothing about a claim?

The types and the `StanceJudge` interface are in `base` (re-exported here); the default judge,
`RuleStanceJudge`, is in `rules`, which this package does not import, so the wire models that
use `Stance` stay light. Rating labels are read in `ratings`.
"""

from factdesk.engine.stance.base import (
    REASON_KINDS,
    Rating,
    Reason,
    ReasonKind,
    Stance,
    StanceJudge,
    StanceResult,
)

__all__ = [
    "REASON_KINDS",
    "Rating",
    "Reason",
    "ReasonKind",
    "Stance",
    "StanceJudge",
    "StanceResult",
]
