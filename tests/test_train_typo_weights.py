"""The scorer's training script: the first stage's run-time threshold."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

import train_typo_weights as train

from govlint.typo import features, scoring


def _reads(feature: str, features: tuple[str, ...]) -> scoring.Scorer:
    """A network whose logit is the (non-negative) value of one feature."""
    w1 = np.zeros((len(features), 1), dtype=np.float32)
    w1[features.index(feature), 0] = 1
    return scoring.Scorer(w1, np.zeros(1, np.float32), np.ones(1, np.float32), 0.0, 0.0, features)


def test_the_run_time_gate_keeps_the_share_of_reported_right_edits():
    rng = np.random.default_rng(0)
    rows = 1000
    x = np.zeros((rows, len(features.FEATURES)))
    x[:, features.FEATURES.index("word")] = rng.uniform(0, 10, rows)  # the first stage's logit
    x[:, features.FEATURES.index("trigram_gain")] = rng.uniform(0, 10, rows)  # the second stage's
    y = (rng.uniform(size=rows) < 0.5).astype(float)
    stage = _reads("word", features.FIRST_STAGE)
    network = _reads("trigram_gain", features.FEATURES)
    cut = train.run_time_gate(stage, network, x, y, threshold=5.0, keep=0.9)
    reported = (x[:, features.FEATURES.index("trigram_gain")] >= 5.0) & (y == 1)
    kept = x[reported, features.FEATURES.index("word")] >= cut
    assert 0.88 <= kept.mean() <= 0.92
    # Only the right edits the second stage reports set it: relabelling the others changes nothing.
    relabelled = np.where(x[:, features.FEATURES.index("trigram_gain")] >= 5.0, y, 1 - y)
    assert train.run_time_gate(stage, network, x, relabelled, threshold=5.0, keep=0.9) == cut


def test_the_shipped_gate_is_stricter_than_the_one_the_second_stage_was_fitted_with():
    weights = scoring._weights()["first_stage"]
    assert weights["threshold"] > weights["training_threshold"]
    assert scoring.first_stage().threshold == weights["threshold"]
