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

pub fn show(args: &RuleArgs) -> Result<i32, CliError> {
    let rule = find(&args.id).ok_or_else(|| {
        let ids: Vec<&str> = registry().iter().map(|r| r.meta().id).collect();
        CliError::usage(format!(
            "no rule `{}`; known rules: {}",
            args.id,
            ids.join(", ")
        ))
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
