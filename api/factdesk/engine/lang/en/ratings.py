"""English fact-check rating labels, by what they say of the checked claim (regex fragments)."""

from __future__ import annotations

from typing import Final

MIXED: Final = (
    "half",
    "mix",
    "unprove",
    "outdated",
    "miscaption",
    "legend",
    "satire",
    "unverified",
    "undetermined",
    "disputed",
    "research in progress",
    "partly",
    "partially",
    "missing context",
)
FALSE: Final = (
    "false",
    "fake",
    "pants on fire",
    "misleading",
    "scam",
    "incorrect",
    "inaccurate",
    "wrong",
    "misattributed",
    "hoax",
    "fabricated",
    "debunked",
    "pinocchio",
    r"not\s+(?:true|correct|accurate)",
)
TRUE: Final = ("true", "correct", "accurate", "confirmed", "verified")
