"""English abbreviations whose full stop does not end a sentence (casefolded, no final stop)."""

from __future__ import annotations

from typing import Final

from factdesk.engine.lang.en.dates import MONTH_ABBREVIATIONS

ABBREVIATIONS: Final = frozenset(
    {
        *("mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "gen", "gov", "sen", "rep"),
        *("vs", "etc", "e.g", "i.e", "inc", "ltd", "co", "corp", "no", "nos", "approx"),
        *MONTH_ABBREVIATIONS,
        *("fig", "est", "dept", "univ", "mt", "ft", "u.s", "u.k", "u.n", "e.u", "a.m", "p.m"),
    }
)
