//! Sentence segmentation and tokenisation for news English
