"""Fit the typo engine's scorer (``dictionaries/typo/weights.json``).

The engine proposes candidate edits (govlint.typo.engine.candidates) and a
small network over their features decides which to report. This script
labels the candidates of training sentence pairs (``source<TAB>target``
files, e.g. the ECSpell law and med and LEMON enc and car sets in
``shared/benchmarks/csc``: never the sets the targets are measured on),
fits a one-hidden-layer network with numpy (fixed seed: reproducible), and
writes the weights. The threshold is chosen for precision: see
docs/typo-engine.md and benchmarks/README.md.

    python scripts/train_typo_weights.py ../shared/benchmarks/csc/{ecspell_law,ecspell_med,lemon_enc,lemon_car}.tsv
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from govlint.typo import engine

OUT = Path(__file__).resolve().parents[1] / "dictionaries/typo/weights.json"


def labelled_candidates(path: Path, batch: int = 200) -> tuple[np.ndarray, np.ndarray]:
    pairs = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()]
    pairs = [(s, t) for s, t in pairs if len(s) == len(t)]
    xs, ys = [], []
    for i in range(0, len(pairs), batch):
        chunk = pairs[i : i + batch]
        source = "\n".join(s for s, _ in chunk)
        target = "\n".join(t for _, t in chunk)
        pos, new, x = engine.candidates(source)
        gold = {(j, b) for j, (a, b) in enumerate(zip(source, target, strict=True)) if a != b}
        ys.append(np.array([(int(p), chr(int(c))) in gold for p, c in zip(pos, new, strict=True)], np.float64))
        xs.append(x.astype(np.float64))
    return np.concatenate(xs), np.concatenate(ys)


def fit(x: np.ndarray, y: np.ndarray, hidden: int = 16, epochs: int = 12, seed: int = 0) -> dict[str, object]:
    mu, sd = x.mean(0), x.std(0) + 1e-6
    mu[0], sd[0] = 0.0, 1.0  # the bias feature
    z = (x - mu) / sd
    rng = np.random.default_rng(seed)
    params = [rng.normal(0, 0.3, (z.shape[1], hidden)), np.zeros(hidden), rng.normal(0, 0.3, hidden), np.array(-3.0)]
    m1 = [np.zeros_like(p) for p in params]
    m2 = [np.zeros_like(p) for p in params]
    step, lr, decay, size = 0, 0.01, 1e-4, 4096
    for _ in range(epochs):
        order = rng.permutation(len(y))
        for start in range(0, len(y), size):
            idx = order[start : start + size]
            w1, b1, w2, b2 = params
            a = z[idx] @ w1 + b1
            h = np.maximum(a, 0)
            g = (1 / (1 + np.exp(-(h @ w2 + b2))) - y[idx]) / len(idx)
            gh = np.outer(g, w2) * (a > 0)
            grads = [z[idx].T @ gh + decay * w1, gh.sum(0), h.T @ g + decay * w2, g.sum()]
            step += 1
            for j, grad in enumerate(grads):  # Adam
                m1[j] = 0.9 * m1[j] + 0.1 * grad
                m2[j] = 0.999 * m2[j] + 0.001 * grad * grad
                params[j] -= lr * (m1[j] / (1 - 0.9**step)) / (np.sqrt(m2[j] / (1 - 0.999**step)) + 1e-8)
    w1, b1, w2, b2 = params
    return {"w1": w1 / sd[:, None], "b1": b1 - (mu / sd) @ w1, "w2": w2, "b2": float(b2)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Fit the typo engine's scorer.")
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--threshold", type=float, default=-1.5, help="logit above which an edit is reported")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    data = [labelled_candidates(path) for path in args.files]
    x = np.concatenate([d[0] for d in data])
    y = np.concatenate([d[1] for d in data])
    print(f"{len(y)} candidates, {int(y.sum())} right edits", file=sys.stderr)
    weights = fit(x, y)
    out = {
        "source": "Fitted by scripts/train_typo_weights.py on " + ", ".join(p.name for p in args.files)
        + " (public CSC test sets; never the sets the targets are measured on).",
        "features": list(engine.FEATURES),
        "w1": np.round(weights["w1"], 5).tolist(),
        "b1": np.round(weights["b1"], 5).tolist(),
        "w2": np.round(weights["w2"], 5).tolist(),
        "b2": round(weights["b2"], 5),
        "threshold": args.threshold,
    }
    args.out.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
