"""Every rule is documented, and its own examples prove it (sqlfluff-style)."""

from __future__ import annotations

import re

import pytest
from wordml import docx_from_wordml

from govlint.checks import all_rules, resolve
from govlint.config import Config
from govlint.engine import check_document
from govlint.readers.html import read_html
from govlint.readers.markdown import read_markdown
from govlint.readers.text import read_text
from govlint.readers.word import read_docx
from govlint.rules import CHECK_IDS, RegistryError, Severity, Stage, rule

RULES = all_rules()
# A Word rule's example is its paragraphs' XML (tests/wordml.py); "Bad" and
# "Good" may be followed by a few words before the example on the same line.
_EXAMPLE = re.compile(r"\*\*(Bad|Good)\*\*[^\n]*\s*```(text|html|markdown|wordml)\n(.*?)\n```", re.S)
_READERS = {
    "text": read_text,
    "html": read_html,
    "markdown": read_markdown,
    "wordml": lambda text, path, _encoding: read_docx(docx_from_wordml(text), path, 1 << 24),
}


def examples(doc: str) -> dict[str, tuple[str, str]]:
    """{"Bad": (language, source), "Good": (language, source)} from a rule's doc."""
    return {kind: (language, text) for kind, language, text in _EXAMPLE.findall(doc)}


@pytest.mark.parametrize("rule_", RULES, ids=lambda r: r.id)
def test_rule_record_and_doc_template(rule_):
    assert rule_.check in CHECK_IDS
    assert isinstance(rule_.severity, Severity) and isinstance(rule_.stage, Stage)
    assert rule_.summary and rule_.doc.splitlines()[0].endswith((".", "。"))
    assert set(examples(rule_.doc)) == {"Bad", "Good"}, "doc needs a **Bad** and a **Good** example (text, html, markdown or wordml)"


@pytest.mark.parametrize("rule_", RULES, ids=lambda r: r.id)
def test_bad_example_fails_and_good_example_passes(rule_):
    config = Config(select=(rule_.id,))
    found = {}
    for kind, (language, text) in examples(rule_.doc).items():
        document = _READERS[language](text + "\n", f"{kind}.{language}", "utf-8")
        found[kind] = [f.rule for f in check_document(document, config).findings]
    assert found["Bad"] and set(found["Bad"]) == {rule_.id}
    assert found["Good"] == []


@pytest.mark.parametrize("rule_", RULES, ids=lambda r: r.id)
def test_rule_speaks_the_editors_language(rule_):
    """Editors read the name, the summary and --explain: Chinese, with the
    id for machines (a code example or an English term may stand in it)."""
    assert 2 <= len(rule_.title) <= 12 and all("\u4e00" <= ch <= "\u9fff" or ch in "“”、" for ch in rule_.title)
    prose = re.sub(r"```.*?```|`[^`]*`", "", rule_.doc, flags=re.S)
    han = sum("\u4e00" <= ch <= "\u9fff" for ch in prose)
    latin = sum(ch.isascii() and ch.isalpha() for ch in prose)
    assert han > latin, "the rule's doc is for editors: write it in Chinese"


@pytest.mark.parametrize("rule_", RULES, ids=lambda r: r.id)
def test_every_rule_shows_what_was_measured_of_it(rule_):
    """Issue 21: each rule's doc gives its measured rate on published text
    (and its planted precision where its defects can be planted), from the
    figures benchmarks/measured.py writes; a new rule must be measured."""
    from govlint.formats.ruledocs import measurements, rule_help

    measured = measurements()[rule_.id]
    shown = rule_help(rule_)
    assert shown.startswith(rule_.shown_doc) and "**实测**" in shown and "已发布的政府工作报告" in shown
    if measured.precision is not None:
        assert f"精确率 {measured.precision:.0%}" in shown
        # Severity follows measured precision: an error is right at least 9 times in 10.
        assert rule_.severity is not Severity.ERROR or measured.precision >= 0.9


def test_explain_shows_the_measured_figures(capsys):
    from govlint.cli.main import main

    assert main(["--explain", "typo.missing-char"]) == 0
    shown = capsys.readouterr().out
    assert "**实测**" in shown and "召回率" in shown and "每万字" in shown


def test_selectors_resolve_checks_rules_and_names():
    assert [r.id for r in resolve("typo.duplicate")] == ["typo.duplicate"]
    assert [r.id for r in resolve("duplicate-word")] == ["typo.duplicate"]
    assert "typo.duplicate" in [r.id for r in resolve("typo")]
    for check in CHECK_IDS:  # a known check resolves, whether or not it has rules yet
        assert all(r.check == check for r in resolve(check))
    with pytest.raises(KeyError):
        resolve("typo.nope")


def test_duplicate_or_malformed_rule_ids_fail_at_registration():
    with pytest.raises(RegistryError):
        rule("typo.duplicate", name="x", severity=Severity.ERROR, stage=Stage.FIRST, summary="x")(lambda d, c: [])
    with pytest.raises(RegistryError):
        rule("spelling.x", name="x", severity=Severity.ERROR, stage=Stage.FIRST, summary="x")(lambda d, c: [])
