"""Main-text extraction on the gold pages (issue 22, step 1).

Usage::

    python benchmarks/extract.py [--corpus DIR] [--extractor NAME ...]
                                 [--repeat N] [--per-page] [--list]

Every ``NAME.html`` of ``DIR/pages`` and ``DIR/wechat`` (default
``../shared/corpora/official``) that has a gold main text ``NAME.body.txt``
beside it is read once from disk and decoded with govlint's own decoder
(``govlint.source.decode``: BOM, UTF-8, declared charset, charset-normalizer),
so every extractor gets the same ``str`` and none of them has to guess an
encoding; govlint's reader is called as the linter calls it, on the bytes
(``read_document``), its decoding included in its time.

Score (one page): take the gold text G and the extracted text E, and delete
every whitespace character (``str.isspace``: spaces, tabs, line breaks,
U+3000 and U+00A0 included) from both; nothing else is normalised. Let L be
the length of the longest common subsequence of the two strings, computed
exactly (bit-parallel LCS, Hyyrö 2004, on Python integers). Then precision
P = L / len(E), recall R = L / len(G), F1 = 2PR / (P + R); an empty
extraction scores P = R = F1 = 0. Being an alignment, the score does not
credit characters that occur in the gold text only elsewhere (a sidebar
headline repeating the article's words costs precision). The table gives the
mean P, R and F1 over the pages (macro average), the number of pages with
F1 < 0.9, and the median over pages of the median time of N runs on a page
(``--repeat``, default 3). Time is the CPU time of this one process
(``time.process_time``), not wall time: on a shared, loaded machine wall time
measures the other processes too. None of the libraries runs threads.

Extractors (``--list`` prints them; an extractor whose library is not
installed is skipped with a note):

* the libraries, each with its documented call for a whole article page;
  ``html-text`` and ``inscriptis`` convert the whole page (the baseline);
* ``govlint``: the current reader, the text of ``document.body_blocks``
  joined by newlines (the title block is not a body block);
* ``govlint/densest``: the reader with one change of rule: on a whole page
  (an ``<html>``, ``<head>`` or ``<body>`` tag present) where ``find_body``
  finds no known container and would take the whole document, the body is
  its own fallback, the element whose ``<p>`` children hold the most text.
  Today that fallback runs only on pages with ``nav``, ``header``,
  ``footer`` or ``aside``, which few Chinese CMS templates use;
* ``govlint+LIB``: the library's text as a guide to an element of govlint's
  own parse. Each text node of the page is scored by how many of its
  non-whitespace characters lie in a run of 6 characters that also occurs in
  the library's text; an element's score is the F1 of its covered characters
  against the library's text (precision: covered / its characters; recall:
  covered / the library's characters). The best element replaces what
  ``find_body`` would choose, and the reader builds its blocks from it
  unchanged, so every character keeps its exact source range;
* ``govlint+LIB/blocks``: as above, but the element is chosen for recall
  (F2 instead of F1), and then only those of its blocks are kept whose
  characters are at least half covered by the library's text (a block
  shorter than 6 characters: when it occurs in the library's text). Blocks
  are dropped whole, never cut, so positions stay exact;
* ``.../cms`` (after either): where govlint's ``find_body`` lands on a
  container that a CMS or WeChat gives the article alone (``#js_content``,
  ``.rich_media_content``, ``.TRS_Editor``, ``#zoom``, ``#UCAP-CONTENT``,
  ``.article-content``, ``.article_content``, ``#article-content``,
  ``.pages_content``: its selectors less the generic ``article``, ``main``,
  ``#content``, ``.content``), that element is kept whole and the library is
  not run; elsewhere the library guides as above;
* ``govlint+LIB/densest/blocks``: the element of ``govlint/densest``, then
  its blocks filtered by the library's text as in ``/blocks``.

The guided readers swap ``govlint.readers.html.find_body`` for the time of one
call; nothing in govlint is changed. Nothing of the corpus is written: the
script prints only file names and numbers.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FOLDERS = ("pages", "wechat")
GRAM = 6  # characters of a run that counts as shared with the guide text
# Elements whose text is never article text (as govlint's reader skips them).
SKIPPED = {
    "script", "style", "noscript", "template", "head", "iframe", "object", "embed",
    "svg", "math", "select", "option", "textarea", "button", "canvas", "audio", "video",
    "title",
}


@dataclass
class Page:
    name: str
    path: Path
    data: bytes
    text: str
    gold: str  # whitespace removed


@dataclass
class Result:
    name: str
    version: str = ""
    licence: str = ""
    scores: dict[str, tuple[float, float, float]] = field(default_factory=dict)
    times: dict[str, float] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


# --- score -----------------------------------------------------------------

_SPACE = re.compile(r"\s+")


def squeeze(text: str) -> str:
    """The text without any whitespace character."""
    return _SPACE.sub("", text)


def lcs_length(a: str, b: str) -> int:
    """Exact length of the longest common subsequence (bit-parallel, Hyyrö 2004)."""
    if len(a) > len(b):
        a, b = b, a
    if not a:
        return 0
    size = len(b)
    positions: dict[str, list[int]] = {}
    for j, char in enumerate(b):
        positions.setdefault(char, []).append(j)
    masks: dict[str, int] = {}
    for char, js in positions.items():
        bits = bytearray((size + 7) // 8)
        for j in js:
            bits[j >> 3] |= 1 << (j & 7)
        masks[char] = int.from_bytes(bits, "little")
    full = (1 << size) - 1
    row = full
    for char in a:
        match = row & masks.get(char, 0)
        row = ((row + match) | (row - match)) & full
    return size - row.bit_count()


def score(gold: str, extracted: str) -> tuple[float, float, float]:
    got = squeeze(extracted)
    if not got or not gold:
        return 0.0, 0.0, 0.0
    common = lcs_length(gold, got)
    precision, recall = common / len(got), common / len(gold)
    f1 = 2 * precision * recall / (precision + recall) if common else 0.0
    return precision, recall, f1


# --- corpus ----------------------------------------------------------------

def load_pages(corpus: Path) -> list[Page]:
    from govlint.source import decode

    pages = []
    for folder in FOLDERS:
        directory = corpus / folder
        if not directory.is_dir():
            continue
        for body in sorted(directory.glob("*.body.txt")):
            html = body.with_name(body.name[: -len(".body.txt")] + ".html")
            if not html.exists():
                continue
            data = html.read_bytes()
            pages.append(Page(
                name=f"{folder}/{html.stem}",
                path=html,
                data=data,
                text=decode(data, html=True).text,
                gold=squeeze(body.read_text(encoding="utf-8-sig")),
            ))
    return pages


# --- extractors ------------------------------------------------------------

Extract = Callable[[Page], str]


def _trafilatura(**options: object) -> Extract:
    import trafilatura

    def run(page: Page) -> str:
        return trafilatura.extract(
            page.text, include_comments=False, include_tables=True, deduplicate=False, **options
        ) or ""
    return run


def _readability() -> Extract:
    import lxml.html
    from readability import Document

    def run(page: Page) -> str:
        summary = Document(page.text).summary(html_partial=True)
        return "\n".join(lxml.html.fromstring(summary).itertext()) if summary.strip() else ""
    return run


def _justext() -> Extract:
    import justext

    # No Chinese stop list ships with jusText: its language-independent mode
    # (empty stop list, both stop-word thresholds 0) classifies by length and
    # link density alone, as its documentation advises for such languages.
    def run(page: Page) -> str:
        paragraphs = justext.justext(page.text, frozenset(), stopwords_low=0, stopwords_high=0)
        return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)
    return run


def _goose3() -> Extract:
    from goose3 import Goose
    from goose3.text import StopWordsChinese

    # Without the Chinese stop-word class (jieba-segmented) goose3 finds no
    # text at all on a Chinese page, whatever the page's language says.
    goose = Goose({"stopwords_class": StopWordsChinese, "enable_image_fetching": False,
                   "use_meta_language": False, "target_language": "zh"})

    def run(page: Page) -> str:
        return goose.extract(raw_html=page.text).cleaned_text or ""
    return run


def _newspaper4k() -> Extract:
    from newspaper import Article

    def run(page: Page) -> str:
        article = Article("http://localhost/article.html", language="zh", fetch_images=False)
        article.download(input_html=page.text)
        article.parse()
        return article.text or ""
    return run


def _boilerpy3() -> Extract:
    from boilerpy3 import extractors

    extractor = extractors.ArticleExtractor(raise_on_failure=False)

    def run(page: Page) -> str:
        return extractor.get_content(page.text) or ""
    return run


def _gne() -> Extract:
    from gne import GeneralNewsExtractor

    extractor = GeneralNewsExtractor()

    def run(page: Page) -> str:
        return extractor.extract(page.text).get("content", "") or ""
    return run


def _resiliparse() -> Extract:
    from resiliparse.extract.html2text import extract_plain_text

    def run(page: Page) -> str:
        return extract_plain_text(page.text, main_content=True, preserve_formatting=True)
    return run


def _html_text() -> Extract:
    import html_text

    def run(page: Page) -> str:
        return html_text.extract_text(page.text)
    return run


def _inscriptis() -> Extract:
    from inscriptis import get_text

    def run(page: Page) -> str:
        return get_text(page.text)
    return run


def _govlint() -> Extract:
    from govlint.readers import read_document

    def run(page: Page) -> str:
        document = read_document(page.data, str(page.path), "html")
        return "\n".join(block.text for block in document.body_blocks)
    return run


# name -> (distribution for version and licence, factory)
LIBRARIES: dict[str, tuple[str, Callable[[], Extract]]] = {
    "trafilatura": ("trafilatura", _trafilatura),
    "trafilatura/recall": ("trafilatura", lambda: _trafilatura(favor_recall=True)),
    "trafilatura/precision": ("trafilatura", lambda: _trafilatura(favor_precision=True)),
    "readability-lxml": ("readability-lxml", _readability),
    "jusText": ("jusText", _justext),
    "goose3": ("goose3", _goose3),
    "newspaper4k": ("newspaper4k", _newspaper4k),
    "boilerpy3": ("boilerpy3", _boilerpy3),
    "gne": ("gne", _gne),
    "resiliparse": ("Resiliparse", _resiliparse),
    "html-text": ("html-text", _html_text),
    "inscriptis": ("inscriptis", _inscriptis),
    "govlint": ("govlint", _govlint),
    "govlint/densest": ("govlint", lambda: _govlint_densest()),
}
WHOLE_PAGE = {"html-text", "inscriptis"}  # baselines: all the text of the page
DEFAULT = (
    *LIBRARIES,
    "govlint+trafilatura", "govlint+trafilatura/blocks",
    "govlint+trafilatura/cms", "govlint+trafilatura/blocks/cms",
    "govlint+trafilatura/densest/blocks", "govlint+trafilatura/precision/cms",
    "govlint+readability-lxml", "govlint+readability-lxml/blocks/cms",
    "govlint+readability-lxml/densest/blocks", "govlint+newspaper4k/cms",
)


# --- guided reader: the library's text chooses govlint's body element -------

def _grams(text: str) -> set[str]:
    return {text[i:i + GRAM] for i in range(len(text) - GRAM + 1)}


def _covered(text: str, grams: set[str], guide: str) -> int:
    """How many characters of ``text`` (no whitespace) lie in a run shared with the guide."""
    if len(text) < GRAM:
        return len(text) if text and text in guide else 0
    flags = bytearray(len(text))
    for i in range(len(text) - GRAM + 1):
        if text[i:i + GRAM] in grams:
            flags[i:i + GRAM] = b"\x01" * GRAM
    return flags.count(1)


def choose_element(soup: object, guide: str, beta: float) -> object | None:
    """The element of ``soup`` whose text best matches ``guide`` (F-beta of covered characters)."""
    from bs4 import NavigableString, Tag
    from bs4.element import PreformattedString

    if len(guide) < 20:
        return None
    grams = _grams(guide)
    totals: dict[int, list] = {}
    stack = [soup]
    while stack:
        node = stack.pop()
        if isinstance(node, Tag):
            if node.name in SKIPPED:
                continue
            stack.extend(reversed(node.contents))
            continue
        if not isinstance(node, NavigableString) or isinstance(node, PreformattedString):
            continue  # comments, doctype, CDATA, processing instructions
        text = squeeze(str(node))
        if not text:
            continue
        covered = _covered(text, grams, guide)
        for parent in node.parents:
            entry = totals.get(id(parent))
            if entry is None:
                totals[id(parent)] = [len(text), covered, parent]
            else:
                entry[0] += len(text)
                entry[1] += covered
    best, best_key = None, None
    b2 = beta * beta
    for size, covered, element in totals.values():
        if not covered:
            continue
        # A page that holds the article twice (a print copy, a hidden mobile
        # copy) must not make the element around both copies the best match.
        covered = min(covered, len(guide))
        precision, recall = covered / size, covered / len(guide)
        f = (1 + b2) * precision * recall / (b2 * precision + recall)
        key = (f, -size)
        if best_key is None or key > best_key:
            best, best_key = element, key
    return best


# Containers that a CMS or WeChat gives the article body alone: ids and classes
# of govlint's own body selectors, less the generic ones (article, main,
# #content, .content) that also wrap headlines and share bars.
CMS_IDS = {"js_content", "zoom", "UCAP-CONTENT", "article-content"}
CMS_CLASSES = {"rich_media_content", "TRS_Editor", "article-content", "article_content", "pages_content"}


def is_cms_container(element: object) -> bool:
    attrs = getattr(element, "attrs", None) or {}
    classes = attrs.get("class") or ()
    if isinstance(classes, str):
        classes = classes.split()
    return attrs.get("id") in CMS_IDS or any(c in CMS_CLASSES for c in classes)


def densest_parent(soup: object) -> object:
    """The fallback of govlint's ``find_body`` (copied, so that the figure does
    not move with the reader): the element whose own ``<p>`` children hold the
    most text, each ``<br>`` child counting 10, paragraphs inside ``nav``,
    ``header``, ``footer`` or ``aside`` left out. The reader runs it only on a
    page that has one of those four elements; elsewhere it takes the whole
    document as the body, as it must for a draft fragment."""
    chrome = {"nav", "header", "footer", "aside"}
    credit: dict[int, list] = {}
    for paragraph in soup.find_all(["p", "br"]):
        parent = paragraph.parent
        if parent is None or any(p.name in chrome for p in paragraph.parents):
            continue
        size = len(paragraph.get_text(strip=True)) if paragraph.name == "p" else 10
        entry = credit.setdefault(id(parent), [0, parent])
        entry[0] += size
    return max(credit.values(), key=lambda entry: entry[0])[1] if credit else soup


def _reader(choose: Callable[[object, Callable], object], page: Page):
    """govlint's document of ``page`` with ``choose(soup, find_body)`` as its body element."""
    import govlint.readers.html as reader
    from govlint.readers import read_document

    original = reader.find_body
    calls = []

    def find_body(soup: object, index: object = None) -> object:
        calls.append(1)
        return choose(soup, lambda: original(soup, index))

    reader.find_body = find_body
    try:
        document = read_document(page.data, str(page.path), "html")
    finally:
        reader.find_body = original
    if not calls:  # the reader no longer asks find_body: the figure would be govlint's own
        raise RuntimeError("govlint.readers.html.read_html did not call find_body")
    return document


def _densest_body(soup: object, found: Callable[[], object]) -> object:
    """``find_body``, but a whole page (one with an ``<html>``, ``<head>`` or
    ``<body>`` tag) whose body the reader would take whole gets the
    densest-paragraph parent; a fragment stays whole."""
    body = found()
    if body is soup and soup.find(["html", "head", "body"]) is not None:
        return densest_parent(soup)
    return body


def _govlint_densest() -> Extract:
    def run(page: Page) -> str:
        return "\n".join(block.text for block in _reader(_densest_body, page).body_blocks)
    return run


def _guided(library: str, options: set[str]) -> Extract:
    guide_of = LIBRARIES[library][1]()
    blocks = "blocks" in options

    def run(page: Page) -> str:
        guide = ""
        trusted = False  # the body is a CMS container, kept whole

        def choose(soup: object, found: Callable[[], object]) -> object:
            nonlocal guide, trusted
            if "densest" in options:
                return _densest_body(soup, found)
            if "cms" in options:
                body = found()
                if is_cms_container(body):
                    trusted = True
                    return body
            guide = squeeze(guide_of(page))
            chosen = choose_element(soup, guide, beta=2.0 if blocks else 1.0)
            return chosen if chosen is not None else found()

        body = _reader(choose, page).body_blocks
        if blocks and not trusted:
            guide = guide or squeeze(guide_of(page))
            if len(guide) >= 20:
                grams = _grams(guide)
                body = tuple(
                    b for b in body
                    if (text := squeeze(b.text)) and _covered(text, grams, guide) * 2 >= len(text)
                )
        return "\n".join(block.text for block in body)
    return run


def make(name: str) -> tuple[str, Extract]:
    """The distribution behind ``name`` and its extract function; ImportError if missing."""
    if name.startswith("govlint+"):
        library, options = name[len("govlint+"):], set()
        while library.endswith(("/blocks", "/cms", "/densest")):
            library, _, option = library.rpartition("/")
            options.add(option)
        if library not in LIBRARIES or library.startswith("govlint"):
            raise KeyError(name)
        return LIBRARIES[library][0], _guided(library, options)
    distribution, factory = LIBRARIES[name]
    return distribution, factory()


def licence_of(distribution: str) -> tuple[str, str]:
    """Version and licence as the installed metadata states them; a LICENSE file
    that is the GPL is named even where the metadata says otherwise."""
    try:
        meta = metadata.metadata(distribution)
    except metadata.PackageNotFoundError:
        return "", ""
    licence = meta.get("License-Expression") or ""
    if not licence:
        classifiers = [c.split(" :: ")[-1] for c in meta.get_all("Classifier") or ()
                       if c.startswith("License ::")]
        licence = "; ".join(classifiers) or (meta.get("License") or "").splitlines()[0][:40]
    for file in metadata.files(distribution) or ():
        if re.search(r"(LICEN[CS]E|COPYING)", file.name, re.I):
            located = Path(str(file.locate()))
            head = located.read_text(errors="replace")[:400] if located.is_file() else ""
            if "GNU GENERAL PUBLIC LICENSE" in head and "GPL" not in licence:
                licence += " (LICENSE file: GPL-3.0)" if "Version 3" in head else " (LICENSE file: GPL)"
    return metadata.version(distribution), licence


# --- run -------------------------------------------------------------------

def measure(name: str, pages: list[Page], repeat: int) -> Result | str:
    try:
        distribution, extract = make(name)
    except ImportError as error:
        return f"{name}: skipped, not installed ({error.name or error})"
    version, licence = licence_of(distribution)
    if name.startswith("govlint+"):
        guide_version, licence = licence_of(distribution)
        version = f"{licence_of('govlint')[0]} + {guide_version}"
    result = Result(name, version, licence)
    for page in pages:
        times, text = [], ""
        for attempt in range(repeat):
            started = time.process_time()
            try:
                out = extract(page)
            except Exception as error:  # a library that fails on a page scores 0 there
                result.errors[page.name] = f"{type(error).__name__}: {error}"[:120]
                out = ""
            times.append(time.process_time() - started)
            if attempt == 0:
                text = out
        result.times[page.name] = statistics.median(times)
        result.scores[page.name] = score(page.gold, text)
    return result


def table(results: list[Result]) -> str:
    lines = [
        "| extractor | licence | version | mean P | mean R | mean F1 | pages F1 < 0.9 | median ms/page |",
        "|---|---|---|---:|---:|---:|---:|---:|",
    ]
    for result in results:
        scores = list(result.scores.values())
        mean = [statistics.fmean(s[i] for s in scores) for i in range(3)]
        weak = sum(1 for s in scores if s[2] < 0.9)
        ms = statistics.median(result.times.values()) * 1000
        suffix = " (whole page)" if result.name in WHOLE_PAGE else ""
        lines.append(
            f"| {result.name}{suffix} | {result.licence} | {result.version} | {mean[0]:.3f} | {mean[1]:.3f} "
            f"| {mean[2]:.3f} | {weak} | {ms:.0f} |"
        )
    return "\n".join(lines)


def per_page(results: list[Result], pages: list[Page]) -> str:
    header = "| page | " + " | ".join(r.name for r in results) + " |"
    lines = [header, "|---|" + "---:|" * len(results)]
    for page in pages:
        cells = []
        for result in results:
            p, r, f = result.scores[page.name]
            cells.append(f"{f:.2f} (P {p:.2f} R {r:.2f})")
        lines.append(f"| {page.name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpora" / "official")
    parser.add_argument("--extractor", nargs="+", default=list(DEFAULT), metavar="NAME",
                        help="extractors to run (default: all libraries, govlint and the guided readers)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per page for the time (default 3)")
    parser.add_argument("--per-page", action="store_true", help="also print F1, P and R per page")
    parser.add_argument("--list", action="store_true", help="list the extractor names and exit")
    args = parser.parse_args()
    if args.list:
        variants = ("", "/blocks", "/cms", "/blocks/cms", "/densest/blocks")
        print("\n".join([*LIBRARIES, *(f"govlint+{n}{v}" for n in LIBRARIES
                                        if not n.startswith("govlint") for v in variants)]))
        return
    pages = load_pages(args.corpus)
    if not pages:
        sys.exit(f"no NAME.html with NAME.body.txt under {args.corpus}/{{{','.join(FOLDERS)}}}")
    warnings.simplefilter("ignore")
    results, notes = [], []
    for name in args.extractor:
        try:
            outcome = measure(name, pages, args.repeat)
        except KeyError:
            sys.exit(f"unknown extractor {name!r} (see --list)")
        if isinstance(outcome, str):
            notes.append(outcome)
            continue
        results.append(outcome)
        for page_name, error in outcome.errors.items():
            notes.append(f"{name} failed on {page_name}: {error}")
        print(f"measured {name}", file=sys.stderr, flush=True)
    print(f"{len(pages)} pages with a gold main text under {args.corpus}; "
          f"time: CPU ms, median over pages of the median of {args.repeat} runs\n")
    print(table(results))
    if args.per_page:
        print()
        print(per_page(results, pages))
    for note in notes:
        print(f"\n- {note}", end="")
    print()


if __name__ == "__main__":
    main()
