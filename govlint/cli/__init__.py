"""The command line: ``main.py`` (``govlint FILE...``, the entry point),
``audit.py`` (``govlint audit DIR``) and ``dictionaries.py`` (``govlint dict
check``). Empty, so that importing one command loads nothing of another."""
