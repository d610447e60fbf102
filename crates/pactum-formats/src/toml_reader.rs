//! A walker over a parsed TOML document that collects every problem instead of stopping at the
//! first: unknown keys, wrong types and missing keys, each with its place in the file.

use crate::diagnostic::{Diagnostic, SourceMap};
use pactum_core::Distribution;
use std::ops::Range;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

pub type Table<'i> = DeTable<'i>;
pub type Value<'i> = Spanned<DeValue<'i>>;

pub struct Reader<'a> {
    pub map: SourceMap<'a>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses `text` as one TOML document once it nests at most `max_depth` levels (a deeper one
/// could exhaust the parser's stack); every problem goes to `r`, and then `None`.
pub fn parse_document<'i>(
    r: &mut Reader<'_>,
    text: &'i str,
    max_depth: usize,
) -> Option<Spanned<DeTable<'i>>> {
    let (depth, at) = nesting_depth(text);
    if depth > max_depth {
        r.error(
            at..at + 1,
            format!("arrays and tables nest {depth} levels deep"),
            Some(format!("at most {max_depth} levels")),
        );
        return None;
    }
    let (root, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        for e in errors {
            let span = e.span().unwrap_or(0..0);
            r.error(span, format!("invalid TOML: {}", e.message().trim()), None);
        }
        return None;
    }
    Some(root)
}

/// The `distribution` of a number with a range (uniform when absent).
pub fn distribution(r: &mut Reader<'_>, t: &Table<'_>, ranged: bool) -> Distribution {
    let Some(name) = r.string(t, "distribution") else {
        return Distribution::Uniform;
    };
    let names: Vec<String> = Distribution::ALL
        .iter()
        .map(|(n, _)| format!("`{n}`"))
        .collect();
    let Some(d) = Distribution::named(name.get_ref()) else {
        r.error(
            name.span(),
            format!("unknown distribution `{}`", name.get_ref()),
            Some(names.join(" or ")),
        );
        return Distribution::Uniform;
    };
    if !ranged {
        r.error(
            name.span(),
            "a distribution without a range",
            Some("`range = [low, high]` beside it, the range it is drawn over".into()),
        );
    }
    d
}

/// Words close to `word` among `known`, for "did you mean".
pub fn closest<'k>(word: &str, known: &[&'k str]) -> Option<&'k str> {
    known
        .iter()
        .map(|k| (edit_distance(word, k), *k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (row[j + 1] + 1)
                .min(row[j] + 1)
                .min(prev + usize::from(ca != *cb));
            prev = cur;
        }
    }
    row[b.len()]
}

pub fn list(items: &[&str]) -> String {
    items
        .iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn type_name(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date-time",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

impl<'a> Reader<'a> {
    pub fn new(file: &'a str, text: &'a str) -> Self {
        Self {
            map: SourceMap::new(file, text),
            diagnostics: Vec::new(),
        }
    }

    pub fn error(
        &mut self,
        span: Range<usize>,
        message: impl Into<String>,
        expected: Option<String>,
    ) {
        let mut d = self.map.diagnostic(span, message);
        d.expected = expected;
        self.diagnostics.push(d);
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.diagnostics.push(d);
    }

    /// Reports keys of `table` not in `allowed`.
    pub fn check_keys(&mut self, table: &Table<'_>, what: &str, allowed: &[&str]) {
        for (key, _) in table.iter() {
            let name: &str = key.get_ref();
            if !allowed.contains(&name) {
                let mut d = self
                    .map
                    .diagnostic(key.span(), format!("unknown key `{name}` in {what}"))
                    .with_expected(format!("one of {}", list(allowed)));
                if let Some(close) = closest(name, allowed) {
                    d = d.with_help(format!("did you mean `{close}`?"));
                }
                self.push(d);
            }
        }
    }

    fn wrong_type(&mut self, value: &Value<'_>, key: &str, expected: &str) {
        self.error(
            value.span(),
            format!("`{key}` is {}", type_name(value.get_ref())),
            Some(expected.to_string()),
        );
    }

    fn missing(&mut self, at: Range<usize>, key: &str, what: &str, expected: &str) {
        self.error(
            at,
            format!("{what} has no `{key}`"),
            Some(format!("`{key} = {expected}`")),
        );
    }

    /// A string value, or `None` after reporting a wrong type.
    pub fn string(&mut self, table: &Table<'_>, key: &str) -> Option<Spanned<String>> {
        let value = table.get(key)?;
        match value.get_ref() {
            DeValue::String(s) => Some(Spanned::new(value.span(), s.to_string())),
            _ => {
                self.wrong_type(value, key, "a string in quotes");
                None
            }
        }
    }

    /// A string that must be present.
    pub fn required_string(
        &mut self,
        table: &Table<'_>,
        at: &Range<usize>,
        key: &str,
        what: &str,
    ) -> Option<Spanned<String>> {
        if table.get(key).is_none() {
            self.missing(at.clone(), key, what, "\"…\"");
            return None;
        }
        self.string(table, key)
    }

    /// A non-empty identifier: letters, digits, `_` and `-`, starting with a letter or `_`.
    pub fn required_id(
        &mut self,
        table: &Table<'_>,
        at: &Range<usize>,
        what: &str,
    ) -> Option<Spanned<String>> {
        let id = self.required_string(table, at, "id", what)?;
        let s = id.get_ref();
        let valid = s
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            && !matches!(s.as_str(), "and" | "or" | "not" | "in");
        if !valid {
            self.error(
                id.span(),
                format!("`{s}` is not a valid id"),
                Some("letters, digits, `_` and `-`, starting with a letter or `_` (and not `and`, `or`, `not`, `in`)".into()),
            );
            return None;
        }
        Some(id)
    }

    /// A non-empty name for an issue, an option or a scenario: any text without control
    /// characters or surrounding spaces (GENIUS and GeniusWeb names such as `19'' LCD` are
    /// fine; red lines can name an issue only when its id is a plain identifier).
    pub fn required_name(
        &mut self,
        table: &Table<'_>,
        at: &Range<usize>,
        what: &str,
    ) -> Option<Spanned<String>> {
        let id = self.required_string(table, at, "id", what)?;
        if !valid_name(id.get_ref()) {
            self.error(
                id.span(),
                format!("\"{}\" is not a valid id", id.get_ref().escape_default()),
                Some("non-empty text without control characters or surrounding spaces".into()),
            );
            return None;
        }
        Some(id)
    }

    pub fn number(&mut self, table: &Table<'_>, key: &str) -> Option<Spanned<f64>> {
        let value = table.get(key)?;
        if let Some(text) = inexact_integer(value.get_ref()) {
            self.error(
                value.span(),
                format!("`{key}` is {text}, beyond 2^53, where integers are no longer exact"),
                Some(format!(
                    "an integer from -{MAX_EXACT_INTEGER} to {MAX_EXACT_INTEGER}"
                )),
            );
            return None;
        }
        match as_number(value.get_ref()) {
            Some(n) if n.is_finite() => Some(Spanned::new(value.span(), n)),
            Some(_) => {
                self.error(
                    value.span(),
                    format!("`{key}` is not a finite number"),
                    Some("a finite number".into()),
                );
                None
            }
            None => {
                self.wrong_type(value, key, "a number");
                None
            }
        }
    }

    /// `key = [low, high]`: two finite numbers, low ≤ high, that `value` (when given) lies in.
    pub fn range(
        &mut self,
        table: &Table<'_>,
        key: &str,
        value: Option<&Spanned<f64>>,
    ) -> Option<(f64, f64)> {
        let v = table.get(key)?;
        let expected = "`[low, high]`: two finite numbers, low ≤ high, around the value";
        let DeValue::Array(items) = v.get_ref() else {
            self.wrong_type(v, key, expected);
            return None;
        };
        let numbers: Vec<f64> = items
            .iter()
            .filter_map(|i| as_number(i.get_ref()).filter(|x| x.is_finite()))
            .collect();
        if items.len() != 2 || numbers.len() != 2 || numbers[0] > numbers[1] {
            self.error(
                v.span(),
                format!("`{key}` is not a range"),
                Some(expected.into()),
            );
            return None;
        }
        let (low, high) = (numbers[0], numbers[1]);
        if let Some(x) = value
            && !(low..=high).contains(x.get_ref())
        {
            self.error(
                v.span(),
                format!(
                    "the value {} lies outside its range [{low}, {high}]",
                    x.get_ref()
                ),
                Some("a range that holds the value".into()),
            );
            return None;
        }
        Some((low, high))
    }

    pub fn required_number(
        &mut self,
        table: &Table<'_>,
        at: &Range<usize>,
        key: &str,
        what: &str,
    ) -> Option<Spanned<f64>> {
        if table.get(key).is_none() {
            self.missing(at.clone(), key, what, "a number");
            return None;
        }
        self.number(table, key)
    }

    pub fn integer(&mut self, table: &Table<'_>, key: &str) -> Option<Spanned<i64>> {
        let value = table.get(key)?;
        match value.get_ref() {
            DeValue::Integer(i) => {
                match i64::from_str_radix(&i.as_str().replace('_', ""), i.radix()) {
                    Ok(n) => Some(Spanned::new(value.span(), n)),
                    Err(_) => {
                        self.error(
                            value.span(),
                            format!("`{key}` does not fit in 64 bits"),
                            Some("an integer between -2^63 and 2^63-1".into()),
                        );
                        None
                    }
                }
            }
            _ => {
                self.wrong_type(value, key, "an integer");
                None
            }
        }
    }

    pub fn boolean(&mut self, table: &Table<'_>, key: &str) -> Option<bool> {
        let value = table.get(key)?;
        match value.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            _ => {
                self.wrong_type(value, key, "`true` or `false`");
                None
            }
        }
    }

    pub fn table<'t, 'i>(
        &mut self,
        table: &'t Table<'i>,
        key: &str,
    ) -> Option<(&'t Table<'i>, Range<usize>)> {
        let value = table.get(key)?;
        match value.get_ref() {
            DeValue::Table(t) => Some((t, value.span())),
            _ => {
                self.wrong_type(value, key, "a table");
                None
            }
        }
    }

    /// `[[key]]` entries (or an array of inline tables), each with its span.
    pub fn tables<'t, 'i>(
        &mut self,
        table: &'t Table<'i>,
        key: &str,
    ) -> Vec<(&'t Table<'i>, Range<usize>)> {
        let Some(value) = table.get(key) else {
            return Vec::new();
        };
        let DeValue::Array(items) = value.get_ref() else {
            self.wrong_type(value, key, &format!("an array of tables (`[[{key}]]`)"));
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items.iter() {
            match item.get_ref() {
                DeValue::Table(t) => out.push((t, item.span())),
                other => self.error(
                    item.span(),
                    format!("an entry of `{key}` is {}", type_name(other)),
                    Some("a table".into()),
                ),
            }
        }
        out
    }

    /// An array of strings, or a single string taken as a one-element array.
    pub fn strings(&mut self, table: &Table<'_>, key: &str) -> Vec<Spanned<String>> {
        let Some(value) = table.get(key) else {
            return Vec::new();
        };
        match value.get_ref() {
            DeValue::String(s) => vec![Spanned::new(value.span(), s.to_string())],
            DeValue::Array(items) => {
                let mut out = Vec::new();
                for item in items.iter() {
                    match item.get_ref() {
                        DeValue::String(s) => out.push(Spanned::new(item.span(), s.to_string())),
                        other => self.error(
                            item.span(),
                            format!("an entry of `{key}` is {}", type_name(other)),
                            Some("a string".into()),
                        ),
                    }
                }
                out
            }
            _ => {
                self.wrong_type(value, key, "a string or an array of strings");
                Vec::new()
            }
        }
    }

    /// Byte offset in the file of the text of a string value: after its opening quote(s), when
    /// the source between the quotes is exactly the value (no escapes); else the value's start.
    pub fn string_content_offset(&self, value: &Spanned<String>) -> Option<usize> {
        let raw = self.map.text.get(value.span())?;
        for quote in ["'''", "\"\"\"", "'", "\""] {
            if raw.len() >= 2 * quote.len() && raw.starts_with(quote) && raw.ends_with(quote) {
                let inner = &raw[quote.len()..raw.len() - quote.len()];
                if inner == value.get_ref() {
                    return Some(value.span().start + quote.len());
                }
            }
        }
        None
    }
}

/// The largest integer magnitude read exactly: 2^53. Beyond it neighbouring integers share a
/// float (9007199254740993 reads as ...992), so an issue bound or a value there would silently
/// move; such integers are refused.
pub const MAX_EXACT_INTEGER: i64 = 1 << 53;

/// An integer literal whose magnitude is beyond [`MAX_EXACT_INTEGER`] (or beyond i64).
pub fn inexact_integer(value: &DeValue<'_>) -> Option<String> {
    match value {
        DeValue::Integer(i) => {
            let text = i.as_str().replace('_', "");
            match i64::from_str_radix(&text, i.radix()) {
                Ok(n) if n.unsigned_abs() <= MAX_EXACT_INTEGER as u64 => None,
                _ => Some(i.as_str().to_string()),
            }
        }
        _ => None,
    }
}

/// A number, as f64; an integer beyond 2^53 reads as NaN, so every caller refuses it.
pub fn as_number(value: &DeValue<'_>) -> Option<f64> {
    if inexact_integer(value).is_some() {
        return Some(f64::NAN);
    }
    match value {
        DeValue::Integer(i) => i64::from_str_radix(&i.as_str().replace('_', ""), i.radix())
            .ok()
            .map(|n| n as f64),
        DeValue::Float(f) => f.as_str().replace('_', "").parse::<f64>().ok(),
        _ => None,
    }
}

pub fn type_of(value: &DeValue<'_>) -> &'static str {
    type_name(value)
}

/// Deepest nesting of `[`/`{` outside strings and comments: the TOML parser recurses on
/// nesting, so hostile input is refused before it gets there.
pub fn nesting_depth(text: &str) -> (usize, usize) {
    let bytes = text.as_bytes();
    let (mut depth, mut max, mut at) = (0usize, 0usize, 0usize);
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            q @ (b'"' | b'\'') => {
                let triple = bytes.get(i..i + 3) == Some(&[q, q, q][..]);
                if triple {
                    i += 3;
                    while i < bytes.len() && bytes.get(i..i + 3) != Some(&[q, q, q][..]) {
                        i += if q == b'"' && bytes[i] == b'\\' { 2 } else { 1 };
                    }
                    i += 2;
                } else {
                    i += 1;
                    while i < bytes.len() && bytes[i] != q && bytes[i] != b'\n' {
                        i += if q == b'"' && bytes[i] == b'\\' { 2 } else { 1 };
                    }
                }
            }
            b'[' | b'{' => {
                depth += 1;
                if depth > max {
                    max = depth;
                    at = i;
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    (max, at)
}

pub fn valid_name(s: &str) -> bool {
    !s.is_empty() && s.trim() == s && !s.chars().any(char::is_control)
}
