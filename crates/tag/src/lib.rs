/*!
Tagging: finds who, what and where in an [`Article`](newsmill_records::Article).

Does: runs the NER model ([`newsmill_ner`]) over the body and adds what it misses
from the user's [`Watchlist`] (aliases matched case-, diacritic- and script-
insensitively: `Лукашенко` = `Lukashenko`), an embedded GeoNames gazetteer (countries,
cities, demonyms) and title cues ("Foreign Minister Uladzimir Makey"); joins mentions
into canonical [`Entity`](newsmill_records::Entity)s (short names to full names, spelling and transliteration
variants); links places to GeoNames and demonyms to countries; finds dates (resolved
against the publication date), money and percentages with normalised values, in
English and six other languages; and attributes direct quotations to their speakers.

Does not: read files or the network (the model and gazetteers are compiled in; the
caller reads the watch-list file and passes its text), or write outputs.

```
use newsmill_tag::{Tagger, Watchlist};
let list = Watchlist::from_toml(
    "[[entity]]\nname = \"Mike Pompeo\"\ntype = \"PER\"\n",
    "entities.toml",
)?;
let tagger = Tagger::builtin(list)?;
# Ok::<(), newsmill_tag::TagError>(())
```

Offsets in the output are character offsets into [`Article::body`](newsmill_records::Article::body). Entity ids are
stable across runs and articles: the watch-list id, `geonames:<id>` for linked places,
otherwise `<label>:<slug of canonical name>`.

# How a body is tagged

0. One tokenisation (`text.rs`): the NER crate's tokenizer and sentence splitter cut
   the body once; words (letter-and-digit runs) and their folded keys are read off
   the tokens into one buffer, and every later step uses them.
1. The model's spans ([`newsmill_ner`]), the watch-list's hits (`watchlist.rs`, on
   the folded words), the gazetteer's countries, demonyms and cities and the title
   cues (`scan.rs`) are merged by source strength (`spans/`); date expressions veto
   names that overlap them. The model and the cues are English: on an article whose
   language is known and not English, and whose body does not read as English either
   (`english.rs`), only the watch-list and the gazetteer name things, and the record's
   [`tagging`](newsmill_records::Tagged::tagging) field says so
   (`partial: language ru`).
2. Label repairs (`repair.rs`), then surnames of full names found again where the
   model missed them (`spans/`).
3. Mentions become entities (`canon/`): watch-list, GeoNames (`geo.rs`), demonyms,
   people by surname with transliteration variants (`fold.rs`).
4. Dates (`dates/`), money and percentages (`amounts/`), quotations and speakers
   (`quotes.rs`). Dates and amounts are read by scanners of our own, anchored at each
   word (`cursor.rs`), in English and, for an article in Russian, Belarusian,
   Ukrainian, Polish, German or French (`lang.rs`), in its language too: month names
   in every case, decimal commas, currency and scale words.

Every step takes time linear in the body: lists of spans are sorted and searched by
bisection, people are filed by their surname's consonant skeleton, sentence tenses
are worked out once per sentence, and nothing is allocated per token beyond what the
NER crate's tokens hold. [`Tagger::tag_profiled`] reports the time of each step
([`StepTimes`]).

Everything that can be compiled is compiled once in [`Tagger::builtin`]: the alias
automaton, the date and amount tables, and the gazetteer (parsed once per process,
on a second thread while the model loads). Alias matching uses `aho-corasick`
(leftmost-longest) rather than `daachorse`: watch-lists are small, and matching runs
on folded words with word-boundary checks either way. The gazetteer is a sorted table
of 64-bit hashes of folded names, so it needs no allocation per name.
*/
#![deny(missing_docs)]

mod amounts;
mod canon;
mod cursor;
mod dates;
mod english;
mod error;
mod fold;
mod geo;
mod lang;
mod offsets;
mod profile;
mod quotes;
mod repair;
mod scan;
mod spans;
mod tagger;
mod text;
mod watchlist;

pub use crate::error::TagError;
pub use crate::profile::StepTimes;
pub use crate::tagger::Tagger;
pub use crate::watchlist::Watchlist;
