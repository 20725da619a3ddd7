"""Entities: names found in the text (`analysis.names`: capitalised runs in English, Kiwi's
proper nouns in Korean), each with its role in the sentence (`analysis.roles`); the gazetteer
is an optional source of aliases and types on top (`use_gazetteer`), not the means of finding
names.

Domain knowledge lives in data, not code: `engine/data/entities.json` maps a canonical entity key
to `{"type": ..., "aliases": [...], "exact": [...], "located_in": key}`. Latin aliases match
case-insensitively on word boundaries, `exact` aliases (short or common-word forms such as "X" or
"US") case-sensitively, and Hangul aliases may carry trailing particles ("오픈AI와").
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Final

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from factdesk.engine.analysis.names import english_names, korean_names, name_key
from factdesk.engine.analysis.parsed import Entity, Mask
from factdesk.engine.analysis.roles import name_roles
from factdesk.engine.lang.en.names import NAME_CONNECTORS, NOT_NAMES, PRODUCT_PREFIXES
from factdesk.engine.lang.en.stop_words import STOP_WORDS as EN_STOP_WORDS
from factdesk.engine.lang.ko.particles import PARTICLES as KO_PARTICLES
from factdesk.engine.lang.scripts import HANGUL

__all__ = ["extract_entities", "use_gazetteer"]

_ENTITIES_PATH: Final = Path(__file__).parent.parent / "data" / "entities.json"
# The file `extract_entities` reads; `use_gazetteer` swaps it for a measurement.
_source = _ENTITIES_PATH


@dataclass(frozen=True, slots=True)
class _Gazetteer:
    types: dict[str, str]
    located_in: dict[str, str]
    lookup: dict[str, str]  # squashed alias -> key
    latin: re.Pattern[str] | None
    exact: re.Pattern[str] | None
    hangul: re.Pattern[str] | None
    # Casefolded Latin aliases of 4+ characters, by word count: a one-word span is only ever
    # compared with one-word aliases ("Stability" is not a typo of "Stability AI").
    fuzzy_choices: dict[int, list[str]]
    fuzzy_keys: dict[int, list[str]]


def _squash_alias(alias: str) -> str:
    return re.sub(r"\s+", "", alias.casefold())


def _alias_pattern(alias: str, hangul: bool) -> str:
    # Spaces inside Korean names are often dropped ("일론머스크"); Latin ones may stretch.
    return re.escape(alias).replace(r"\ ", r"\s?" if hangul else r"\s+")


@contextmanager
def use_gazetteer(path: Path) -> Iterator[None]:
    """While inside, entities come from the gazetteer at `path` (`{}` for none) instead of the
    shipped one: `factdesk eval golden --no-gazetteer` measures what the hand-made list adds.
    Not thread-safe; statements parsed inside keep that parse wherever they are stored."""
    global _source
    saved, _source = _source, path
    try:
        yield
    finally:
        _source = saved


@cache
def _gazetteer(path: Path = _ENTITIES_PATH) -> _Gazetteer:
    raw: dict[str, dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    types: dict[str, str] = {}
    located: dict[str, str] = {}
    lookup: dict[str, str] = {}
    latin: list[str] = []
    exact: list[str] = []
    hangul: list[str] = []
    for key, entry in raw.items():
        types[key] = str(entry["type"])
        if entry.get("located_in"):
            located[key] = str(entry["located_in"])
        for alias in entry.get("aliases", []):
            lookup[_squash_alias(alias)] = key
            (hangul if re.search(f"[{HANGUL}]", alias) else latin).append(alias)
        for alias in entry.get("exact", []):
            lookup[_squash_alias(alias)] = key
            exact.append(alias)

    def compile_group(
        aliases: list[str], template: str, flags: int, is_hangul: bool
    ) -> re.Pattern[str] | None:
        if not aliases:
            return None
        body = "|".join(
            _alias_pattern(a, is_hangul) for a in sorted(set(aliases), key=len, reverse=True)
        )
        return re.compile(template.format(body=body), flags)

    particles = "|".join(sorted(KO_PARTICLES, key=len, reverse=True))
    fuzzy: dict[int, list[str]] = {}
    for alias in sorted({a.casefold() for a in latin if len(a) >= 4}):
        fuzzy.setdefault(len(alias.split()), []).append(alias)
    return _Gazetteer(
        types=types,
        located_in=located,
        lookup=lookup,
        latin=compile_group(
            latin, r"(?<![A-Za-z0-9])(?:{body})(?![A-Za-z0-9])", re.IGNORECASE, False
        ),
        # Case-sensitive forms are short ("X", "US"): keep them off hyphenated words ("X-ray"),
        # product names ("Model X") and abbreviations.
        exact=compile_group(
            exact,
            r"(?<![A-Za-z0-9\-./&])"
            + "".join(f"(?<!{prefix} )" for prefix in PRODUCT_PREFIXES)
            + r"(?:{body})(?![A-Za-z0-9\-/&]|\.[A-Za-z0-9])",
            0,
            False,
        ),
        hangul=compile_group(
            hangul,
            rf"(?<![{HANGUL}A-Za-z0-9])(?:{{body}})(?=(?:{particles})?(?![{HANGUL}]))",
            re.IGNORECASE,
            True,
        ),
        fuzzy_choices=fuzzy,
        fuzzy_keys={n: [lookup[_squash_alias(a)] for a in aliases] for n, aliases in fuzzy.items()},
    )


_CAP_WORD: Final = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:['’.-][A-Za-z0-9]+)*")
_SENTENCE_START: Final = re.compile(r"(?:^|[.!?:;\"“”(]\s*|\n)$")


def _fuzzy_key(span: str, gazetteer: _Gazetteer) -> str | None:
    """Resolve a capitalised span with a typo ("Grock", "Elon Muks", "OpenIA") to an alias key."""
    query = " ".join(span.casefold().split())
    words = len(query.split())
    choices = gazetteer.fuzzy_choices.get(words)
    if len(query) < 4 or query in EN_STOP_WORDS or not choices:
        return None
    best = process.extractOne(query, choices, scorer=fuzz.ratio, score_cutoff=85)
    index = best[2] if best is not None else None
    if index is None and len(query) >= 6:
        # Indel ratio counts a swapped pair twice ("OpenIA" scores 83); allow one transposition
        # or edit on longer names, where a single slip cannot turn one word into another.
        index = next((i for i, c in enumerate(choices) if OSA.distance(query, c) <= 1), None)
    if index is None or choices[index][0] != query[0]:
        return None
    alias = choices[index]
    if alias.startswith(query) or query.startswith(alias):
        return None  # "European" is not "Europe", nor "Space" "SpaceX": a slip is inside a word
    return gazetteer.fuzzy_keys[words][index]


def extract_entities(text: str, language: str) -> list[tuple[int, int, Entity]]:
    """Entities with their spans in text order, then the places they imply (`located_in`)."""
    gazetteer = _gazetteer(_source)
    candidates: list[tuple[int, int, str]] = []
    for pattern in (gazetteer.latin, gazetteer.exact, gazetteer.hangul):
        if pattern is None:
            continue
        for m in pattern.finditer(text):
            key = gazetteer.lookup.get(_squash_alias(m.group()))
            if key is not None:
                candidates.append((m.start(), m.end(), key))
    # Longest match wins ("San Francisco Superior Court" over "San Francisco").
    candidates.sort(key=lambda c: (c[0] - c[1], c[0]))
    mask = Mask(len(text))
    chosen: list[tuple[int, int, str, str]] = []
    for start, end, key in candidates:
        if mask.free(start, end):
            mask.take(start, end)
            chosen.append((start, end, key, gazetteer.types[key]))

    for run in _capitalised_runs(text, mask):
        for start, end, span in _subspans(text, run):
            if not mask.free(start, end):
                continue
            key = _fuzzy_key(span, gazetteer)
            if key is not None:
                mask.take(start, end)
                chosen.append((start, end, key, gazetteer.types[key]))

    if language == "en" and not _title_case(text):
        found = english_names(text, mask)
    elif language == "ko":
        found = korean_names(text, mask)
    else:
        found = []
    for start, end, kind in found:
        mask.take(start, end)
        chosen.append((start, end, name_key(text[start:end]), kind))

    chosen.sort()
    roles = name_roles(text, language, [(s, e) for s, e, _, _ in chosen])
    entities = [
        (s, e, Entity(key, kind, text[s:e], role))
        for (s, e, key, kind), role in zip(chosen, roles, strict=True)
    ]
    # Places an entity implies ("San Francisco Superior Court" is in San Francisco) come last,
    # so position-based readers find the real mentions first.
    implied: list[tuple[int, int, Entity]] = []
    seen = {entity.key for _, _, entity in entities}
    for start, end, entity in entities:
        parent = gazetteer.located_in.get(entity.key)
        while parent is not None and parent not in seen:
            seen.add(parent)
            implied.append(
                (start, end, Entity(parent, gazetteer.types[parent], entity.text, entity.role))
            )
            parent = gazetteer.located_in.get(parent)
    return entities + implied


def _title_case(text: str) -> bool:
    """Headline-style text capitalises every word, so capitals say nothing about names."""
    words = [
        w for w in _CAP_WORD.findall(text) if w.casefold() not in EN_STOP_WORDS and w[0].isalpha()
    ]
    return len(words) >= 3 and all(w[0].isupper() for w in words)


def _capitalised_runs(text: str, mask: Mask) -> Iterator[list[tuple[int, int, str]]]:
    """Runs of adjacent capitalised Latin words (connectors allowed inside) not yet claimed."""
    run: list[tuple[int, int, str]] = []
    last_end = -1
    for m in _CAP_WORD.finditer(text):
        word = m.group()
        capital = any(c.isupper() for c in word) and word.casefold() not in NOT_NAMES
        connector = word in NAME_CONNECTORS and bool(run)
        adjacent = last_end >= 0 and text[last_end : m.start()] == " "
        usable = mask.free(m.start(), m.end()) and (capital or connector)
        if run and not (usable and adjacent):
            yield run
            run = []
        if usable and (capital or run):
            if capital and word.casefold() in EN_STOP_WORDS and not run:
                last_end = m.end()
                continue
            run.append((m.start(), m.end(), word))
        last_end = m.end()
    if run:
        yield run


def _subspans(text: str, run: list[tuple[int, int, str]]) -> Iterator[tuple[int, int, str]]:
    """Contiguous sub-runs, longest first, up to three words."""
    for size in range(min(3, len(run)), 0, -1):
        for i in range(len(run) - size + 1):
            start, end = run[i][0], run[i + size - 1][1]
            yield start, end, text[start:end]
