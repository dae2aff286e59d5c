//! Attribution: quotes and claims with source, cue, content, sourcing kind and stance

pub mod brat;
