//! The HTML layer: from page bytes to the flat document every later step reads.
//!
//! In order: [`sniff`] refuses bytes that are not a web page, [`charset`] decodes
//! them to text, [`rawtext`] empties `<script>`/`<style>`/`<svg>` and drops what
//! nothing reads, [`tokenize`] (with [`charref`]) turns the text into tokens for
//! html5ever's tree builder, bounded by [`guard`], which [`tree`] drives into a
//! small arena, and [`dom`] lays that arena out as a flat pre-order array with
//! per-node text statistics. Nothing above this layer sees HTML syntax.

pub(crate) mod charref;
pub(crate) mod charset;
pub(crate) mod dom;
pub(crate) mod guard;
pub(crate) mod rawtext;
pub(crate) mod sniff;
pub(crate) mod tokenize;
pub(crate) mod tree;
