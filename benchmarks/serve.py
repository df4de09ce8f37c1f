"""``govlint serve`` after start-up: one draft checked and shown, and 20 at once.

Usage: python benchmarks/serve.py [--chars N] [--repeat N] [--concurrent N]

Starts ``govlint serve --no-browser`` in its own process (as an editor
would), waits for its address, checks one draft to warm up (the typo model
and dictionaries load on the first check), then times, as a browser does it,
the POST of a pasted N-character Markdown draft (examples/notice.md's text,
repeated) and the result page the POST redirects to: the median and the
range of ``--repeat`` runs. Last, ``--concurrent`` threads post the same
draft at once; every one must get its result page (exit 1 otherwise), and
the total wall time is printed.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BOUNDARY = "govlintBenchBoundary"


def draft_of(chars: int) -> str:
    body = (REPO / "examples" / "notice.md").read_text(encoding="utf-8").split("---", 2)[2].strip()
    return "\n\n".join([body] * (chars // len(body) + 1))[:chars]


def check(base: str, token: str, text: str) -> str:
    """POST the pasted draft and read the result page it redirects to (urllib follows the 303)."""
    body = "".join(
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        for name, value in (("token", token), ("kind", "markdown"), ("text", text))
    )
    request = urllib.request.Request(
        f"{base}/check",
        data=(body + f"--{BOUNDARY}--\r\n").encode("utf-8"),
        headers={"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"},
    )
    with urllib.request.urlopen(request, timeout=120) as response:
        page = response.read().decode("utf-8")
        if response.status != 200 or "/draft/" not in response.url or 'id="count"' not in page:
            raise RuntimeError(f"no result page: {response.status} {response.url}")
        return page


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--chars", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--concurrent", type=int, default=20)
    args = parser.parse_args()
    text = draft_of(args.chars)

    started = time.perf_counter()
    server = subprocess.Popen(
        [sys.executable, "-m", "govlint", "serve", "--no-browser"],
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )
    try:
        url = re.search(r"http://\S+", server.stdout.readline()).group()
        base, token = url.split("/?token=")
        listening = time.perf_counter() - started
        started = time.perf_counter()
        page = check(base, token, text)
        warm_up = time.perf_counter() - started
        findings = re.search(r'id="count">(\d+)<', page).group(1)
        print(f"draft: {len(text)} characters ({len(text.encode())} bytes of Markdown), {findings} findings")
        print(f"start-up: listening after {listening:.2f} s; first check (loads the models) {warm_up:.2f} s")

        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            check(base, token, text)
            times.append(time.perf_counter() - started)
        print(
            f"check and show (POST + result page), {args.repeat} runs: median {statistics.median(times):.3f} s, "
            f"min {min(times):.3f} s, max {max(times):.3f} s"
        )

        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=args.concurrent) as pool:
            results = list(pool.map(lambda _: _attempt(base, token, text), range(args.concurrent)))
        total = time.perf_counter() - started
        failed = [r for r in results if r is not None]
        print(f"{args.concurrent} concurrent checks: {total:.2f} s in all, {len(failed)} failed")
        for reason in failed[:3]:
            print(f"  {reason}")
        return 1 if failed else 0
    finally:
        server.terminate()
        server.wait(timeout=10)


def _attempt(base: str, token: str, text: str) -> str | None:
    try:
        check(base, token, text)
    except Exception as error:  # every failure is counted and shown
        return f"{type(error).__name__}: {error}"
    return None


if __name__ == "__main__":
    sys.exit(main())
