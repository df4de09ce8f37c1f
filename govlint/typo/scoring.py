"""Scoring candidate edits and deciding which to report.

Two small networks (weights in ``dictionaries/typo/weights.json``, trained
by ``scripts/train_typo_weights.py``): the first stage on the cheap
features prunes, the second on all of them scores. ``decide`` then takes
the edits above the threshold, best first, keeping them apart and never
turning a marked particle or a recommended word into something else.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from govlint.data import data_path, word_list
from govlint.typo.features import FEATURES, Candidates


@dataclass(frozen=True)
class Edit:
    """Replace the character at ``index`` (of the checked text) by ``suggestion``."""

    index: int
    original: str
    suggestion: str
    score: float


WEIGHTS_FILE = "typo/weights.json"


@dataclass(frozen=True)
class Scorer:
    """A one-hidden-layer network over ``features`` (columns in that order):
    the logit that an edit is right."""

    w1: np.ndarray
    b1: np.ndarray
    w2: np.ndarray
    b2: float
    threshold: float
    features: tuple[str, ...] = FEATURES

    def __call__(self, x: np.ndarray) -> np.ndarray:
        # OpenBLAS would spread these small products over every core and
        # keep its threads spinning: 40% more CPU time for the same result,
        # and in the audit each worker would take the other workers' cores.
        with _blas().limit(limits=1, user_api="blas"):
            return np.maximum(x @ self.w1 + self.b1, 0) @ self.w2 + self.b2

    @classmethod
    def from_json(cls, data: dict) -> Scorer:
        return cls(
            np.array(data["w1"], dtype=np.float32),
            np.array(data["b1"], dtype=np.float32),
            np.array(data["w2"], dtype=np.float32),
            float(data["b2"]),
            float(data["threshold"]),
            tuple(data["features"]),
        )


@lru_cache(maxsize=1)
def _blas():
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


@lru_cache(maxsize=1)
def _weights() -> dict:
    return json.loads(data_path(WEIGHTS_FILE).read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def scorer() -> Scorer:
    data = _weights()
    if tuple(data["features"]) != FEATURES:
        raise ValueError(f"{WEIGHTS_FILE}: features differ from the engine's; rerun scripts/train_typo_weights.py")
    return Scorer.from_json(data)


@lru_cache(maxsize=1)
def first_stage() -> Scorer | None:
    """The scorer that prunes edits on their cheap features; its threshold
    keeps nearly every right edit of the training sets."""
    data = _weights().get("first_stage")
    return None if data is None else Scorer.from_json(data)


# An accepted edit blocks other edits this close to it: each was scored on the
# original text, so the words and n-grams that justify one may hold the very
# character the other changes (他很开兴: 开->高 for 高兴 and 兴->心 for 开心 are
# each plausible, never both). Two changes that belong together are proposed
# as one two-character edit. Distance 2 measured best on the dev sets
# (benchmarks/README.md); 0 only forbids editing one character twice.
EDIT_GAP = 2
# 的, 地 and 得 are told apart by grammar (an adverbial before a verb takes
# 地, a complement after it 得), which a model of word and character counts
# does not see. Writers slip into the default 的; 地 and 得 are chosen on
# purpose. So the engine may still turn 的 into 地 or 得, but never 地 or
# 得 into another particle: on published official text it did so 108 times,
# every time wrongly (benchmarks/README.md, issue 21).
STRUCTURAL_PARTICLES = frozenset(map(ord, "的地得"))
MARKED_PARTICLES = frozenset("地得")


# An edit of a character inside a common word (the best lexicon word covering
# it seen e^6, about 400, times or more: 整治, 标识, 高效) replaces a word the
# writer chose by another real word; it needs this much more score. On
# published reports and news 340 -> 309 false findings; SIGHAN's detection
# precision through the CLI stays 0.762, correction F1 on ecspell_odw 0.576
# -> 0.573 (benchmarks/README.md, issue 21).
COMMON_WORD_COVER = 6.0
COMMON_WORD_MARGIN = 0.5


# The scorer's logit is the odds that an edit is right where slips are as
# dense as in the test sets it was fitted on (one in every other sentence),
# and the threshold was set there. A document's own density of slips shifts
# those odds: in a long text where the engine finds no sure slip (score >=
# ``SURE_SCORE``), a slip is far rarer than in a test set's sentence, and an
# edit needs more evidence. The density is estimated from the document's sure
# edits and a prior worth ``PRIOR_CHARS`` Han characters at ``SURE_DENSITY``:
# a short note moves the threshold a little (+0.7 for a 500-character story
# with no sure slip), a long clean report by up to ``MAX_SHIFT``, a file of
# the CSC sets' sentences not at all. Chosen so that no CSC set's file, the
# LEMON domains included, moves (a sure score of 1.5 raised the threshold
# on LEMON gam and nov and cost them a fifth of their correction F1).
# Reports and news of ../shared/corpora/official: false findings 2.32 ->
# 0.28 per 10,000 characters; planted slips (one per 2,000 characters):
# recall 89.0% -> 80.3%, precision 77.7% -> 84.0% (a prior of 1,000
# characters: 0.37, 82.7%; benchmarks/README.md, issue 21).
SURE_SCORE = 1.0
SURE_DENSITY = 0.5 / 1000  # sure slips per Han character at which the fitted threshold holds
PRIOR_CHARS = 500
MAX_SHIFT = 2.0


def document_threshold(scores: list[float], han_chars: int, threshold: float | None = None) -> float:
    """The threshold for one document's edits (``scores``, those the rule
    would report at the fitted threshold) in ``han_chars`` Han characters:
    the fitted one raised by the log of how much rarer than ``SURE_DENSITY``
    the document's sure slips are, at most by ``MAX_SHIFT``."""
    base = scorer().threshold if threshold is None else threshold
    sure = sum(1 for s in scores if s >= SURE_SCORE)
    density = (sure + SURE_DENSITY * PRIOR_CHARS) / (han_chars + PRIOR_CHARS)
    return base + min(MAX_SHIFT, max(0.0, math.log(SURE_DENSITY / density)))


def decide(text: str, c: Candidates, threshold: float) -> list[Edit]:
    """The edits scoring above ``threshold`` (``COMMON_WORD_MARGIN`` more
    inside a common word), best first, none within ``EDIT_GAP`` characters
    of a character an earlier one changed."""
    score = scorer()(c.x)
    score = np.where(c.x[:, FEATURES.index("cover")] >= COMMON_WORD_COVER, score - COMMON_WORD_MARGIN, score)
    taken: dict[int, Edit] = {}
    for i in sorted(np.nonzero(score > threshold)[0], key=lambda i: -score[i]):
        changes = [(int(c.pos[i]), int(c.new[i]))]
        if c.pos2[i] >= 0:
            changes.append((int(c.pos2[i]), int(c.new2[i])))
        if any(_near(text, p, taken) or _particle_swap(text[p], ch) or _to_variant(text, p, ch) for p, ch in changes):
            continue
        for p, ch in changes:
            taken[p] = Edit(p, text[p], chr(ch), float(score[i]))
    return sorted(taken.values(), key=lambda e: e.index)


def _particle_swap(original: str, new: int) -> bool:
    return original in MARKED_PARTICLES and new in STRUCTURAL_PARTICLES


# Word pairs of two standard forms, recommended<TAB>variant, differing in one
# character (账户/帐户): the engine never turns the recommended word, as
# written, into its variant. Word-level, since the character may be right
# elsewhere (账篷 -> 帐篷 stays possible).
VARIANTS_FILE = "typo/variants.tsv"


@lru_cache(maxsize=1)
def _variants() -> dict[tuple[str, str], list[tuple[str, int]]]:
    """(original char, new char) -> [(recommended word, offset of that char)]."""
    index: dict[tuple[str, str], list[tuple[str, int]]] = {}
    for line in sorted(word_list(VARIANTS_FILE)):
        word, variant = line.split("\t")
        for k, (a, b) in enumerate(zip(word, variant, strict=True)):
            if a != b:
                index.setdefault((a, b), []).append((word, k))
    return index


def _to_variant(text: str, index: int, new: int) -> bool:
    """Whether changing ``text[index]`` to ``chr(new)`` turns a recommended
    word standing there into its variant (账户 -> 帐户)."""
    for word, k in _variants().get((text[index], chr(new)), ()):
        if index >= k and text[index - k : index - k + len(word)] == word:
            return True
    return False


def _near(text: str, index: int, taken: dict[int, Edit]) -> bool:
    """Whether an accepted edit lies within ``EDIT_GAP`` of ``index`` on the
    same line (``detect_many`` joins texts with line breaks: edits in two
    texts never block each other)."""
    for other in range(index - EDIT_GAP, index + EDIT_GAP + 1):
        if other in taken and "\n" not in text[min(index, other) : max(index, other)]:
            return True
    return False
