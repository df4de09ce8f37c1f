"""The typo check's engine and data.

The statistical corrector: ``engine`` (the entry: candidates, detect), over
``modelfile`` (the model file, unpacked and memory-mapped), ``hashing``
(hashes and sorted-table look-ups), ``propose`` (candidate edits),
``features``, ``scoring`` (the networks and the decision), ``wordlm`` (the
word model) and ``batching``. The curated side: ``lexicon`` (confusion
pairs, terms), ``idioms``, ``missing`` (a phrase short of a character),
``cutoff`` (a paragraph's cut-off start), ``misuse``, ``protect`` (names and
allowed words), ``correct`` (sentences corrected by all of them),
``segment`` (jieba) and the optional ``deep`` corrector (torch).
"""
