"""govlint: a linter for Chinese government new-media drafts (政务新媒体)."""

__version__ = "0.1.0"
