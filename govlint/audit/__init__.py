"""``govlint audit``: the quarterly audit of an organisation's government new
media posts, per account (cadence, bursts, provenance, findings, verdict).

inputs (posts and what is known of them) → worker (the per-post map step) →
store (SQLite: cache and this run's posts) → report (per-account aggregation)
→ output (terminal, json, csv, html).
"""
