"""The typo check's engine and data: the statistical corrector (engine),
its lexicons (idioms, confusion pairs, names), the character-level model
files (hashing), the word model, cut-off starts, curated misuses, word
segmentation and the optional deep corrector (deep, torch)."""
