//! Thread CPU time for the bench examples (`tag_speed`, `tag_scaling`).

use std::time::Instant;

/// This thread's CPU time in seconds (Linux: `/proc/thread-self/stat`, in the kernel's
/// fixed 100 ticks per second), or wall time since `wall` elsewhere. CPU time is what
/// a loaded machine does not inflate.
pub fn cpu_s(wall: Instant) -> f64 {
    let ticks = std::fs::read_to_string("/proc/thread-self/stat")
        .ok()
        .and_then(|s| {
            let rest = s.rsplit_once(')')?.1;
            let f: Vec<&str> = rest.split_whitespace().collect();
            Some(f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?)
        });
    match ticks {
        Some(t) => t as f64 / 100.0,
        None => wall.elapsed().as_secs_f64(),
    }
}
