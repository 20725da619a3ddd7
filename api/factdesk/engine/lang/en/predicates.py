"""English verbs on the opposition axes: axis -> polarity -> word forms.

Forms are regex fragments matched case-insensitively between word boundaries. The axes and
polarities are the same as in `lang.ko.predicates`, in the same order.
"""

from __future__ import annotations

from typing import Final

_LAWSUIT: Final = r"(?:lawsuit|suit|legal\s+action|legal\s+challenge|complaint|case|claim)s?"
_DETERMINER: Final = r"(?:(?:a|an|the|his|her|its|their|this|that)\s+)?(?:\w+\s+)?"

PREDICATES: Final[dict[str, dict[int, tuple[str, ...]]]] = {
    "legal_action": {
        1: (
            r"su(?:e|es|ed|ing)",
            rf"(?:file[sd]?|filing|launch(?:es|ed|ing)?|br(?:ing|ings|ought))\s+"
            rf"{_DETERMINER}{_LAWSUIT}",
            r"lawsuits?",
        ),
        -1: (
            rf"(?:drop(?:s|ped|ping)?|withdr(?:aw|aws|awn|ew|awing)|abandon(?:s|ed|ing)?)\s+"
            rf"{_DETERMINER}{_LAWSUIT}",
        ),
    },
    "launch": {
        1: (
            r"launch(?:es|ed|ing)?",
            r"releas(?:e|es|ed|ing)",
            r"unveil(?:s|ed|ing)?",
            r"introduc(?:e|es|ed|ing)",
            r"debut(?:s|ed|ing)?",
            r"roll(?:s|ed|ing)?\s+out",
            r"open[\s-]?sourc(?:e|es|ed|ing)",
        ),
        -1: (
            r"cancel(?:s|led|ed|ling|ing|lation)?",
            r"scrap(?:s|ped|ping)?",
            r"withdr(?:aw|aws|awn|ew|awing)",
            r"shut(?:s|ting)?\s+down",
            r"discontinu(?:e|es|ed|ing)",
        ),
    },
    # Founding has no opposite: a founder can leave later, and "never left" is not "founded".
    "founding": {
        1: (
            r"found(?:ed|ing)",
            r"founders?",
            r"co-?found(?:s|ed|ing|ers?)?",
            r"establish(?:es|ed|ing)?",
            r"set\s+up",
        ),
    },
    "membership": {
        1: (r"join(?:s|ed|ing)?",),
        -1: (
            r"leav(?:e|es|ing)",
            r"(?<!the\s)left(?!-|\s+(?:wing|hand|side|behind|over|out)\b)",
            r"quit(?:s|ting)?",
            r"resign(?:s|ed|ing|ation)?",
            r"step(?:s|ped|ping)?\s+down",
            r"depart(?:s|ed|ing|ure)",
            r"exit(?:s|ed|ing)?",
        ),
    },
    "change": {
        1: (
            r"increas(?:e|es|ed|ing)",
            r"ris(?:e|es|ing)|rose|risen",
            r"grow(?:s|ing|n|th)?|grew",
            r"climb(?:s|ed|ing)?",
            r"surg(?:e|es|ed|ing)",
            r"soar(?:s|ed|ing)?",
            r"expand(?:s|ed|ing)?",
        ),
        -1: (
            r"decreas(?:e|es|ed|ing)",
            r"fall(?:s|ing|en)?|fell",
            r"declin(?:e|es|ed|ing)",
            r"drop(?:s|ped|ping)?",
            r"shr(?:ink|inks|ank|unk|inking)",
            r"plung(?:e|es|ed|ing)",
            r"reduc(?:e|es|ed|ing|tion)",
        ),
    },
    "support": {
        1: (
            r"support(?:s|ed|ing|ive)?",
            r"favou?r(?:s|ed|ing)?",
            r"prefer(?:s|red|ring)?",
            r"endors(?:e|es|ed|ing)",
            r"advocat(?:e|es|ed|ing)",
        ),
        -1: (
            r"oppos(?:e|es|ed|ing|ition)",
            r"reject(?:s|ed|ing)?",
            r"critici[sz](?:e|es|ed|ing)",
            r"condemn(?:s|ed|ing)?",
            r"denounc(?:e|es|ed|ing)",
            r"dislik(?:e|es|ed|ing)",
            r"hat(?:e|es|ed|ing)",
        ),
    },
    # Who made something: "developed by xAI" against "developed by OpenAI" is a swapped maker.
    "develop": {
        1: (
            r"develop(?:s|ed|ing)?(?!\s+(?:countr|nation|econom|world))",
            r"built\s+by",
            r"made\s+by",
            r"creat(?:ed|es)\s+by",
        ),
    },
    # Agreements and contracts; "no agreement" is its negation, not an opposite verb.
    "agreement": {
        1: (
            r"agree(?:s|d|ing|ment|ments)?",
            r"contracts?",
            r"deals?",
            r"pacts?",
        ),
    },
    # Temporal order is an axis too: "a month before" against "a month after".
    "order": {
        1: (r"before", r"prior\s+to", r"earlier(?!\s+(?:this|last|next|that|in)\b)"),
        -1: (r"after(?!\s+all\b)", r"later(?!\s+(?:this|that|in)\b)", r"afterwards"),
    },
}
