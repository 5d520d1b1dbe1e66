//! The published JSON schemas, as the tests read them.
#![allow(dead_code)]

use serde_json::Value;

/// `schema/NAME`, parsed.
pub fn load(name: &str) -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("schema")
        .join(name);
    let text = std::fs::read_to_string(path).expect("read schema");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("schema/{name} is not JSON: {e}"))
}

/// The published schemas let consumers ignore unknown fields; the tests
/// are stricter: every field the code emits must be documented.
pub fn strict(mut v: Value) -> Value {
    fn walk(v: &mut Value) {
        match v {
            Value::Object(map) => {
                if map.contains_key("properties") && !map.contains_key("additionalProperties") {
                    map.insert("additionalProperties".into(), Value::Bool(false));
                }
                map.values_mut().for_each(walk);
            }
            Value::Array(items) => items.iter_mut().for_each(walk),
            _ => {}
        }
    }
    walk(&mut v);
    v
}
