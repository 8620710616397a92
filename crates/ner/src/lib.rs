/*!
Named-entity recognition as sequence labelling.

Does: tokenizes and sentence-splits English text ([`tokenize`], [`split_sentences`]), and
tags token sequences with IOB2 PER/ORG/LOC/MISC labels ([`Model::tag_document`]) using a
linear model over hashed features (averaged passive-aggressive perceptron trained with
greedy left-to-right decoding; tagging runs a beam search per sentence, in two passes per
document) trained by this crate ([`train`]). After decoding, a document pass types
acronyms from their expansions ("Federation of Master Builders (FMB)") and span repairs
apply general facts about names (an institution word's "of" phrase belongs to it, names do
not end on function words, titles stay out); names spelt as products ("Llama 3.1", "GPT-5",
"MacBook Pro") and title-case phrases in quotes become MISC, acronyms that today's text
uses as common nouns ("API", "AI") are untagged unless defined as names, and a surname
alone refers back to the person named in full. Among the features are word classes learned
from unlabelled modern text ([`word_classes`], `data/clusters.tsv.gz`). The trained model,
`model/ner.bin`, ships embedded in the library together with its gazetteers, word
frequencies and word classes in `data/`. [`tag_conll`] tags CoNLL-2003 token columns for
scoring.

Does not: know about articles, canonical entities, dates or quotes (the `tag` stage does),
or download anything.

```
let model = newsmill_ner::Model::builtin().unwrap();
let text = "Mike Pompeo met Alexander Lukashenko in Minsk.";
let tokens = newsmill_ner::tokenize(text);
let sentences: Vec<Vec<&str>> = newsmill_ner::split_sentences(text, &tokens)
    .into_iter()
    .map(|r| tokens[r].iter().map(|t| t.text.as_str()).collect())
    .collect();
let tags = model.tag_document(&sentences);
assert_eq!(tags[0].len(), tokens.len());
```
*/
#![deny(missing_docs)]

mod acronym;
mod beam;
mod conll;
mod decode;
mod error;
mod eval;
mod features;
mod hashing;
mod lexicon;
mod model;
mod pages;
mod products;
mod refer_back;
mod repair;
mod shape;
mod tags;
mod titles;
mod tokenize;
mod train;
mod wordclass;

pub use crate::conll::{read_documents, tag_conll, ConllCounts, Document};
pub use crate::error::NerError;
pub use crate::eval::{score, Counts, Scores};
pub use crate::features::Families;
pub use crate::model::{Model, TaggedText, MODEL_VERSION};
pub use crate::pages::release_pages;
pub use crate::tags::{Kind, ParseTagError, Tag};
pub use crate::tokenize::{split_sentences, tokenize, Token};
pub use crate::train::{evaluate, train, EpochReport, TrainConfig};
pub use crate::wordclass::{word_classes, ClassConfig, ClassCorpus};

#[cfg(test)]
mod tests {
    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn model_is_send_and_sync() {
        assert_send_sync::<crate::model::Model>();
    }
}
