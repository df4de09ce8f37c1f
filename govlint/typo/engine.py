"""The default offline typo engine: lexicons, homophones, n-grams and a word model.

See docs/typo-engine.md for the design and measurements. In short: a
character that no frequent word covers is a suspect; candidate edits make a
lexicon word one confusable character away, a more frequent homophone word
one or two characters away (师公 -> 施工), swap a member of a character set
(的/地/得), or put a one-character word of the same pinyin in its place
(取 -> 去). A first small network on cheap word and character-bigram
evidence drops the clearly wrong edits; a second one, which also weighs
segmentation, character trigrams and the word bigram model
(``wordlm.py``), decides which to report. Every lookup is a batched
``numpy.searchsorted`` over sorted 64-bit hash tables.

This module is the entry: ``candidates`` runs the pipeline on one text,
``detect`` and ``detect_many`` report its edits. The parts: the model file
(``modelfile``), the proposals (``propose``), their features
(``features``), the scorers and the decision (``scoring``), and batching
(``batching``).
"""

from __future__ import annotations

import numpy as np

from govlint.typo.batching import batches, owners, windows
from govlint.typo.features import (
    FEATURES,
    LM_FLOOR,
    Candidates,
    cheap_features,
    costly_features,
    lm_gains,
    no_candidates,
    text_tables,
)
from govlint.typo.hashing import codes, is_han
from govlint.typo.modelfile import model
from govlint.typo.propose import SINGLE_FLOOR, distinct, propose, suspects, word_windows
from govlint.typo.scoring import Edit, decide, first_stage, scorer


def candidates(text: str, protected: np.ndarray | None = None, prune: bool = True) -> Candidates:
    """Every plausible edit of ``text`` with its features. With ``prune``,
    the edits that the first-stage scorer (cheap features only) rules out
    are dropped before the costly features (segmentation, trigrams, word
    model) are computed."""
    m = model()
    cp = codes(text)
    if len(cp) < 2:
        return no_candidates()
    han = is_han(cp)
    cover, windows = word_windows(m, cp, han)
    found = propose(m, cp, han, windows, suspects(cp, han, cover, protected), protected)
    if found is None or len(found.pos) == 0:
        return no_candidates()
    p = distinct(found)
    t = text_tables(m, cp, han, windows)
    left_gain, right_gain = lm_gains(m, t, p.pos, p.new, p.pos2, p.new2)
    # An edit that makes the character bigrams clearly worse is never kept
    # (checked on the training sets): drop it before the costlier features.
    ok = np.nonzero(left_gain + right_gain >= np.where(p.length == 0, SINGLE_FLOOR, LM_FLOOR))[0]
    p = p.take(ok)
    if len(p.pos) == 0:
        return no_candidates()
    f = cheap_features(m, t, p, cover, left_gain[ok], right_gain[ok])
    gate = first_stage() if prune else None
    if gate is not None:
        cheap = np.stack([f[name] for name in gate.features], axis=1, dtype=np.float32)
        keep = np.nonzero(gate(cheap) >= gate.threshold)[0]
        p = p.take(keep)
        if len(p.pos) == 0:
            return no_candidates()
        f = {name: value[keep] for name, value in f.items()}
    f.update(costly_features(m, t, p))
    x = np.stack([f[name] for name in FEATURES], axis=1, dtype=np.float32)
    return Candidates(p.pos, p.new, p.pos2, p.new2, x)


def detect(text: str, protected: np.ndarray | None = None, threshold: float | None = None) -> list[Edit]:
    """Suspected wrong characters of ``text``; ``protected[i]`` excludes index i."""
    found = candidates(text, protected)
    if len(found) == 0:
        return []
    return decide(text, found, scorer().threshold if threshold is None else threshold)


def detect_many(
    texts: list[str],
    threshold: float | None = None,
    batch_chars: int = 20000,
    protected: list[np.ndarray] | None = None,
) -> list[list[Edit]]:
    """``detect`` for many texts, batched: the texts are joined with line
    breaks (never part of a word) so that one set of array operations
    serves many of them. A text longer than ``WINDOW_CHARS`` is read in
    overlapping windows (``batching.windows``), so that memory stays
    bounded whatever the length of one paragraph."""
    pieces: list[str] = []
    masks: list[np.ndarray] | None = [] if protected is not None else None
    places: list[tuple[int, int, int, int]] = []  # (text, offset of the piece, core start, core end) in the text
    for n, text in enumerate(texts):
        for low, start, end, high in windows(text):
            pieces.append(text[low:high])
            if masks is not None and protected is not None:
                masks.append(protected[n][low:high])
            places.append((n, low, start, end))
    results: list[list[Edit]] = [[] for _ in texts]
    for batch in batches(pieces, batch_chars):
        part = pieces[batch.start : batch.stop]
        joined = "\n".join(part)
        mask = None
        if masks is not None:
            mask = np.concatenate([np.append(p, True) for p in masks[batch.start : batch.stop]])[: len(joined)]
        edits = detect(joined, mask, threshold=threshold)
        where, offsets = owners(part, np.array([e.index for e in edits], dtype=np.int64))
        for e, k, index in zip(edits, where.tolist(), offsets.tolist(), strict=True):
            n, low, start, end = places[batch.start + k]
            if start <= low + index < end:  # the windows' context belongs to their neighbours
                results[n].append(Edit(low + index, e.original, e.suggestion, e.score))
    return results
