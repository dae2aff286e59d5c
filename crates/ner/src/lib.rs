//! Named-entity recognition over the token layer: training, model and inference
