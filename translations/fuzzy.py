"""Fuzzy matches from the translation memory: similar Dutch, with a score.

- **Score**: rapidfuzz's ``fuzz.ratio`` (a normalised edit distance, 0-100) of the two
  Dutch texts' words (codes set aside, white space as one space). One word changed in a
  paragraph of 60 words scores 97. Matches of ``THRESHOLD`` (75) and more are offered,
  those of the whole text first, best first, at most ``LIMIT`` per unit.
- **Markup**: a match whose Dutch has the same codes as the unit's (the same placeholders
  in the same order) offers its English with them; otherwise its English as words only,
  scored at most 99 (the same words with other markup is not the same segment).
- **Sentences**: the memory also learns the sentences of a paragraph whose Dutch and English
  have as many sentences (``sentence_pairs``); a paragraph of several sentences is also
  looked up sentence by sentence, so a sentence translated before inside a longer paragraph
  is offered (origin ``vwn-memory-sentence``, the score of that sentence).
- **Sentence splitting**: translate-toolkit's (``translate.lang``, already the site's XLIFF
  library), with the Dutch and English abbreviations that take a capital after them
  (``dhr.``, ``mevr.``, ``drs.``, ``Mr.``, ``Dr.`` …) joined again: its rule already keeps
  ``o.a.``, ``bijv.``, ``ca.`` and others followed by a lower-case word.
"""

import re

from rapidfuzz import fuzz, process
from translate.lang import factory

from .segments import CODE_TOKEN, _escape_text, notation_text

THRESHOLD = 75
LIMIT = 3
SENTENCE = "vwn-memory-sentence"

# Abbreviations followed by a capital (a name) that translate-toolkit's rule takes for a
# sentence end; lower-case ones (o.a., bijv., ca., enz.) it already keeps.
ABBREVIATIONS = {
    "nl": {"dhr", "mevr", "mr", "dr", "drs", "ir", "ing", "prof", "st", "nr", "mw", "bc"},
    "en": {"mr", "mrs", "ms", "dr", "prof", "st", "no", "nr", "mt", "jr", "sr"},
}


def sentences(text, language):
    """The sentences of plain ``text`` in ``language`` ("nl" or "en")."""
    pieces = [piece for piece in factory.getlanguage(language).sentences(text) if piece.strip()]
    known = ABBREVIATIONS.get(language, set())
    joined = []
    for piece in pieces:
        if joined:
            last_word = joined[-1].rstrip().rsplit(" ", 1)[-1]
            if last_word.endswith(".") and last_word[:-1].lower().strip("(") in known:
                joined[-1] = f"{joined[-1].rstrip()} {piece.strip()}"
                continue
        joined.append(piece.strip())
    return joined


def sentence_pairs(dutch_notation, english_notation):
    """[(Dutch sentence, English sentence)] as text (escaped like the notation), when both
    have as many sentences, more than one; [] otherwise."""
    dutch = sentences(notation_text(dutch_notation), "nl")
    english = sentences(notation_text(english_notation), "en")
    if len(dutch) < 2 or len(dutch) != len(english):
        return []
    return [(_escape_text(nl), _escape_text(en)) for nl, en in zip(dutch, english, strict=True)]


def _tokens(text):
    return re.findall(r"\w+", text.lower())


def _codes(notation):
    return [match[0] for match in CODE_TOKEN.finditer(notation or "")]


def _words(notation):
    return notation_text(notation)


def matches(wanted, memory, *, threshold=THRESHOLD, limit=LIMIT):
    """{Dutch notation: [(memory Dutch, English, score, origin)]} for ``wanted`` notations
    against ``memory`` [(Dutch, English)], best first; exact matches (the same notation)
    left out: they are suggestions of their own."""
    if not memory or not wanted:
        return {}
    # Compared only with memory texts that share enough of its less common words: a ratio
    # of 75 or more needs most words in common, and comparing every pair is too slow for an
    # export (1,000 units against 5,000 memory segments: 23 s; this way well under 1 s).
    rows = [(_words(source), source, english) for source, english in memory]
    postings = {}
    for index, (text, _source, _english) in enumerate(rows):
        for word in set(_tokens(text)):
            postings.setdefault(word, []).append(index)
    common = max(50, len(rows) // 10)  # words in more texts than this say little
    factor = threshold / (200 - threshold)  # at 75: the shorter at least 0.6 of the longer

    def similar(text, count):
        words = [w for w in set(_tokens(text)) if len(postings.get(w, ())) <= common]
        shared = {}
        for word in words:
            for index in postings.get(word, ()):
                shared[index] = shared.get(index, 0) + 1
        needed = max(1, len(words) // 3)
        candidates = [
            index
            for index, number in shared.items()
            if number >= needed
            and factor * len(rows[index][0]) <= len(text) <= len(rows[index][0]) / factor
        ]
        if not words:  # only common words: compare with all texts of a similar length
            candidates = [
                index
                for index, row in enumerate(rows)
                if factor * len(row[0]) <= len(text) <= len(row[0]) / factor
            ]
        window = [rows[index][0] for index in candidates]
        return [
            (score, rows[candidates[position]])
            for _choice, score, position in process.extract(
                text, window, scorer=fuzz.ratio, score_cutoff=threshold, limit=count
            )
        ]

    found = {}
    for notation in wanted:
        words = _words(notation)
        if not words:
            continue
        offered = {}
        for score, (_words_of, source, english) in similar(words, limit + 1):
            if re.sub(r"\s+", " ", source).strip() == re.sub(r"\s+", " ", notation).strip():
                continue
            score = int(score)
            if _codes(source) != _codes(notation):
                english = _escape_text(_words(english))
                score = min(score, 99)
            offered.setdefault(english, (source, english, score, "vwn-memory"))
        parts = sentences(words, "nl")
        if len(parts) > 1:
            for part in parts:
                best = similar(part, 1)
                if not best:
                    continue
                score, (_words_of, source, english) = best[0]
                english = _escape_text(_words(english))
                if english not in offered or offered[english][2] < score:
                    offered[english] = (source, english, int(score), SENTENCE)
        if offered:
            # Matches of the whole text first (best first), then those of its sentences.
            found[notation] = sorted(
                offered.values(), key=lambda match: (match[3] == SENTENCE, -match[2])
            )[:limit]
    return found
