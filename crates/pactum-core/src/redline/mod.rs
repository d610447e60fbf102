//! Red lines: a small, safe expression language over issue values.
//!
//! ```text
//! expr    := or
//! or      := and ( ("or" | "||") and )*
//! and     := unary ( ("and" | "&&") unary )*
//! unary   := ("not" | "!") unary | atom
//! atom    := "(" expr ")" | operand cmp operand | IDENT ["not"] "in" "[" literal ("," literal)* [","] "]"
//! cmp     := "==" | "!=" | "<" | "<=" | ">" | ">="
//! operand := IDENT | literal
//! literal := STRING | NUMBER
//! ```
//!
//! Identifiers name issues, strings name options, numbers are values of numeric issues. There is
//! nothing else: no assignment, no calls, no loops. Parsing never panics; every error carries the
//! byte span it refers to. Compiling against the issues turns every comparison into the set of
//! that issue's values it allows, so evaluation is a table lookup.

mod compile;
mod parse;

pub use compile::{Constraint, compile};
pub use parse::{Ast, Literal, Op, parse};

use std::ops::Range;

/// Maximum nesting of parentheses and `not`: deeper input is refused, not overflowed.
pub const MAX_DEPTH: usize = 64;

/// A problem in a red-line expression, with the byte span (within the expression) it refers to.
#[derive(Clone, Debug, PartialEq)]
pub struct ExprError {
    /// Byte range within the expression the problem refers to.
    pub span: Range<usize>,
    /// What is wrong, in words.
    pub message: String,
    /// What would have been valid here, for "expected …" in messages.
    pub expected: Option<String>,
}

impl ExprError {
    fn new(span: Range<usize>, message: impl Into<String>) -> Self {
        Self {
            span,
            message: message.into(),
            expected: None,
        }
    }

    fn expected(mut self, what: impl Into<String>) -> Self {
        self.expected = Some(what.into());
        self
    }

    /// 1-based column (in characters) of the error's start within `text`.
    pub fn column(&self, text: &str) -> usize {
        let end = self.span.start.min(text.len());
        text.get(..end).map_or(end, |s| s.chars().count()) + 1
    }
}

impl std::fmt::Display for ExprError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.message)?;
        if let Some(expected) = &self.expected {
            write!(f, "; expected {expected}")?;
        }
        Ok(())
    }
}

/// Parses and compiles `text` against `issues` in one step.
pub fn parse_and_compile(
    text: &str,
    issues: &[crate::Issue],
) -> Result<Constraint, Vec<ExprError>> {
    let ast = parse(text)?;
    compile(&ast, issues)
}
