//! Within-document speaker resolution over the entity layer
