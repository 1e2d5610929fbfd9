//! For any text, the Typst koers generates for it (`#"…";`) parses without error into exactly one
//! string whose value is that text: content can never become markup or code.
#![no_main]

use libfuzzer_sys::fuzz_target;
use typst_syntax::ast::{AstNode, Expr, Markup};

fuzz_target!(|text: &str| {
    let source = koers::render::escape::markup_text(text);
    let root = typst_syntax::parse(&source);
    let (errors, warnings) = root.errors_and_warnings();
    assert!(errors.is_empty() && warnings.is_empty(), "{source:?}: {errors:?} {warnings:?}");
    let markup = Markup::from_untyped(&root).expect("a markup root");
    let exprs: Vec<Expr> = markup.exprs().collect();
    match exprs.as_slice() {
        [Expr::Str(string)] => assert_eq!(string.get().as_str(), text),
        other => panic!("{source:?} parsed as {other:?}"),
    }
});
