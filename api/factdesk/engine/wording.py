"""What people read: reason sentences, verdict summaries and card labels, in the reader's
language.

The sentences are language data (`engine/lang/<code>/wording.py`); this module picks a
language, chooses a template and fills it in. A template may name these fields:

- in a reason sentence: `claim`, `evidence` (the reason's quoted spans), `source` (the cited
  source's name, quoted) and `rating` (a fact-check's rating label);
- in a summary: `source`, `quote`, `reason` (a reason sentence), `pro`, `con`, `pro_quote`,
  `con_quote`, `dates`.

A kind may list several templates; the first whose fields are all known is used, and a template
for `kind:stance` is tried before the kind's own. A kind with no template (one a newer judge
emits) gets the language's generic sentence: unknown kinds never fail a reply. No template
names an engine score: scores stay in the machine-readable fields (`stance_score`, `relevance`,
`scores`, a reason's `detail`).

Which language: `reply_language` when asked for, else the claim's own language when there are
sentences in it, else the first language of the caller's `Accept-Language` there are sentences
in, else English (`reply_language()`).
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import Final

from factdesk.engine.lang.en import wording as en
from factdesk.engine.lang.ko import wording as ko
from factdesk.engine.results import Evidence, ReasonOut, Verdict
from factdesk.engine.stance import ReasonKind, Stance

__all__ = [
    "WORDING_LANGUAGES",
    "Wording",
    "accepted_languages",
    "reply_language",
    "wording",
]

_DATA: Final[Mapping[str, ModuleType]] = {"en": en, "ko": ko}
WORDING_LANGUAGES: Final = tuple(_DATA)
DEFAULT_LANGUAGE: Final = "en"
_FIELDS = string.Formatter()
_QUALITY = re.compile(r"^\s*q\s*=\s*([0-9.]+)\s*$", re.IGNORECASE)
# A quoted sentence's own full stop ends the summary: no second one after the closing quote.
_DOUBLE_STOP = re.compile(r"([.!?])([”’\"'])\.")
# Reasons that say why a piece of evidence contradicts the claim, in the order a summary
# prefers them; the others (paraphrase, attribution, missing details) do not explain a refutation.
_CONTRADICTING: Final[tuple[str, ...]] = (
    ReasonKind.DURATION_MISMATCH,
    ReasonKind.DATE_MISMATCH,
    ReasonKind.NUMBER_MISMATCH,
    ReasonKind.ENTITY_MISMATCH,
    ReasonKind.NEGATION,
    ReasonKind.OPPOSITE_PREDICATE,
    ReasonKind.RATING,
)
# Statement ids a sentence names before it stops (the reason's `evidence` keeps them all).
_IDS_SHOWN = 3


def _primary(tag: str | None) -> str | None:
    """The primary subtag ("ko" of "ko-KR") when there are sentences in that language."""
    if not tag:
        return None
    code = tag.split("-", 1)[0].strip().lower()
    return code if code in _DATA else None


def accepted_languages(header: str | None) -> tuple[str, ...]:
    """The languages of an `Accept-Language` header that have sentences, most wanted first
    (q=0 ones left out, the header's order kept between equal weights)."""
    if not header:
        return ()
    weighted: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")):
        tag, _, params = part.partition(";")
        quality = 1.0
        match = _QUALITY.match(params) if params else None
        if match:
            try:
                quality = float(match.group(1))
            except ValueError:
                quality = 0.0
        code = _primary(tag)
        if code is not None and quality > 0:
            weighted.append((-quality, position, code))
    out: list[str] = []
    for _, _, code in sorted(weighted):
        if code not in out:
            out.append(code)
    return tuple(out)


def reply_language(
    requested: str | None, claim_language: str | None, accepted: Sequence[str] = ()
) -> str:
    """The language of the reply's sentences (the module docstring gives the order)."""
    for choice in (_primary(requested), _primary(claim_language), *map(_primary, accepted)):
        if choice is not None:
            return choice
    return DEFAULT_LANGUAGE


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in _FIELDS.parse(template) if name}


def _fill(templates: Sequence[str], values: Mapping[str, str | None]) -> str | None:
    for template in templates:
        if all(values.get(name) for name in _fields(template)):
            return template.format(**{k: v for k, v in values.items() if v})
    return None


def _quote(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True, slots=True)
class Wording:
    """The sentences of one language."""

    language: str
    data: ModuleType

    def cite(self, item: Evidence) -> str:
        """The source of a piece of evidence as people name it, with its date."""
        source = item.statement.source
        name = source.publisher or source.title or (str(source.url) if source.url else None)
        name = _quote(name, 80) if name else self.data.UNNAMED_SOURCE
        date = (
            self.data.CITATION_DATE.format(date=source.published_at.isoformat())
            if source.published_at
            else ""
        )
        return str(self.data.CITATION.format(name=name, date=date))

    def reason(
        self, reason: ReasonOut, item: Evidence | None = None, stance: Stance | None = None
    ) -> str:
        """One sentence saying what `reason` means, for the evidence it belongs to (or for a
        stance without a stored statement)."""
        rating = None
        if reason.type == ReasonKind.RATING:
            if item is not None and item.statement.rating is not None:
                rating = item.statement.rating.label
            elif reason.detail:
                rating = reason.detail.split(" (", 1)[0].strip() or None
        evidence = reason.evidence
        if reason.type == ReasonKind.COMBINED_EVIDENCE and evidence:
            ids = [i.strip() for i in evidence.split(",")]
            evidence = ", ".join(ids[:_IDS_SHOWN]) + (" …" if len(ids) > _IDS_SHOWN else "")
        values = {
            "claim": reason.claim,
            "evidence": evidence,
            "source": self.cite(item) if item is not None else None,
            "rating": rating,
        }
        keys = [reason.type]
        stance = item.stance if item is not None else stance
        if stance is not None:
            keys.insert(0, f"{reason.type}:{stance.value}")
        for key in keys:
            templates = self.data.REASONS.get(key)
            if templates:
                text = _fill(templates, values)
                if text is not None:
                    return text
        return str(self.data.GENERIC_REASON)

    def with_texts(self, evidence: Sequence[Evidence]) -> list[Evidence]:
        """The evidence with every reason's `text` written."""
        return [
            item.model_copy(
                update={
                    "reasons": [
                        r.model_copy(update={"text": self.reason(r, item)}) for r in item.reasons
                    ]
                }
            )
            for item in evidence
        ]

    def _said(self, item: Evidence) -> str:
        who = next((r.evidence for r in item.reasons if r.type == ReasonKind.ATTRIBUTION), None)
        cited = self.cite(item)
        return str(self.data.ATTRIBUTED.format(source=cited, who=who)) if who else cited

    def summary(
        self, verdict: Verdict, evidence: Sequence[Evidence], unplaced: Sequence[str] = ()
    ) -> str:
        """One paragraph a journalist can read and publish: the verdict and what decides it."""
        s = self.data.SUMMARIES
        text = _DOUBLE_STOP.sub(r"\1\2", self._summary(verdict, evidence))
        if unplaced:
            text += s["needs_date"].format(dates=self.data.LIST_SEPARATOR.join(unplaced))
        return str(text)

    def _summary(self, verdict: Verdict, evidence: Sequence[Evidence]) -> str:
        s = self.data.SUMMARIES
        if verdict is Verdict.NOT_ENOUGH_EVIDENCE or not evidence:
            return str(s["nee_closest"] if evidence else s["nee_none"])
        top = evidence[0]
        if verdict is Verdict.CONFLICTING and len(evidence) > 1:
            # `verdict.decide` cites the side that asserts the claim first, the other second.
            pro, con = evidence[0], evidence[1]
            return str(
                s["conflicting"].format(
                    pro=self._said(pro),
                    con=self._said(con),
                    pro_quote=_quote(pro.statement.text, 90),
                    con_quote=_quote(con.statement.text, 90),
                )
            )
        if verdict is Verdict.SUPPORTED:
            return str(
                s["supported"].format(source=self.cite(top), quote=_quote(top.statement.text))
            )
        found = sorted(
            (r for r in top.reasons if r.type in _CONTRADICTING),
            key=lambda r: _CONTRADICTING.index(r.type),
        )
        if found:
            return str(
                s["refuted"].format(
                    reason=self.reason(found[0], top),
                    source=self.cite(top),
                    quote=_quote(top.statement.text, 120),
                )
            )
        return str(
            s["refuted_plain"].format(source=self.cite(top), quote=_quote(top.statement.text))
        )

    def verdict_name(self, verdict: Verdict) -> str:
        return str(self.data.VERDICTS[verdict.value])

    def stance_name(self, stance: Stance) -> str:
        return str(self.data.STANCES[stance.value])

    def label(self, name: str, **values: str) -> str:
        return str(self.data.LABELS[name].format(**values))


def wording(language: str | None) -> Wording:
    """The sentences of `language` (a BCP-47 tag), or English's when there are none in it."""
    code = _primary(language) or DEFAULT_LANGUAGE
    return Wording(code, _DATA[code])
