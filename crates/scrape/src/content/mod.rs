//! Main-content detection.
//!
//! The page is cut into text blocks ([`segment`]): the text each block element
//! owns directly, in document order. A learned model scores every block as main
//! content or boilerplate from general features ([`features`], [`tokens`]): its
//! text (length, link density, punctuation, stop words), its element and
//! ancestors, the hand-written class/id hints of [`crate::boilerplate`], the
//! rule-based container and removals of [`heuristic`], its position and
//! neighbours, the text statistics of the boxes around it, repeated structures,
//! learned class/id token scores and the page type, itself predicted from page
//! features ([`pagetype`]). The blocks above the model's threshold, in order, are
//! the body ([`select`]). The model, its data and its cross-validated figures are
//! described in [`crate::model`].

mod context;
mod detect;
mod features;
mod heuristic;
mod noscript;
mod pagetype;
mod sample;
mod segment;
mod select;
mod structure;
mod text;
mod tokens;

pub(crate) use self::detect::detect;
pub(crate) use self::features::Inputs;
pub(crate) use self::heuristic::{same_text, Analysis};
pub(crate) use self::noscript::unwrap as unwrap_noscript;
pub(crate) use self::pagetype::PageInputs;
pub use self::pagetype::PAGE;
pub use self::sample::{block_feature_names, context_feature_names, ModelTime, Sample};
pub use self::tokens::TokenTable;
// The trainer's view (`crate::train`).
pub use self::{
    context::CONTEXT_FEATURES,
    features::{Family, DENSE},
    sample::{block_families, PAGE_TYPE_FEATURES, TOKEN_FEATURES},
    tokens::class_token,
};
