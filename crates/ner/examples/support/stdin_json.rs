//! Reading JSON lines from stdin, for the examples that take pages that way.

use std::io::BufRead;

/// Every non-blank line of stdin as a JSON value with its 1-based line number; a line
/// that cannot be read or parsed is an error naming the line.
pub fn lines() -> impl Iterator<Item = Result<(usize, serde_json::Value), String>> {
    std::io::stdin()
        .lock()
        .lines()
        .enumerate()
        .filter(|(_, line)| !matches!(line, Ok(l) if l.trim().is_empty()))
        .map(|(n, line)| {
            let line = line.map_err(|e| format!("stdin line {}: {e}", n + 1))?;
            let value =
                serde_json::from_str(&line).map_err(|e| format!("stdin line {}: {e}", n + 1))?;
            Ok((n + 1, value))
        })
}
