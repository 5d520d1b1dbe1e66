//! `s3sigdiag rules` and `s3sigdiag rule ID`.

use std::fmt::Write;

use crate::cli::{OutputFormat, RuleArgs, RulesArgs};
use crate::rules::{find, registry};

use super::CliError;

pub fn list(args: &RulesArgs) -> Result<i32, CliError> {
    let out = match args.format {
        OutputFormat::Json => {
            let rows: Vec<_> = registry()
                .iter()
                .map(|r| {
                    let m = r.meta();
                    serde_json::json!({"id": m.id, "title": m.title, "needs": m.needs})
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
            for r in registry() {
                let m = r.meta();
                let _ = writeln!(s, "{:width$}  {}", m.id, m.title);
                let _ = writeln!(s, "{:width$}  needs: {}", "", m.needs);
            }
            let _ = writeln!(s, "\n`s3sigdiag rule ID` prints a rule's documentation.");
            s
        }
    };
    print!("{out}");
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
    print!(
        "# {} — {}\n\nNeeds: {}\n\n{}",
        m.id, m.title, m.needs, m.docs
    );
    Ok(0)
}
