"""Benchmark of `govlint audit` on a synthetic quarter.

Usage:
    python benchmarks/audit.py --posts 100000 [--jobs 2] [--keep DIR] [--text TSV...]

Generates a quarter (2026-07-01 .. 2026-09-30) of POSTS posts of 1,500-3,000
characters in a temporary folder (never committed), built from the
paragraphs of the bundled examples/ and the confusion pairs of
dictionaries/typo/confusion.tsv, with defects sprinkled in: duplicated
words, confusable words, U+FFFD, 锟斤拷 mojibake, reposts labelled 原创. About 30
posts per account as a province's quarter has, in the three input layouts
(front matter Markdown 60%, CMS HTML 30%, text + manifest.csv 10%); 1 account
in 25 goes stale, 1 in 40 bursts (14 posts in a day).

The examples are 61 paragraphs (4,200 characters): a batch of posts built
from them repeats its words and sentences far more than real writing does (in
8 posts, 14% of the 2-character windows are distinct against 50% in as much
ECSpell odw text), and the typo engine does less work on text it has seen.
`--text TSV...` builds the paragraphs instead from the correct sentences of
sentence-pair files (4 sentences a paragraph), such as the public CSC sets
in ../shared/benchmarks/csc/: text that repeats as real text does.

Then runs, as a user would, `govlint audit DIR --format json -o FILE`:
1. cold (empty cache): posts/s, wall time, peak memory of the whole process
   tree (parent + workers, summed, sampled every 0.2 s);
2. re-run with nothing changed;
3. re-run after editing 10 posts.

For the unchanged re-run it also prints where the time goes (start-up,
finding the posts, the run step, the aggregation, writing the report),
timed in a separate, identical re-run with the audit's functions wrapped.
`--keep DIR --rerun-only` times only the re-runs of a folder audited before
(by the same code and settings: a code edit changes the installation stamp
and so re-lints everything).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import html
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def paragraphs() -> list[str]:
    """Sentences of the bundled examples (markup stripped), the raw material."""
    texts = []
    for path in sorted((REPO / "examples").iterdir()):
        if path.suffix not in (".md", ".html", ".txt") or path.name == "README.md":
            continue
        data = path.read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("gb18030")
        text = re.sub(r"(?s)<(script|style)\b.*?</\1>", "", text)
        text = re.sub(r"<[^>]+>|&[a-z]+;|[#*`>\[\]()]|^---$", "", text, flags=re.M)
        for line in text.splitlines():
            line = line.strip()
            if len(line) >= 20 and re.search(r"[\u4e00-\u9fff]{8}", line) and ":" not in line[:12]:
                texts.append(line.replace("\ufffd", ""))
    return sorted(set(texts))


def tsv_paragraphs(files: list[str], seed: int = 2026) -> list[str]:
    """Paragraphs of 4 correct sentences (the second column) of sentence-pair
    files, in a shuffled order: the raw material with ``--text``."""
    sentences = []
    for name in files:
        for line in Path(name).read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) >= 2 and parts[1].strip():
                sentences.append(parts[1].strip())
    random.Random(seed).shuffle(sentences)
    # Several of these sets write ASCII punctuation between Chinese characters
    # (about 100 structure.punctuation findings a post); posts use full-width.
    full_width = str.maketrans(",;:?!()", "，；：？！（）")
    return ["".join(sentences[i : i + 4]).translate(full_width) for i in range(0, len(sentences), 4)]


def confusions() -> list[tuple[str, str]]:
    rows = []
    for line in (REPO / "dictionaries" / "typo" / "confusion.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            parts = line.split("\t")
            if len(parts) >= 2:
                rows.append((parts[0], parts[1]))
    return rows


def article(rng: random.Random, pool: list[str], pairs: list[tuple[str, str]]) -> list[str]:
    """1,500-3,000 characters of paragraphs, with a defect now and then."""
    target = rng.randint(1500, 3000)
    body: list[str] = []
    size = 0
    while size < target:
        paragraph = rng.choice(pool)
        body.append(paragraph)
        size += len(paragraph)
    if size > 3000:  # trim the last paragraph so the body stays within 1,500-3,000 characters
        body[-1] = body[-1][: len(body[-1]) - (size - 3000)]
    roll = rng.random()
    i = rng.randrange(len(body))
    if roll < 0.10:
        body[i] = body[i] + "各单位要进行进行全面排查。"
    elif roll < 0.18:
        wrong, _right = rng.choice(pairs)
        body[i] = body[i] + f"全体干部{wrong}，推动工作落实。"
    elif roll < 0.22:
        body[i] = body[i][:5] + "\ufffd" + body[i][6:]
    elif roll < 0.24:
        body[i] = body[i] + "锟斤拷锟斤拷"
    return body


def generate(folder: Path, posts: int, seed: int = 2026, pool: list[str] | None = None) -> int:
    rng = random.Random(seed)
    pool, pairs = pool or paragraphs(), confusions()
    accounts = max(1, posts // 30)
    start = time.mktime((2026, 7, 1, 0, 0, 0, 0, 0, -1))
    quarter = 92 * 86400
    written = 0
    for a in range(accounts):
        name = f"账号{a:05d}"
        count = posts // accounts + (1 if a < posts % accounts else 0)
        layout = "md" if a % 10 < 6 else ("html" if a % 10 < 9 else "txt")
        stale = a % 25 == 7
        bursting = a % 40 == 3
        folder_a = folder / f"acct{a:05d}"
        folder_a.mkdir(parents=True)
        span = quarter * (0.7 if stale else 1.0)
        times = sorted(start + rng.random() * span for _ in range(count))
        if bursting and count >= 14:
            day = start + 80 * 86400 + 9 * 3600
            times[-14:] = [day + k * 300 for k in range(14)]
        manifest = []
        for k, moment in enumerate(times):
            body = article(rng, pool, pairs)
            when = time.strftime("%Y-%m-%d %H:%M", time.localtime(moment))
            title = re.sub(r"^[^\u4e00-\u9fff]+", "", body[0])[:24] or "通知"
            label, source = ("原创", "") if rng.random() < 0.7 else ("转载", "人民网")
            if rng.random() < 0.01:
                label, source = "原创", "新华社"
            if layout == "md":
                head = f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\naccount: {name}\ndate: {when}\n"
                head += f"label: {label}\nsource: {source}\n---\n\n"
                text = head + "\n\n".join(body) + "\n"
                (folder_a / f"p{k:03d}.md").write_text(text, encoding="utf-8")
            elif layout == "html":
                paras = "\n".join(f'<p style="text-indent:2em">{html.escape(p, quote=False)}</p>' for p in body)
                title = html.escape(title)
                text = (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title>'
                        f'<meta name="SiteName" content="{name}"><meta name="PubDate" content="{when}">'
                        f'<meta name="label" content="{label}"><meta name="ContentSource" content="{source}">'
                        f'</head><body><div class="article"><h1>{title}</h1>\n{paras}\n</div></body></html>\n')
                (folder_a / f"p{k:03d}.html").write_text(text, encoding="utf-8")
            else:
                (folder_a / f"p{k:03d}.txt").write_text(title + "\n\n" + "\n\n".join(body) + "\n", encoding="utf-8")
                manifest.append([f"p{k:03d}.txt", name, when, title, label, source])
            written += 1
        if manifest:
            with (folder_a / "manifest.csv").open("w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(["path", "account", "published_at", "title", "label", "source"])
                writer.writerows(manifest)
    return written


def tree_rss(pid: int) -> int:
    """Resident memory of a process and its descendants, in bytes (psutil)."""
    import psutil

    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    total = 0
    for proc in procs:
        with contextlib.suppress(psutil.NoSuchProcess):
            total += proc.memory_info().rss
    return total


def timed(command: list[str]) -> tuple[float, int, int, float]:
    """Wall seconds, peak tree RSS, exit code and CPU seconds (user + system,
    the command and every process it started) of a command."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, tree_rss(process.pid))
            time.sleep(0.2)

    try:
        import psutil  # noqa: F401

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
    except ImportError:
        sampler = None
    _, err = process.communicate()
    stop.set()
    if sampler:
        sampler.join()
    if err.strip():
        sys.stderr.write(err.decode("utf-8", "replace")[-2000:])
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return time.perf_counter() - started, peak, process.returncode, cpu


_PHASES = """
import sys, time
started = time.perf_counter()
import govlint.cli.main  # as `python -m govlint` does (it keeps numpy to one BLAS thread)
import govlint.cli.audit as cli
times = {"start-up": time.perf_counter() - started}
def timed(name, label):
    function = getattr(cli, name)
    def wrapper(*args, **kwargs):
        begin = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            times[label] = time.perf_counter() - begin
    setattr(cli, name, wrapper)
for name, label in (("discover_posts", "finding posts"), ("run", "run step"), ("build", "aggregation"),
                    ("_write", "report")):
    timed(name, label)
cli.main(sys.argv[1:])
times["total"] = time.perf_counter() - started
print(", ".join(f"{k} {v:.2f} s" for k, v in times.items()))
"""


def phases(command: list[str]) -> str:
    """Where the time of one audit goes (the same command, run in-process with timers)."""
    args = command[command.index("audit") + 1:]
    result = subprocess.run([sys.executable, "-c", _PHASES, *args], capture_output=True, text=True, cwd=REPO)
    return result.stdout.strip() or result.stderr.strip()[-500:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--select", metavar="RULES", help="passed to govlint audit (default: every rule)")
    parser.add_argument("--keep", metavar="DIR", help="generate into DIR and keep it (default: a temporary folder)")
    parser.add_argument("--text", nargs="+", metavar="TSV",
                        help="build the posts from the correct sentences of these sentence-pair files "
                             "(default: the paragraphs of examples/)")
    parser.add_argument("--rerun-only", action="store_true",
                        help="with --keep: keep DIR's cache and time only the re-runs (no cold run)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="govlint-quarter-") as scratch:
        folder = Path(args.keep) if args.keep else Path(scratch) / "quarter"
        if not folder.exists():
            started = time.perf_counter()
            count = generate(folder, args.posts, pool=tsv_paragraphs(args.text) if args.text else None)
            print(f"generated {count} posts in {time.perf_counter() - started:.1f} s: {folder}")
        sizes = [p.stat().st_size for p in folder.rglob("p*.*")]
        chars = [len(p.read_text(encoding="utf-8")) for p in sorted(folder.rglob("p*.*"))[:500]]
        print(f"characters per file, markup included (first 500): {min(chars)}-{max(chars)}, "
              f"mean {sum(chars) / len(chars):.0f}")
        print(f"posts: {len(sizes)}, mean {sum(sizes) / len(sizes) / 1024:.1f} KiB")
        out = Path(scratch) / "audit.json"
        command = [sys.executable, "-m", "govlint", "audit", str(folder), "--from", "2026-07-01", "--to",
                   "2026-09-30", "--format", "json", "-o", str(out), "--jobs", str(args.jobs), "--no-progress"]
        if args.select:
            command += ["--select", args.select]
        cache = folder / ".govlint-cache"
        if args.rerun_only and not (args.keep and cache.exists()):
            parser.error("--rerun-only needs --keep DIR of a folder audited before")
        if cache.exists() and not args.rerun_only:
            for child in cache.iterdir():
                child.unlink()
        posts = len(sizes)
        if not args.rerun_only:
            seconds, peak, code, cpu = timed(command)
            print(f"cold run: {seconds:.1f} s, {posts / seconds:.1f} posts/s, peak RSS {peak / 2**20:.0f} MiB "
                  f"(tree), exit {code}, report {out.stat().st_size / 2**20:.1f} MiB, "
                  f"CPU {cpu:.1f} s ({cpu / posts * 1000:.1f} ms/post; {args.jobs / cpu * posts:.0f} posts/s "
                  f"on {args.jobs} idle cores)")
        seconds, peak, code, cpu = timed(command)
        print(f"re-run, nothing changed: {seconds:.1f} s, peak RSS {peak / 2**20:.0f} MiB, CPU {cpu:.1f} s, "
              f"report {out.stat().st_size / 2**20:.1f} MiB")
        print(f"re-run, nothing changed, where the time goes: {phases(command)}")
        edited = sorted(folder.rglob("p*.md"))[:10]
        for path in edited:
            path.write_text(path.read_text(encoding="utf-8") + "\n补充一句。\n", encoding="utf-8")
        seconds, peak, code, cpu = timed(command)
        print(f"re-run, {len(edited)} posts edited: {seconds:.1f} s, peak RSS {peak / 2**20:.0f} MiB, CPU {cpu:.1f} s")
        print(f"cpu count: {os.cpu_count()}, load average: {os.getloadavg()}")


if __name__ == "__main__":
    main()
