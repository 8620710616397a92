//! The checks serde cannot make, run once on a parsed config file: values out of
//! range (`[fetch]`, `[export]`, `[scrape]`), sources (a URL or path for the kind,
//! regexes that compile, unique names), site profiles (selectors that parse), and
//! files the config names (watch-list, demo site). Every error names the file, the
//! line and the key, as parse errors do.

use std::path::Path;

use anyhow::Result;
use newsmill_export::ExportError;
use newsmill_fetch::{FetchConfig, FetchError, SourceConfig, SourceKind};
use newsmill_scrape::{ScrapeError, SiteProfile};
use serde::Serialize;

use super::locate::{named_key, Positions, Step};
use super::FileConfig;

/// Checks `file` (parsed from `text`, read from `path`; relative paths are
/// relative to `dir`).
pub fn check(file: &FileConfig, text: &str, path: &Path, dir: &Path) -> Result<()> {
    let at = Positions::new(text);
    check_fetch(&file.fetch, &at, path)?;
    check_sources(&file.sources, &at, path)?;
    check_scrape(file, &at, path)?;
    check_run(file, &at, path)?;
    check_cluster(file, &at, path)?;
    if let Err(err) = file.export.validate() {
        let (key, message) = match &err {
            ExportError::Invalid { key, reason } => (*key, reason.clone()),
            other => ("", other.to_string()),
        };
        let mut steps = vec![Step::Key("export")];
        steps.extend(key.split('.').filter(|k| !k.is_empty()).map(Step::Key));
        return Err(at.error(path, &steps, &message));
    }
    if let Some(list) = &file.tag.watchlist {
        let full = dir.join(list);
        if !full.is_file() {
            let steps = [Step::Key("tag"), Step::Key("watchlist")];
            return Err(at.error(
                path,
                &steps,
                &format!("watch-list {} is not a readable file", full.display()),
            ));
        }
    }
    if let Some(demo) = &file.demo {
        let site = dir.join(&demo.site);
        if !site.is_dir() {
            let steps = [Step::Key("demo"), Step::Key("site")];
            return Err(at.error(path, &steps, &format!("{} is not a folder", site.display())));
        }
    }
    Ok(())
}

/// The field that `message` names: the first one named that is written in the
/// file (`written`), else the first one named.
fn pick<'k>(message: &str, fields: &'k [String], written: &[String]) -> Option<&'k str> {
    let in_file: Vec<String> = fields
        .iter()
        .filter(|f| written.contains(f))
        .cloned()
        .collect();
    named_key(message, &in_file)
        .and_then(|k| fields.iter().find(|f| f.as_str() == k))
        .map(String::as_str)
        .or_else(|| named_key(message, fields))
}

/// The field names of a serde struct, from one serialised value.
fn field_names(value: &impl Serialize) -> Vec<String> {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::Object(map)) => map.keys().cloned().collect(),
        _ => Vec::new(),
    }
}

fn check_fetch(fetch: &FetchConfig, at: &Positions<'_>, path: &Path) -> Result<()> {
    let Err(err) = fetch.validate() else {
        return Ok(());
    };
    let message = match &err {
        FetchError::Config { reason } => reason.clone(),
        other => other.to_string(),
    };
    let fields = field_names(&FetchConfig::default());
    let mut steps = vec![Step::Key("fetch")];
    if let Some(key) = pick(&message, &fields, &at.keys(&[Step::Key("fetch")])) {
        steps.push(Step::Key(key));
    }
    Err(at.error(path, &steps, &message))
}

fn check_sources(sources: &[SourceConfig], at: &Positions<'_>, path: &Path) -> Result<()> {
    let fields = field_names(&SourceConfig::new("x", SourceKind::Feed, "x"));
    let mut names = std::collections::HashMap::new();
    for (i, source) in sources.iter().enumerate() {
        if let Err(err) = source.validate() {
            let message = match &err {
                FetchError::InvalidSource { reason, .. } => {
                    format!("source {:?}: {reason}", source.name)
                }
                other => other.to_string(),
            };
            let mut steps = vec![Step::Key("sources"), Step::Index(i)];
            let written = at.keys(&[Step::Key("sources"), Step::Index(i)]);
            if let Some(key) = pick(&message.replacen(&source.name, "", 1), &fields, &written) {
                steps.push(Step::Key(key));
            }
            return Err(at.error(path, &steps, &message));
        }
        if let Some(first) = names.insert(source.name.as_str(), i) {
            let steps = [Step::Key("sources"), Step::Index(i), Step::Key("name")];
            return Err(at.error(
                path,
                &steps,
                &format!(
                    "{:?} is also the name of sources[{first}]; names must be unique",
                    source.name
                ),
            ));
        }
    }
    Ok(())
}

fn check_cluster(file: &FileConfig, at: &Positions<'_>, path: &Path) -> Result<()> {
    let Some(cluster) = &file.cluster else {
        return Ok(());
    };
    if let Err(message) = cluster.validate() {
        // The message names its key in backquotes (`tls.cert`), when it has one.
        let key = message.split('`').nth(1).unwrap_or("");
        let mut steps = vec![Step::Key("cluster")];
        steps.extend(key.split('.').filter(|k| !k.is_empty()).map(Step::Key));
        return Err(at.error(path, &steps, &message));
    }
    if file.output.warc {
        let steps = [Step::Key("output"), Step::Key("warc")];
        return Err(at.error(
            path,
            &steps,
            "cannot be used with [cluster]: the workers fetch the pages",
        ));
    }
    Ok(())
}

fn check_run(file: &FileConfig, at: &Positions<'_>, path: &Path) -> Result<()> {
    let share = file.run.max_failed_share;
    if !(0.0..=1.0).contains(&share) {
        let steps = [Step::Key("run"), Step::Key("max_failed_share")];
        return Err(at.error(
            path,
            &steps,
            &format!("must be between 0 and 1, got {share}"),
        ));
    }
    if file.output.keep_runs == Some(0) {
        let steps = [Step::Key("output"), Step::Key("keep_runs")];
        return Err(at.error(
            path,
            &steps,
            "must be at least 1 (the newest run folder is always kept)",
        ));
    }
    Ok(())
}

fn check_scrape(file: &FileConfig, at: &Positions<'_>, path: &Path) -> Result<()> {
    let ratio = file.scrape.truncated_ratio;
    if !(ratio.is_finite() && ratio >= 0.0) {
        let steps = [Step::Key("scrape"), Step::Key("truncated_ratio")];
        return Err(at.error(
            path,
            &steps,
            &format!("must be a non-negative number, got {ratio}"),
        ));
    }
    if file.scrape.page_types.is_empty() {
        let steps = [Step::Key("scrape"), Step::Key("page_types")];
        return Err(at.error(
            path,
            &steps,
            "keeps no page type: name at least one (`article` by default)",
        ));
    }
    let Err(err) = newsmill_scrape::Extractor::new(file.scrape.clone()) else {
        return Ok(());
    };
    let fields = field_names(&SiteProfile::default());
    let (profile, field) = match &err {
        ScrapeError::Selector { profile, field, .. } => (Some(profile.as_str()), Some(*field)),
        ScrapeError::Profile { profile, reason } => (
            Some(profile.as_str()),
            named_key(&reason.replacen(profile.as_str(), "", 1), &fields),
        ),
        _ => (None, None),
    };
    let mut steps = vec![Step::Key("scrape")];
    if let Some(i) = profile.and_then(|p| file.scrape.profiles.iter().position(|x| x.name == p)) {
        steps.extend([Step::Key("profiles"), Step::Index(i)]);
        steps.extend(field.map(Step::Key));
    }
    Err(at.error(path, &steps, &err.to_string()))
}
