//! Typst escaping: every value from content reaches Typst as a string literal, never as markup
//! or code. This is the only place that turns text into Typst syntax.

use minijinja::value::{Value, ValueKind};

/// `text` as a Typst string literal, for code positions: `"a \"b\""`.
pub fn string_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A template value as a Typst value in code position: numbers, booleans and `none` as they are,
/// sequences as arrays, everything else as a string literal. The `typst` template filter.
pub fn typst_value(value: &Value) -> String {
    match value.kind() {
        ValueKind::Number => value.to_string(),
        ValueKind::Bool => if value.is_true() { "true" } else { "false" }.to_owned(),
        ValueKind::None | ValueKind::Undefined => "none".to_owned(),
        ValueKind::Seq => {
            let items: Vec<String> = value.try_iter().into_iter().flatten().map(|item| typst_value(&item)).collect();
            format!("({})", items.iter().map(|item| format!("{item},")).collect::<String>())
        }
        ValueKind::Map => {
            let entries: Vec<String> = value
                .try_iter()
                .into_iter()
                .flatten()
                .map(|key| {
                    let entry = value.get_item(&key).unwrap_or_default();
                    format!("{}: {},", string_literal(&key.to_string()), typst_value(&entry))
                })
                .collect();
            if entries.is_empty() { "(:)".to_owned() } else { format!("({})", entries.concat()) }
        }
        _ => string_literal(&value.to_string()),
    }
}

/// `text` as content in markup position: `#"…";`. The `;` ends the embedded expression, so the
/// character after it can never extend it (`.field`, `(args)`, `[body]`).
pub fn markup_text(text: &str) -> String {
    format!("#{};", string_literal(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_backslashes_and_controls_are_escaped() {
        assert_eq!(string_literal(r#"a "b" \c"#), r#""a \"b\" \\c""#);
        assert_eq!(string_literal("x\ny\u{7}"), r#""x\ny\u{7}""#);
    }

    #[test]
    fn template_values_become_typst_values() {
        assert_eq!(typst_value(&Value::from(2020)), "2020");
        assert_eq!(typst_value(&Value::from(12.5)), "12.5");
        assert_eq!(typst_value(&Value::from(())), "none");
        assert_eq!(typst_value(&Value::from(true)), "true");
        assert_eq!(typst_value(&Value::from(vec!["a\"b", "c"])), r#"("a\"b","c",)"#);
        assert_eq!(typst_value(&Value::from(Vec::<String>::new())), "()");
        let map = Value::from(std::collections::BTreeMap::from([("a\"", Value::from(1)), ("b", Value::from(()))]));
        assert_eq!(typst_value(&map), r#"("a\"": 1,"b": none,)"#);
    }

    #[test]
    fn markup_text_ends_the_expression() {
        assert_eq!(markup_text("*vet* #read(\"/etc\")"), r##"#"*vet* #read(\"/etc\")";"##);
    }
}
