"""Language data for the engine's analysis, in spaCy's `lang/<code>/` shape.

`scripts` holds the Unicode ranges; `en` and `ko` hold word lists, lexicons and regex fragments
(stop words, number and month words, particles, negation cues, predicate lexicons, rating
labels). Nothing here is an algorithm: `engine.analysis`, `engine.stance` and the sentence and
check-worthiness modules import these constants and do the work.
"""
