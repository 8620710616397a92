/*!
Named-entity recognition as sequence labelling.

Does: tokenizes and sentence-splits English text, and tags token sequences with
IOB2 PER/ORG/LOC/MISC labels using a statistical model trained by this crate
(training code included; the trained model file ships with the project).

Does not: know about articles, canonical entities, dates or quotes (the `tag` stage
does), or download anything.
*/

// NOTE(lead): placeholder surface so dependants compile; the ner branch replaces it.
use std::io::{BufRead, Write};
use std::ops::Range;

/// Errors of this crate.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum NerError {
    /// The model bytes could not be read.
    #[error("invalid model: {0}")]
    Model(String),
    /// Reading or writing CoNLL data failed.
    #[error("CoNLL I/O at line {line}: {source}")]
    Io {
        /// 1-based line number.
        line: usize,
        /// The cause.
        source: std::io::Error,
    },
}

/// An entity type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// Person.
    Per,
    /// Organisation.
    Org,
    /// Location.
    Loc,
    /// Other names.
    Misc,
}

/// An IOB2 tag.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Tag {
    /// Outside any entity.
    O,
    /// First token of an entity.
    B(Kind),
    /// Continuation of an entity.
    I(Kind),
}

/// A token with byte offsets into the text it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// The token text.
    pub text: String,
    /// Byte start.
    pub start: usize,
    /// Byte end (exclusive).
    pub end: usize,
}

/// Splits text into tokens.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    for (start, word) in text
        .split_whitespace()
        .map(|w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
    {
        out.push(Token {
            text: word.to_string(),
            start,
            end: start + word.len(),
        });
    }
    out
}

/// Splits tokens into sentences (token index ranges).
pub fn split_sentences(_text: &str, tokens: &[Token]) -> Vec<Range<usize>> {
    vec![0..tokens.len()]
}

/// A trained sequence model.
pub struct Model;

impl Model {
    /// The model that ships with the project.
    pub fn builtin() -> Result<Model, NerError> {
        Ok(Model)
    }
    /// Loads a model from bytes.
    pub fn from_bytes(_bytes: &[u8]) -> Result<Model, NerError> {
        Ok(Model)
    }
    /// Tags every sentence of a document.
    pub fn tag_document(&self, sentences: &[Vec<&str>]) -> Vec<Vec<Tag>> {
        sentences.iter().map(|s| vec![Tag::O; s.len()]).collect()
    }
}

/// Reads CoNLL lines and writes them back with a predicted tag appended.
pub fn tag_conll(
    _model: &Model,
    _input: impl BufRead,
    _output: impl Write,
) -> Result<(), NerError> {
    Err(NerError::Model("not built yet".into()))
}
