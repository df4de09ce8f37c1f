"""The typo rules' prepare steps: what typo.missing-char and typo.wrong-char
compute for a batch of documents at once.

The engine's array passes cost per call more than per character, so the
paragraphs of every document of a batch go through them together; each
document keeps its share in ``context.prepared`` for its rules to report.
typo.wrong-char leaves alone what the curated rules and typo.missing-char
already report, so its input is made after theirs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from govlint.model import Block, Document
from govlint.rules import Context

if TYPE_CHECKING:
    import numpy as np

    from govlint.typo.lexicon import Pair

MISSING_KEY, WRONG_KEY = "typo.missing-char", "typo.wrong-char"  # their entries in context.prepared
# Characters of a batch's prose per engine call (the engine's default is
# 20,000): a call's array passes cost per call more than per character, and
# 32 posts of 2,400 characters take 20% less time in one call than in four.
# The edits do not depend on the batch; the arrays take about 1 KB a character.
ENGINE_BATCH_CHARS = 80_000


def confusion_table(context: Context) -> dict[str, Pair]:
    """The curated confusion pairs with the configuration's own (``confusion_pairs``)."""
    from govlint.typo.lexicon import confusion_table as table

    return table(tuple(getattr(context.config, "confusion_pairs", ())))


@dataclass
class MissingFound:
    """What typo.missing-char finds in a document, computed for a batch of
    documents at once: the phrases short of a character in each prose
    block (typo.wrong-char leaves their places alone) and, once looked
    for, the cut-off start of each body paragraph."""

    matches: list[list[tuple[int, str, str]]]
    cut: list[tuple[str, str] | None] | None = None


def missing_found(documents: Sequence[Document], contexts: Sequence[Context], cut: bool) -> list[MissingFound]:
    """Each document's ``MissingFound`` (in ``context.prepared``), the
    parts not yet there computed for all of them together: the proposals
    of the whole batch are scored in one array pass."""
    from govlint.typo.cutoff import cut_starts_documents
    from govlint.typo.missing import document_terms, missing_matches

    todo = [n for n, context in enumerate(contexts) if MISSING_KEY not in context.prepared]
    if todo:
        texts = [[b.text for b in documents[n].prose_blocks] for n in todo]
        allowed = [contexts[n].config.allow_words for n in todo]
        for n, matches in zip(todo, missing_matches(texts, [document_terms(t) for t in texts], allowed), strict=True):
            contexts[n].prepared[MISSING_KEY] = MissingFound(matches)
    entries: list[MissingFound] = [context.prepared[MISSING_KEY] for context in contexts]
    todo = [n for n, entry in enumerate(entries) if cut and entry.cut is None]
    if todo:
        paragraphs = [[b.text for b in body_paragraphs(documents[n])] for n in todo]
        for n, starts in zip(todo, cut_starts_documents(paragraphs, thorough=1), strict=True):
            entries[n].cut = starts
    return entries


def body_paragraphs(document: Document) -> list[Block]:
    return [b for b in document.body_blocks if b.kind == "paragraph"]


def prepare_missing_char(documents: Sequence[Document], contexts: Sequence[Context]) -> None:
    """typo.missing-char's prepare step: a batch's matches and cut-off starts together."""
    missing_found(documents, contexts, cut=True)


@dataclass
class EngineInput:
    """A document's prose blocks as the wrong-character engine sees them, and
    the characters it must not change (names, allowed words, spans the
    curated rules and the missing-character search already report)."""

    blocks: tuple[Block, ...]
    texts: list[str]
    masks: list[np.ndarray]


def _engine_input(document: Document, context: Context) -> EngineInput:
    from govlint.typo.idioms import idiom_matches
    from govlint.typo.protect import protected_masks

    blocks = document.prose_blocks
    texts = [b.text for b in blocks]
    masks = protected_masks(texts, tuple(context.config.allow_words))
    missing = missing_found([document], [context], cut=False)[0].matches
    table = confusion_table(context)
    for text, protected, idioms, dropped in zip(texts, masks, idiom_matches(texts), missing, strict=True):
        for start, end in _curated_spans(text, table, idioms, dropped):
            protected[start:end] = True
    return EngineInput(blocks, texts, masks)


def _curated_spans(
    text: str, table: dict[str, Pair], idioms: Sequence[tuple[int, str]], missing: list[tuple[int, str, str]]
) -> list[tuple[int, int]]:
    """Spans that typo.confusion, typo.misuse, typo.idiom (``idioms``: the
    text's misspelt idioms) and typo.missing-char (``missing``: its
    missing-character matches) report: not reported twice."""
    from govlint.typo.lexicon import confusion_matches
    from govlint.typo.misuse import misuse_matches

    spans = [(i, i + len(p.wrong)) for i, p in confusion_matches(text, table)]
    spans += [(i, i + len(m.wrong)) for i, m in misuse_matches(text)]
    spans += [(i, i + 4) for i, _ in idioms]
    # The three characters written of the idiom lie within 3 of the insertion point.
    spans += [(max(0, i - 3), i + 3) for i, _, _ in missing]
    return spans


def prepare_wrong_char(documents: Sequence[Document], contexts: Sequence[Context]) -> None:
    """Run the engine once over the prose of a batch of documents (its
    array passes cost per call more than per character: a document's
    blocks go together, and 8 posts of 2,400 characters take a third
    less time together than one by one) and leave each document its inputs
    and edits."""
    from govlint.typo.batching import regroup
    from govlint.typo.engine import detect_many

    missing_found(documents, contexts, cut=False)  # the engine leaves their places alone
    inputs = [_engine_input(d, c) for d, c in zip(documents, contexts, strict=True)]
    texts = [t for i in inputs for t in i.texts]
    masks = [m for i in inputs for m in i.masks]
    found = detect_many(texts, batch_chars=ENGINE_BATCH_CHARS, protected=masks) if texts else []
    for given, context, edits in zip(inputs, contexts, regroup(found, (len(i.texts) for i in inputs)), strict=True):
        context.prepared[WRONG_KEY] = (given, edits)
