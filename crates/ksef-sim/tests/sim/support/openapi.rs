//! Checks a response against `../shared/ksef/open-api.json`: the status code must be documented
//! for the operation, and the body must match the schema (OpenAPI 3.0 `nullable` turned into
//! JSON Schema, then validated by the `jsonschema` crate).

use serde_json::{json, Map, Value};

pub struct Spec {
    doc: Value,
    components: Value,
}

/// `nullable: true` is OpenAPI 3.0, not JSON Schema: rewrite it as `anyOf [schema, null]`.
fn to_json_schema(v: &Value) -> Value {
    match v {
        Value::Object(map) => {
            let mut out: Map<String, Value> = map
                .iter()
                .filter(|(k, _)| *k != "nullable" && *k != "example")
                .map(|(k, v)| (k.clone(), to_json_schema(v)))
                .collect();
            if map.get("nullable") == Some(&Value::Bool(true)) {
                let inner = Value::Object(std::mem::take(&mut out));
                out.insert("anyOf".into(), json!([inner, {"type": "null"}]));
            }
            Value::Object(out)
        }
        Value::Array(a) => Value::Array(a.iter().map(to_json_schema).collect()),
        other => other.clone(),
    }
}

impl Spec {
    /// The spec, when the shared reference material is present. With `KLUCZNIK_REQUIRE_TOOLS`
    /// set (CI) a missing or unreadable spec is a failure, never a silent skip of every check.
    pub fn load() -> Option<Spec> {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/ksef/open-api.json"
        );
        let doc = std::fs::read_to_string(path)
            .map_err(|e| e.to_string())
            .and_then(|text| serde_json::from_str::<Value>(&text).map_err(|e| e.to_string()));
        let doc = match doc {
            Ok(doc) => doc,
            Err(e) => {
                assert!(
                    std::env::var_os("KLUCZNIK_REQUIRE_TOOLS").is_none(),
                    "{path}: {e} (KLUCZNIK_REQUIRE_TOOLS is set, so responses must be checked)"
                );
                return None;
            }
        };
        let components = json!({"schemas": to_json_schema(&doc["components"]["schemas"])});
        Some(Spec { doc, components })
    }

    /// The path template matching `path` (most literal segments wins).
    fn template(&self, path: &str) -> Option<(&str, &Value)> {
        let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
        self.doc["paths"]
            .as_object()?
            .iter()
            .filter(|(t, _)| {
                let ts: Vec<&str> = t.trim_matches('/').split('/').collect();
                ts.len() == segments.len()
                    && ts
                        .iter()
                        .zip(&segments)
                        .all(|(t, s)| t.starts_with('{') || t == s)
            })
            .max_by_key(|(t, _)| t.split('/').filter(|s| !s.starts_with('{')).count())
            .map(|(t, v)| (t.as_str(), v))
    }

    /// `Err` with a readable reason when the response does not follow the spec.
    pub fn check(
        &self,
        method: &str,
        path: &str,
        status: u16,
        content_type: &str,
        body: &[u8],
    ) -> Result<(), String> {
        let path = path.split('?').next().unwrap_or_default();
        let api_path = path.strip_prefix("/v2").ok_or("not under /v2")?;
        let Some((template, item)) = self.template(api_path) else {
            // Unknown paths answer 404, which no operation of the spec describes.
            return match status {
                404 => Ok(()),
                _ => Err(format!("{api_path}: not in the spec")),
            };
        };
        let op = &item[method.to_lowercase()];
        let response = &op["responses"][status.to_string()];
        if response.is_null() {
            return Err(format!(
                "{method} {template}: status {status} is not documented"
            ));
        }
        let media = content_type.split(';').next().unwrap_or_default().trim();
        let Some(content) = response["content"].as_object() else {
            return if body.is_empty() {
                Ok(())
            } else {
                Err(format!(
                    "{method} {template} {status}: body where none is documented"
                ))
            };
        };
        let schema = &content.get(media).ok_or(format!(
            "{method} {template} {status}: content type {media} not documented ({:?})",
            content.keys().collect::<Vec<_>>()
        ))?["schema"];
        if media.contains("json") {
            let value: Value =
                serde_json::from_slice(body).map_err(|e| format!("{template}: not JSON: {e}"))?;
            let root = json!({"allOf": [to_json_schema(schema)], "components": self.components});
            let validator = jsonschema::options()
                .with_draft(jsonschema::Draft::Draft4)
                .should_validate_formats(false)
                .build(&root)
                .map_err(|e| format!("schema of {template}: {e}"))?;
            let errors: Vec<String> = validator
                .iter_errors(&value)
                .map(|e| format!("{e} at {}", e.instance_path()))
                .collect();
            if !errors.is_empty() {
                return Err(format!(
                    "{method} {template} {status}: {}\n{value}",
                    errors.join("; ")
                ));
            }
        }
        Ok(())
    }
}
