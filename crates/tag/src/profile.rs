//! Where tagging time goes: [`StepTimes`], filled by [`crate::Tagger::tag_profiled`].

use std::time::{Duration, Instant};

/// Time spent in each step of tagging, summed over every article tagged with
/// [`crate::Tagger::tag_profiled`] (bench scripts print it as a per-step breakdown).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct StepTimes {
    /// Tokens, sentences and word keys: the one tokenisation every step shares.
    pub tokenize: Duration,
    /// The NER model's tagging (features and beam search).
    pub ner: Duration,
    /// Watch-list alias matching.
    pub watchlist: Duration,
    /// Gazetteer names (countries, cities, demonyms) and title cues.
    pub gazetteer: Duration,
    /// Dates.
    pub dates: Duration,
    /// Merging spans by source, label repairs and surnames found again.
    pub spans: Duration,
    /// Canonical entities (clustering, GeoNames linking, names).
    pub entities: Duration,
    /// Money and percentages.
    pub amounts: Duration,
    /// Quotations and speakers.
    pub quotes: Duration,
    /// Building the record: mentions, character offsets.
    pub output: Duration,
}

impl StepTimes {
    /// Each step's name and time, in the order the tagger runs them.
    pub fn steps(&self) -> [(&'static str, Duration); 10] {
        [
            ("tokenize", self.tokenize),
            ("ner", self.ner),
            ("watchlist", self.watchlist),
            ("gazetteer", self.gazetteer),
            ("dates", self.dates),
            ("spans", self.spans),
            ("entities", self.entities),
            ("amounts", self.amounts),
            ("quotes", self.quotes),
            ("output", self.output),
        ]
    }

    /// The sum of all steps.
    pub fn total(&self) -> Duration {
        self.steps().iter().map(|(_, d)| *d).sum()
    }
}

/// Adds the time since the previous lap to a step; does nothing (and reads no clock)
/// when not profiling.
pub(crate) struct Clock<'a> {
    times: Option<&'a mut StepTimes>,
    last: Option<Instant>,
}

impl<'a> Clock<'a> {
    pub(crate) fn new(times: Option<&'a mut StepTimes>) -> Clock<'a> {
        let last = times.as_ref().map(|_| Instant::now());
        Clock { times, last }
    }

    /// Charges the time since the last lap to the step `step` picks.
    pub(crate) fn lap(&mut self, step: fn(&mut StepTimes) -> &mut Duration) {
        if let (Some(times), Some(last)) = (self.times.as_deref_mut(), self.last.as_mut()) {
            let now = Instant::now();
            *step(times) += now - *last;
            *last = now;
        }
    }
}
