//! Evaluation metrics: CoNLL 2018 shared-task scores (tokens, sentences, words, UPOS, XPOS, lemmas, UAS, LAS)
