//! Charts over the report's time axis: stacked bars of articles per source, a
//! sparkline per entity for tables, and a larger trend per entity for its section.

use std::fmt::Write;

use maud::{html, Markup};

use super::{nice_max, push_num, Num, PALETTE};
use crate::analysis::SourceSeries;
use crate::timeline::Timeline;

const WIDTH: f64 = 960.0;
const PLOT_HEIGHT: f64 = 220.0;
const LEFT: f64 = 48.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 12.0;
const AXIS: f64 = 28.0;
const LEGEND_ROW: f64 = 20.0;

/// Stacked bars: articles per bin, one colour per source, with a y axis, date ticks,
/// a legend and a tooltip (`<title>`) on every bar segment.
pub fn stacked(timeline: &Timeline, series: &[SourceSeries]) -> Markup {
    let bins = timeline.bins;
    let totals: Vec<u32> = (0..bins)
        .map(|i| series.iter().map(|s| s.bins[i]).sum())
        .collect();
    let top = nice_max(f64::from(totals.iter().copied().max().unwrap_or(0)));
    let plot_w = WIDTH - LEFT - RIGHT;
    let step = plot_w / bins as f64;
    let gap = if step > 4.0 { 1.0 } else { 0.0 };
    let y = |v: f64| TOP + PLOT_HEIGHT - v / top * PLOT_HEIGHT;
    let legend = legend_layout(series);
    let height = TOP + PLOT_HEIGHT + AXIS + legend.rows as f64 * LEGEND_ROW + 4.0;
    let ticks = tick_bins(bins, 6);
    let names: Vec<String> = series.iter().map(series_name).collect();
    let mut segments = Vec::new();
    for i in 0..bins {
        let mut base = 0.0;
        for (s, serie) in series.iter().enumerate() {
            let n = serie.bins[i];
            if n > 0 {
                segments.push((i, s, n, y(base), y(base + f64::from(n))));
                base += f64::from(n);
            }
        }
    }
    html! {
        svg.chart.volume viewBox={ "0 0 " (Num(WIDTH)) " " (Num(height)) } role="img"
            aria-label="Articles per period and source, stacked bars" {
            g.grid {
                @for v in [0.0, top / 2.0, top].into_iter().filter(|v| v.fract() == 0.0) {
                    line x1=(Num(LEFT)) x2=(Num(WIDTH - RIGHT)) y1=(Num(y(v))) y2=(Num(y(v)))
                        stroke="#ddd" stroke-width="1" {}
                    text x=(Num(LEFT - 6.0)) y=(Num(y(v) + 4.0)) text-anchor="end" font-size="11" { (Num(v)) }
                }
            }
            g.bars {
                @for (i, s, n, y0, y1) in &segments {
                    rect x=(Num(LEFT + *i as f64 * step + gap / 2.0)) y=(Num(*y1))
                        width=(Num((step - gap).max(0.5))) height=(Num((y0 - y1).max(0.5)))
                        fill=(PALETTE[s % PALETTE.len()]) {
                        title { (timeline.label(*i)) " · " (names[*s]) ": " (n) }
                    }
                }
            }
            g.axis {
                line x1=(Num(LEFT)) x2=(Num(WIDTH - RIGHT)) y1=(Num(y(0.0))) y2=(Num(y(0.0)))
                    stroke="#555" stroke-width="1" {}
                @for &i in &ticks {
                    @let x = LEFT + (i as f64 + 0.5) * step;
                    @let anchor = if ticks.len() > 1 && i == ticks[0] && x < LEFT + 40.0 { "start" }
                        else if i + 1 == bins && ticks.len() > 1 { "end" } else { "middle" };
                    line x1=(Num(x)) x2=(Num(x)) y1=(Num(y(0.0))) y2=(Num(y(0.0) + 4.0)) stroke="#555" {}
                    text x=(Num(x)) y=(Num(y(0.0) + 17.0)) text-anchor=(anchor) font-size="11" { (timeline.tick(i)) }
                }
            }
            g.legend {
                @for (s, (x, row)) in legend.positions.iter().enumerate() {
                    @let ly = TOP + PLOT_HEIGHT + AXIS + *row as f64 * LEGEND_ROW;
                    rect x=(Num(*x)) y=(Num(ly)) width="11" height="11" fill=(PALETTE[s % PALETTE.len()]) {}
                    text x=(Num(x + 15.0)) y=(Num(ly + 10.0)) font-size="12" {
                        (names[s]) " (" (series[s].total) ")"
                    }
                }
            }
        }
    }
}

fn series_name(s: &SourceSeries) -> String {
    match &s.name {
        Some(n) => n.clone(),
        None => format!("{} other sources", s.members),
    }
}

struct Legend {
    positions: Vec<(f64, usize)>,
    rows: usize,
}

/// Places legend entries left to right, wrapping (text width estimated per char).
fn legend_layout(series: &[SourceSeries]) -> Legend {
    let mut positions = Vec::new();
    let (mut x, mut row) = (LEFT, 0);
    for s in series {
        let label = series_name(s).chars().count() + s.total.to_string().len() + 3;
        let w = 15.0 + label as f64 * 6.6 + 18.0;
        if x + w > WIDTH - RIGHT && x > LEFT {
            x = LEFT;
            row += 1;
        }
        positions.push((x, row));
        x += w;
    }
    Legend {
        rows: if series.is_empty() { 0 } else { row + 1 },
        positions,
    }
}

/// Up to `n` evenly spread bins, always the first and the last.
fn tick_bins(bins: usize, n: usize) -> Vec<usize> {
    if bins <= n {
        return (0..bins).collect();
    }
    let mut out: Vec<usize> = (0..n).map(|k| k * (bins - 1) / (n - 1)).collect();
    out.dedup();
    out
}

/// Sums `bins` into at most `max` groups of equal width.
fn downsample(bins: &[u32], max: usize) -> Vec<u32> {
    if bins.len() <= max {
        return bins.to_vec();
    }
    let group = bins.len().div_ceil(max);
    bins.chunks(group).map(|c| c.iter().sum()).collect()
}

/// The polyline points of `values` in a `w` × `h` box (bottom = 0).
fn points(values: &[u32], w: f64, h: f64, pad: f64) -> String {
    let max = f64::from(values.iter().copied().max().unwrap_or(0).max(1));
    let dx = if values.len() > 1 {
        (w - 2.0 * pad) / (values.len() - 1) as f64
    } else {
        0.0
    };
    let mut out = String::new();
    for (i, &v) in values.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        push_num(&mut out, pad + i as f64 * dx);
        out.push(',');
        push_num(&mut out, h - pad - f64::from(v) / max * (h - 2.0 * pad));
    }
    out
}

/// A small trend line (mentions per period), for table rows.
pub fn sparkline(bins: &[u32], label: &str) -> Markup {
    let values = downsample(bins, 60);
    let values = if values.len() == 1 {
        vec![values[0], values[0]]
    } else {
        values
    };
    html! {
        svg.spark viewBox="0 0 120 24" width="120" height="24" role="img" aria-label=(label) {
            polyline points=(points(&values, 120.0, 24.0, 2.0)) fill="none" stroke="currentColor"
                stroke-width="1.5" stroke-linejoin="round" {}
        }
    }
}

/// An entity's mentions per period: a filled area with its peak and the period's
/// first and last ticks.
pub fn trend(timeline: &Timeline, bins: &[u32], label: &str) -> Markup {
    let (w, h, pad) = (640.0, 90.0, 4.0);
    let values = if bins.len() == 1 {
        vec![bins[0], bins[0]]
    } else {
        bins.to_vec()
    };
    let line = points(&values, w, h - 16.0, pad);
    let mut area = String::new();
    let _ = write!(area, "M{pad},{} L", h - 16.0 - pad);
    area.push_str(&line);
    let _ = write!(area, " L{},{} Z", w - pad, h - 16.0 - pad);
    let peak = bins.iter().copied().max().unwrap_or(0);
    let peak_bin = bins.iter().position(|&v| v == peak).unwrap_or(0);
    html! {
        svg.trend viewBox={ "0 0 " (Num(w)) " " (Num(h)) } role="img" aria-label=(label) {
            path d=(area) fill="#0072B2" fill-opacity="0.15" stroke="none" {}
            polyline points=(line) fill="none" stroke="#0072B2" stroke-width="1.5" {}
            text x=(Num(pad)) y=(Num(h - 2.0)) font-size="11" { (timeline.tick(0)) }
            text x=(Num(w - pad)) y=(Num(h - 2.0)) font-size="11" text-anchor="end" {
                (timeline.tick(timeline.bins.saturating_sub(1)))
            }
            text x=(Num(w / 2.0)) y=(Num(h - 2.0)) font-size="11" text-anchor="middle" {
                "peak " (peak) " mentions, " (timeline.label(peak_bin))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_and_groups() {
        assert_eq!(tick_bins(3, 6), vec![0, 1, 2]);
        assert_eq!(tick_bins(100, 6), vec![0, 19, 39, 59, 79, 99]);
        assert_eq!(downsample(&[1, 2, 3, 4, 5], 2), vec![6, 9]);
        assert_eq!(downsample(&[1, 2], 60), vec![1, 2]);
    }
}
