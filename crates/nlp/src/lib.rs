//! Part-of-speech tagger, lemmatizer and dependency parser: training, models and inference
