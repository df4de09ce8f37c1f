"""A long fuzzing campaign: the properties of tests/test_fuzz.py with random seeds.

    python fuzz/campaign.py --minutes 35

Runs each generator of tests/test_fuzz.py (any draft, HTML, Markdown, mutated
real drafts, random bytes, terminal text) in turn, in rounds of
``--examples`` examples with a fresh random seed each, until the time is up.
A failing example is printed (hypothesis shrinks it first) and saved under
``fuzz/failures/``; the campaign goes on with the next generator, and exits 1
at the end if anything failed. One process, one core.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

import test_fuzz as properties  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


def _targets() -> dict[str, tuple]:
    """name -> (strategy of (bytes, suffix), keyword arguments of check_draft)"""
    encoded = properties._encode
    return {
        "any-draft": (properties.DRAFTS, {}),
        "html": (
            st.tuples(st.tuples(properties.HTML, st.sampled_from(properties.ENCODINGS)).map(lambda t: encoded(*t)),
                      st.just(".html")),
            {},
        ),
        "markdown": (
            st.tuples(st.tuples(properties.MARKDOWN, st.sampled_from(properties.ENCODINGS)).map(lambda t: encoded(*t)),
                      st.just(".md")),
            {},
        ),
        "mutated": (properties.MUTATED, {}),
        "bytes": (st.tuples(st.binary(max_size=20_000), st.sampled_from(properties.SUFFIXES)), {"terminal": False}),
        "text": (st.tuples(properties.TEXT.map(lambda t: t.encode("utf-8")), st.just(".txt")), {}),
    }


def run_round(name: str, strategy, options: dict, examples: int, failures: Path) -> bool:
    seen: list[tuple[bytes, str]] = []

    @settings(max_examples=examples, deadline=None, database=None, derandomize=False,
              suppress_health_check=list(HealthCheck), print_blob=True)
    @given(strategy)
    def round_(draft):
        seen.append(draft)
        properties.check_draft(*draft, **options)

    try:
        round_()
        return True
    except Exception:
        report = traceback.format_exc()
        failures.mkdir(exist_ok=True)
        data, suffix = seen[-1] if seen else (b"", ".txt")
        digest = hashlib.sha1(data).hexdigest()[:12]
        (failures / f"{name}-{digest}{suffix}").write_bytes(data)
        (failures / f"{name}-{digest}.log").write_text(report, encoding="utf-8")
        print(f"FAIL {name}: saved fuzz/failures/{name}-{digest}{suffix}\n{report}", flush=True)
        return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=35.0)
    parser.add_argument("--examples", type=int, default=200, help="examples per round")
    args = parser.parse_args()
    deadline = time.monotonic() + args.minutes * 60
    targets = _targets()
    failures = HERE / "failures"
    counts = dict.fromkeys(targets, 0)
    failed: list[str] = []
    rounds = 0
    started = time.monotonic()
    while time.monotonic() < deadline:
        for name, (strategy, options) in targets.items():
            if time.monotonic() >= deadline:
                break
            began = time.monotonic()
            ok = run_round(name, strategy, options, args.examples, failures)
            counts[name] += args.examples
            rounds += 1
            if not ok:
                failed.append(name)
            print(f"[{(time.monotonic() - started) / 60:6.1f} min] {name}: {args.examples} examples "
                  f"in {time.monotonic() - began:.0f} s, {'ok' if ok else 'FAILED'}", flush=True)
    total = sum(counts.values())
    minutes = (time.monotonic() - started) / 60
    print(f"campaign: {rounds} rounds, about {total} examples in {minutes:.1f} min, "
          f"{len(failed)} failing rounds {sorted(set(failed))}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
