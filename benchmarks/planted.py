"""Precision and recall of rules on published text with planted defects.

Usage::

    python benchmarks/planted.py [CORPUS] [--every 2000] [--seed 21] [--rules typo.wrong-char,...]
    git worktree add /tmp/before e6ff131 && python benchmarks/planted.py --against /tmp/before

The published reports and news of CORPUS (default ``../shared/corpora/official``,
``reports`` and ``news``) get defects planted the way drafts get them, about
one of a kind per ``--every`` Han characters of each file (at least one per
file), each kind in its own copy of the corpus written to a temporary folder:

* ``typo.confusion``: a right form written as the wrong one that
  ``dictionaries/typo/confusion.tsv`` pairs with it (按部就班 -> 按步就班);
* ``typo.misuse``: a right word written as its misuse where the context rule
  holds (截至2025年底 -> 截止2025年底, 成效显著 -> 成效显着);
* ``typo.wrong-char``: a character of a common two-character word replaced by
  one of the same pinyin and tone (pycorrector's ``same_pinyin.txt``), where
  the result is no word (问题 -> 问提);
* ``typo.idiom``: a character of an idiom in the text replaced the same way;
* ``typo.missing-char``: a character dropped from a four-character phrase the
  file uses three times or more (乡村振兴 -> 乡村振), from an idiom in the text,
  or the first character of the first body paragraph (近日，-> 日，); and,
  in a file that writes one, an inner character of a standard formulation
  of ``dictionaries/typo/formulations.txt`` (an extra defect);
* ``typo.duplicate``: a two-character word of the text written twice, or a
  的 written twice;
* ``structure.unbalanced``: a closing 》 or ） deleted;
* ``structure.punctuation``: a comma between Han characters typed half-width;
* ``garbled.replacement-char``: a Han character lost to U+FFFD;
* ``privacy.id-card``, ``privacy.phone``: a valid ID number or mobile number
  left in a sentence (申请人身份证号：…, 联系人手机：…).

The installed CLI then checks each copy with ``--select`` the rule
(``python -m govlint FOLDER --format json``). A finding of the rule within
one character of a planted defect finds it; every other finding of the rule
is false (the text around is published, nearly error-free text). Printed per
rule: the defects planted and found (recall), the findings and the share of
them that are right (precision) at that density. Nothing of the corpus is
kept: the copies live in a temporary folder.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

HAN = re.compile("[\u4e00-\u9fff]")
HAN_RUN = re.compile("[\u4e00-\u9fff]+")


@dataclass
class Planted:
    line: int  # 1-based line of the planted defect in the changed file
    column: int  # 1-based column where it starts
    width: int  # characters it spans in the changed file (0: a deletion point)
    kind: str = ""  # which way it was planted, where a rule's defects come several ways


def _same_pinyin() -> dict[str, str]:
    """Each character's characters of the same pinyin and tone: the typo
    model's pairs of that kind (built from pycorrector's same_pinyin.txt)."""
    import numpy as np

    from govlint.typo.modelfile import model
    from govlint.typo.propose import confusables

    chars = np.arange(0x4E00, 0xA000, dtype=np.uint64) + 1  # code points + 1, as the engine keys them
    rows, new = confusables(model(), chars, (1,))
    table: dict[str, str] = {}
    for row, code in zip(rows.tolist(), new.tolist(), strict=True):
        key = chr(0x4E00 + row)
        table[key] = table.get(key, "") + chr(int(code))
    return table


def _word_freq() -> Callable[[str], float]:
    from govlint.typo.lexicon import word_logf as _word_logf

    return _word_logf


def _tokens(text: str) -> list[tuple[str, int]]:
    from govlint.typo.segment import tokens

    out, at = [], 0
    for word in tokens(text):
        out.append((word, at))
        at += len(word)
    return out


def _body_lines(lines: list[str]) -> list[int]:
    """Indexes of the lines that are body paragraphs of 20+ Han characters: not
    blank, and not the title (a first line followed by a blank line, as the
    text reader takes it)."""
    title = len(lines) > 1 and not lines[1].strip()
    return [n for n, line in enumerate(lines) if len(HAN.findall(line)) >= 20 and not (title and n == 0)]


def plant_wrong_char(lines: list[str], rng: random.Random, count: int) -> list[Planted]:
    same, logf = _same_pinyin(), _word_freq()
    planted = []
    for n in rng.sample(_body_lines(lines), min(count, len(_body_lines(lines)))):
        options = [(w, a) for w, a in _tokens(lines[n]) if len(w) == 2 and HAN_RUN.fullmatch(w) and logf(w) >= 8]
        rng.shuffle(options)
        for word, at in options:
            k = rng.randrange(2)
            swaps = [c for c in same.get(word[k], "") if c != word[k]]
            if not swaps:
                continue
            new = rng.choice(swaps)
            changed = word[:k] + new + word[k + 1 :]
            if logf(changed) > 0:
                continue
            lines[n] = lines[n][: at + k] + new + lines[n][at + k + 1 :]
            planted.append(Planted(n + 1, at + k + 1, 1))
            break
    return planted


def plant_idiom(lines: list[str], rng: random.Random, count: int) -> list[Planted]:
    from govlint.data import word_list

    idioms, same = word_list("typo/idioms.txt"), _same_pinyin()
    places = [(n, m.start()) for n in _body_lines(lines) for m in re.finditer("(?=([\u4e00-\u9fff]{4}))", lines[n])
              if m.group(1) in idioms]
    planted = []
    for n, at in rng.sample(places, min(count, len(places))):
        k = rng.randrange(4)
        swaps = [c for c in same.get(lines[n][at + k], "") if c != lines[n][at + k]]
        if swaps:
            lines[n] = lines[n][: at + k] + rng.choice(swaps) + lines[n][at + k + 1 :]
            planted.append(Planted(n + 1, at + 1, 4))
    return planted


def plant_missing(lines: list[str], rng: random.Random, count: int) -> list[Planted]:
    from govlint.data import word_list

    planted = []
    body = _body_lines(lines)
    if body and HAN.match(lines[body[0]].lstrip(" \u3000")[:1] or ""):  # the first paragraph's first character
        n = body[0]
        indent = len(lines[n]) - len(lines[n].lstrip(" \u3000"))
        lines[n] = lines[n][:indent] + lines[n][indent + 1 :]
        planted.append(Planted(n + 1, indent + 1, 0, "first character"))
    text = "\n".join(lines[n] for n in body)
    counts = Counter(text[i : i + 4] for i in range(len(text) - 3) if HAN_RUN.fullmatch(text[i : i + 4]))
    idioms = word_list("typo/idioms.txt")
    phrases = [p for p, c in counts.items() if (c >= 3 and len(_tokens(p)) == 2) or p in idioms]
    rng.shuffle(phrases)
    for phrase in phrases[: max(count - len(planted), 0)]:
        lines_with = [n for n in body if phrase in lines[n]]
        n = rng.choice(lines_with)
        at = lines[n].index(phrase)
        k = rng.randrange(1, 4)
        lines[n] = lines[n][: at + k] + lines[n][at + k + 1 :]
        planted.append(Planted(n + 1, at + k + 1, 0, "idiom" if phrase in idioms else "repeated phrase"))
    return planted + _plant_formulation(lines, body, rng)


def _plant_formulation(lines: list[str], body: list[int], rng: random.Random) -> list[Planted]:
    """One standard formulation of ``dictionaries/typo/formulations.txt`` in
    the file, where it has one, written with an inner character lost
    (习近平新时代中国特色社会主思想): an extra defect, so that the other
    kinds are planted as before."""
    from govlint.data import word_list

    places = [(n, m.start(), term) for term in sorted(word_list("typo/formulations.txt"))
              for n in body for m in re.finditer(term, lines[n])]
    if not places:
        return []
    n, at, term = rng.choice(sorted(places))
    k = rng.randrange(1, len(term) - 1)
    if any(a < at + len(term) and at < a + len(t) for m, a, t in places if m == n and (a, t) != (at, term)):
        return []  # inside or across another formulation: its loss would be the other's too
    lines[n] = lines[n][: at + k] + lines[n][at + k + 1 :]
    return [Planted(n + 1, at + k + 1, 0, "formulation")]


def plant_duplicate(lines: list[str], rng: random.Random, count: int) -> list[Planted]:
    planted = []
    body = _body_lines(lines)
    for n in rng.sample(body, min(count, len(body))):
        if rng.random() < 0.3 and "的" in lines[n]:
            at = lines[n].index("的")
            lines[n] = lines[n][: at + 1] + "的" + lines[n][at + 1 :]
            planted.append(Planted(n + 1, at + 1, 2))
            continue
        words = [(w, a) for w, a in _tokens(lines[n]) if len(w) == 2 and HAN_RUN.fullmatch(w)]
        if words:
            word, at = rng.choice(words)
            lines[n] = lines[n][: at + 2] + word + lines[n][at + 2 :]
            planted.append(Planted(n + 1, at + 1, 4))
    return planted


def plant_unbalanced(lines: list[str], rng: random.Random, count: int) -> list[Planted]:
    places = [(n, m.start()) for n, line in enumerate(lines) for m in re.finditer("[》）]", line)]
    planted = []
    for n, at in sorted(rng.sample(places, min(count, len(places))), reverse=True):
        partner = "《" if lines[n][at] == "》" else "（"
        opener = lines[n].rfind(partner, 0, at)
        lines[n] = lines[n][:at] + lines[n][at + 1 :]
        if opener >= 0:  # the opener is left alone: that is where the finding is
            planted.append(Planted(n + 1, opener + 1, 1))
    return planted


def plant_confusion(lines: list[str], rng: random.Random, count: int) -> list[Planted]:
    from govlint.typo.lexicon import confusion_table

    by_right = {p.right: p.wrong for p in confusion_table().values()}
    places = [(n, m.start(), right) for n in _body_lines(lines) for right in by_right
              for m in re.finditer(re.escape(right), lines[n])]
    planted: list[Planted] = []
    used: set[int] = set()
    for n, at, right in rng.sample(places, len(places)):
        if len(planted) >= count or n in used:
            continue
        wrong = by_right[right]
        lines[n] = lines[n][:at] + wrong + lines[n][at + len(right) :]
        used.add(n)
        planted.append(Planted(n + 1, at + 1, len(wrong)))
    return planted


def plant_misuse(lines: list[str], rng: random.Random, count: int) -> list[Planted]:
    """A right word written as its misuse where the entry's context holds
    (截至2025年底 -> 截止2025年底)."""
    from govlint.typo.misuse import misuses

    places = []
    for n in _body_lines(lines):
        for entry in misuses():
            for m in re.finditer(re.escape(entry.right), lines[n]):
                changed = lines[n][: m.start()] + entry.wrong + lines[n][m.end() :]
                if len(entry.wrong) == len(entry.right) and entry.fits(changed, m.start()):
                    places.append((n, m.start(), entry.wrong))
    planted: list[Planted] = []
    used: set[int] = set()
    for n, at, wrong in rng.sample(places, len(places)):
        if len(planted) >= count or n in used:
            continue
        lines[n] = lines[n][:at] + wrong + lines[n][at + len(wrong) :]
        used.add(n)
        planted.append(Planted(n + 1, at + 1, len(wrong)))
    return planted


def _han_places(lines: list[str], rng: random.Random, count: int, pattern: str) -> list[tuple[int, int]]:
    """Up to ``count`` random places (line, index) of ``pattern`` in body lines, at most one a line."""
    body = _body_lines(lines)
    places = [(n, m.start()) for n in rng.sample(body, len(body)) for m in [re.search(pattern, lines[n])] if m]
    return places[:count]


def _swap_one(lines: list[str], rng: random.Random, count: int, pattern: str, new: str) -> list[Planted]:
    """The character at up to ``count`` places of ``pattern`` replaced by ``new``."""
    planted = []
    for n, at in _han_places(lines, rng, count, pattern):
        lines[n] = lines[n][:at] + new + lines[n][at + 1 :]
        planted.append(Planted(n + 1, at + 1, 1))
    return planted


def plant_punctuation(lines: list[str], rng: random.Random, count: int) -> list[Planted]:
    """A full-width comma between Han characters typed half-width (，-> ,)."""
    return _swap_one(lines, rng, count, "(?<=[\u4e00-\u9fff])，(?=[\u4e00-\u9fff])", ",")


def plant_replacement_char(lines: list[str], rng: random.Random, count: int) -> list[Planted]:
    """A Han character lost to a decoding error (U+FFFD)."""
    return _swap_one(lines, rng, count, "[\u4e00-\u9fff]", "\ufffd")


def _resident_id(rng: random.Random) -> str:
    """A valid 18-digit resident identity number (a real province, a real birthday, its check digit)."""
    from datetime import date, timedelta

    from govlint.checks.privacy import _ID_CHECK, _ID_WEIGHTS

    born = date(1950, 1, 1) + timedelta(days=rng.randrange(20000))
    region = rng.choice(["11", "32", "44", "51", "52"]) + f"{rng.randrange(100, 9999):04d}"
    head = f"{region}{born:%Y%m%d}{rng.randrange(1000):03d}"
    return head + _ID_CHECK[sum(int(d) * w for d, w in zip(head, _ID_WEIGHTS, strict=True)) % 11]


def plant_id_card(lines: list[str], rng: random.Random, count: int) -> list[Planted]:
    """A person's ID number left in the text (申请人身份证号：…)."""
    planted = []
    for n, at in _han_places(lines, rng, count, "。"):
        number = _resident_id(rng)
        lines[n] = lines[n][: at + 1] + f"申请人身份证号：{number}。" + lines[n][at + 1 :]
        planted.append(Planted(n + 1, at + 1 + len("申请人身份证号：") + 1, len(number)))
    return planted


def plant_phone(lines: list[str], rng: random.Random, count: int) -> list[Planted]:
    """A mobile number left in the text (联系人手机：…)."""
    planted = []
    for n, at in _han_places(lines, rng, count, "。"):
        number = f"1{rng.choice('3589')}{rng.randrange(10**9):09d}"
        lines[n] = lines[n][: at + 1] + f"联系人手机：{number}。" + lines[n][at + 1 :]
        planted.append(Planted(n + 1, at + 1 + len("联系人手机：") + 1, len(number)))
    return planted


PLANTERS = {
    "structure.punctuation": plant_punctuation,
    "garbled.replacement-char": plant_replacement_char,
    "privacy.id-card": plant_id_card,
    "privacy.phone": plant_phone,
    "typo.confusion": plant_confusion,
    "typo.misuse": plant_misuse,
    "typo.wrong-char": plant_wrong_char,
    "typo.idiom": plant_idiom,
    "typo.missing-char": plant_missing,
    "typo.duplicate": plant_duplicate,
    "structure.unbalanced": plant_unbalanced,
}


def lint(folder: Path, rule: str, against: Path | None = None) -> list[dict]:
    config = folder / ".govlint.toml"
    config.write_text("", encoding="utf-8")
    # --against: the govlint of another checkout (a worktree of an earlier
    # commit) checks the same planted copies, for before-and-after figures.
    env = {**os.environ, "PYTHONPATH": str(against)} if against else None
    done = subprocess.run(
        [sys.executable, "-m", "govlint", str(folder), "--select", rule, "--format", "json", "--config", str(config)],
        capture_output=True, text=True, cwd=against or REPO, env=env,
    )
    if done.returncode not in (0, 1):
        raise SystemExit(f"govlint exited {done.returncode}: {done.stderr.strip()[:300]}")
    return json.loads(done.stdout)["files"]


def measure(files: list[Path], rule: str, every: int, seed: int, against: Path | None = None) -> dict:
    planter = PLANTERS[rule]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        planted: dict[str, list[Planted]] = {}
        for number, file in enumerate(files):
            text = file.read_text(encoding="utf-8")
            lines = text.split("\n")
            rng = random.Random(f"{seed}-{rule}-{number}")
            count = max(1, len(HAN.findall(text)) // every)
            copy = folder / f"{number:04d}.txt"
            planted[str(copy)] = planter(lines, rng, count)
            copy.write_text("\n".join(lines), encoding="utf-8")
        found_planted = right = wrong = 0
        kinds: Counter[str] = Counter()
        kinds_found: Counter[str] = Counter()
        for entry in lint(folder, rule, against):
            marks = planted.get(entry["path"], [])
            hit: set[int] = set()
            for f in entry["findings"]:
                near = [
                    i for i, p in enumerate(marks)
                    if f["line"] == p.line and p.column - 1 <= f["column"] <= p.column + max(p.width, 1)
                ]
                if near:
                    right += 1
                    hit.update(near)
                else:
                    wrong += 1
            found_planted += len(hit)
            for i, p in enumerate(marks):
                if p.kind:
                    kinds[p.kind] += 1
                    kinds_found[p.kind] += i in hit
    total = sum(len(p) for p in planted.values())
    by_kind = {k: f"{kinds_found[k]}/{n}" for k, n in sorted(kinds.items())}
    return {"planted": total, "found": found_planted, "right": right, "wrong": wrong, "by_kind": by_kind}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=REPO.parent / "shared" / "corpora" / "official")
    parser.add_argument("--every", type=int, default=2000, help="Han characters per planted defect of a kind")
    parser.add_argument("--seed", type=int, default=21)
    parser.add_argument("--rules", default=",".join(PLANTERS))
    parser.add_argument("--against", type=Path, help="check with the govlint of this checkout (an earlier commit)")
    args = parser.parse_args()
    files = sorted((args.corpus / "reports").glob("*.txt")) + sorted((args.corpus / "news").glob("*.txt"))
    print(f"{len(files)} files; one defect of a kind per {args.every} Han characters (at least one a file)\n")
    print("| rule | planted | found | recall | findings | right | precision |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for rule in args.rules.split(","):
        r = measure(files, rule, args.every, args.seed, args.against)
        findings = r["right"] + r["wrong"]
        print(f"| {rule} | {r['planted']} | {r['found']} | {r['found'] / max(r['planted'], 1):.1%} "
              f"| {findings} | {r['right']} | {r['right'] / max(findings, 1):.1%} |", flush=True)
        if r["by_kind"]:
            print(f"|  found by way of planting: {', '.join(f'{k} {v}' for k, v in r['by_kind'].items())} |")


if __name__ == "__main__":
    main()
