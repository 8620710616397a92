//! The report's time axis: the days from the first article to the last, in bins of
//! a day, a week, a month or a year, whichever keeps the number of bins readable.

use chrono::{Datelike, Days, Months, NaiveDate};

/// The most bins a chart gets before a coarser unit is chosen.
const MAX_BINS: usize = 120;

/// A bin's length.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// One day.
    Day,
    /// An ISO week, Monday to Sunday.
    Week,
    /// A calendar month.
    Month,
    /// A calendar year.
    Year,
}

impl Unit {
    /// "day", "week", …
    pub fn noun(self) -> &'static str {
        match self {
            Unit::Day => "day",
            Unit::Week => "week",
            Unit::Month => "month",
            Unit::Year => "year",
        }
    }
}

/// Bins from `start` (the first bin's first day) to the last article's bin.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Timeline {
    /// The first day of the first bin.
    pub start: NaiveDate,
    /// The bin length.
    pub unit: Unit,
    /// Number of bins.
    pub bins: usize,
    /// The first and last article day.
    pub first: NaiveDate,
    /// The last article day.
    pub last: NaiveDate,
}

impl Timeline {
    /// The finest unit giving at most [`MAX_BINS`] bins from `first` to `last`.
    pub fn new(first: NaiveDate, last: NaiveDate) -> Timeline {
        let (first, last) = (first.min(last), first.max(last));
        for unit in [Unit::Day, Unit::Week, Unit::Month] {
            let start = bin_start(first, unit);
            let bins = index(start, unit, last) + 1;
            if bins <= MAX_BINS {
                return Timeline {
                    start,
                    unit,
                    bins,
                    first,
                    last,
                };
            }
        }
        let start = bin_start(first, Unit::Year);
        Timeline {
            start,
            unit: Unit::Year,
            bins: index(start, Unit::Year, last) + 1,
            first,
            last,
        }
    }

    /// The bin a day falls in (days outside the timeline are clamped to its ends).
    pub fn bin(&self, day: NaiveDate) -> usize {
        if day < self.start {
            return 0;
        }
        index(self.start, self.unit, day).min(self.bins - 1)
    }

    /// The first day of bin `i`.
    pub fn bin_first_day(&self, i: usize) -> NaiveDate {
        let i = i as u32;
        match self.unit {
            Unit::Day => self.start + Days::new(u64::from(i)),
            Unit::Week => self.start + Days::new(7 * u64::from(i)),
            Unit::Month => self.start + Months::new(i),
            Unit::Year => self.start + Months::new(12 * i),
        }
    }

    /// A short label for bin `i`: `2024-03-12`, `week of 2024-03-11`, `2024-03`, `2024`.
    pub fn label(&self, i: usize) -> String {
        let d = self.bin_first_day(i);
        match self.unit {
            Unit::Day => d.format("%Y-%m-%d").to_string(),
            Unit::Week => format!("week of {}", d.format("%Y-%m-%d")),
            Unit::Month => d.format("%Y-%m").to_string(),
            Unit::Year => d.format("%Y").to_string(),
        }
    }

    /// The label for an axis tick at bin `i` (the week's Monday for weeks).
    pub fn tick(&self, i: usize) -> String {
        let d = self.bin_first_day(i);
        match self.unit {
            Unit::Day | Unit::Week => d.format("%Y-%m-%d").to_string(),
            Unit::Month => d.format("%Y-%m").to_string(),
            Unit::Year => d.format("%Y").to_string(),
        }
    }
}

fn bin_start(day: NaiveDate, unit: Unit) -> NaiveDate {
    match unit {
        Unit::Day => day,
        Unit::Week => day - Days::new(u64::from(day.weekday().num_days_from_monday())),
        Unit::Month => day.with_day(1).unwrap_or(day),
        Unit::Year => NaiveDate::from_ymd_opt(day.year(), 1, 1).unwrap_or(day),
    }
}

fn index(start: NaiveDate, unit: Unit, day: NaiveDate) -> usize {
    let months = |a: NaiveDate, b: NaiveDate| {
        (b.year() - a.year()) as i64 * 12 + i64::from(b.month()) - i64::from(a.month())
    };
    let i = match unit {
        Unit::Day => (day - start).num_days(),
        Unit::Week => (day - start).num_days().div_euclid(7),
        Unit::Month => months(start, day),
        Unit::Year => i64::from(day.year() - start.year()),
    };
    i.max(0) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn picks_the_finest_readable_unit() {
        let t = Timeline::new(d("2024-03-01"), d("2024-03-31"));
        assert_eq!((t.unit, t.bins), (Unit::Day, 31));
        assert_eq!(t.bin(d("2024-03-31")), 30);
        let t = Timeline::new(d("2024-03-01"), d("2024-09-30"));
        assert_eq!(t.unit, Unit::Week);
        assert_eq!(t.start, d("2024-02-26"), "weeks start on Monday");
        assert_eq!(t.bin(d("2024-03-04")), 1);
        assert_eq!(t.label(1), "week of 2024-03-04");
        let t = Timeline::new(d("2015-01-20"), d("2024-09-30"));
        assert_eq!((t.unit, t.start), (Unit::Month, d("2015-01-01")));
        assert_eq!(t.bin(d("2016-01-31")), 12);
        assert_eq!(t.bin_first_day(12), d("2016-01-01"));
        let t = Timeline::new(d("1970-01-01"), d("2024-09-30"));
        assert_eq!((t.unit, t.bins), (Unit::Year, 55));
    }

    #[test]
    fn days_outside_are_clamped() {
        let t = Timeline::new(d("2024-03-01"), d("2024-03-10"));
        assert_eq!(t.bin(d("2020-01-01")), 0);
        assert_eq!(t.bin(d("2030-01-01")), 9);
    }
}
