"""Fit the typo engine's scorer (``dictionaries/typo/weights.json``).

The engine proposes candidate edits (govlint.typo.engine.candidates) and
two small networks decide which to report: the first on cheap features
(FIRST_STAGE) drops the edits that are clearly wrong before the
costly features are computed, the second on all of FEATURES. This
script first fits the first stage on every candidate and sets its threshold
to keep ``--keep`` of the right edits, then fits the second on the
candidates the first keeps, and finally raises the first stage's run-time
threshold to keep ``--keep-reported`` of the right edits the second stage
reports (the threshold it was fitted with stays in the file as
``training_threshold``). It labels the candidates of training sentence pairs (``source<TAB>target``
files, e.g. the ECSpell law and med and LEMON enc and car sets in
``shared/benchmarks/csc``: never the sets the targets are measured on),
fits five one-hidden-layer networks with numpy (seeds 0-4: reproducible)
and writes their average. The threshold is given (``--threshold``) or
derived from a false-alarm rate on the training files' correct sentences;
see docs/typo-engine.md and benchmarks/README.md for the one shipped.

    python scripts/train_typo_weights.py --threshold -0.55 \
        ../shared/benchmarks/csc/{ecspell_law,ecspell_med,lemon_enc,lemon_car}.tsv
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from govlint.typo import engine, scoring
from govlint.typo.features import FEATURES, FIRST_STAGE
from govlint.typo.hashing import codes

OUT = Path(__file__).resolve().parents[1] / "dictionaries/typo/weights.json"


def labelled_candidates(path: Path, batch: int = 200, prune: bool = True) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Features and labels of every candidate edit of the file's source
    sentences, and for each candidate the index of its sentence when that
    sentence is already correct (else -1): the false alarms to bound."""
    pairs = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()]
    pairs = [(s, t) for s, t in pairs if len(s) == len(t)]
    xs, ys, clean = [], [], []
    for i in range(0, len(pairs), batch):
        chunk = pairs[i : i + batch]
        source = "\n".join(s for s, _ in chunk)
        target = "\n".join(t for _, t in chunk)
        found = engine.candidates(source, prune=prune)
        # An edit is right when every character it changes becomes the target's.
        wanted = codes(target) - np.uint64(1)
        right = wanted[found.pos] == found.new
        two = found.pos2 >= 0
        right[two] &= wanted[found.pos2[two]] == found.new2[two]
        starts = np.cumsum([0] + [len(s) + 1 for s, _ in chunk])
        sentence = np.searchsorted(starts, found.pos, side="right") - 1
        correct = np.array([s == t for s, t in chunk])
        clean.append(np.where(correct[sentence], sentence + i, -1))
        ys.append(right.astype(np.float64))
        xs.append(found.x.astype(np.float64))
    return np.concatenate(xs), np.concatenate(ys), np.concatenate(clean)


def false_alarm_threshold(scores: np.ndarray, clean: np.ndarray, sentences: int, rate: float) -> float:
    """The lowest logit threshold at which at most ``rate`` of the correct
    sentences (``sentences`` of them) would get an edit."""
    best: dict[int, float] = {}
    for score, sentence in zip(scores[clean >= 0], clean[clean >= 0], strict=True):
        best[int(sentence)] = max(best.get(int(sentence), -np.inf), float(score))
    tops = np.sort(np.array(list(best.values())))[::-1]
    allowed = int(rate * sentences)
    return float(tops[allowed]) if allowed < len(tops) else float(tops[-1]) - 1e-3


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


def ensemble(x: np.ndarray, y: np.ndarray, nets: int) -> dict[str, np.ndarray | float]:
    """Several networks from different seeds, averaged: one network's result
    moves by a few points from seed to seed. Their average is again a
    one-hidden-layer network (the hidden layers side by side)."""
    fitted = [fit(x, y, seed=seed) for seed in range(nets)]
    return {
        "w1": np.concatenate([n["w1"] for n in fitted], axis=1),
        "b1": np.concatenate([n["b1"] for n in fitted]),
        "w2": np.concatenate([n["w2"] for n in fitted]) / len(fitted),
        "b2": float(np.mean([n["b2"] for n in fitted])),
    }


def as_scorer(weights: dict, threshold: float, features: tuple[str, ...]) -> scoring.Scorer:
    return scoring.Scorer(
        weights["w1"].astype(np.float32), weights["b1"].astype(np.float32),
        weights["w2"].astype(np.float32), weights["b2"], threshold, features,
    )


def as_json(weights: dict, threshold: float, features: tuple[str, ...]) -> dict[str, object]:
    return {
        "features": list(features),
        "w1": np.round(weights["w1"], 5).tolist(),
        "b1": np.round(weights["b1"], 5).tolist(),
        "w2": np.round(weights["w2"], 5).tolist(),
        "b2": round(weights["b2"], 5),
        "threshold": threshold,
    }


def first_stage(files: list[Path], keep: float, nets: int) -> tuple[dict[str, object], scoring.Scorer]:
    """The first-stage network on every candidate's cheap features, its
    threshold the logit above which ``keep`` of the right edits lie."""
    data = [labelled_candidates(path, prune=False) for path in files]
    cols = [FEATURES.index(name) for name in FIRST_STAGE]
    x = np.concatenate([d[0] for d in data])[:, cols]
    y = np.concatenate([d[1] for d in data])
    weights = ensemble(x, y, nets)
    scores = as_scorer(weights, 0.0, FIRST_STAGE)(x.astype(np.float32))
    threshold = round(float(np.quantile(scores[y == 1], 1 - keep)), 3)
    kept = scores >= threshold
    print(f"first stage: {len(y)} candidates, {int(y.sum())} right; keeps {kept.mean():.1%} of them and "
          f"{kept[y == 1].mean():.1%} of the right edits (threshold {threshold})", file=sys.stderr)
    return as_json(weights, threshold, FIRST_STAGE), as_scorer(weights, threshold, FIRST_STAGE)


def run_time_gate(
    stage: scoring.Scorer, network: scoring.Scorer, x: np.ndarray, y: np.ndarray, threshold: float, keep: float
) -> float:
    """The first stage's run-time threshold: the logit above which ``keep``
    of the right edits that the second stage reports (at ``threshold``) lie.
    The second stage learns from a generous first stage (``--keep`` of every
    right edit: it sees the near misses too), but most of those edits never
    come near the report threshold; pruning them at run time skips the
    costly features of three quarters of the candidates."""
    x = x.astype(np.float32)
    cols = [FEATURES.index(name) for name in stage.features]
    gate = stage(x[:, cols])
    reported = (network(x) >= threshold) & (y == 1)
    cut = round(float(np.quantile(gate[reported], 1 - keep)), 3)
    print(f"run-time first stage: threshold {cut} keeps {(gate >= cut).mean():.1%} of the candidates the "
          f"second stage was fitted on and {(gate[reported] >= cut).mean():.1%} of the right edits it reports",
          file=sys.stderr)
    return cut


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Fit the typo engine's scorer.")
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument(
        "--threshold", type=float, help="logit above which an edit is reported (overrides --false-alarms)"
    )
    parser.add_argument(
        "--false-alarms", type=float, default=0.03,
        help="share of the training files' correct sentences allowed an edit; sets the threshold",
    )
    parser.add_argument("--ensemble", type=int, default=5, help="networks (seeds 0..N-1) averaged")
    parser.add_argument(
        "--keep", type=float, default=0.99, help="share of right edits the first stage keeps for the second's training"
    )
    parser.add_argument(
        "--keep-reported", type=float, default=0.99,
        help="share of the right edits the second stage reports that the first stage keeps at run time",
    )
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    stage_json, stage = first_stage(args.files, args.keep, args.ensemble)
    engine.first_stage.cache_clear()
    engine.first_stage = lambda: stage  # the second stage learns from what the first keeps
    data = [labelled_candidates(path) for path in args.files]
    x = np.concatenate([d[0] for d in data])
    y = np.concatenate([d[1] for d in data])
    print(f"{len(y)} candidates, {int(y.sum())} right edits", file=sys.stderr)
    weights = ensemble(x, y, args.ensemble)
    network = as_scorer(weights, 0.0, FEATURES)
    # Sentence ids made distinct across files, so the rate is over all of them.
    clean = np.concatenate([np.where(d[2] >= 0, d[2] + k * 1_000_000, -1) for k, d in enumerate(data)])
    correct = 0
    for path in args.files:
        lines = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()]
        correct += sum(1 for s, t in lines if len(s) == len(t) and s == t)
    derived = round(false_alarm_threshold(network(x.astype(np.float32)), clean, correct, args.false_alarms), 3)
    threshold = derived if args.threshold is None else args.threshold
    print(f"threshold {threshold} (at {derived}, {args.false_alarms:.0%} of the training files' correct sentences "
          "would get an edit)", file=sys.stderr)
    stage_json["training_threshold"] = stage_json["threshold"]
    stage_json["threshold"] = run_time_gate(stage, network, x, y, threshold, args.keep_reported)
    out = {
        "source": "Fitted by scripts/train_typo_weights.py on " + ", ".join(p.name for p in args.files)
        + " (public CSC test sets; never the sets the targets are measured on).",
        **as_json(weights, threshold, FEATURES),
        "threshold_for_false_alarms": {"rate": args.false_alarms, "threshold": derived},
        "first_stage": stage_json,
    }
    args.out.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
