"""The optional deep engine: a local MacBERT-CSC folder through pycorrector.

The loading and inference path is exercised with a tiny, randomly
initialised BERT that the test saves itself: nothing is downloaded. It needs
torch (the ``deep`` extra), which the default install and CI do not have.
"""

from __future__ import annotations

import pytest

from govlint.config import Config
from govlint.engine import check_document
from govlint.readers.text import read_text

SENTENCE = "切实解决群众急难愁盼问题。"


def test_missing_torch_or_model_folder_is_a_warning_not_a_crash(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("GOVLINT_TYPO_MODEL", str(tmp_path / "no-model"))
    result = check_document(read_text(SENTENCE + "\n", "t.txt", "utf-8"), Config(select=("typo.wrong-char",)))
    assert result.findings == ()
    assert "govlint:" in capsys.readouterr().err


def test_tiny_local_bert_is_loaded_and_used(tmp_path, monkeypatch):
    torch = pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    chars = sorted(set(SENTENCE + "题提"))
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *chars]
    (tmp_path / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    tokenizer = transformers.BertTokenizerFast(vocab_file=str(tmp_path / "vocab.txt"))
    config = transformers.BertConfig(
        vocab_size=len(vocab), hidden_size=16, num_hidden_layers=1, num_attention_heads=2, intermediate_size=32
    )
    torch.manual_seed(0)
    model = transformers.BertForMaskedLM(config)
    model.save_pretrained(tmp_path)
    tokenizer.save_pretrained(tmp_path)

    from govlint.typo.deep import corrections

    (edits,) = corrections(str(tmp_path), [SENTENCE])
    assert all(0 <= i < len(SENTENCE) and len(c) == 1 for i, c in edits.items())

    monkeypatch.setenv("GOVLINT_TYPO_MODEL", str(tmp_path))
    result = check_document(read_text(SENTENCE + "\n", "t.txt", "utf-8"), Config(select=("typo.wrong-char",)))
    assert all(f.rule == "typo.wrong-char" and len(f.text) == 1 for f in result.findings)
