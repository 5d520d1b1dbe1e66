//! `s3sigdiag rules` and `s3sigdiag rule ID`.

use std::fmt::Write;

use crate::cli::{OutputFormat, RuleArgs, RulesArgs};
use crate::rules::{Category, find, registry};
use crate::sanitize::Form;

use super::CliError;

pub fn list(args: &RulesArgs) -> Result<i32, CliError> {
    let out = match args.format {
        OutputFormat::Json => {
            let rows: Vec<_> = registry()
                .iter()
                .map(|r| {
                    let m = r.meta();
                    serde_json::json!({
                        "id": m.id,
                        "title": m.title,
                        "category": m.category.as_str(),
                        "needs": m.needs,
                    })
                })
                .collect();
            serde_json::to_string_pretty(&rows).unwrap_or_default() + "\n"
        }
        OutputFormat::Human => {
            let width = registry()
                .iter()
                .map(|r| r.meta().id.len())
                .max()
                .unwrap_or(0);
            let mut s = String::new();
            for category in Category::ALL {
                let rules: Vec<_> = registry()
                    .iter()
                    .filter(|r| r.meta().category == category)
                    .collect();
                if rules.is_empty() {
                    continue;
                }
                let _ = writeln!(s, "{} ({})", category.heading(), category.as_str());
                for r in rules {
                    let m = r.meta();
                    let _ = writeln!(s, "  {:width$}  {}", m.id, m.title);
                    let _ = writeln!(s, "  {:width$}  needs: {}", "", m.needs);
                }
                let _ = writeln!(s);
            }
            let _ = writeln!(s, "`s3sigdiag rule ID` prints a rule's documentation.");
            s
        }
    };
    let form = match args.format {
        OutputFormat::Json => Form::Json,
        OutputFormat::Human => Form::Text { color: false },
    };
    crate::output::stdout(&out, form)?;
    Ok(0)
}

/// A rule id as a user may type it: any case, `_` or space for `-`.
fn normalize_id(id: &str) -> String {
    id.trim().to_ascii_lowercase().replace(['_', ' '], "-")
}

/// Levenshtein distance (ids are short ASCII).
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The ids nearest to `wanted`: close in spelling, or containing it (or
/// contained in it), best first, at most three.
pub fn nearest_ids(wanted: &str) -> Vec<&'static str> {
    let wanted = normalize_id(wanted);
    let mut scored: Vec<(usize, &'static str)> = registry()
        .iter()
        .map(|r| r.meta().id)
        .filter_map(|id| {
            let d = distance(&wanted, id);
            let close = d <= (id.len() / 3).max(2);
            let part = wanted.len() >= 3 && (id.contains(&wanted) || wanted.contains(id));
            (close || part).then_some((if close { d } else { d + 100 }, id))
        })
        .collect();
    scored.sort();
    scored.into_iter().take(3).map(|(_, id)| id).collect()
}

pub fn show(args: &RuleArgs) -> Result<i32, CliError> {
    let rule = find(&normalize_id(&args.id)).ok_or_else(|| {
        let near = nearest_ids(&args.id);
        if near.is_empty() {
            let ids: Vec<&str> = registry().iter().map(|r| r.meta().id).collect();
            CliError::usage(format!(
                "no rule `{}`; known rules: {}",
                args.id,
                ids.join(", ")
            ))
        } else {
            CliError::usage(format!(
                "no rule `{}`; did you mean {}? (`s3sigdiag rules` lists them)",
                args.id,
                near.iter()
                    .map(|id| format!("`{id}`"))
                    .collect::<Vec<_>>()
                    .join(" or ")
            ))
        }
    })?;
    let m = rule.meta();
    let text = format!(
        "# {} — {}\n\nCategory: {}\nNeeds: {}\n\n{}",
        m.id,
        m.title,
        m.category.as_str(),
        m.needs,
        m.docs
    );
    crate::output::stdout(&text, Form::Text { color: false })?;
    Ok(0)
}
