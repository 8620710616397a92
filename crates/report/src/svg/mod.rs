//! Inline SVG charts, built as markup in Rust: stacked bars and trend lines
//! ([`bars`]), the map of places ([`map`]) and the co-occurrence network
//! ([`network`]). Presentation attributes only (`fill`, `stroke`), never `style`,
//! so the page's Content-Security-Policy needs no `unsafe-inline`; every text is
//! escaped by the template engine.

pub mod bars;
pub mod map;
pub mod network;

use std::fmt::Write;

use maud::Render;
use newsmill_records::Label;

/// Okabe–Ito colours (readable with colour-blindness), for sources.
pub const PALETTE: [&str; 8] = [
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999",
];

/// The colour of an entity type.
pub fn kind_colour(label: Label) -> &'static str {
    match label {
        Label::Per => "#0072B2",
        Label::Org => "#D55E00",
        Label::Loc => "#009E73",
        _ => "#CC79A7",
    }
}

/// A coordinate, written with at most one decimal (`12`, `12.5`).
#[derive(Clone, Copy, Debug)]
pub struct Num(pub f64);

impl Render for Num {
    fn render_to(&self, buffer: &mut String) {
        push_num(buffer, self.0);
    }
}

/// Appends `v` with at most one decimal.
pub fn push_num(buffer: &mut String, v: f64) {
    let r = (v * 10.0).round() / 10.0;
    if r == r.trunc() {
        let _ = write!(buffer, "{}", r as i64);
    } else {
        let _ = write!(buffer, "{r:.1}");
    }
}

/// A "nice" upper bound for an axis whose data reach `max` (1, 2, 5 × 10ⁿ).
pub fn nice_max(max: f64) -> f64 {
    if max <= 1.0 {
        return 1.0;
    }
    let magnitude = 10f64.powf(max.log10().floor());
    for step in [1.0, 2.0, 2.5, 5.0, 10.0] {
        if step * magnitude >= max {
            return step * magnitude;
        }
    }
    10.0 * magnitude
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short() {
        let mut s = String::new();
        for v in [12.0, 12.04, 12.06, -3.24, 0.0] {
            push_num(&mut s, v);
            s.push(' ');
        }
        assert_eq!(s, "12 12 12.1 -3.2 0 ");
    }

    #[test]
    fn axis_bounds_are_round() {
        assert_eq!(nice_max(0.0), 1.0);
        assert_eq!(nice_max(7.0), 10.0);
        assert_eq!(nice_max(11.0), 20.0);
        assert_eq!(nice_max(240.0), 250.0);
        assert_eq!(nice_max(3001.0), 5000.0);
    }
}
