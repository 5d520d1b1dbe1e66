#![no_main]
//! `explain` end to end: detect, parse, diagnose, render every format
//! (human, JSON, GitHub annotations and step summary, JUnit), then the
//! output choke point: nothing unsafe for a terminal survives it.
use libfuzzer_sys::fuzz_target;
use s3sigdiag::render::{Styling, human::Detail};
use s3sigdiag::sanitize::{Form, is_unsafe};

fn check(text: &str, form: Form) {
    let clean = s3sigdiag::output::clean(text, form);
    let color = matches!(form, Form::Text { color: true });
    for (i, c) in clean.char_indices() {
        if c == '\u{1b}' && color && clean[i..].starts_with("\u{1b}[") {
            continue;
        }
        assert!(!is_unsafe(c), "U+{:04X} survived the sanitiser", c as u32);
    }
    if form == Form::Json {
        let _: serde_json::Value = serde_json::from_str(&clean).expect("still JSON");
    }
}

fuzz_target!(|data: &[u8]| {
    if let Ok(exchange) = s3sigdiag::input::parse("fuzz", data, None) {
        let report = s3sigdiag::diagnose::diagnose(&exchange);
        let human = s3sigdiag::render::human::render(&report, Styling { color: true }, Detail::Verbose);
        check(&human, Form::Text { color: true });
        check(&s3sigdiag::render::json::render(&report), Form::Json);
        check(&s3sigdiag::render::github::render(&report), Form::Github);
        check(&s3sigdiag::render::github::summary(&report), Form::Text { color: false });
        check(&s3sigdiag::render::junit::render(&report), Form::Text { color: false });
    }
    // The choke point on arbitrary text, in every form.
    let text = String::from_utf8_lossy(data);
    for form in [Form::Text { color: false }, Form::Text { color: true }, Form::Github, Form::Line] {
        check(&text, form);
    }
});
