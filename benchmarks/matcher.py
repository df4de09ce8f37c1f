"""Term matching: throughput with 10,000 terms on 1 MB of text, and list load time.

Usage: python benchmarks/matcher.py [--repeat N] [--terms N] [--megabytes N]

Compares, on the same normalised text and terms:

- pyahocorasick (``iter_long``: leftmost-longest, as govlint needs), if installed
  (``pip install -e '.[bench]'``);
- ahocorasick-rs (``find_matches_as_indexes``, leftmost-longest);
- a set lookup of every 2-4 character slice (the naive baseline);
- govlint's own path, ``Matcher.find``: normalisation (width, case, traditional
  to simplified, separator deletion), ahocorasick-rs, mapping spans back to the
  original characters and the allow-context checks.

Two term sets of 10,000: random 2-4 character terms over the 3,500 most common
characters (few hits, like a real list), and the 10,000 most frequent 2-4
character words of jieba's dictionary (a hit every few characters: the worst
case). The text is real Chinese prose: the corrected sentences of the SIGHAN
2015 test set shipped by pycorrector, plus the bundled example drafts, repeated
to the size asked for (MB of UTF-8). Load time: a 10,000-term list in the YAML
format, compiled without cache, then read back from the on-disk cache, plus
building the automaton. Each figure is the best of ``--repeat`` runs, in CPU
time of this one process (one core), so that a loaded machine does not inflate it.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def best(repeat: int, function: Callable[[], object]) -> tuple[float, object]:
    """The least CPU time of ``repeat`` runs, and the last result.

    CPU time of this process, not wall time: on a shared, loaded machine the
    wall clock counts the time other processes held the core.
    """
    times, result = [], None
    for _ in range(repeat):
        started = time.process_time()
        result = function()
        times.append(time.process_time() - started)
    return max(min(times), 1e-9), result


def corpus(megabytes: float) -> str:
    data = Path(importlib.util.find_spec("pycorrector").submodule_search_locations[0]) / "data"
    lines = [line.split("\t")[1].strip() for line in (data / "sighan2015_test.tsv").read_text("utf-8").splitlines()]
    for example in sorted((REPO / "examples").glob("*.md")):
        lines.extend(example.read_text("utf-8").splitlines())
    unit = "\n".join(line for line in lines if line)
    target = int(megabytes * 1_000_000)
    text = unit
    while len(text.encode()) < target:
        text += "\n" + unit
    return text.encode()[:target].decode(errors="ignore")


def random_terms(count: int, seed: int = 1) -> list[str]:
    data = Path(importlib.util.find_spec("pycorrector").submodule_search_locations[0]) / "data"
    chars = [c.strip() for c in (data / "common_char_set.txt").read_text("utf-8").splitlines() if c.strip()][:3500]
    rng = random.Random(seed)
    terms: dict[str, None] = {}
    while len(terms) < count:
        terms["".join(rng.choice(chars) for _ in range(rng.randint(2, 4)))] = None
    return list(terms)


def common_words(count: int) -> list[str]:
    import jieba

    words = []
    with open(Path(jieba.__file__).parent / "dict.txt", encoding="utf-8") as handle:
        for line in handle:
            word, frequency, _ = line.split(" ")
            if 2 <= len(word) <= 4:
                words.append((int(frequency), word))
    return [w for _, w in sorted(words, reverse=True)[:count]]


def measure_search(name: str, terms: list[str], text: str, repeat: int) -> None:
    import ahocorasick_rs

    from govlint.rules import Severity, Stage
    from govlint.terms import Matcher
    from govlint.terms.lists import Term
    from govlint.terms.normalize import normalize, normalize_term

    megabytes = len(text.encode()) / 1e6
    keys = list(dict.fromkeys(normalize_term(t) for t in terms))
    norm_time, normalized = best(repeat, lambda: normalize(text))
    norm = normalized.text
    print(f"\n[{name}] {len(keys)} terms, {megabytes:.2f} MB ({len(text):,} characters)")
    print(f"  normalisation only          {megabytes / norm_time:8.1f} MB/s")

    if importlib.util.find_spec("ahocorasick"):
        import ahocorasick

        def build_py():
            automaton = ahocorasick.Automaton()
            for index, key in enumerate(keys):
                automaton.add_word(key, index)
            automaton.make_automaton()
            return automaton

        build, automaton = best(repeat, build_py)
        search, hits = best(repeat, lambda: sum(1 for _ in automaton.iter_long(norm)))
        rate = megabytes / search
        print(f"  pyahocorasick iter_long     {rate:8.1f} MB/s  build {build * 1000:6.1f} ms  hits {hits}")
    else:
        print("  pyahocorasick               not installed (pip install -e '.[bench]')")

    kind = ahocorasick_rs.MatchKind.LeftmostLongest
    build, automaton_rs = best(repeat, lambda: ahocorasick_rs.AhoCorasick(keys, matchkind=kind))
    search, matches = best(repeat, lambda: automaton_rs.find_matches_as_indexes(norm))
    rate = megabytes / search
    print(f"  ahocorasick-rs              {rate:8.1f} MB/s  build {build * 1000:6.1f} ms  hits {len(matches)}")

    key_set = set(keys)

    def slices() -> int:
        found = 0
        for i in range(len(norm)):
            for size in (2, 3, 4):
                if norm[i : i + size] in key_set:
                    found += 1
        return found

    search, hits = best(max(1, repeat // 2), slices)
    print(f"  set of 2-4 character slices {megabytes / search:8.1f} MB/s  (overlapping hits {hits})")

    matcher = Matcher(Term(t, normalize_term(t), "bench", "other", Severity.ERROR, Stage.FINAL) for t in terms)
    search, found = best(repeat, lambda: matcher.find(text))
    print(f"  govlint Matcher.find        {megabytes / search:8.1f} MB/s  (normalisation included; hits {len(found)})")


def measure_load(terms: list[str], repeat: int) -> None:
    from govlint.terms import Matcher, cache, default_list_paths, load_lists
    from govlint.terms.listfile import load_list_uncached

    with tempfile.TemporaryDirectory() as folder:
        os.environ["GOVLINT_CACHE_DIR"] = folder
        path = Path(folder) / "big.yaml"
        body = "\n".join(f"  - {t}" for t in terms)
        path.write_text(
            "# Source: benchmark\nname: big\ncategory: other\nseverity: error\nstage: 终审\nsource: benchmark\n"
            f"allow_near: [打击, 查处]\nterms:\n{body}\n",
            encoding="utf-8",
        )
        parse, _ = best(repeat, lambda: load_list_uncached(path))

        def from_cache():
            cache._load_list.cache_clear()
            return Matcher(t for tl in load_lists((*default_list_paths(), path)) for t in tl.terms)

        cache._load_list.cache_clear()
        from_cache()  # writes the cache files
        warm, matcher = best(repeat, from_cache)

        def bundled():
            cache._load_list.cache_clear()
            return Matcher(t for tl in load_lists(default_list_paths()) for t in tl.terms)

        small, bundled_matcher = best(repeat, bundled)
    print(f"\n[load] {len(terms)}-term YAML list compiled without cache: {parse * 1000:.0f} ms")
    print(f"[load] bundled lists + {len(terms)}-term list from the disk cache, automaton built: "
          f"{warm * 1000:.0f} ms ({len(matcher)} terms)")
    print(f"[load] bundled lists alone from the disk cache, automaton built: {small * 1000:.1f} ms "
          f"({len(bundled_matcher)} terms)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--terms", type=int, default=10_000)
    parser.add_argument("--megabytes", type=float, default=1.0)
    args = parser.parse_args()
    text = corpus(args.megabytes)
    random_set = random_terms(args.terms)
    measure_search("random 2-4 character terms", random_set, text, args.repeat)
    measure_search("most frequent jieba words", common_words(args.terms), text, args.repeat)
    measure_load(random_set, args.repeat)


if __name__ == "__main__":
    main()
