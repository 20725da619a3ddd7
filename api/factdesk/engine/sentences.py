"""Sentence splitting with character offsets, for English and Korean news text.

Our rules first, Kiwi's `split_into_sents` only where they find no end: on the seed article both
find the same 33 sentences, and ours take ~3 ms where Kiwi takes ~150 ms (docs/QUALITY.md,
"Language tooling"); on Korean written without full stops ours find almost no boundary and Kiwi
finds most (docs/QUALITY.md, "Sentence splitting").

A sentence ends at `.`, `!`, `?` or `…` (with any closing quotes or brackets) followed by a space,
and at a line break. A full stop does not end a sentence after a known abbreviation (`Mr.`,
`U.S.`), an initial (`J. K.`), or when the next word starts in lower case (`e.g. this`) unless it
is a name written that way (`xAI`, `iPhone`: an upper-case letter inside a word that starts in
lower case) or the text is written with lower-case sentence starts throughout; nor does anything
inside curly quotes (`“We will. Soon.”`). A wrapped line whose next line starts in lower
case continues the sentence. A long Korean stretch that no mark ends ("…밝혔다 다리는 …") is cut
where Kiwi finds sentence endings. Offsets index the text as given, so `text[start:end]` is the
sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from factdesk.engine.analysis.morphology import kiwi
from factdesk.engine.lang.en.abbreviations import ABBREVIATIONS
from factdesk.engine.lang.scripts import HANGUL

_TERMINAL = re.compile(r"[.!?…。？！]+[\"'”’」』)\]]*(?=\s|$)")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.+$")
_CAMEL_CASE = re.compile(r"[a-z]+[A-Z]")
_OPENING = {"“": "”", "「": "」", "『": "』"}
_CLOSING = frozenset(_OPENING.values())
_LONGEST_QUOTE = 400
_WRAPPED_LINE = 40
_LOWER_CASE_EVIDENCE = 2
_HANGUL = re.compile(f"[{HANGUL}]")
# An unpunctuated Korean line shorter than this is a headline or a caption: one sentence.
_KIWI_MIN_CHARS = 40


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence and where it is: `text == source[start:end]`."""

    text: str
    start: int
    end: int


def _after_abbreviation(text: str, punct_start: int) -> bool:
    word = _WORD_BEFORE.search(text, max(0, punct_start - 20), punct_start + 1)
    if word is None:
        return False
    token = word.group(1).lower().rstrip(".")
    return token in ABBREVIATIONS or (len(token) == 1 and token.isalpha())


def _ends_sentence(
    text: str, punct_start: int, punct: str, after: int, lower_case_starts: bool
) -> bool:
    if "." not in punct or any(p in punct for p in "!?…。？！"):
        return True
    if _after_abbreviation(text, punct_start):
        return False
    following = text[after : after + 1]
    if following.isascii() and following.islower():
        # A name that starts in lower case ("xAI", "iPhone", "eBay") still starts a sentence,
        # and so does any word in a text whose sentences start in lower case.
        return lower_case_starts or _CAMEL_CASE.match(text, after) is not None
    return True


def _writes_lower_case(text: str) -> bool:
    """Whether the writer starts sentences in lower case: more of the words after a sentence
    mark (not after an abbreviation) and at line starts are lower-case than capitalised, and
    at least `_LOWER_CASE_EVIDENCE` are. Ordinary prose capitalises, so a lower-case word after
    a full stop there is taken for an abbreviation the list lacks ("approx. ten")."""
    lower = upper = 0
    starts = [m.end() for m in _TERMINAL.finditer(text) if not _after_abbreviation(text, m.start())]
    starts += [m.end() for m in re.finditer(r"(?:^|\n)[ \t]*", text)]
    for at in starts:
        first = text[_next_visible(text, at) : _next_visible(text, at) + 1]
        if first.isascii() and first.isalpha():
            lower += first.islower() and _CAMEL_CASE.match(text, _next_visible(text, at)) is None
            upper += first.isupper()
    return lower >= _LOWER_CASE_EVIDENCE and lower > upper


def _inside_quote(segment: str) -> bool:
    """Whether the end of `segment` is inside a quotation that opened less than
    `_LONGEST_QUOTE` characters before (an unclosed quote must not swallow a paragraph)."""
    opened: list[int] = []
    straight: int | None = None
    for i, ch in enumerate(segment):
        if ch in _OPENING:
            opened.append(i)
        elif ch in _CLOSING and opened:
            opened.pop()
        elif ch == '"':
            straight = i if straight is None else None
    starts = [*opened, *([straight] if straight is not None else [])]
    return any(len(segment) - i < _LONGEST_QUOTE for i in starts)


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Spans between line breaks; a line that continues in lower case joins the next."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in re.finditer(r"\n", text):
        nxt = text[m.end() :].lstrip(" \t")
        prev = text[start : m.start()].rstrip()
        # Hard-wrapped English: a long line without a full stop, then one in lower case.
        continues = (
            len(prev) >= _WRAPPED_LINE
            and prev[-1:].isascii()
            and not _TERMINAL.search(prev[-3:] + " ")
            and nxt[:1].isascii()
            and nxt[:1].islower()
        )
        if not continues:
            spans.append((start, m.start()))
            start = m.end()
    spans.append((start, len(text)))
    return spans


def _trimmed(text: str, start: int, end: int) -> Sentence | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Sentence(text[start:end], start, end) if end > start else None


def _chunks(sentence: Sentence, max_chars: int, source: str) -> list[Sentence]:
    """A sentence longer than `max_chars` cut at spaces (or anywhere, lacking one)."""
    out: list[Sentence] = []
    start, end = sentence.start, sentence.end
    while end - start > max_chars:
        cut = source.rfind(" ", start + 1, start + max_chars + 1)
        cut = cut if cut > start else start + max_chars
        piece = _trimmed(source, start, cut)
        if piece is not None:
            out.append(piece)
        start = cut
    piece = _trimmed(source, start, end)
    if piece is not None:
        out.append(piece)
    return out


def _korean_sentences(source: str, span: Sentence) -> list[Sentence]:
    """A long Korean span that no mark ends (text written without full stops) cut where Kiwi's
    splitter finds sentence endings ("…설립했다 그리고 …"); any other span as it is."""
    if (
        len(span.text) < _KIWI_MIN_CHARS
        or _TERMINAL.search(span.text[-4:] + " ")
        or not _HANGUL.search(span.text)
    ):
        return [span]
    cuts = [span.start + found.end for found in kiwi().split_into_sents(span.text)[:-1]]
    pieces = []
    for start, end in zip([span.start, *cuts], [*cuts, span.end], strict=True):
        piece = _trimmed(source, start, end)
        if piece is not None:
            pieces.append(piece)
    return pieces


def split_sentences(text: str, max_chars: int = 1000) -> list[Sentence]:
    """The sentences of `text` in order, none longer than `max_chars`."""
    sentences: list[Sentence] = []
    lower_case_starts = _writes_lower_case(text)
    for para_start, para_end in _paragraph_spans(text):
        start = para_start
        for m in _TERMINAL.finditer(text, para_start, para_end):
            punct = m.group(0).rstrip("\"'”’」』)]")
            if _inside_quote(text[start : m.end()]):
                continue
            after = _next_visible(text, m.end())
            if not _ends_sentence(text, m.start(), punct, after, lower_case_starts):
                continue
            found = _trimmed(text, start, m.end())
            if found is not None:
                sentences.extend(_chunks(found, max_chars, text))
            start = m.end()
        found = _trimmed(text, start, para_end)
        if found is not None:
            for piece in _korean_sentences(text, found):
                sentences.extend(_chunks(piece, max_chars, text))
    return sentences


def _next_visible(text: str, index: int) -> int:
    while index < len(text) and text[index].isspace():
        index += 1
    return index
