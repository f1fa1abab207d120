//! Output formats a command can be asked for with `-o`.

/// `-o` values, one set for every command (`src/cli/flags.rs` defines the flag).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum OutputFormat {
    #[default]
    Table,
    Wide,
    Json,
    Yaml,
    Name,
}

/// `managedFields` removed from every object's `metadata` in `value`: as `kubectl get`
/// does, they are server bookkeeping people rarely want (`--show-managed-fields` keeps them).
pub fn without_managed_fields(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            if let Some(Value::Object(meta)) = map.get_mut("metadata") {
                meta.remove("managedFields");
            }
            map.values_mut().for_each(without_managed_fields);
        }
        Value::Array(items) => items.iter_mut().for_each(without_managed_fields),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn managed_fields_go_at_every_depth_and_nothing_else_does() {
        let mut v = json!({"items": [{"metadata": {"name": "a", "managedFields": [{}]}, "spec": {"managedFields": 1}}]});
        without_managed_fields(&mut v);
        assert_eq!(
            v,
            json!({"items": [{"metadata": {"name": "a"}, "spec": {"managedFields": 1}}]})
        );
    }
}
