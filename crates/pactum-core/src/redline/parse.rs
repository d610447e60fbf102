//! Tokenizer and recursive-descent parser for red lines.

use super::{ExprError, MAX_DEPTH};
use std::ops::Range;

/// A comparison operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    /// `==`.
    Eq,
    /// `!=`.
    Ne,
    /// `<`.
    Lt,
    /// `<=`.
    Le,
    /// `>`.
    Gt,
    /// `>=`.
    Ge,
}

impl Op {
    /// The operator as written: `==`, `!=`, `<`, `<=`, `>` or `>=`.
    pub fn symbol(self) -> &'static str {
        match self {
            Op::Eq => "==",
            Op::Ne => "!=",
            Op::Lt => "<",
            Op::Le => "<=",
            Op::Gt => ">",
            Op::Ge => ">=",
        }
    }

    /// The operator with its operands swapped: `a < b` is `b > a`.
    pub fn flipped(self) -> Op {
        match self {
            Op::Lt => Op::Gt,
            Op::Le => Op::Ge,
            Op::Gt => Op::Lt,
            Op::Ge => Op::Le,
            other => other,
        }
    }
}

/// A value written in a red line.
#[derive(Clone, Debug, PartialEq)]
pub enum Literal {
    /// A quoted string: an option id.
    Str(String),
    /// A number: a value of a numeric issue.
    Number(f64),
}

/// A parsed red line. Spans are byte ranges into the expression text.
#[derive(Clone, Debug, PartialEq)]
pub enum Ast {
    /// `a or b or …`: at least one holds.
    Or(Vec<Ast>),
    /// `a and b and …`: all hold.
    And(Vec<Ast>),
    /// `not a`.
    Not(Box<Ast>),
    /// `issue op value`; a literal written on the left has its operator flipped.
    Compare {
        /// The issue's id, as written.
        issue: String,
        /// Span of the issue's id.
        issue_span: Range<usize>,
        /// The comparison, with the issue on the left.
        op: Op,
        /// The value compared with.
        value: Literal,
        /// Span of the value.
        value_span: Range<usize>,
    },
    /// `issue in [v, …]`, or `issue not in [v, …]` when negated.
    In {
        /// The issue's id, as written.
        issue: String,
        /// Span of the issue's id.
        issue_span: Range<usize>,
        /// Whether it is written `not in`.
        negated: bool,
        /// The listed values, each with its span.
        values: Vec<(Literal, Range<usize>)>,
    },
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Ident(String),
    Str(String),
    Number(f64),
    Cmp(Op),
    And,
    Or,
    Not,
    In,
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
    End,
}

fn describe(tok: &Tok) -> String {
    match tok {
        Tok::Ident(s) => format!("`{s}`"),
        Tok::Str(s) => format!("string \"{s}\""),
        Tok::Number(n) => format!("number {n}"),
        Tok::Cmp(op) => format!("`{}`", op.symbol()),
        Tok::And => "`and`".into(),
        Tok::Or => "`or`".into(),
        Tok::Not => "`not`".into(),
        Tok::In => "`in`".into(),
        Tok::LParen => "`(`".into(),
        Tok::RParen => "`)`".into(),
        Tok::LBracket => "`[`".into(),
        Tok::RBracket => "`]`".into(),
        Tok::Comma => "`,`".into(),
        Tok::End => "end of expression".into(),
    }
}

fn tokenize(text: &str) -> Result<Vec<(Tok, Range<usize>)>, ExprError> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let start = i;
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let two = |s: &str| text[i..].starts_with(s);
        let (tok, len) = if two("==") {
            (Tok::Cmp(Op::Eq), 2)
        } else if two("!=") {
            (Tok::Cmp(Op::Ne), 2)
        } else if two("<=") {
            (Tok::Cmp(Op::Le), 2)
        } else if two(">=") {
            (Tok::Cmp(Op::Ge), 2)
        } else if two("&&") {
            (Tok::And, 2)
        } else if two("||") {
            (Tok::Or, 2)
        } else {
            match c {
                b'<' => (Tok::Cmp(Op::Lt), 1),
                b'>' => (Tok::Cmp(Op::Gt), 1),
                b'!' => (Tok::Not, 1),
                b'(' => (Tok::LParen, 1),
                b')' => (Tok::RParen, 1),
                b'[' => (Tok::LBracket, 1),
                b']' => (Tok::RBracket, 1),
                b',' => (Tok::Comma, 1),
                b'=' => {
                    return Err(ExprError::new(
                        start..start + 1,
                        "a single `=` is not a comparison",
                    )
                    .expected("`==` to test equality"));
                }
                b'"' | b'\'' => {
                    let quote = c;
                    let Some(close) = bytes[i + 1..].iter().position(|&b| b == quote) else {
                        return Err(ExprError::new(
                            start..text.len(),
                            "this string is never closed",
                        )
                        .expected(format!("a closing {}", quote as char)));
                    };
                    let value = text[i + 1..i + 1 + close].to_string();
                    out.push((Tok::Str(value), start..i + close + 2));
                    i += close + 2;
                    continue;
                }
                b'0'..=b'9' | b'-' | b'.' => {
                    let mut j = i + 1;
                    while j < bytes.len()
                        && (bytes[j].is_ascii_digit()
                            || bytes[j] == b'.'
                            || bytes[j] == b'_'
                            || bytes[j] == b'e'
                            || bytes[j] == b'E'
                            || ((bytes[j] == b'-' || bytes[j] == b'+')
                                && matches!(bytes[j - 1], b'e' | b'E')))
                    {
                        j += 1;
                    }
                    let raw = text[i..j].replace('_', "");
                    match raw.parse::<f64>() {
                        Ok(n) if n.is_finite() => (Tok::Number(n), j - i),
                        _ => {
                            return Err(ExprError::new(
                                start..j,
                                format!("`{}` is not a number", &text[i..j]),
                            )
                            .expected("a number such as 50, -2 or 0.75"));
                        }
                    }
                }
                // Names as issue ids may be written: letters of any script (`lieu_été`), digits,
                // `_` and `-`.
                _ if text[i..]
                    .chars()
                    .next()
                    .is_some_and(|ch| ch.is_alphabetic() || ch == '_') =>
                {
                    let name_char = |ch: char| ch.is_alphanumeric() || ch == '_' || ch == '-';
                    let j = text[i..]
                        .char_indices()
                        .find(|&(_, ch)| !name_char(ch))
                        .map_or(text.len(), |(k, _)| i + k);
                    let word = &text[i..j];
                    let tok = match word {
                        "and" => Tok::And,
                        "or" => Tok::Or,
                        "not" => Tok::Not,
                        "in" => Tok::In,
                        _ => Tok::Ident(word.to_string()),
                    };
                    (tok, j - i)
                }
                _ => {
                    let ch = text[i..].chars().next().unwrap_or('?');
                    return Err(ExprError::new(start..start + ch.len_utf8(), format!("unexpected character `{ch}`"))
                        .expected("an issue name, a string, a number, a comparison, `and`, `or`, `not`, `in` or parentheses"));
                }
            }
        };
        out.push((tok, start..start + len));
        i += len;
    }
    out.push((Tok::End, text.len()..text.len()));
    Ok(out)
}

struct Parser {
    toks: Vec<(Tok, Range<usize>)>,
    pos: usize,
    depth: usize,
}

/// Parses a red line. Never panics; the error points at the offending token.
pub fn parse(text: &str) -> Result<Ast, Vec<ExprError>> {
    let toks = tokenize(text).map_err(|e| vec![e])?;
    if toks.len() == 1 {
        return Err(vec![
            ExprError::new(0..0, "the red line is empty")
                .expected("an expression such as `territory != \"ceded\"`"),
        ]);
    }
    let mut parser = Parser {
        toks,
        pos: 0,
        depth: 0,
    };
    let ast = parser.or().map_err(|e| vec![e])?;
    match parser.peek() {
        Tok::End => Ok(ast),
        other => Err(vec![
            ExprError::new(parser.span(), format!("unexpected {}", describe(other)))
                .expected("`and`, `or` or the end of the expression"),
        ]),
    }
}

impl Parser {
    fn peek(&self) -> &Tok {
        &self.toks[self.pos.min(self.toks.len() - 1)].0
    }

    fn span(&self) -> Range<usize> {
        self.toks[self.pos.min(self.toks.len() - 1)].1.clone()
    }

    fn bump(&mut self) -> (Tok, Range<usize>) {
        let t = self.toks[self.pos.min(self.toks.len() - 1)].clone();
        if self.pos < self.toks.len() - 1 {
            self.pos += 1;
        }
        t
    }

    fn error_here(&self, expected: &str) -> ExprError {
        ExprError::new(self.span(), format!("unexpected {}", describe(self.peek())))
            .expected(expected)
    }

    fn enter(&mut self) -> Result<(), ExprError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(ExprError::new(
                self.span(),
                format!("the expression nests deeper than {MAX_DEPTH} levels"),
            )
            .expected("a flatter expression"));
        }
        Ok(())
    }

    fn or(&mut self) -> Result<Ast, ExprError> {
        let mut items = vec![self.and()?];
        while *self.peek() == Tok::Or {
            self.bump();
            items.push(self.and()?);
        }
        Ok(if items.len() == 1 {
            items.pop().unwrap_or(Ast::Or(Vec::new()))
        } else {
            Ast::Or(items)
        })
    }

    fn and(&mut self) -> Result<Ast, ExprError> {
        let mut items = vec![self.unary()?];
        while *self.peek() == Tok::And {
            self.bump();
            items.push(self.unary()?);
        }
        Ok(if items.len() == 1 {
            items.pop().unwrap_or(Ast::And(Vec::new()))
        } else {
            Ast::And(items)
        })
    }

    fn unary(&mut self) -> Result<Ast, ExprError> {
        if *self.peek() == Tok::Not {
            self.bump();
            self.enter()?;
            let inner = self.unary()?;
            self.depth -= 1;
            return Ok(Ast::Not(Box::new(inner)));
        }
        self.atom()
    }

    fn atom(&mut self) -> Result<Ast, ExprError> {
        match self.peek().clone() {
            Tok::LParen => {
                let open = self.span();
                self.bump();
                self.enter()?;
                let inner = self.or()?;
                self.depth -= 1;
                if *self.peek() != Tok::RParen {
                    let mut e = self.error_here("`)`, `and` or `or`");
                    e.message = format!(
                        "{} (the `(` at byte {} is not closed)",
                        e.message, open.start
                    );
                    return Err(e);
                }
                self.bump();
                Ok(inner)
            }
            Tok::Ident(name) => {
                let (_, issue_span) = self.bump();
                match self.peek().clone() {
                    Tok::Cmp(op) => {
                        self.bump();
                        let (value, value_span) = self.literal()?;
                        Ok(Ast::Compare {
                            issue: name,
                            issue_span,
                            op,
                            value,
                            value_span,
                        })
                    }
                    Tok::In => {
                        self.bump();
                        self.in_list(name, issue_span, false)
                    }
                    Tok::Not => {
                        self.bump();
                        if *self.peek() != Tok::In {
                            return Err(
                                self.error_here("`in` after `not` (as in `x not in [\"a\"]`)")
                            );
                        }
                        self.bump();
                        self.in_list(name, issue_span, true)
                    }
                    _ => {
                        Err(self
                            .error_here("a comparison (`==`, `!=`, `<`, `<=`, `>`, `>=`) or `in`"))
                    }
                }
            }
            Tok::Str(_) | Tok::Number(_) => {
                let (value, value_span) = self.literal()?;
                let Tok::Cmp(op) = self.peek().clone() else {
                    return Err(self.error_here("a comparison after the value"));
                };
                self.bump();
                let Tok::Ident(name) = self.peek().clone() else {
                    return Err(self.error_here("an issue name"));
                };
                let (_, issue_span) = self.bump();
                Ok(Ast::Compare {
                    issue: name,
                    issue_span,
                    op: op.flipped(),
                    value,
                    value_span,
                })
            }
            _ => Err(self.error_here("an issue name, `not` or `(`")),
        }
    }

    fn literal(&mut self) -> Result<(Literal, Range<usize>), ExprError> {
        match self.peek().clone() {
            Tok::Str(s) => Ok((Literal::Str(s), self.bump().1)),
            Tok::Number(n) => Ok((Literal::Number(n), self.bump().1)),
            Tok::Ident(word) => Err(
                ExprError::new(self.span(), format!("`{word}` is not quoted")).expected(format!(
                    "an option in quotes, as in \"{word}\", or a number"
                )),
            ),
            _ => Err(self.error_here("an option in quotes or a number")),
        }
    }

    fn in_list(
        &mut self,
        issue: String,
        issue_span: Range<usize>,
        negated: bool,
    ) -> Result<Ast, ExprError> {
        if *self.peek() != Tok::LBracket {
            return Err(self.error_here("`[` to open the list of values"));
        }
        self.bump();
        let mut values = Vec::new();
        loop {
            if *self.peek() == Tok::RBracket && !values.is_empty() {
                self.bump();
                break;
            }
            values.push(self.literal()?);
            match self.peek() {
                Tok::Comma => {
                    self.bump();
                }
                Tok::RBracket => {
                    self.bump();
                    break;
                }
                _ => return Err(self.error_here("`,` or `]`")),
            }
        }
        Ok(Ast::In {
            issue,
            issue_span,
            negated,
            values,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> ExprError {
        parse(text).expect_err("should fail").remove(0)
    }

    #[test]
    fn parses_precedence_and_lists() {
        let ast =
            parse(r#"aid_bn >= 50 or guarantee == "us_backed" and not x in ["a", "b",]"#).unwrap();
        let Ast::Or(items) = ast else {
            panic!("or at the top")
        };
        assert_eq!(items.len(), 2);
        assert!(matches!(&items[1], Ast::And(v) if v.len() == 2 && matches!(v[1], Ast::Not(_))));
    }

    #[test]
    fn names_may_be_written_in_any_script() {
        // Issue ids such as `lieu_été` are valid in a scenario, so a red line can name them.
        let ast = parse(r#"lieu_été != "là-bas" and Größe-2 >= 3"#).unwrap();
        let Ast::And(items) = ast else {
            panic!("and at the top")
        };
        assert!(matches!(&items[0], Ast::Compare { issue, .. } if issue == "lieu_été"));
        assert!(matches!(&items[1], Ast::Compare { issue, .. } if issue == "Größe-2"));
        // A symbol is still no name.
        assert!(
            err("lieu 🏛 == 1")
                .message
                .contains("unexpected character `🏛`")
        );
    }

    #[test]
    fn literal_on_the_left_is_flipped() {
        let ast = parse("50 < aid").unwrap();
        assert!(matches!(ast, Ast::Compare { op: Op::Gt, ref issue, .. } if issue == "aid"));
    }

    #[test]
    fn not_in_and_symbols() {
        assert!(matches!(
            parse(r#"a not in ["x"]"#).unwrap(),
            Ast::In { negated: true, .. }
        ));
        assert!(matches!(
            parse(r#"!(a == "x") && b != 'y' || c < 3"#).unwrap(),
            Ast::Or(_)
        ));
    }

    #[test]
    fn errors_point_at_the_column() {
        let text = r#"donetsk = "ceded""#;
        let e = err(text);
        assert_eq!(e.column(text), 9);
        assert!(e.to_string().contains("expected `==`"), "{e}");

        let text = "price >= and warranty > 2";
        let e = err(text);
        assert_eq!(e.column(text), 10);
        assert!(e.expected.as_deref().unwrap().contains("quotes"), "{e}");

        let text = r#"(a == "x" or b == "y""#;
        let e = err(text);
        assert_eq!(e.column(text), text.len() + 1);
        assert!(e.message.contains("not closed"), "{e}");

        let text = r#"a == ceded"#;
        let e = err(text);
        assert_eq!(e.column(text), 6);
        assert!(e.to_string().contains("\"ceded\""), "{e}");

        let text = r#"a == "x" b"#;
        assert_eq!(err(text).column(text), 10);
        assert_eq!(err("a == \"x").column("a == \"x"), 6);
        assert!(err("").message.contains("empty"));
        assert!(err("a in []").to_string().contains("option"));
        assert_eq!(err("a == 1e999").column("a == 1e999"), 6);
        assert_eq!(err("a == \"é\" $").column("a == \"é\" $"), 10);
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        let text = format!("{}a == 1{}", "(".repeat(10_000), ")".repeat(10_000));
        assert!(err(&text).message.contains("nests deeper"));
        let text = format!("{}a == 1", "not ".repeat(10_000));
        assert!(err(&text).message.contains("nests deeper"));
    }
}
