"""English sentences people read: one template per reason kind, the summary of each verdict,
and the labels of a verdict card. `engine.wording` fills them in; the fields a template may
name are listed there. A kind may have several templates: the first whose fields are all known
is used (`kind:stance` ones first, for the evidence's stance). No template names a score."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

REASONS: Final[Mapping[str, tuple[str, ...]]] = {
    "duration_mismatch": ("The claim says “{claim}”; the source says “{evidence}”.",),
    "date_mismatch": ("The claim dates it “{claim}”; the source dates it “{evidence}”.",),
    "number_mismatch": ("The claim gives the figure as “{claim}”; the source gives “{evidence}”.",),
    "entity_mismatch": ("The claim names “{claim}” where the source names “{evidence}”.",),
    "negation": (
        "The claim says “{claim}” and the source “{evidence}”: one denies what the other states.",
        "The source denies what the claim states (“{evidence}”).",
        "The claim denies (“{claim}”) what the source states.",
        "One of the two denies what the other states.",
    ),
    "opposite_predicate": (
        "The claim says “{claim}”; the source says the opposite, “{evidence}”.",
    ),
    "paraphrase:neutral": (
        "The source is on the same subject but does not say enough of the claim to confirm it.",
    ),
    "paraphrase": ("The source says what the claim says.",),
    "rating:neutral": (
        "{source} rated a related claim “{rating}”; it is not the same claim.",
        "A fact-check rated a related claim “{rating}”; it is not the same claim.",
    ),
    "rating": (
        "{source} rated this claim “{rating}”.",
        "A fact-check rated this claim “{rating}”.",
    ),
    "low_relevance": ("The source is about something else.",),
    "unverified_detail": (
        "The source does not mention “{claim}”, so that detail stays unconfirmed.",
    ),
    "unstated_action": ("The source does not state the claim's action, “{claim}”.",),
    "attribution": ("The source attributes this to “{evidence}”.",),
    "other_source": (
        "The claim reports what “{claim}” said; the source reports “{evidence}”, another source.",
    ),
    "combined_evidence": (
        "Together with statements {evidence} it confirms the claim; on its own it does not "
        "mention “{claim}”.",
        "Together with other statements it confirms the claim.",
    ),
    "needs_date": (
        "Needs the article's date to place “{claim}”: send the claim's date (claim_date) "
        "or the article's (published_at).",
    ),
    "learned:supports": ("Read as a whole, the source says what the claim says.",),
    "learned:refutes": ("Read as a whole, the source contradicts the claim.",),
    "learned": ("Read as a whole, the source neither confirms nor contradicts the claim.",),
}
GENERIC_REASON: Final = "The source was compared with the claim on a point not described here."

SUMMARIES: Final[Mapping[str, str]] = {
    "supported": "Supported: {source} states “{quote}”.",
    "refuted": "Refuted: {reason} Source: {source}, “{quote}”.",
    "refuted_plain": "Refuted: {source} states the opposite: “{quote}”.",
    "conflicting": (
        "Conflicting: {pro} supports the claim (“{pro_quote}”) but {con} contradicts it "
        "(“{con_quote}”)."
    ),
    "nee_closest": (
        "Not enough evidence: no stored statement confirms or contradicts the claim. The "
        "closest statements are listed for reference; they are not evidence."
    ),
    "nee_none": "Not enough evidence: no stored statement matches this claim.",
    "needs_date": " The claim's “{dates}” cannot be placed without the date it was made.",
}
CITATION: Final = "“{name}”{date}"
CITATION_DATE: Final = " ({date})"
ATTRIBUTED: Final = "{source} (according to {who})"
UNNAMED_SOURCE: Final = "a source"
LIST_SEPARATOR: Final = ", "

VERDICTS: Final[Mapping[str, str]] = {
    "supported": "Supported",
    "refuted": "Refuted",
    "conflicting": "Conflicting",
    "not_enough_evidence": "Not enough evidence",
}
STANCES: Final[Mapping[str, str]] = {
    "supports": "Supports",
    "refutes": "Refutes",
    "neutral": "Neutral",
}
LABELS: Final[Mapping[str, str]] = {
    "evidence": "Evidence",
    "closest": "Closest statements (not evidence)",
    "claim": "Claim",
    "checked_by": "Checked by {org}",
    "permalink": "Permalink",
}
