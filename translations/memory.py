"""The translation memory: every Dutch segment that has English, and that English.

It learns whenever English is recorded as translated from a Dutch text (a save in the
admin, an import, "still correct"), segment by segment where the English is divided like
the Dutch (and the sentences of a segment whose Dutch and English have as many), and it
is read to offer the English of identical Dutch segments elsewhere as suggestions: a fuzzy
``msgstr`` in PO, an ``<alt-trans>`` or match in XLIFF, a "use this suggestion" box on the
translator's form; similar Dutch as fuzzy matches with a score (``fuzzy.py``); the whole of
it as TMX (``tmx.py``). A suggestion is never applied without a translator confirming it.
``manage.py rebuild_translation_memory`` fills it from the content there is.
"""

import hashlib
import re

from content.registry import desk_options

from .fuzzy import matches, sentence_pairs
from .models import MemorySegment
from .registry import english_name
from .segments import split
from .state import COMPLETE, english_notation, is_rich, item_statuses
from .tmx import read_tmx, write_tmx

CHUNK = 500  # SQLite allows a few hundred variables per query on old versions


def segment_hash(notation):
    """The memory's key for a Dutch segment: its notation, white space normalised."""
    normalised = re.sub(r"\s+", " ", notation or "").strip()
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def field_pairs(model, field_name, source, english):
    """[(Dutch notation, English notation)] of one field whose ``english`` was translated
    from ``source``: per segment for rich text divided alike, the whole text otherwise."""
    source, english = source or "", english or ""
    if not source.strip() or not english.strip():
        return []
    if not is_rich(model, field_name):
        return [(source.strip(), english.strip())]
    dutch_segments = split(source).segments
    english_segments = split(english).segments
    if len(dutch_segments) != len(english_segments):
        return []
    pairs = []
    for dutch, english_segment in zip(dutch_segments, english_segments, strict=True):
        notation = english_notation(english_segment, dutch.codes)
        if notation is not None:
            pairs.append((dutch.notation, notation))
    return pairs


def learn(pairs):
    """Store ``pairs`` (Dutch, English notations); the latest English for a Dutch wins."""
    latest = {}
    for dutch, english in pairs:
        if dutch.strip() and english.strip():
            # Its sentences too (when Dutch and English have as many): found inside
            # longer paragraphs by the fuzzy matches. A whole segment wins over a sentence.
            for sentence, translated in sentence_pairs(dutch, english):
                latest.setdefault(segment_hash(sentence), (sentence, translated))
            latest[segment_hash(dutch)] = (dutch, english)
    if not latest:
        return
    hashes = list(latest)
    existing = {}
    for start in range(0, len(hashes), CHUNK):
        for entry in MemorySegment.objects.filter(source_hash__in=hashes[start : start + CHUNK]):
            existing[entry.source_hash] = entry
    changed = []
    for key, (_dutch, english) in latest.items():
        entry = existing.get(key)
        if entry is not None and entry.english != english:
            entry.english = english
            changed.append(entry)
    MemorySegment.objects.bulk_update(changed, ["english", "updated_at"], batch_size=CHUNK)
    MemorySegment.objects.bulk_create(
        [
            MemorySegment(source_hash=key, source=dutch, english=english)
            for key, (dutch, english) in latest.items()
            if key not in existing
        ],
        batch_size=CHUNK,
        ignore_conflicts=True,  # learnt at the same moment by another request
    )


def learn_field(obj, field_name, source):
    """Learn the English of ``field_name`` of ``obj`` as translated from ``source``."""
    learn(field_pairs(type(obj), field_name, source, getattr(obj, english_name(field_name))))


def suggestions(notations):
    """{Dutch notation: English notation} for those of ``notations`` the memory knows."""
    wanted = {segment_hash(notation): notation for notation in notations if notation.strip()}
    found = {}
    keys = list(wanted)
    for start in range(0, len(keys), CHUNK):
        for key, english in MemorySegment.objects.filter(
            source_hash__in=keys[start : start + CHUNK]
        ).values_list("source_hash", "english"):
            found[wanted[key]] = english
    return found


def fuzzy_suggestions(notations):
    """{Dutch notation: [(memory Dutch, English, score, origin)]}: similar Dutch the memory
    knows (``fuzzy.py``), best first."""
    if not notations:
        return {}
    memory = list(MemorySegment.objects.values_list("source", "english"))
    return matches(list(dict.fromkeys(notations)), memory)


def all_pairs():
    """(Dutch, English, changed moment) of the whole memory, for its TMX."""
    return MemorySegment.objects.order_by("source").values_list("source", "english", "updated_at")


def memory_tmx():
    """The whole memory as TMX 1.4 bytes (inline codes as TMX level 2)."""
    return write_tmx(all_pairs())


def import_tmx(data):
    """Learn the pairs of TMX bytes (from this site or another tool); (pairs learnt, units
    left out: no Dutch or English, or an English code its Dutch lacks). TmxError if the
    file is not TMX."""
    pairs, left_out = read_tmx(data)
    learn([(pair.dutch, pair.english) for pair in pairs])
    return len(pairs), left_out


def complete_pairs(field_status):
    """The pairs of a field's English that is up to date (the whole field, or the
    segments of a rich-text field whose Dutch did not change)."""
    if field_status.segments is not None:
        return [
            (segment.segment.notation, segment.english)
            for segment in field_status.segments.statuses
            if segment.state == COMPLETE and segment.english
        ]
    if field_status.state == COMPLETE:
        return [(field_status.source.strip(), field_status.english.strip())]
    return []


def rebuild():
    """Learn from all up-to-date English on the desk; returns the number of pairs read."""
    count = 0
    for kind in desk_options():
        for item in item_statuses(kind.model).values():
            pairs = [pair for status in item.fields for pair in complete_pairs(status)]
            learn(pairs)
            count += len(pairs)
    return count
