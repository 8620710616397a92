//! The co-occurrence network: the entities of the strongest pairs on a circle,
//! grouped by type, joined by lines as thick as the number of articles they share.
//! A circle keeps every label readable, which a force layout of the same few nodes
//! does not promise, and it is deterministic.

use maud::{html, Markup};
use newsmill_records::Label;

use super::{kind_colour, Num};

const WIDTH: f64 = 760.0;
const HEIGHT: f64 = 480.0;
const RADIUS: f64 = 175.0;

/// A node: an entity.
#[derive(Clone, Debug)]
pub struct Node {
    /// Name shown.
    pub name: String,
    /// Its type (colour).
    pub label: Label,
    /// Its section, when it has one.
    pub anchor: Option<String>,
}

/// An edge between nodes `a` and `b` (indices), with the articles they share.
#[derive(Clone, Copy, Debug)]
pub struct Edge {
    /// First node.
    pub a: usize,
    /// Second node.
    pub b: usize,
    /// Articles naming both.
    pub weight: u32,
}

/// Draws the network; nodes are expected grouped by type.
pub fn network(nodes: &[Node], edges: &[Edge]) -> Markup {
    let (cx, cy) = (WIDTH / 2.0, HEIGHT / 2.0);
    let n = nodes.len().max(1) as f64;
    let at = |i: usize| {
        let angle = -std::f64::consts::FRAC_PI_2 + i as f64 * std::f64::consts::TAU / n;
        (angle.cos(), angle.sin())
    };
    let max = f64::from(edges.iter().map(|e| e.weight).max().unwrap_or(1).max(1));
    html! {
        svg.chart.network viewBox={ "0 0 " (Num(WIDTH)) " " (Num(HEIGHT)) } role="img"
            aria-label="Network of the entities most often named together" {
            g.edges {
                @for e in edges {
                    @let ((ax, ay), (bx, by)) = (at(e.a), at(e.b));
                    line x1=(Num(cx + ax * RADIUS)) y1=(Num(cy + ay * RADIUS))
                        x2=(Num(cx + bx * RADIUS)) y2=(Num(cy + by * RADIUS))
                        stroke="#6b7785" stroke-opacity="0.55"
                        stroke-width=(Num(1.0 + 6.0 * f64::from(e.weight) / max)) {
                        title { (nodes[e.a].name) " – " (nodes[e.b].name) ": " (e.weight) " articles" }
                    }
                }
            }
            g.nodes {
                @for (i, node) in nodes.iter().enumerate() {
                    @let (dx, dy) = at(i);
                    @let (x, y) = (cx + dx * RADIUS, cy + dy * RADIUS);
                    @let anchor = if dx > 0.15 { "start" } else if dx < -0.15 { "end" } else { "middle" };
                    @let (lx, ly) = (cx + dx * (RADIUS + 12.0), cy + dy * (RADIUS + 12.0) + 4.0 + dy * 6.0);
                    @match &node.anchor {
                        Some(a) => {
                            a href={ "#" (a) } {
                                circle cx=(Num(x)) cy=(Num(y)) r="7" fill=(kind_colour(node.label)) { title { (node.name) } }
                                text x=(Num(lx)) y=(Num(ly)) text-anchor=(anchor) font-size="12" fill="#222" { (node.name) }
                            }
                        }
                        None => {
                            circle cx=(Num(x)) cy=(Num(y)) r="7" fill=(kind_colour(node.label)) { title { (node.name) } }
                            text x=(Num(lx)) y=(Num(ly)) text-anchor=(anchor) font-size="12" fill="#222" { (node.name) }
                        }
                    }
                }
            }
        }
    }
}
