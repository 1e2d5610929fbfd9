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
pub fn typst_value(value: &Value, text: &dyn Fn(&str) -> String) -> String {
    match value.kind() {
        ValueKind::Number => value.to_string(),
        ValueKind::Bool => if value.is_true() { "true" } else { "false" }.to_owned(),
        ValueKind::None | ValueKind::Undefined => "none".to_owned(),
        ValueKind::Seq => {
            let items: Vec<String> =
                value.try_iter().into_iter().flatten().map(|item| typst_value(&item, text)).collect();
            format!("({})", items.iter().map(|item| format!("{item},")).collect::<String>())
        }
        ValueKind::Map => {
            let entries: Vec<String> = value
                .try_iter()
                .into_iter()
                .flatten()
                .map(|key| {
                    let entry = value.get_item(&key).unwrap_or_default();
                    format!("{}: {},", string_literal(&key.to_string()), typst_value(&entry, text))
                })
                .collect();
            if entries.is_empty() { "(:)".to_owned() } else { format!("({})", entries.concat()) }
        }
        _ => string_literal(&text(&value.to_string())),
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
        let same = |text: &str| text.to_owned();
        assert_eq!(typst_value(&Value::from(2020), &same), "2020");
        assert_eq!(typst_value(&Value::from(12.5), &same), "12.5");
        assert_eq!(typst_value(&Value::from(()), &same), "none");
        assert_eq!(typst_value(&Value::from(true), &same), "true");
        assert_eq!(typst_value(&Value::from(vec!["a\"b", "c"]), &same), r#"("a\"b","c",)"#);
        assert_eq!(typst_value(&Value::from(Vec::<String>::new()), &same), "()");
        let map = Value::from(std::collections::BTreeMap::from([("a\"", Value::from(1)), ("b", Value::from(()))]));
        assert_eq!(typst_value(&map, &same), r#"("a\"": 1,"b": none,)"#);
    }

    /// Property (also a fuzz target, `fuzz/fuzz_targets/escape.rs`): for many texts full of
    /// Typst syntax, quotes, controls and unusual Unicode, the generated `#"…";` parses into
    /// exactly one string holding exactly that text.
    #[test]
    fn any_text_parses_back_as_itself() {
        use typst_syntax::ast::{AstNode, Expr, Markup};
        let alphabet: Vec<char> =
            "ab #$@*_`<>[]{}()\\\"';/\n\r\t\u{0}\u{7}\u{1b}\u{85}\u{2028}\u{2029}\u{feff}é€😀=-+~".chars().collect();
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..5_000 {
            let mut text = String::new();
            for _ in 0..(state % 24) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                text.push(alphabet[(state % alphabet.len() as u64) as usize]);
            }
            state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let source = markup_text(&text);
            let root = typst_syntax::parse(&source);
            let (errors, warnings) = root.errors_and_warnings();
            assert!(errors.is_empty() && warnings.is_empty(), "{source:?}: {errors:?} {warnings:?}");
            let exprs: Vec<Expr> = Markup::from_untyped(&root).unwrap().exprs().collect();
            match exprs.as_slice() {
                [Expr::Str(string)] => assert_eq!(string.get().as_str(), text),
                other => panic!("{source:?} parsed as {other:?}"),
            }
        }
    }

    #[test]
    fn markup_text_ends_the_expression() {
        assert_eq!(markup_text("*vet* #read(\"/etc\")"), r##"#"*vet* #read(\"/etc\")";"##);
    }
}
